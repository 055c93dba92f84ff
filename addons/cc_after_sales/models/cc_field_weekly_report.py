from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

ENGINEER = "cc_after_sales.group_cc_as_engineer"
MANAGER = "cc_after_sales.group_cc_as_manager"

# due on the Monday after the week, at 13:00 in the author's time zone
DUE_HOUR = 13


class CcFieldWeeklyReport(models.Model):
    """The weekly report (工作周报) of a field staff member (驻外人员).

    Covers one week (starting on its Monday): what was done, the plan for the
    next week, the service stations' issues and the faulty units held by the
    operators. Due the following Monday at 13:00 in the author's time zone;
    the hourly deadline check flags the reports not submitted by then.
    """

    _name = "cc.field.weekly.report"
    _description = "Field Staff Weekly Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.deadline.mixin",
        "cc.document.mixin",
    ]
    _order = "week_start desc, user_id, id desc"
    _check_company_auto = True

    # cc.document.mixin
    _cc_sequence_code = "cc.field.weekly.report"
    _cc_transitions = {
        "submit": {"from": ("draft",), "to": "submitted", "groups": ENGINEER},
        "reset": {"from": ("submitted",), "to": "draft", "groups": MANAGER},
    }
    # cc.deadline.mixin: a Datetime due time
    _cc_deadline_closed_states = ("submitted",)
    _cc_deadline_user_field = "user_id"
    _cc_deadline_field = "due_at"

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Field Staff",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    region_id = fields.Many2one(
        "cc.service.region",
        string="Region",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        default=lambda self: self._default_region(),
    )
    week_start = fields.Date(
        string="Week Of",
        required=True,
        default=lambda self: self._default_week_start(),
        tracking=True,
        index=True,
        help="The Monday of the week reported on.",
    )
    due_at = fields.Datetime(
        string="Due",
        compute="_compute_due_at",
        store=True,
        index=True,
        help="The Monday after the week, at 13:00 in the author's time zone.",
    )
    submitted_on = fields.Datetime(readonly=True, copy=False)
    is_late = fields.Boolean(
        string="Submitted Late",
        compute="_compute_is_late",
        store=True,
        help="Submitted after the due time.",
    )
    month_end = fields.Boolean(
        string="Last Week of the Month",
        compute="_compute_due_at",
        store=True,
        help="The last report starting in its month: its faulty-unit stock is "
        "the month's figure.",
    )
    done_text = fields.Html(string="Done This Week")
    plan_text = fields.Html(string="Plan for Next Week")
    station_issues = fields.Html(string="Service Station Issues")
    line_ids = fields.One2many(
        "cc.field.weekly.report.line",
        "report_id",
        string="Faulty Units at Operators",
        copy=True,
    )
    faulty_qty = fields.Float(
        string="Faulty Units Held",
        compute="_compute_faulty_qty",
        store=True,
        digits="Product Unit of Measure",
    )

    _sql_constraints = [
        (
            "user_week_uniq",
            "UNIQUE(user_id, week_start)",
            "A field staff member writes one weekly report per week.",
        ),
    ]

    @api.model
    def _default_week_start(self):
        today = fields.Date.context_today(self)
        return today - timedelta(days=today.weekday())

    @api.model
    def _default_region(self):
        return self.env["cc.service.region"].search(
            [
                ("user_ids", "in", self.env.user.ids),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )

    def _cc_user_tz(self):
        self.ensure_one()
        name = (
            self.user_id.tz
            or self.company_id.partner_id.tz
            or self.env.context.get("tz")
            or "UTC"
        )
        return pytz.timezone(name) if name in pytz.all_timezones_set else pytz.utc

    @api.depends("week_start", "user_id.tz")
    def _compute_due_at(self):
        for report in self:
            if not report.week_start:
                report.due_at = False
                report.month_end = False
                continue
            due_day = report.week_start + timedelta(days=7)
            local = report._cc_user_tz().localize(
                datetime.combine(due_day, time(DUE_HOUR))
            )
            report.due_at = local.astimezone(pytz.utc).replace(tzinfo=None)
            report.month_end = due_day.month != report.week_start.month

    @api.depends("submitted_on", "due_at")
    def _compute_is_late(self):
        for report in self:
            report.is_late = bool(
                report.submitted_on
                and report.due_at
                and report.submitted_on > report.due_at
            )

    @api.depends("line_ids.quantity")
    def _compute_faulty_qty(self):
        for report in self:
            report.faulty_qty = sum(report.line_ids.mapped("quantity"))

    @api.depends("user_id", "week_start")
    def _compute_display_name(self):
        for report in self:
            report.display_name = _(
                "%(user)s, week of %(week)s",
                user=report.user_id.name or "",
                week=report.week_start or "",
            )

    @api.constrains("week_start", "user_id")
    def _check_week_start(self):
        for report in self:
            if report.week_start.weekday():
                raise ValidationError(
                    _(
                        "Weekly report: “Week Of” must be a Monday; %(date)s is not.",
                        date=report.week_start,
                    )
                )
            today = datetime.now(pytz.utc).astimezone(report._cc_user_tz()).date()
            this_monday = today - timedelta(days=today.weekday())
            if report.week_start > this_monday:
                raise ValidationError(
                    _(
                        "The week of %(week)s has not started yet: a weekly "
                        "report covers the current week or a past one (the "
                        "latest is the week of %(monday)s).",
                        week=report.week_start,
                        monday=this_monday,
                    )
                )

    def _cc_reminder_summary(self):
        self.ensure_one()
        return _(
            "Weekly report for the week of %(week)s is overdue", week=self.week_start
        )

    _cc_locked_fields = frozenset(
        {
            "user_id",
            "region_id",
            "week_start",
            "done_text",
            "plan_text",
            "station_issues",
            "line_ids",
        }
    )

    def write(self, vals):
        if self._cc_locked_fields.intersection(vals):
            self._cc_check_editable()
        return super().write(vals)

    def _cc_check_editable(self):
        """A submitted report is what the manager read: only a manager
        (resetting it to draft) reopens it."""
        submitted = self.filtered(lambda report: report.state == "submitted")
        if submitted and not self.env.su:
            raise UserError(
                _(
                    "Weekly report %(name)s is submitted: reset it to draft to "
                    "change it.",
                    name=submitted[0].display_name,
                )
            )

    def action_submit(self):
        if not self.env.user.has_group(MANAGER):
            others = self.filtered(lambda report: report.user_id != self.env.user)
            if others:
                raise AccessError(
                    _(
                        "Only %(user)s (or a manager) may submit the weekly "
                        "report %(name)s.",
                        user=others[0].user_id.name,
                        name=others[0].name,
                    )
                )
        return self._cc_transition(
            "submit", {"submitted_on": fields.Datetime.now(), "is_overdue": False}
        )

    def action_reset(self):
        return self._cc_transition("reset", {"submitted_on": False})


class CcFieldWeeklyReportLine(models.Model):
    """A faulty unit stock held by an operator, as reported in a weekly
    report (运营商处故障件库存)."""

    _name = "cc.field.weekly.report.line"
    _description = "Faulty Units Held by an Operator"
    _order = "report_id, sequence, id"
    _check_company_auto = True

    report_id = fields.Many2one(
        "cc.field.weekly.report",
        string="Weekly Report",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        related="report_id.user_id", store=True, string="Field Staff"
    )
    region_id = fields.Many2one(
        related="report_id.region_id", store=True, string="Region"
    )
    week_start = fields.Date(related="report_id.week_start", store=True)
    month_end = fields.Boolean(related="report_id.month_end", store=True)
    report_state = fields.Selection(related="report_id.state", string="Report Status")
    product_id = fields.Many2one(
        "product.product", string="Product", required=True, check_company=True
    )
    quantity = fields.Float(
        string="Faulty Units", required=True, digits="Product Unit of Measure"
    )
    holder_id = fields.Many2one(
        "res.partner",
        string="Held By",
        required=True,
        check_company=True,
        help="The operator (or station) holding the faulty units.",
    )
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.report_id._cc_check_editable()
        return lines

    def write(self, vals):
        self.report_id._cc_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        self.report_id._cc_check_editable()

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "The number of faulty units held must be positive.",
        ),
    ]
