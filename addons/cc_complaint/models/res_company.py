from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_claim_limit_sales_manager = fields.Monetary(
        string="Claims: Sales Manager Limit",
        currency_field="currency_id",
        default=5000.0,
        help="Claims up to this disposition amount are approved by the sales manager.",
    )
    cc_claim_limit_deputy_gm = fields.Monetary(
        string="Claims: Deputy GM Limit",
        currency_field="currency_id",
        default=50000.0,
        help="Claims up to this amount also need the deputy GM; above it the GM.",
    )
    cc_claim_answer_days_general = fields.Integer(default=1)
    cc_claim_answer_days_major = fields.Integer(default=3)
    cc_claim_answer_days_max = fields.Integer(default=7)
    cc_claim_close_days_domestic = fields.Integer(default=15)
    cc_claim_close_days_foreign = fields.Integer(default=20)
    cc_claim_days_registered = fields.Integer(default=1)
    cc_claim_days_countermeasure = fields.Integer(default=3)
    cc_claim_days_proposal = fields.Integer(default=2)
    cc_claim_days_approval = fields.Integer(default=2)
    cc_claim_days_negotiation = fields.Integer(default=3)
    cc_claim_days_execution = fields.Integer(default=5)
    cc_claim_loss_basis = fields.Selection(
        [("cost", "Product cost"), ("price", "Invoiced price")],
        string="Claims: Loss Basis",
        default="cost",
        required=True,
    )
    cc_claim_close_days_unit = fields.Selection(
        [("working", "Working days"), ("calendar", "Calendar days")],
        string="Claims: Closure Limit In",
        default="working",
        required=True,
        help="Whether the closure limits (domestic/foreign) count working days "
        "of the company calendar or calendar days.",
    )
    cc_claim_reply_hours = fields.Float(
        string="Claims: Reply Within (working hours)",
        default=2.0,
        help="Working hours from the complaint to the first reply to the customer.",
    )
    cc_claim_plan_hours = fields.Float(
        string="Claims: Plan Within (hours)",
        default=24.0,
        help="Hours from the complaint to the solution plan (or, when a technical "
        "cause delays it, the progress of the handling) given to the customer.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("cc_claim_limit_sales_manager", "cc_claim_limit_deputy_gm")
    def _check_cc_claim_limits(self):
        for company in self:
            if company.cc_claim_limit_sales_manager < 0:
                raise ValidationError(_("The sales manager limit cannot be negative."))
            if company.cc_claim_limit_deputy_gm < company.cc_claim_limit_sales_manager:
                raise ValidationError(
                    _(
                        "The deputy GM limit (%(deputy)s) must not be below the sales "
                        "manager limit (%(sales)s).",
                        deputy=company.cc_claim_limit_deputy_gm,
                        sales=company.cc_claim_limit_sales_manager,
                    )
                )

    @api.constrains(
        "cc_claim_answer_days_general",
        "cc_claim_answer_days_major",
        "cc_claim_answer_days_max",
        "cc_claim_close_days_domestic",
        "cc_claim_close_days_foreign",
    )
    def _check_cc_claim_days(self):
        for company in self:
            if (
                min(
                    company.cc_claim_answer_days_general,
                    company.cc_claim_answer_days_major,
                    company.cc_claim_close_days_domestic,
                    company.cc_claim_close_days_foreign,
                )
                < 1
            ):
                raise ValidationError(
                    _("Claim deadlines must be at least one working day.")
                )
            if company.cc_claim_answer_days_max < max(
                company.cc_claim_answer_days_general, company.cc_claim_answer_days_major
            ):
                raise ValidationError(
                    _(
                        "The maximum answer time (%(max)s days) must be at least the "
                        "general and major answer times.",
                        max=company.cc_claim_answer_days_max,
                    )
                )

    @api.constrains("cc_claim_reply_hours", "cc_claim_plan_hours")
    def _check_cc_claim_hours(self):
        for company in self:
            if company.cc_claim_reply_hours <= 0 or company.cc_claim_plan_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Claims: the reply (%(reply)s h) and plan (%(plan)s h) "
                        "targets must be greater than 0 hours.",
                        reply=company.cc_claim_reply_hours,
                        plan=company.cc_claim_plan_hours,
                    )
                )
            if company.cc_claim_plan_hours < company.cc_claim_reply_hours:
                raise ValidationError(
                    self.env._(
                        "Claims: the plan target (%(plan)s h) cannot be shorter than "
                        "the reply target (%(reply)s h).",
                        reply=company.cc_claim_reply_hours,
                        plan=company.cc_claim_plan_hours,
                    )
                )

    # GM instruction steps, management meeting, monthly sanctions list
    cc_claim_qa_report_days = fields.Integer(
        string="QA Report Days",
        default=3,
        help="Working days after registration for QA to send its report to the GM.",
    )
    cc_claim_gm_opinion_days = fields.Integer(
        string="GM Office Opinion Days",
        default=1,
        help="Working days for the GM office's comprehensive opinion after the "
        "sales proposal is submitted.",
    )
    cc_claim_negotiation_review = fields.Boolean(
        string="Supervisor Reviews the Negotiation Result",
        help="The sales supervisor (sales team leader) must approve the "
        "negotiation result before the claim's documents are booked or the "
        "claim is closed.",
    )

    cc_sanction_list_day = fields.Integer(
        string="Sanctions List Day",
        default=10,
        help="Day of the month by which the previous month's administrative "
        "sanctions are sent to HR.",
    )

    cc_claim_meeting_severity = fields.Selection(
        [
            ("major", "Major and Critical Claims"),
            ("critical", "Critical Claims Only"),
            ("none", "No Claim"),
        ],
        string="Claims for the Management Meeting",
        default="major",
        required=True,
        help="Claims of these severities need a management meeting decision "
        "before they close.",
    )

    _sql_constraints = [
        (
            "cc_claim_qa_report_days_positive",
            "CHECK(cc_claim_qa_report_days >= 0)",
            "The QA report days cannot be negative.",
        ),
        (
            "cc_claim_gm_opinion_days_positive",
            "CHECK(cc_claim_gm_opinion_days >= 0)",
            "The GM office opinion days cannot be negative.",
        ),
    ]

    @api.constrains("cc_sanction_list_day")
    def _check_cc_sanction_list_day(self):
        for company in self:
            if not 1 <= company.cc_sanction_list_day <= 28:
                raise ValidationError(
                    _(
                        "Sanctions List Day must be between 1 and 28 (%(day)s given).",
                        day=company.cc_sanction_list_day,
                    )
                )
