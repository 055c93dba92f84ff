from odoo import _, api, fields, models
from odoo.exceptions import UserError

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
    def action_answer(self):
        self._cc_check_transition("answer")
        if self.filtered(lambda r: not r.reason):
            raise UserError(_("Give the reason for the delay first."))
        return self._cc_transition("answer")

    def action_close(self):
        return self._cc_transition("close")
