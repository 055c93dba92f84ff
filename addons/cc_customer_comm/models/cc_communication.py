from odoo import _, api, fields, models
from odoo.exceptions import UserError

CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("fax", "Fax"),
    ("visit", "Visit"),
    ("exhibition", "Exhibition"),
    ("online", "Online"),
    ("letter", "Letter"),
]

STAGES = [
    ("pre_sale", "Pre-sale"),
    ("in_sale", "In-sale"),
    ("after_sale", "After-sale"),
    ("contract_service", "Contract Service"),
]

TOPICS = [
    ("inquiry", "Product or Price Inquiry"),
    ("sample", "Sample or Catalogue Request"),
    ("order_confirmation", "Order Confirmation"),
    ("delivery_change", "Delivery-Date Change"),
    ("shipment_reconfirmation", "Pre-Shipment Reconfirmation"),
    ("quality_feedback", "Quality Feedback"),
    ("suggestion", "Suggestion"),
    ("complaint", "Complaint"),
    ("other", "Other"),
]


class CcCommunication(models.Model):
    """Customer information form (顾客信息处理单): one contact with a customer,
    routed to the department that takes measures and verified by a manager."""

    _name = "cc.communication"
    _description = "Customer Communication"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.document.mixin",
        "cc.deadline.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id", "summary"]

    _cc_deadline_closed_states = ("answered", "verified", "cancel")
    _cc_deadline_user_field = "user_id"
    _cc_sequence_code = "cc.communication"
    _cc_transitions = {
        "route": {"from": ("draft",), "to": "routed"},
        "answer": {"from": ("routed",), "to": "answered"},
        "verify": {
            "from": ("answered",),
            "to": "verified",
            "groups": "cc_customer_comm.group_cc_manager",
        },
        "cancel": {"from": ("draft", "routed", "answered"), "to": "cancel"},
        "reset_draft": {"from": ("cancel",), "to": "draft"},
    }

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
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        check_company=True,
        domain="[('id', 'child_of', partner_id)]",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    direction = fields.Selection(
        [("in", "Incoming"), ("out", "Outgoing")], required=True, default="in"
    )
    stage = fields.Selection(
        STAGES, string="Sales Stage", required=True, default="pre_sale"
    )
    topic = fields.Selection(TOPICS, required=True, default="inquiry", index=True)
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
        index="btree_not_null",
    )
    summary = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    department_id = fields.Many2one(
        "cc.communication.department",
        string="Routed To",
        tracking=True,
        check_company=True,
        index="btree_not_null",
    )
    department_user_id = fields.Many2one(related="department_id.user_id")
    measure = fields.Text(string="Measure Taken")
    result = fields.Text()
    answered_date = fields.Datetime(readonly=True, copy=False)
    verified_by_id = fields.Many2one(
        "res.users", string="Verified By", readonly=True, copy=False, tracking=True
    )
    verified_date = fields.Datetime(readonly=True, copy=False)
    verification_note = fields.Text()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("routed", "Routed"),
            ("answered", "Answered"),
            ("verified", "Verified"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    can_verify = fields.Boolean(compute="_compute_can_verify")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_verify(self):
        is_manager = self.env.user.has_group("cc_customer_comm.group_cc_manager")
        for communication in self:
            communication.can_verify = is_manager and communication.state == "answered"

    # ------------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------------
    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        if self.sale_order_id and not self.partner_id:
            self.partner_id = self.sale_order_id.partner_id.commercial_partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_processed(self):
        if self.filtered(lambda c: c.state not in ("draft", "cancel")):
            raise UserError(_("Only draft or cancelled communications can be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_route(self):
        self._cc_check_transition("route")
        missing = self.filtered(lambda c: not c.department_id)
        if missing:
            raise UserError(
                _(
                    "Set Routed To (the department taking measures) on %(names)s "
                    "before routing.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        for communication in self:
            vals = {}
            if not communication.deadline:
                vals["deadline"] = communication._cc_add_working_days(
                    fields.Date.context_today(communication),
                    communication.department_id.answer_days,
                    communication.company_id,
                )
            communication._cc_transition("route", vals)
            if communication.department_id.user_id:
                communication.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=communication.deadline,
                    summary=_("Take measures on %(name)s", name=communication.name),
                    user_id=communication.department_id.user_id.id,
                )
        return True

    def action_answer(self):
        self._cc_check_transition("answer")
        missing = self.filtered(lambda c: not (c.result or "").strip())
        if missing:
            raise UserError(
                _(
                    "Fill in Result on %(names)s before marking it answered.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        self._cc_transition("answer", {"answered_date": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_verify(self):
        self._cc_transition(
            "verify",
            {
                "verified_by_id": self.env.user.id,
                "verified_date": fields.Datetime.now(),
            },
        )
        return True

    def action_cancel(self):
        self._cc_transition("cancel")
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_draft(self):
        self._cc_transition("reset_draft", {"deadline": False})
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_reminder_user(self):
        self.ensure_one()
        return self.department_id.user_id or self.user_id or self.env.user

    @api.model
    def _cron_cc_communication_overdue(self):
        return self._cron_cc_mark_overdue()
