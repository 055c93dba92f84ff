from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CcCapa(models.Model):
    """Corrective and preventive action request (纠正和预防措施要求单)."""

    _name = "cc.capa"
    _description = "Corrective and Preventive Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.deadline.mixin"]
    _order = "deadline, id desc"
    _check_company_auto = True

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
        default=lambda self: _("New"),
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
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                company = (
                    self.env["res.company"].browse(vals.get("company_id"))
                    or self.env.company
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("cc.capa") or _("New")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _cc_check_state(self, states, action):
        wrong = self.filtered(lambda c: c.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(action)s is only possible from %(states)s; %(name)s is %(state)s.",  # noqa: E501
                    action=action,
                    states=", ".join(labels[s] for s in states),
                    name=wrong[0].name,
                    state=labels[wrong[0].state],
                )
            )

    def action_issue(self):
        self._cc_check_state(["draft"], _("Issuing"))
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
        self.write({"state": "open", "date_issued": fields.Date.context_today(self)})
        return True

    def action_implemented(self):
        self._cc_check_state(["open"], _("Reporting the implementation"))
        for capa in self:
            if not capa.corrective_action or not capa.root_cause:
                raise UserError(
                    _(
                        "CAPA %(name)s: fill in the root cause and the corrective action.",  # noqa: E501
                        name=capa.name,
                    )
                )
        self.write(
            {
                "state": "verification",
                "date_implemented": fields.Date.context_today(self),
                "verification_result": False,
            }
        )
        return True

    def action_verify(self):
        """QA: record the verification; not effective re-opens the CAPA."""
        if not self.env.su and not self.env.user.has_group(
            "cc_complaint.group_cc_complaint_qa"
        ):
            raise UserError(_("Only QA verifies the effectiveness of a CAPA."))
        self._cc_check_state(["verification"], _("Verifying"))
        for capa in self:
            if not capa.verification_result:
                raise UserError(
                    _(
                        "CAPA %(name)s: choose effective or not effective.",
                        name=capa.name,
                    )
                )
        today = fields.Date.context_today(self)
        effective = self.filtered(lambda c: c.verification_result == "effective")
        effective.write({"state": "done", "date_verified": today})
        for capa in self - effective:
            capa.write(
                {
                    "state": "open",
                    "date_verified": today,
                    "reopen_count": capa.reopen_count + 1,
                }
            )
            capa.message_post(
                body=_(
                    "Not effective: re-opened. %(note)s",
                    note=capa.verification_note or "",
                )
            )
        return True

    def action_cancel(self):
        self._cc_check_state(["draft", "open", "verification"], _("Cancelling"))
        self.write({"state": "cancel"})
        return True

    def action_view_claims(self):
        self.ensure_one()
        return self.claim_ids._get_records_action(name=_("Claims"))

    @api.model
    def _cron_cc_capa_deadlines(self):
        return self._cron_cc_mark_overdue()
