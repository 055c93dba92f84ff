import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_is_zero, html2plaintext

_logger = logging.getLogger(__name__)

CLAIM_STATES = [
    ("draft", "Draft"),
    ("registered", "Registered"),
    ("investigation", "Investigation"),
    ("countermeasure", "Countermeasure"),
    ("proposal", "Proposal"),
    ("approval", "Approval"),
    ("negotiation", "Negotiation"),
    ("execution", "Execution"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
ACTIONS = [
    ("return", "Return"),
    ("exchange", "Exchange"),
    ("allowance", "Allowance"),
    ("compensation", "Compensation"),
    ("repair", "Repair / Rework"),
    ("explanation", "Explanation"),
]
# Dispositions handled by a return of the goods, a replacement delivery, a
# credit note on the invoice
RETURN_DISPOSITIONS = ("return", "exchange", "repair")
REPLACEMENT_DISPOSITIONS = ("exchange", "repair")
ALLOWANCE_DISPOSITIONS = ("allowance", "compensation")
# Department in charge of each open stage, and the company field holding the
# stage's working-day budget (investigation uses the first-answer budget).
STAGE_DEPARTMENT = {
    "draft": "sales",
    "registered": "gm_office",
    "investigation": "qa",
    "countermeasure": "production",
    "proposal": "sales",
    "approval": "approvers",
    "negotiation": "sales",
    "execution": "sales",
}
STAGE_DAYS_FIELD = {
    "registered": "cc_claim_days_registered",
    "countermeasure": "cc_claim_days_countermeasure",
    "proposal": "cc_claim_days_proposal",
    "approval": "cc_claim_days_approval",
    "negotiation": "cc_claim_days_negotiation",
    "execution": "cc_claim_days_execution",
}
INVESTIGATION_GROUPS = (
    "cc_complaint.group_cc_complaint_qa,cc_complaint.group_cc_complaint_production,"
    "cc_complaint.group_cc_complaint_gm_office,hr.group_hr_user"
)
PENALTY_GROUPS = "cc_complaint.group_cc_complaint_gm_office,hr.group_hr_user"
GM_OFFICE = "cc_complaint.group_cc_complaint_gm_office"
OPEN_STATES = tuple(
    state
    for state, _label in CLAIM_STATES
    if state not in ("done", "rejected", "cancel")
)


class CcClaim(models.Model):
    _name = "cc.claim"
    _description = "Customer Claim"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.deadline.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "date_claim desc, id desc"
    _rec_names_search = ["name", "partner_id.name"]
    _check_company_auto = True

    # tier.validation
    # tier validation (cc.tier.approval.mixin): approval → negotiation, with
    # the review buttons placed by the form itself
    _state_from = ["approval"]
    _state_to = ["negotiation"]
    _tier_validation_manual_config = True
    # cc.document.mixin: YYMM-NNNN, drawn when the GM office registers the claim
    _cc_sequence_code = "cc.claim"
    _cc_number_on_create = False
    _cc_transitions = {
        "register": {"from": ("draft",), "to": "registered", "groups": GM_OFFICE},
        "investigate": {
            "from": ("registered",),
            "to": "investigation",
            "groups": GM_OFFICE,
        },
        "countermeasure": {
            "from": ("investigation",),
            "to": "countermeasure",
            "groups": "cc_complaint.group_cc_complaint_qa",
        },
        "propose": {
            "from": ("countermeasure",),
            "to": "proposal",
            "groups": "cc_complaint.group_cc_complaint_production",
        },
        "submit": {
            "from": ("proposal",),
            "to": "approval",
            "groups": "cc_complaint.group_cc_complaint_user",
        },
        # leaving approval is decided by the tier reviews, not by a group
        "approve": {"from": ("approval",), "to": "negotiation"},
        "approval_rejected": {"from": ("approval",), "to": "proposal"},
        "customer_accept": {"from": ("negotiation",), "to": "execution"},
        "customer_reject": {"from": ("negotiation",), "to": "done"},
        "done": {"from": ("execution",), "to": "done"},
        "reject": {
            "from": ("registered", "investigation", "countermeasure", "proposal"),
            "to": "rejected",
            "groups": GM_OFFICE,
        },
        "cancel": {"from": OPEN_STATES, "to": "cancel"},
        "draft": {"from": ("cancel",), "to": "draft"},
    }
    # cc.deadline.mixin
    _cc_deadline_closed_states = ("done", "rejected", "cancel")
    _cc_deadline_user_field = "user_id"
    # Fields the workflow itself writes while a claim is under validation.
    _cc_tier_free_fields = {
        "is_overdue",
        "deadline",
        "answer_deadline",
        "last_reminder_date",
        "stage_log_ids",
        "approval_reject_reason",
        "state",
        "activity_ids",
        "message_ids",
        "message_follower_ids",
        "access_token",
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
        index="trigram",
        help="YYMM-NNNN, given when the GM office registers the claim.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", store=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Commercial Entity",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", check_company=True, tracking=True
    )
    market = fields.Selection(
        [("domestic", "Domestic"), ("foreign", "Foreign")],
        required=True,
        default="domestic",
        tracking=True,
    )
    channel = fields.Selection(
        [
            ("oral", "Oral"),
            ("phone", "Phone"),
            ("written", "Written"),
            ("email", "E-mail"),
            ("portal", "Portal"),
            ("return", "Return"),
        ],
        string="Intake Channel",
        required=True,
        default="phone",
    )
    date_claim = fields.Date(
        string="Claim Date",
        required=True,
        default=fields.Date.context_today,
        index=True,
    )
    date_registered = fields.Date(
        compute="_compute_date_registered",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
        index=True,
        help="Set when the GM office registers the claim; kept if the claim is "
        "cancelled and reset to draft, as its number is.",
    )
    date_closed = fields.Date(readonly=True, copy=False, index=True)
    registered_by_id = fields.Many2one(
        "res.users",
        compute="_compute_date_registered",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('state', '=', 'sale')]",
        index="btree_not_null",
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        index="btree_not_null",
    )
    line_ids = fields.One2many(
        "cc.claim.line", "claim_id", string="Claim Lines", copy=True
    )
    description = fields.Html()
    state = fields.Selection(
        CLAIM_STATES,
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    # Classification
    claim_type = fields.Selection(
        [("quality", "Quality"), ("non_quality", "Non-quality (human cause)")],
        string="Classification",
        tracking=True,
    )
    severity = fields.Selection(
        [("general", "General"), ("major", "Major"), ("critical", "Critical")],
        required=True,
        default="general",
        tracking=True,
    )
    cause_id = fields.Many2one(
        "cc.claim.cause", string="Cause Category", check_company=True, tracking=True
    )
    # Amounts
    amount_total = fields.Monetary(
        string="Disposition Amount",
        compute="_compute_amounts",
        store=True,
        tracking=True,
        help="Total of the line dispositions; drives the approval chain.",
    )
    loss_amount = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        tracking=True,
        help="Product loss of the defective quantities (per the company's loss "
        "basis) plus the other cost lines.",
    )
    approval_level = fields.Integer(
        compute="_compute_approval_level",
        help="1: sales manager, 2: adds the deputy GM, 3: adds the GM; follows the "
        "amount limits in Settings.",
    )
    # Investigation (QA)
    qa_user_id = fields.Many2one(
        "res.users", string="QA Investigator", tracking=True, check_company=True
    )
    same_defect_stock = fields.Text(
        string="Same Defect in Stock", groups=INVESTIGATION_GROUPS, copy=False
    )
    same_defect_wip = fields.Text(
        string="Same Defect in WIP", groups=INVESTIGATION_GROUPS, copy=False
    )
    same_defect_inspection = fields.Text(
        string="Inspection Records", groups=INVESTIGATION_GROUPS, copy=False
    )
    root_cause = fields.Text(groups=INVESTIGATION_GROUPS, copy=False)
    investigation_note = fields.Html(groups=INVESTIGATION_GROUPS, copy=False)
    # Countermeasure (production)
    production_user_id = fields.Many2one(
        "res.users", string="Production Responsible", tracking=True, check_company=True
    )
    production_cause = fields.Text(groups=INVESTIGATION_GROUPS, copy=False)
    countermeasure = fields.Text(groups=INVESTIGATION_GROUPS, copy=False)
    production_info = fields.Text(
        string="Production Unit / Shift / Operator / Date",
        groups=INVESTIGATION_GROUPS,
        copy=False,
    )
    need_rd_opinion = fields.Boolean(string="R&D Opinion Needed")
    rd_opinion = fields.Text(
        string="R&D Opinion", groups=INVESTIGATION_GROUPS, copy=False
    )
    manager_opinion = fields.Text(groups=INVESTIGATION_GROUPS, copy=False)
    # Proposal / approval
    proposal_note = fields.Text(string="Sales Proposal")
    gm_office_opinion = fields.Text(string="GM Office Overall Opinion")
    approval_reject_reason = fields.Text(readonly=True, copy=False)
    # Customer-facing
    customer_summary = fields.Text(
        help="Summary of the complaint as the customer may see it."
    )
    decision = fields.Text(
        help="The decision told to the customer (never the internal claim form)."
    )
    customer_request = fields.Selection(
        ACTIONS,
        string="Customer Request",
        help="What the customer asked for when filing the claim (portal), kept "
        "even when no product line was given.",
    )
    customer_response = fields.Selection(
        [("accept", "Accepted"), ("reject", "Rejected")],
        tracking=True,
        copy=False,
    )
    customer_response_date = fields.Datetime(copy=False)
    customer_response_name = fields.Char(
        string="Answered by", copy=False, help="Who answered for the customer."
    )
    rejection_reason = fields.Text(
        string="Unsubstantiated Because",
        copy=False,
        help="Explanation sent to the customer when the claim is not substantiated.",
    )
    # Re-claim
    origin_claim_id = fields.Many2one(
        "cc.claim",
        string="Original Claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    reclaim_ids = fields.One2many("cc.claim", "origin_claim_id", string="Re-claims")
    reclaim_count = fields.Integer(compute="_compute_reclaim_count")
    # Deadlines
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        precompute=True,
        readonly=False,
        help="Closure deadline: registration date plus the working days allowed "
        "to close a domestic or foreign claim (in Settings).",
    )
    answer_deadline = fields.Date(
        string="First Answer Due",
        compute="_compute_answer_deadline",
        store=True,
        copy=False,
        tracking=True,
        help="Registration date plus the working days allowed for the first "
        "answer (per severity, in Settings) and the extension granted.",
    )
    answer_extension_days = fields.Integer(
        string="Answer Extension (working days)",
        copy=False,
        tracking=True,
        help="Extra working days for the first answer, granted by the GM office; "
        "the total answer time cannot exceed the maximum in Settings.",
    )
    first_answer_date = fields.Date(readonly=True, copy=False)
    last_reminder_date = fields.Date(readonly=True, copy=False)
    last_document_date = fields.Datetime(
        string="Last Claim Document",
        readonly=True,
        copy=False,
        help="When the last credit note, return or replacement was made for the claim.",
    )
    stage_log_ids = fields.One2many(
        "cc.claim.stage.log", "claim_id", string="Stage Log", readonly=True
    )
    stage_user_id = fields.Many2one(
        "res.users",
        compute="_compute_stage_user_id",
        string="Currently With",
        help="User in charge of the claim's current stage.",
    )
    handling_days = fields.Integer(
        compute="_compute_handling_days",
        store=True,
        help="Calendar days from registration to closure.",
    )
    # Loss, responsibility and penalties
    cost_ids = fields.One2many("cc.claim.cost", "claim_id", string="Other Costs")
    responsibility_ids = fields.One2many(
        "cc.claim.responsibility",
        "claim_id",
        string="Responsibility",
        groups=INVESTIGATION_GROUPS,
        copy=False,
    )
    responsibility_total = fields.Float(
        string="Responsibility Total (%)",
        compute="_compute_responsibility_total",
        compute_sudo=True,
    )
    penalty_notice_ids = fields.One2many(
        "cc.claim.penalty.notice", "claim_id", groups=PENALTY_GROUPS
    )
    penalty_notice_count = fields.Integer(
        compute="_compute_penalty_notice_count", groups=PENALTY_GROUPS
    )
    # CAPA
    capa_id = fields.Many2one(
        "cc.capa",
        string="CAPA",
        check_company=True,
        tracking=True,
        index="btree_not_null",
        copy=False,
        help="Corrective and preventive action request covering this claim's defect.",
    )
    # Timeliness
    closed_late = fields.Boolean(readonly=True, copy=False, index=True)
    timeliness_review_ids = fields.One2many(
        "cc.claim.timeliness.review", "claim_id", string="Timeliness Reviews"
    )
    timeliness_review_count = fields.Integer(compute="_compute_timeliness_review_count")
    # Buttons
    can_reclaim = fields.Boolean(compute="_compute_can_flags")
    can_cancel = fields.Boolean(compute="_compute_can_flags")

    _sql_constraints = [
        (
            "answer_extension_positive",
            "CHECK(answer_extension_days >= 0)",
            "The answer extension cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("line_ids.amount", "line_ids.loss_amount", "cost_ids.amount")
    def _compute_amounts(self):
        for claim in self:
            claim.amount_total = sum(claim.line_ids.mapped("amount"))
            claim.loss_amount = sum(claim.line_ids.mapped("loss_amount")) + sum(
                claim.cost_ids.mapped("amount")
            )

    @api.depends("responsibility_ids.ratio")
    def _compute_responsibility_total(self):
        for claim in self:
            claim.responsibility_total = sum(claim.responsibility_ids.mapped("ratio"))

    @api.depends("penalty_notice_ids")
    def _compute_penalty_notice_count(self):
        for claim in self:
            claim.penalty_notice_count = len(claim.penalty_notice_ids)

    @api.depends("timeliness_review_ids")
    def _compute_timeliness_review_count(self):
        for claim in self:
            claim.timeliness_review_count = len(claim.timeliness_review_ids)

    @api.depends(
        "amount_total",
        "company_id.cc_claim_limit_sales_manager",
        "company_id.cc_claim_limit_deputy_gm",
    )
    def _compute_approval_level(self):
        for claim in self:
            company = claim.company_id or self.env.company
            if claim.amount_total > company.cc_claim_limit_deputy_gm:
                claim.approval_level = 3
            elif claim.amount_total > company.cc_claim_limit_sales_manager:
                claim.approval_level = 2
            else:
                claim.approval_level = 1

    @api.depends("state")
    def _compute_date_registered(self):
        # set once, when the GM office registers the claim; the later stages
        # and a reset to draft keep it, as the claim keeps its number
        today = fields.Date.context_today(self)
        for claim in self:
            if claim.state == "registered" and not claim.date_registered:
                claim.date_registered = today
                claim.registered_by_id = self.env.uid
            else:
                claim.date_registered = claim.date_registered
                claim.registered_by_id = claim.registered_by_id

    @api.depends("date_registered")
    def _compute_deadline(self):
        # the closure deadline starts at registration; later changes of the
        # market or settings do not move it (it stays editable)
        for claim in self:
            if claim.date_registered and not claim.deadline:
                claim.deadline = claim._cc_compute_closure_deadline()
            else:
                claim.deadline = claim.deadline

    @api.depends("date_registered", "severity", "answer_extension_days")
    def _compute_answer_deadline(self):
        for claim in self:
            claim.answer_deadline = (
                claim._cc_compute_answer_deadline() if claim.date_registered else False
            )

    @api.depends("reclaim_ids")
    def _compute_reclaim_count(self):
        for claim in self:
            claim.reclaim_count = len(claim.reclaim_ids)

    @api.depends("state", "user_id", "qa_user_id", "production_user_id")
    def _compute_stage_user_id(self):
        for claim in self:
            department = STAGE_DEPARTMENT.get(claim.state)
            if department == "qa":
                user = claim.qa_user_id
            elif department == "production":
                user = claim.production_user_id
            elif department == "gm_office":
                user = claim.registered_by_id
            else:
                user = claim.user_id
            claim.stage_user_id = user or claim.user_id

    @api.depends("date_registered", "date_closed")
    def _compute_handling_days(self):
        for claim in self:
            if claim.date_registered and claim.date_closed:
                claim.handling_days = (claim.date_closed - claim.date_registered).days
            else:
                claim.handling_days = 0

    @api.depends("state")
    def _compute_can_flags(self):
        for claim in self:
            claim.can_reclaim = claim.state in ("done", "rejected")
            claim.can_cancel = claim.state not in ("done", "rejected", "cancel")

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------
    @api.constrains("answer_extension_days", "severity", "company_id")
    def _check_answer_extension(self):
        for claim in self:
            base = claim._cc_answer_days()
            limit = claim.company_id.cc_claim_answer_days_max
            if (
                claim.answer_extension_days
                and base + claim.answer_extension_days > limit
            ):
                raise ValidationError(
                    _(
                        "Answer extension: %(base)s + %(ext)s working days exceeds the "
                        "maximum of %(limit)s working days.",
                        base=base,
                        ext=claim.answer_extension_days,
                        limit=limit,
                    )
                )

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        order = self.sale_order_id
        if not order:
            return
        if not self.partner_id:
            self.partner_id = order.partner_id
        self.user_id = order.user_id or self.user_id
        self.team_id = order.team_id
        invoices = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        if invoices and self.invoice_id not in invoices:
            self.invoice_id = invoices[:1]

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        salesperson = (
            self.partner_id.user_id or self.partner_id.commercial_partner_id.user_id
        )
        if salesperson:
            self.user_id = salesperson
        country = (
            self.partner_id.country_id
            or self.partner_id.commercial_partner_id.country_id
        )
        company_country = self.company_id.country_id
        if country and company_country:
            self.market = "domestic" if country == company_country else "foreign"

    @api.onchange("cause_id")
    def _onchange_cause_id(self):
        if self.cause_id.claim_type:
            self.claim_type = self.cause_id.claim_type

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if "answer_extension_days" in vals and not self.env.su:
            # granted by the approval of an extension request only
            raise AccessError(
                _(
                    "The answer time is extended by an approved extension request "
                    "(Request Extension on the claim)."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_numbered(self):
        if any(claim.state not in ("draft", "cancel") for claim in self):
            raise UserError(_("Only draft or cancelled claims can be deleted."))
        if any(claim.date_registered for claim in self):
            raise UserError(
                _(
                    "A registered claim keeps its number: cancel it instead of deleting it."  # noqa: E501
                )
            )

    # ------------------------------------------------------------------
    # Tier validation
    # ------------------------------------------------------------------
    def _tier_validation_check_write_allowed(self, vals):
        # workflow bookkeeping (overdue flags, reminders, stage log) is always
        # allowed; skipping the per-record checks keeps batch writes one query
        if set(vals) <= self._cc_tier_free_fields - {"state"}:
            return
        return super()._tier_validation_check_write_allowed(vals)

    def _cc_tier_auto_approve(self):
        self._cc_transition("approve")
        self.message_post(body=_("All approval tiers validated."))

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        if self.state == "approval" and self.validation_status == "rejected":
            reason = self._cc_tier_reject_reason()
            # the reviews start again at the next submission
            self.restart_validation()
            self._cc_transition("approval_rejected", {"approval_reject_reason": reason})
            self.message_post(
                body=_(
                    "Approval rejected by %(user)s: %(reason)s. The claim is back to "
                    "proposal.",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_register(self):
        """GM office: number the claim and start its deadlines."""
        self._cc_check_transition("register")
        today = fields.Date.context_today(self)
        for claim in self:
            # registration date, registrant and closure deadline follow from
            # the state change (stored computes)
            if claim._cc_is_placeholder(claim.name):
                claim.name = claim._cc_next_sequence_number(claim.company_id, today)
            claim._cc_transition("register")
        return True

    def action_start_investigation(self):
        return self._cc_transition("investigate")

    def action_send_countermeasure(self):
        self._cc_check_transition("countermeasure")
        # the investigation fields are restricted to the departments' groups;
        # only read here to check they are filled
        for claim in self.sudo():
            if not claim.root_cause:
                raise UserError(
                    _("Claim %(name)s: fill in the root cause first.", name=claim.name)
                )
            if not claim.claim_type:
                raise UserError(
                    _(
                        "Claim %(name)s: classify it as quality or non-quality first.",
                        name=claim.name,
                    )
                )
        return self._cc_transition(
            "countermeasure", {"first_answer_date": fields.Date.context_today(self)}
        )

    def action_send_proposal(self):
        self._cc_check_transition("propose")
        # the countermeasure and R&D opinion are restricted to the departments'
        # groups; only read here to check they are filled
        for claim in self.sudo():
            if not claim.countermeasure:
                raise UserError(
                    _(
                        "Claim %(name)s: fill in the countermeasure first.",
                        name=claim.name,
                    )
                )
            if claim.need_rd_opinion and not claim.rd_opinion:
                raise UserError(
                    _("Claim %(name)s: the R&D opinion is required.", name=claim.name)
                )
        return self._cc_transition("propose")

    def _cc_check_proposal(self):
        for claim in self:
            if not claim.line_ids:
                raise UserError(
                    _(
                        "Claim %(name)s: a proposal needs at least one claim line.",
                        name=claim.name,
                    )
                )
            missing = claim.line_ids.filtered(lambda line: not line.disposition)
            if missing:
                raise UserError(
                    _(
                        "Claim %(name)s: set the disposition of every line (missing: "
                        "%(products)s).",
                        name=claim.name,
                        products=", ".join(missing.mapped("product_id.display_name")),
                    )
                )

    def action_submit_approval(self):
        """Sales: submit the proposal to the approval chain."""
        self._cc_check_transition("submit")
        self._cc_check_proposal()
        self._cc_check_before_approval()
        self._cc_transition("submit", {"approval_reject_reason": False})
        # reviews left from an earlier submission start again
        self.filtered("review_ids").restart_validation()
        self.request_validation()
        return True

    def _cc_check_before_approval(self):
        """Responsibility must be fully allocated before approval."""
        for claim in self:
            total = round(claim.responsibility_total, 2)
            if total != 100.0:
                raise UserError(
                    _(
                        "Claim %(name)s: the responsibility ratios total %(total)s%%; "
                        "they must total 100%% before approval.",
                        name=claim.name,
                        total=total,
                    )
                )
        return True

    def action_approve(self):
        """Leave approval once every tier is validated."""
        self._cc_check_transition("approve")
        for claim in self:
            if claim.validation_status != "validated":
                raise UserError(
                    _(
                        "Claim %(name)s cannot leave approval: %(next)s",
                        name=claim.name,
                        next=claim.next_review or _("every tier must be validated."),
                    )
                )
        return self._cc_approve()

    def action_customer_accept(self):
        self._cc_check_transition("customer_accept")
        self.write(
            {
                "customer_response": "accept",
                "customer_response_date": fields.Datetime.now(),
            }
        )
        return self.action_register_customer_response()

    def action_customer_reject(self):
        self._cc_check_transition("customer_reject")
        self.write(
            {
                "customer_response": "reject",
                "customer_response_date": fields.Datetime.now(),
            }
        )
        return self.action_register_customer_response()

    def action_register_customer_response(self):
        """Move on per ``customer_response``: accepted → execution; rejected →
        closed (a re-claim can then be filed)."""
        self._cc_check_state(("negotiation",), _("Recording the customer's answer"))
        for claim in self:
            if not claim.customer_response:
                raise UserError(
                    _(
                        "Claim %(name)s: record the customer's answer first.",
                        name=claim.name,
                    )
                )
            if not claim.customer_response_date:
                claim.customer_response_date = fields.Datetime.now()
            if claim.customer_response == "accept":
                claim._cc_transition("customer_accept")
            else:
                claim._cc_close("customer_reject")
                claim.message_post(
                    body=_("The customer rejected the decision; the claim is closed.")
                )
        return True

    def action_done(self):
        self._cc_check_transition("done")
        self._check_can_close()
        self._cc_close("done")
        return True

    def _check_can_close(self):
        """Raise UserError when a claim cannot be closed yet, naming every
        problem the modules list in ``_cc_close_problems``."""
        for claim in self:
            problems = claim._cc_close_problems()
            if problems:
                raise UserError(
                    _(
                        "Claim %(name)s cannot be closed: %(problems)s.",
                        name=claim.name,
                        problems="; ".join(problems),
                    )
                )
        return True

    def _cc_close_problems(self):
        """What still keeps the claim from closing, as short texts (extended
        by the modules making the claim's documents)."""
        self.ensure_one()
        return []

    def _cc_close(self, transition):
        today = fields.Date.context_today(self)
        for claim in self:
            claim._cc_transition(
                transition,
                {
                    "date_closed": today,
                    "closed_late": bool(claim.deadline and today > claim.deadline),
                },
            )
        self._cc_after_close()

    def _cc_after_close(self):
        """Once done: reward/penalty notices to the GM, timeliness reviews."""
        self.env["cc.claim.penalty.notice"]._create_from_claims(self)
        self.env["cc.claim.timeliness.review"]._create_from_claims(self)
        return True

    def action_reject(self):
        """Unsubstantiated claim: close it and tell the customer why."""
        self._cc_check_transition("reject")
        for claim in self:
            if not claim.rejection_reason:
                raise UserError(
                    _(
                        "Claim %(name)s: write the explanation for the customer in "
                        "“Unsubstantiated Because” first.",
                        name=claim.name,
                    )
                )
        for claim in self:
            claim._cc_transition(
                "reject",
                {
                    "decision": claim.rejection_reason,
                    "date_closed": fields.Date.context_today(claim),
                },
            )
        template = self.env.ref(
            "cc_complaint.mail_template_claim_rejected", raise_if_not_found=False
        )
        if template:
            for claim in self.filtered(lambda c: c.partner_id.email):
                claim.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment"
                )
        return True

    def action_cancel(self):
        self._cc_check_transition("cancel")
        self._cancel_documents()
        return self._cc_transition("cancel")

    def _cancel_documents(self):
        """Cancel documents created for the claims (extended elsewhere)."""
        return True

    def action_draft(self):
        return self._cc_transition("draft")

    def action_reclaim(self):
        """Customer rejects the decision: file a new claim linked to this one."""
        self.ensure_one()
        if self.state not in ("done", "rejected"):
            raise UserError(
                _(
                    "Only a done or rejected claim can be re-claimed; %(name)s is "
                    "%(state)s.",
                    name=self.display_name,
                    state=dict(CLAIM_STATES)[self.state],
                )
            )
        # the copy carries the restricted investigation fields the salesperson
        # filing the re-claim may not read; the new claim is handed back
        # without superuser rights
        new = self.sudo().copy(
            {
                "origin_claim_id": self.id,
                "channel": self.channel,
                "customer_summary": self.customer_summary,
                "user_id": self.user_id.id,
            }
        )
        new = new.sudo(False)
        new.line_ids.write({"disposition": False, "approved_qty": 0.0})
        self.message_post(
            body=_("Re-claim %(new)s filed.", new=new._get_html_link()),
        )
        new.message_post(
            body=_("Re-claim of %(old)s.", old=self._get_html_link()),
        )
        return new._get_records_action(name=_("Re-claim"))

    def action_create_capa(self):
        """QA / GM office: raise a CAPA for the claim's defect."""
        self.ensure_one()
        if self.capa_id:
            raise UserError(
                _(
                    "Claim %(name)s is already covered by CAPA %(capa)s.",
                    name=self.name,
                    capa=self.capa_id.name,
                )
            )
        if self.state in ("draft", "cancel"):
            raise UserError(_("Register the claim before raising a CAPA."))
        # the root cause is restricted to the departments' groups; it is copied
        # onto the CAPA the user creates with their own rights
        root_cause = self.sudo().root_cause
        capa = self.env["cc.capa"].create(
            {
                "company_id": self.company_id.id,
                "product_id": self.line_ids[:1].product_id.id,
                "cause_id": self.cause_id.id,
                "defect_description": self.customer_summary
                or html2plaintext(self.description or "")
                or self.name,
                "root_cause": root_cause,
                "qa_user_id": self.qa_user_id.id,
                "responsible_id": (self.production_user_id or self.env.user).id,
            }
        )
        self.capa_id = capa
        return capa._get_records_action(name=_("CAPA"))

    def action_view_capa(self):
        self.ensure_one()
        return self.capa_id._get_records_action(name=_("CAPA"))

    def action_view_penalty_notices(self):
        self.ensure_one()
        return self.penalty_notice_ids._get_records_action(
            name=_("Reward/Penalty Notices")
        )

    def action_view_timeliness_reviews(self):
        self.ensure_one()
        return self.timeliness_review_ids._get_records_action(
            name=_("Timeliness Reviews")
        )

    def action_view_reclaims(self):
        self.ensure_one()
        return self.reclaim_ids._get_records_action(name=_("Re-claims"))

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_on_state_change(self, old_states, new_state):
        """Stage log: close the open stage (date out, overdue days), open the next."""
        res = super()._cc_on_state_change(old_states, new_state)
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        # the stage log is read-only for users (the workflow writes it); the
        # records are not returned
        logs = self.env["cc.claim.stage.log"].sudo()
        # the log starts at registration: a draft claim has no open stage
        if any(state != "draft" for state in old_states.values()):
            for log in logs.search(
                [("claim_id", "in", self.ids), ("date_out", "=", False)]
            ):
                overdue = (today - log.deadline).days if log.deadline else 0
                log.write({"date_out": now, "overdue_days": max(overdue, 0)})
        if new_state not in ("draft", "done", "rejected", "cancel"):
            logs.create(
                [
                    {
                        "claim_id": claim.id,
                        "stage": new_state,
                        "date_in": now,
                        "user_id": self.env.uid,
                        "responsible_id": claim.stage_user_id.id,
                        "department": STAGE_DEPARTMENT.get(new_state),
                        "deadline": claim._cc_stage_deadline(new_state, today),
                    }
                    for claim in self
                ]
            )
        return res

    def _cc_stage_deadline(self, stage, start):
        self.ensure_one()
        if stage == "investigation":
            return self.answer_deadline
        if stage == "draft":
            return False
        days = (
            self.company_id[STAGE_DAYS_FIELD[stage]] if stage in STAGE_DAYS_FIELD else 0
        )
        if not days:
            return False
        return self._cc_add_working_days(start, days, self.company_id)

    def _cc_answer_days(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        if self.severity == "general":
            return company.cc_claim_answer_days_general
        return company.cc_claim_answer_days_major

    def _cc_compute_answer_deadline(self):
        self.ensure_one()
        days = self._cc_answer_days() + (self.answer_extension_days or 0)
        return self._cc_add_working_days(self.date_registered, days, self.company_id)

    def _cc_compute_closure_deadline(self):
        self.ensure_one()
        company = self.company_id
        days = (
            company.cc_claim_close_days_foreign
            if self.market == "foreign"
            else company.cc_claim_close_days_domestic
        )
        return self._cc_add_working_days(self.date_registered, days, company)

    def _cc_reminder_user(self):
        self.ensure_one()
        return self.stage_user_id or self.user_id or self.env.user

    # Daily check ---------------------------------------------------------
    @api.model
    def _cron_cc_claim_deadlines(self, today=None):
        """Daily: flag overdue claims and stages, remind, e-mail managers.

        One bounded batch per call, reported to the scheduler, which calls
        again while some work remains: first the claims are flagged, then, in
        the calls after the last batch of claims, the follow-ups
        (``_cc_claim_deadline_followups``: stage logs, manager e-mails and what
        the other modules add).
        """
        today = today or fields.Date.context_today(self)
        late, cleared, remaining = self.with_context(
            tracking_disable=True
        )._cc_mark_overdue_batch(today=today)
        done = len(late) + len(cleared)
        if not remaining:
            followed, remaining = self._cc_claim_deadline_followups(today)
            done += followed
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return True

    @api.model
    def _cc_claim_deadline_followups(self, today):
        """The daily check once every claim is flagged: the overdue days of the
        open stage logs (one update) and the managers' e-mails (once a day
        each, stamped on the claims). Extensions add their own bounded steps
        and return ``(done, remaining)`` summed with this one's."""
        self.env["cc.claim.stage.log"].flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE cc_claim_stage_log SET overdue_days = %(today)s - deadline, "
                "is_overdue = TRUE "
                "WHERE date_out IS NULL AND deadline < %(today)s "
                "AND overdue_days IS DISTINCT FROM %(today)s - deadline",
                today=today,
            )
        )
        self.env["cc.claim.stage.log"].invalidate_model(["overdue_days", "is_overdue"])
        template = self.env.ref(
            "cc_complaint.mail_template_claim_overdue_manager", raise_if_not_found=False
        )
        self._cc_send_manager_reminders(today, template, "last_reminder_date")
        return 0, 0

    def _cc_reminder_manager(self, user, company):
        """The employee's manager (or coach) in HR, else the sales team leader."""
        employees = user.employee_ids
        employee = (
            employees.filtered(lambda e: e.company_id == company)[:1] or employees[:1]
        )
        manager = employee.parent_id.user_id or employee.coach_id.user_id
        if manager and manager != user:
            return manager
        return super()._cc_reminder_manager(user, company)

    def _cc_reminder_groupby(self):
        # the people of each stage: who is in charge follows the state
        return [
            "company_id",
            "state",
            "user_id",
            "qa_user_id",
            "production_user_id",
            "registered_by_id",
        ]

    def _cc_reminder_responsible(self, group):
        department = STAGE_DEPARTMENT.get(group["state"])
        return {
            "qa": group["qa_user_id"],
            "production": group["production_user_id"],
            "gm_office": group["registered_by_id"],
        }.get(department) or group["user_id"]

    # Documents made for the claim (credit notes, returns, replacements) ----
    def _cc_lines(self, kind):
        """Claim lines handled by a kind of document."""
        self.ensure_one()
        if kind == "allowance":
            return self.line_ids.filtered(
                lambda cl: cl.disposition in ALLOWANCE_DISPOSITIONS
                and not cl.currency_id.is_zero(cl.amount)
            )
        dispositions = {
            "return": ("return",),
            "stock_return": RETURN_DISPOSITIONS,
            "replacement": REPLACEMENT_DISPOSITIONS,
        }[kind]
        return self.line_ids.filtered(
            lambda cl: cl.disposition in dispositions
            and not float_is_zero(
                cl.approved_qty,
                precision_rounding=cl.product_id.uom_id.rounding or 0.01,
            )
        )

    @api.model
    def _cc_names(self, records):
        return ", ".join(records.mapped("display_name"))

    def _cc_check_executing(self, action):
        self._cc_check_state(("execution",), action)
        for claim in self:
            if claim.customer_response == "reject":
                raise UserError(
                    _(
                        "Claim %(name)s: the customer rejected the decision.",
                        name=claim.name,
                    )
                )

    def _cc_lock_for_documents(self):
        """Serialize document creation per claim.

        The row lock makes a concurrent request wait; the write that follows
        gives the row a new version, so the waiting transaction (REPEATABLE
        READ) fails with a serialization error and Odoo retries it, and the
        retry then finds the documents made here instead of making them twice.
        """
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cc_claim WHERE id IN %s FOR NO KEY UPDATE",
                tuple(self.ids),
            )
        )
        # technical stamp written as superuser: accountants and warehouse staff
        # making the claim's documents only read claims
        self.sudo().write({"last_document_date": fields.Datetime.now()})
        self.flush_recordset(["last_document_date"])
        self.invalidate_recordset(self._cc_document_fields())

    def _cc_document_fields(self):
        """One2many fields of the documents made for the claim, read afresh
        once the claim is locked (extended by the modules making them)."""
        return []

    def _cc_action_view(self, records, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        if len(records) == 1:
            form_view = [
                (view_id, mode)
                for view_id, mode in action.get("views", [])
                if mode == "form"
            ]
            action.update(
                view_mode="form",
                res_id=records.id,
                views=form_view or [(False, "form")],
            )
        return action

    @api.model
    def _cc_today_plus(self, days):
        return fields.Date.context_today(self) + timedelta(days=days)
