from odoo import _, api, fields, models
from odoo.exceptions import UserError

REPORTERS = (
    "cc_complaint.group_cc_complaint_user,cc_complaint.group_cc_complaint_qa,"
    "cc_complaint.group_cc_complaint_gm_office"
)
IMPROVERS = (
    "cc_complaint.group_cc_complaint_qa,cc_complaint.group_cc_complaint_production,"
    "cc_complaint.group_cc_complaint_gm_office"
)


class CcClaimAbnormality(models.Model):
    """Abnormality slip (异常处理单, 篇4 第三条): a customer's complaint that
    caused no loss, handled on site and sent to the department concerned for
    improvement instead of running a full claim."""

    _name = "cc.claim.abnormality"
    _description = "Abnormality Slip"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _cc_sequence_code = "cc.claim.abnormality"
    _cc_transitions = {
        "send": {"from": ("draft",), "to": "sent", "groups": REPORTERS},
        "done": {"from": ("sent",), "to": "done", "groups": IMPROVERS},
        "cancel": {"from": ("draft", "sent"), "to": "cancel", "groups": REPORTERS},
        "draft": {"from": ("cancel",), "to": "draft", "groups": REPORTERS},
    }

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Reported By",
        default=lambda self: self.env.user,
        required=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    date = fields.Date(default=fields.Date.context_today, required=True, index=True)
    product_id = fields.Many2one("product.product", check_company=True)
    lot_name = fields.Char(string="Lot / Batch")
    description = fields.Text(string="Abnormality", required=True)
    action_taken = fields.Text(string="Handled on Site")
    department_id = fields.Many2one(
        "hr.department",
        string="Department to Improve",
        check_company=True,
        tracking=True,
    )
    improvement = fields.Text(string="Improvement by the Department")
    claim_id = fields.Many2one(
        "cc.claim",
        string="Claim",
        index="btree_not_null",
        check_company=True,
        readonly=True,
        copy=False,
        help="The claim handled by this slip instead, when the complaint caused no "
        "loss.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent for Improvement"),
            ("done", "Improved"),
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
        if vals.get("company_id"):
            return self.env["res.company"].browse(vals["company_id"])
        return self.env.company

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_send(self):
        self._cc_check_transition("send")
        for slip in self:
            if not slip.department_id:
                raise UserError(
                    _(
                        "Abnormality slip %(name)s: set the Department to Improve "
                        "before sending it.",
                        name=slip.name,
                    )
                )
        self._cc_transition("send")
        for slip in self:
            responsible = slip.department_id.manager_id.user_id
            if responsible:
                slip.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=responsible.id,
                    summary=_("Improve: %(name)s", name=slip.name),
                )
        return True

    def action_done(self):
        self._cc_check_transition("done")
        for slip in self:
            if not (slip.improvement or "").strip():
                raise UserError(
                    _(
                        "Abnormality slip %(name)s: write the Improvement by the "
                        "Department first.",
                        name=slip.name,
                    )
                )
        self._cc_transition("done")
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("draft")

    def action_print(self):
        return self.env.ref(
            "cc_complaint.action_report_cc_claim_abnormality"
        ).report_action(self)

    def action_view_claim(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.claim",
            "res_id": self.claim_id.id,
            "view_mode": "form",
            "name": self.claim_id.display_name,
        }
