from odoo import _, api, fields, models
from odoo.exceptions import UserError

GM = "cc_complaint.group_cc_complaint_gm,cc_complaint.group_cc_complaint_manager"


class CcClaimObjection(models.Model):
    """Objection memo (签呈, 篇4 第九条(十一)): a department contests the
    responsibility decided on a claim; the GM rules on it."""

    _name = "cc.claim.objection"
    _description = "Claim Objection Memo"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _cc_sequence_code = "cc.claim.objection"
    _cc_transitions = {
        "submit": {
            "from": ("draft",),
            "to": "submitted",
            "groups": "cc_customer_comm.group_cc_user",
        },
        "rule": {"from": ("submitted",), "to": "ruled", "groups": GM},
        "cancel": {"from": ("draft", "submitted"), "to": "cancel"},
    }

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    claim_id = fields.Many2one(
        "cc.claim",
        string="Claim",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="claim_id.company_id", store=True, index=True, precompute=True
    )
    responsibility_id = fields.Many2one(
        "cc.claim.responsibility",
        string="Contested Responsibility",
        check_company=True,
        ondelete="set null",
        domain="[('claim_id', '=', claim_id)]",
        tracking=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Objecting Department",
        required=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Submitted By",
        default=lambda self: self.env.user,
        required=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    date = fields.Date(default=fields.Date.context_today, required=True, index=True)
    reason = fields.Text(string="Grounds of the Objection", required=True)
    requested_change = fields.Text(help="The decision the department asks for.")
    ruling = fields.Selection(
        [
            ("upheld", "Objection Upheld: Decision Revised"),
            ("dismissed", "Objection Dismissed: Decision Stands"),
        ],
        string="GM Ruling",
        tracking=True,
        copy=False,
    )
    ruling_note = fields.Text(string="GM Instructions", copy=False)
    ruled_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    ruled_date = fields.Date(readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted to the GM"),
            ("ruled", "Ruled"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _cc_sequence_company(self, vals):
        if vals.get("claim_id"):
            return self.env["cc.claim"].browse(vals["claim_id"]).company_id
        return super()._cc_sequence_company(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        self._cc_transition("submit")
        for memo in self:
            # logged on the claim whoever may only read it; the author stays
            # the user
            memo.claim_id.sudo().message_post(
                body=_(
                    "Objection memo %(memo)s from %(department)s submitted to the GM.",
                    memo=memo._get_html_link(),
                    department=memo.department_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_rule(self):
        self._cc_check_transition("rule")
        for memo in self:
            if not memo.ruling or not (memo.ruling_note or "").strip():
                raise UserError(
                    _(
                        "Objection memo %(name)s: fill in the GM Ruling and the GM "
                        "Instructions before ruling.",
                        name=memo.name,
                    )
                )
        self._cc_transition(
            "rule",
            {
                "ruled_by_id": self.env.user.id,
                "ruled_date": fields.Date.context_today(self),
            },
        )
        rulings = dict(self._fields["ruling"]._description_selection(self.env))
        for memo in self:
            # logged on the claim whoever may only read it; the author stays
            # the user
            memo.claim_id.sudo().message_post(
                body=_(
                    "GM ruling on objection memo %(memo)s: %(ruling)s. %(note)s",
                    memo=memo._get_html_link(),
                    ruling=rulings[memo.ruling],
                    note=memo.ruling_note,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cancel(self):
        return self._cc_transition("cancel")
