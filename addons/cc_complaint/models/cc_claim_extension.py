from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CcClaimExtension(models.Model):
    """Extension of a claim's first-answer time (延长处理时间).

    A general claim is answered within one working day, a major one within
    three; in special cases the leaders may approve up to seven working days
    in all. The request is approved through tier validation; only then does
    the claim's first-answer deadline move.
    """

    _name = "cc.claim.extension"
    _description = "Claim Answer Extension Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.tier.approval.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "claim_id.name"]

    _cc_sequence_code = "cc.claim.extension"
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved"},
        "cancel": {
            "from": ("draft",),
            "to": "cancel",
            "groups": "cc_customer_comm.group_cc_user",
        },
        "reset_draft": {
            "from": ("cancel",),
            "to": "draft",
            "groups": "cc_customer_comm.group_cc_user",
        },
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    claim_id = fields.Many2one(
        "cc.claim",
        required=True,
        index=True,
        tracking=True,
        domain="[('state', 'in', ('registered', 'investigation', 'countermeasure', "
        "'proposal', 'approval', 'negotiation', 'execution'))]",
    )
    company_id = fields.Many2one(
        "res.company",
        related="claim_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    partner_id = fields.Many2one(related="claim_id.partner_id", string="Customer")
    date = fields.Date(
        string="Request Date", required=True, default=fields.Date.context_today
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
    )
    days = fields.Integer(
        string="Extension (working days)",
        required=True,
        default=1,
        tracking=True,
        help="Extra working days for the first answer.",
    )
    reason = fields.Text(required=True, help="The special case justifying the delay.")
    answer_deadline_before = fields.Date(
        string="First Answer Due Before",
        related="claim_id.answer_deadline",
        help="The claim's current first-answer due date.",
    )
    answer_deadline_after = fields.Date(
        string="First Answer Due After",
        compute="_compute_answer_deadline_after",
        help="The first-answer due date once this extension is approved.",
    )
    date_approved = fields.Date(readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )

    _sql_constraints = [
        ("days_positive", "CHECK(days > 0)", "An extension is at least one day."),
    ]

    @api.depends("claim_id.answer_deadline", "days", "state")
    def _compute_answer_deadline_after(self):
        for request in self:
            claim = request.claim_id
            if not claim.date_registered or request.state == "approved":
                request.answer_deadline_after = claim.answer_deadline
                continue
            total = claim._cc_answer_days() + claim.answer_extension_days + request.days
            request.answer_deadline_after = claim._cc_add_working_days(
                claim.date_registered, total, claim.company_id
            )

    @api.constrains("days", "claim_id")
    def _check_days(self):
        for request in self.filtered(lambda r: r.state == "draft"):
            request._cc_check_limit()

    def _cc_check_limit(self):
        self.ensure_one()
        self._cc_check_days_limit(self.claim_id, self.days)

    @api.model
    def _cc_check_days_limit(self, claim, days):
        # sudo: the requester or approver may not read the claim or its company's
        # limit; only the days are checked
        claim = claim.sudo()
        limit = claim.company_id.cc_claim_answer_days_max
        base = claim._cc_answer_days()
        granted = claim.answer_extension_days
        if days < 1 or base + granted + days > limit:
            raise ValidationError(
                self.env._(
                    "Extension (working days) of %(name)s: %(base)s working days to "
                    "answer + %(granted)s already granted + %(days)s requested "
                    "exceeds the maximum of %(limit)s working days; at most "
                    "%(left)s more can be requested.",
                    name=claim.display_name,
                    base=base,
                    granted=granted,
                    days=days,
                    limit=limit,
                    left=max(limit - base - granted, 0),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        # refused before anything is written
        Claim = self.env["cc.claim"]
        for vals in vals_list:
            if vals.get("claim_id"):
                self._cc_check_days_limit(
                    Claim.browse(vals["claim_id"]), vals.get("days", 1)
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda r: r.state == "approved"):
            raise UserError(
                self.env._("An approved extension request cannot be deleted.")
            )

    def request_validation(self):
        closed = self.filtered(
            lambda r: r.claim_id.state in r.claim_id._cc_deadline_closed_states
            or r.claim_id.state == "draft"
        )
        if closed:
            raise UserError(
                self.env._(
                    "%(names)s: the claim is not open; its answer time cannot be "
                    "extended.",
                    names=", ".join(closed.mapped("name")),
                )
            )
        return super().request_validation()

    def action_approve(self):
        """Approved by every tier: the claim's first-answer deadline moves."""
        for request in self:
            request._cc_check_limit()
        res = self._cc_approve({"date_approved": fields.Date.context_today(self)})
        for request in self:
            # sudo: the approvers may not write the claim (see below)
            claim = request.claim_id.sudo()
            # the reviewers approve the request, not edit the claim: the
            # extension is written by the approval itself
            claim.write(
                {"answer_extension_days": claim.answer_extension_days + request.days}
            )
            claim.message_post(
                body=self.env._(
                    "First answer extended by %(days)s working days (%(request)s, "
                    "approved): now due on %(deadline)s.",
                    days=request.days,
                    request=request.name,
                    deadline=claim.answer_deadline,
                )
            )
        return res

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")
