from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from .cc_claim import CLAIM_STATES

GM_OFFICE = "cc_complaint.group_cc_complaint_gm_office"


class CcClaimTimelinessReview(models.Model):
    """Timeliness review (洽办单) of a claim closed late."""

    _name = "cc.claim.timeliness.review"
    _description = "Claim Timeliness Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # cc.document.mixin (the name is computed: no numbering)
    _cc_transitions = {
        # the departments answer, the GM office closes
        "answer": {
            "from": ("open",),
            "to": "answered",
            "groups": "cc_customer_comm.group_cc_user",
        },
        "close": {"from": ("answered",), "to": "closed", "groups": GM_OFFICE},
    }

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(compute="_compute_name", store=True)
    claim_id = fields.Many2one(
        "cc.claim", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Followed by",
        default=lambda self: self.env.user,
        tracking=True,
    )
    line_ids = fields.One2many("cc.claim.timeliness.review.line", "review_id")
    total_overdue_days = fields.Integer(compute="_compute_total", store=True)
    closing_overdue_days = fields.Integer(
        help="Calendar days between the closure deadline and the closing date."
    )
    reason = fields.Text(string="Reason for the Delay")
    action = fields.Text(string="Improvement")
    state = fields.Selection(
        [("open", "Open"), ("answered", "Answered"), ("closed", "Closed")],
        default="open",
        required=True,
        tracking=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("claim_id.name")
    def _compute_name(self):
        for review in self:
            review.name = _(
                "Timeliness review %(claim)s", claim=review.claim_id.name or ""
            )

    @api.depends("line_ids.overdue_days")
    def _compute_total(self):
        for review in self:
            review.total_overdue_days = sum(review.line_ids.mapped("overdue_days"))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def _create_from_claims(self, claims):
        """Timeliness reviews of closed claims that were late at some stage or
        at closure, one per claim, with a line per late stage.

        Whoever closes the claim raises the review for the GM office: the
        stage log is read and the review made as superuser; nothing is
        returned."""
        vals_list = []
        # sudo: the closer (sales) can neither create the GM office's reviews nor
        # read every stage log; nothing is returned
        for claim in claims.sudo():
            late_logs = claim.stage_log_ids.filtered(lambda log: log.overdue_days > 0)
            if not late_logs and not claim.closed_late:
                continue
            labels = dict(CLAIM_STATES)
            departments = dict(
                self.env["cc.claim.stage.log"]
                ._fields["department"]
                ._description_selection(self.env)
            )
            vals_list.append(
                {
                    "claim_id": claim.id,
                    "company_id": claim.company_id.id,
                    "user_id": claim.registered_by_id.id or self.env.uid,
                    "closing_overdue_days": (
                        (claim.date_closed - claim.deadline).days
                        if claim.closed_late
                        else 0
                    ),
                    "line_ids": [
                        Command.create(
                            {
                                "stage_log_id": log.id,
                                "stage": labels.get(log.stage),
                                "department": departments.get(log.department),
                                "responsible_id": log.responsible_id.id,
                                "deadline": log.deadline,
                                "date_out": log.date_out,
                                "overdue_days": log.overdue_days,
                            }
                        )
                        for log in late_logs
                    ],
                }
            )
        if vals_list:
            self.sudo().create(vals_list)  # see the docstring: not returned
        return True

    def action_answer(self):
        self._cc_check_transition("answer")
        if self.filtered(lambda r: not r.reason):
            raise UserError(_("Give the reason for the delay first."))
        return self._cc_transition("answer")

    def action_close(self):
        return self._cc_transition("close")
