from odoo import _, api, fields, models
from odoo.exceptions import UserError

QA = "cc_complaint.group_cc_complaint_qa"
# QA and the GM office raise, issue and cancel CAPAs
ISSUERS = f"{QA},cc_complaint.group_cc_complaint_gm_office"
# the responsible (production) reports the implementation
IMPLEMENTERS = f"{ISSUERS},cc_complaint.group_cc_complaint_production"


class CcCapa(models.Model):
    """Corrective and preventive action request (纠正和预防措施要求单)."""

    _name = "cc.capa"
    _description = "Corrective and Preventive Action"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.deadline.mixin",
        "cc.document.mixin",
    ]
    _order = "deadline, id desc"
    _check_company_auto = True

    # cc.document.mixin
    _cc_sequence_code = "cc.capa"
    _cc_transitions = {
        "issue": {"from": ("draft",), "to": "open", "groups": ISSUERS},
        "implemented": {
            "from": ("open",),
            "to": "verification",
            "groups": IMPLEMENTERS,
        },
        "verify_effective": {
            "from": ("verification",),
            "to": "done",
            "groups": QA,
        },
        "verify_not_effective": {
            "from": ("verification",),
            "to": "open",
            "groups": QA,
        },
        "cancel": {
            "from": ("draft", "open", "verification"),
            "to": "cancel",
            "groups": ISSUERS,
        },
    }

    _cc_deadline_closed_states = ("done", "cancel")
    _cc_deadline_user_field = "responsible_id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    claim_ids = fields.One2many("cc.claim", "capa_id", string="Claims")
    claim_count = fields.Integer(compute="_compute_claim_count")
    product_id = fields.Many2one("product.product", check_company=True, tracking=True)
    cause_id = fields.Many2one(
        "cc.claim.cause", check_company=True, string="Cause Category"
    )
    defect_description = fields.Text(required=True)
    root_cause = fields.Text()
    corrective_action = fields.Text()
    preventive_action = fields.Text()
    department_id = fields.Many2one(
        "hr.department",
        string="Responsible Department",
        check_company=True,
        tracking=True,
    )
    responsible_id = fields.Many2one(
        "res.users",
        string="Responsible",
        check_company=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    qa_user_id = fields.Many2one(
        "res.users", string="QA Verifier", check_company=True, tracking=True
    )
    date_issued = fields.Date(readonly=True, copy=False)
    date_implemented = fields.Date(readonly=True, copy=False)
    verification_result = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")],
        tracking=True,
        copy=False,
    )
    verification_note = fields.Text(copy=False)
    date_verified = fields.Date(readonly=True, copy=False)
    review_date = fields.Date(
        string="Effectiveness Review Date",
        tracking=True,
        help="Date on which QA reviews the effectiveness again.",
    )
    reopen_count = fields.Integer(readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "In Progress"),
            ("verification", "QA Verification"),
            ("done", "Effective / Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("claim_ids")
    def _compute_claim_count(self):
        for capa in self:
            capa.claim_count = len(capa.claim_ids)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_issue(self):
        self._cc_check_transition("issue")
        for capa in self:
            if not capa.deadline:
                raise UserError(
                    _("CAPA %(name)s: set the due date first.", name=capa.name)
                )
            if not (capa.responsible_id or capa.department_id):
                raise UserError(
                    _(
                        "CAPA %(name)s: set the responsible department or person.",
                        name=capa.name,
                    )
                )
        return self._cc_transition(
            "issue", {"date_issued": fields.Date.context_today(self)}
        )

    def action_implemented(self):
        self._cc_check_transition("implemented")
        for capa in self:
            if not capa.corrective_action or not capa.root_cause:
                raise UserError(
                    _(
                        "CAPA %(name)s: fill in the root cause and the corrective action.",  # noqa: E501
                        name=capa.name,
                    )
                )
        return self._cc_transition(
            "implemented",
            {
                "date_implemented": fields.Date.context_today(self),
                "verification_result": False,
            },
        )

    def action_verify(self):
        """QA: record the verification; not effective re-opens the CAPA."""
        effective = self.filtered(lambda c: c.verification_result == "effective")
        effective._cc_check_transition("verify_effective")
        (self - effective)._cc_check_transition("verify_not_effective")
        for capa in self:
            if not capa.verification_result:
                raise UserError(
                    _(
                        "CAPA %(name)s: choose effective or not effective.",
                        name=capa.name,
                    )
                )
        today = fields.Date.context_today(self)
        effective._cc_transition("verify_effective", {"date_verified": today})
        for capa in self - effective:
            capa._cc_transition(
                "verify_not_effective",
                {"date_verified": today, "reopen_count": capa.reopen_count + 1},
            )
            capa.message_post(
                body=_(
                    "Not effective: re-opened. %(note)s",
                    note=capa.verification_note or "",
                )
            )
        return True

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_view_claims(self):
        self.ensure_one()
        return self.claim_ids._get_records_action(name=_("Claims"))

    @api.model
    def _cron_cc_capa_deadlines(self):
        return self._cron_cc_mark_overdue()
