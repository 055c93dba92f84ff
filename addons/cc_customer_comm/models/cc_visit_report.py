from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .cc_visit_plan_line import VISIT_PURPOSES

# Customer opinion scales of the visit report form (走访客户报告单, note of
# the form): each answer carries its fixed score; the selection key is the
# score itself. Quality has six grades, service six (the last two scored 30
# and 0), product renown seven.
QUALITY_SCALE = [
    ("100", "Excellent (100)"),
    ("90", "Very Good (90)"),
    ("85", "Good (85)"),
    ("80", "Fair (80)"),
    ("70", "Pass (70)"),
    ("60", "Fail (60)"),
]
SERVICE_SCALE = [
    ("100", "Excellent (100)"),
    ("90", "Very Good (90)"),
    ("85", "Good (85)"),
    ("80", "Fair (80)"),
    ("30", "Bad (30)"),
    ("0", "Abusive (0)"),
]
RENOWN_SCALE = [
    ("100", "Very Famous (100)"),
    ("90", "Famous (90)"),
    ("85", "Highly Known (85)"),
    ("80", "Well Known (80)"),
    ("70", "Known (70)"),
    ("60", "Heard Of (60)"),
    ("50", "Unknown (50)"),
]
# grades of earlier versions that the form does not have, and the grade of
# the form their stored answers are moved to (see the 18.0.1.1.0 migration)
REMOVED_GRADES = {
    "quality_score": {"50": "60"},
    "service_score": {"70": "80"},
}
SCORE_FIELDS = {
    "quality_score": QUALITY_SCALE,
    "service_score": SERVICE_SCALE,
    "renown_score": RENOWN_SCALE,
}
URGENT_TYPES = [
    ("competitor_policy", "Competitor Policy Change"),
    ("competitor_product", "Competitor New Product"),
    ("competitor_service", "Competitor Service Change"),
    ("product_defect", "Major Defect in Our Product"),
    ("other", "Other"),
]


class CcVisitReport(models.Model):
    """Customer visit report (客户拜访报告 / 走访客户报告单), due two days after
    the visit, with the scored customer opinion and the urgent report
    (巡访紧急报告) raised to the managers at once."""

    _name = "cc.visit.report"
    _description = "Customer Visit Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.document.mixin",
        "cc.deadline.mixin",
    ]
    _order = "visit_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    _cc_deadline_closed_states = ("submitted", "reviewed", "cancel")
    _cc_deadline_user_field = "user_id"
    _cc_report_due_days = 2
    _cc_sequence_code = "cc.visit.report"
    _cc_transitions = {
        "submit": {"from": ("draft",), "to": "submitted"},
        "review": {
            "from": ("submitted",),
            "to": "reviewed",
            "groups": "cc_customer_comm.group_cc_manager",
        },
        "cancel": {"from": ("draft", "submitted"), "to": "cancel"},
        "reset_draft": {"from": ("submitted", "cancel"), "to": "draft"},
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
    legal_representative = fields.Char(
        compute="_compute_legal_representative",
        store=True,
        readonly=False,
        help="Legal representative (or person in charge) of the customer, from "
        "the customer file.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        domain="[('id', 'child_of', partner_id), ('id', '!=', partner_id)]",
        help="The customer's person in charge met during the visit.",
    )
    contact_name = fields.Char(
        string="Met With",
        compute="_compute_contact_details",
        store=True,
        readonly=False,
    )
    contact_function = fields.Char(
        string="Position",
        compute="_compute_contact_details",
        store=True,
        readonly=False,
    )
    contact_phone = fields.Char(
        string="Phone",
        compute="_compute_contact_details",
        store=True,
        readonly=False,
    )
    contact_mobile = fields.Char(
        string="Mobile",
        compute="_compute_contact_details",
        store=True,
        readonly=False,
    )
    customer_signature = fields.Binary(
        copy=False, attachment=True, help="Signature of the customer on the report."
    )
    customer_signed_by = fields.Char(copy=False)
    customer_signed_on = fields.Datetime(copy=False, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    plan_line_id = fields.Many2one(
        "cc.visit.plan.line",
        string="Planned Visit",
        check_company=True,
        index="btree_not_null",
        domain="[('user_id', '=', user_id), ('state', '=', 'approved')]",
    )
    is_planned = fields.Boolean(compute="_compute_is_planned", store=True)
    visit_date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        help="The report is due two days after the visit.",
    )
    purpose = fields.Selection(VISIT_PURPOSES, required=True, default="relationship")
    quality_score = fields.Selection(QUALITY_SCALE, string="Product Quality")
    service_score = fields.Selection(SERVICE_SCALE, string="Service Attitude")
    renown_score = fields.Selection(RENOWN_SCALE, string="Product Renown")
    score_total = fields.Integer(
        compute="_compute_scores", store=True, aggregator="sum", string="Total Score"
    )
    score_average = fields.Float(
        compute="_compute_scores",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        string="Average Score",
    )
    customer_opinion = fields.Text(string="Opinions and Suggestions")
    market_info = fields.Text(string="Market Information")
    competitor_info = fields.Text(string="Competitor Moves")
    effect = fields.Text(string="Effect of the Visit")
    promise_ids = fields.One2many("cc.visit.promise", "report_id", string="Promises")
    is_urgent = fields.Boolean(string="Urgent Report", tracking=True)
    urgent_type = fields.Selection(URGENT_TYPES, tracking=True)
    urgent_note = fields.Text(string="Urgent Details")
    urgent_notified_date = fields.Datetime(readonly=True, copy=False)
    reviewer_note = fields.Text()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("reviewed", "Reviewed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("user_id")
    def _compute_team_id(self):
        for report in self:
            report.team_id = report.user_id.sale_team_id or report.team_id

    @api.depends("partner_id")
    def _compute_legal_representative(self):
        for report in self:
            report.legal_representative = (
                report.partner_id.commercial_partner_id.cc_legal_representative
                or report.legal_representative
            )

    @api.depends("contact_id")
    def _compute_contact_details(self):
        for report in self:
            contact = report.contact_id
            if contact:
                report.contact_name = contact.name
                report.contact_function = contact.function
                report.contact_phone = contact.phone
                report.contact_mobile = contact.mobile

    @api.depends("plan_line_id")
    def _compute_is_planned(self):
        for report in self:
            report.is_planned = bool(report.plan_line_id)

    @api.depends("visit_date")
    def _compute_deadline(self):
        for report in self:
            report.deadline = report.visit_date and report.visit_date + timedelta(
                days=self._cc_report_due_days
            )

    @api.depends("quality_score", "service_score", "renown_score")
    def _compute_scores(self):
        for report in self:
            scores = [int(report[fname]) for fname in SCORE_FIELDS if report[fname]]
            report.score_total = sum(scores)
            report.score_average = sum(scores) / len(scores) if scores else 0.0

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------
    @api.constrains(*SCORE_FIELDS)
    def _check_scores(self):
        for report in self:
            for fname, scale in SCORE_FIELDS.items():
                value = report[fname]
                if value and value not in dict(scale):
                    raise ValidationError(
                        _(
                            "%(field)s must be one of %(scale)s, not %(value)s.",
                            field=report._fields[fname].string,
                            scale=", ".join(key for key, _label in scale),
                            value=value,
                        )
                    )

    @api.constrains("is_urgent", "urgent_type")
    def _check_urgent_type(self):
        for report in self:
            if report.is_urgent and not report.urgent_type:
                raise ValidationError(
                    _(
                        "Urgent Type is required on the urgent report %(name)s.",
                        name=report.name,
                    )
                )

    @api.constrains("visit_date")
    def _check_visit_date(self):
        today = fields.Date.context_today(self)
        for report in self:
            if report.visit_date > today:
                raise ValidationError(
                    _(
                        "Visit Date %(date)s is in the future: report a visit once it "
                        "took place.",
                        date=report.visit_date,
                    )
                )

    @api.onchange("plan_line_id")
    def _onchange_plan_line_id(self):
        if self.plan_line_id:
            self.partner_id = self.plan_line_id.partner_id
            self.purpose = self.plan_line_id.purpose
            self.visit_date = min(
                self.plan_line_id.planned_date, fields.Date.context_today(self)
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        vals_list = [
            {**vals, "customer_signed_on": now}
            if vals.get("customer_signature")
            else vals
            for vals in vals_list
        ]
        reports = super().create(vals_list)
        reports._cc_notify_urgent()
        return reports

    def write(self, vals):
        if vals.get("customer_signature"):
            vals = {**vals, "customer_signed_on": fields.Datetime.now()}
        res = super().write(vals)
        if vals.get("is_urgent") or vals.get("urgent_type"):
            self._cc_notify_urgent()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if self.filtered(lambda r: r.state not in ("draft", "cancel")):
            raise UserError(_("Only draft or cancelled visit reports can be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        return self._cc_transition("submit")

    def action_review(self):
        return self._cc_transition("review")

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _cc_manager_users(self, company):
        group = self.env.ref("cc_customer_comm.group_cc_manager")
        # the contact of a manager may belong to a company the salesperson
        # filing the report cannot read (partner company rule); the users are
        # handed back without superuser
        managers = group.sudo().users.filtered(
            lambda u: u.active
            and not u.share
            and company in u.company_ids
            and u.partner_id.active
        ) - self.env.ref("base.user_root")
        return managers.sudo(False)

    def _cc_notify_urgent(self):
        """Post the urgent report to every Customer Service manager at once."""
        urgent = self.filtered(lambda r: r.is_urgent and not r.urgent_notified_date)
        labels = dict(URGENT_TYPES)
        for report in urgent:
            managers = self._cc_manager_users(report.company_id)
            body = Markup("<p><strong>%s</strong></p><p>%s</p>") % (
                _(
                    "Urgent visit report: %(type)s at %(customer)s",
                    type=labels.get(report.urgent_type, ""),
                    customer=report.partner_id.display_name,
                ),
                report.urgent_note
                or report.competitor_info
                or report.customer_opinion
                or "",
            )
            report.message_subscribe(partner_ids=managers.partner_id.ids)
            report.message_post(
                body=body,
                subject=_("Urgent visit report %(name)s", name=report.name),
                partner_ids=managers.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            for manager in managers:
                report.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=_(
                        "Urgent visit report: %(type)s",
                        type=labels.get(report.urgent_type, ""),
                    ),
                    user_id=manager.id,
                )
        urgent.write({"urgent_notified_date": fields.Datetime.now()})

    @api.model
    def _cc_migrate_removed_grades(self):
        """Move stored answers of grades the form does not have (quality 50,
        service 70 of earlier versions) to the grade of the form they become,
        recompute the scores and note the change on each report.

        :return: the reports changed
        """
        moved = {}
        for fname, mapping in REMOVED_GRADES.items():
            for old, new in mapping.items():
                self.env.cr.execute(
                    SQL(
                        "UPDATE cc_visit_report SET %(field)s = %(new)s "
                        "WHERE %(field)s = %(old)s RETURNING id",
                        field=SQL.identifier(fname),
                        new=new,
                        old=old,
                    )
                )
                for (report_id,) in self.env.cr.fetchall():
                    moved.setdefault(report_id, []).append((fname, old, new))
        # run by the migration, as superuser
        reports = self.browse(sorted(moved))
        if not reports:
            return reports
        reports.invalidate_recordset(list(SCORE_FIELDS))
        for fname in ("score_total", "score_average"):
            self.env.add_to_compute(self._fields[fname], reports)
        reports.flush_recordset()
        reports._message_log_batch(
            {
                report_id: self.env._(
                    "Score scale of the visit report form: %(changes)s.",
                    changes=", ".join(
                        self.env._(
                            "%(field)s %(old)s → %(new)s",
                            field=self._fields[fname].string,
                            old=old,
                            new=new,
                        )
                        for fname, old, new in changes
                    ),
                )
                for report_id, changes in moved.items()
            }
        )
        return reports

    @api.model
    def _cron_cc_visit_report_overdue(self):
        return self._cron_cc_mark_overdue()
