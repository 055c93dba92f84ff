import base64
import logging
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
MONTHS = [
    (str(number), date(2000, number, 1).strftime("%B")) for number in range(1, 13)
]
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUN_MONTHS = {
    "monthly": tuple(range(1, 13)),
    "quarterly": (1, 4, 7, 10),
}


class CcReportSchedule(models.Model):
    """A suite XLSX report e-mailed to recipients on a schedule.

    The scheduler renders ``report._render_xlsx`` with no records and
    ``data = {"date_from", "date_to", "company_id", "schedule_id"}``; every
    XLSX report of the suite searches that period itself in that case.
    """

    _name = "cc.report.schedule"
    _description = "Report Schedule"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.cron.batch.mixin"]
    _order = "next_run, name, id"
    # each run renders an XLSX: few schedules per scheduler call
    _cc_cron_batch_size = 10
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, tracking=True)
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Report",
        required=True,
        ondelete="cascade",
        domain=[("report_type", "=", "xlsx")],
        tracking=True,
    )
    frequency = fields.Selection(
        [
            ("daily", "Daily"),
            ("weekly", "Weekly"),
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("yearly", "Yearly"),
        ],
        required=True,
        default="monthly",
        tracking=True,
    )
    day_of_month = fields.Integer(
        default=1,
        tracking=True,
        help="Day of the month the report is sent on (1-31), for monthly, quarterly "
        "(January, April, July, October) and yearly schedules. In a month shorter "
        "than this day the report is sent on the last day of that month: 31 means "
        "the last day of every month (28 or 29 February, 30 April...).",
    )
    weekday = fields.Selection(
        WEEKDAYS, default="0", help="Weekly schedules run on this day."
    )
    month = fields.Selection(
        MONTHS,
        string="Month of Year",
        default="1",
        help="Yearly schedules run in this month.",
    )
    period = fields.Selection(
        [
            ("previous_day", "Previous Day"),
            ("previous_week", "Previous Week (Monday to Sunday)"),
            ("previous_month", "Previous Month"),
            ("previous_quarter", "Previous Quarter"),
            ("previous_year", "Previous Year"),
            ("current_month", "Current Month to Date"),
        ],
        string="Period Covered",
        required=True,
        default="previous_month",
        tracking=True,
    )
    user_ids = fields.Many2many(
        "res.users",
        "cc_report_schedule_res_users_rel",
        "schedule_id",
        "user_id",
        string="Recipient Users",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "cc_report_schedule_res_partner_rel",
        "schedule_id",
        "partner_id",
        string="Other Recipients",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "cc.report.schedule.run")],
        default=lambda self: self.env.ref(
            "cc_customer_comm.cc_report_schedule_mail_template",
            raise_if_not_found=False,
        ),
    )
    next_run = fields.Date(
        compute="_compute_next_run",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Computed when the schedule is saved and after each run; "
        "can be moved by hand.",
    )
    last_run = fields.Date(readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Run As",
        required=True,
        default=lambda self: self._default_user_id(),
        domain=[("share", "=", False)],
        tracking=True,
        help="The report is rendered with this user's access rights and groups, "
        "whoever runs the schedule (the scheduler included): the e-mailed report "
        "holds exactly what this user sees when printing it.",
    )
    run_ids = fields.One2many("cc.report.schedule.run", "schedule_id", string="Runs")
    run_count = fields.Integer(compute="_compute_run_count", string="Run Count")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.model
    def _default_user_id(self):
        """The creating user; data loaded by the superuser runs as the administrator."""
        if self.env.user._is_superuser():
            admin = self.env.ref("base.user_admin", raise_if_not_found=False)
            return admin or self.env.user
        return self.env.user

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("frequency", "day_of_month", "weekday", "month", "last_run")
    def _compute_next_run(self):
        today = fields.Date.context_today(self)
        for schedule in self:
            if not schedule.frequency or not 1 <= (schedule.day_of_month or 0) <= 31:
                schedule.next_run = False
                continue
            start = (
                schedule.last_run + timedelta(days=1) if schedule.last_run else today
            )
            schedule.next_run = schedule._cc_next_date(start)

    def _compute_run_count(self):
        counts = dict(
            self.env["cc.report.schedule.run"]._read_group(
                [("schedule_id", "in", self.ids)], ["schedule_id"], ["__count"]
            )
        )
        for schedule in self:
            schedule.run_count = counts.get(schedule, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("user_ids", "partner_ids", "report_id")
    def _check_recipients(self):
        for schedule in self:
            if not schedule.user_ids and not schedule.partner_ids:
                raise ValidationError(
                    _(
                        "Schedule %(name)s needs at least one recipient in Recipient "
                        "Users or Other Recipients.",
                        name=schedule.name,
                    )
                )

    @api.constrains("user_id", "company_id")
    def _check_user_id(self):
        for schedule in self:
            owner = schedule.user_id
            if owner.share or schedule.company_id not in owner.company_ids:
                raise ValidationError(
                    _(
                        "Run As of schedule %(name)s must be an internal user of "
                        "company %(company)s; %(user)s is not.",
                        name=schedule.name,
                        company=schedule.company_id.name,
                        user=owner.name,
                    )
                )

    @api.constrains("day_of_month", "frequency")
    def _check_day_of_month(self):
        for schedule in self:
            if not 1 <= schedule.day_of_month <= 31:
                raise ValidationError(
                    _(
                        "Day of Month of schedule %(name)s must be between 1 and 31, "
                        "not %(day)s.",
                        name=schedule.name,
                        day=schedule.day_of_month,
                    )
                )

    @api.constrains("frequency", "weekday", "month")
    def _check_frequency_fields(self):
        for schedule in self:
            if schedule.frequency == "weekly" and not schedule.weekday:
                raise ValidationError(
                    _(
                        "Weekday is required on the weekly schedule %(name)s.",
                        name=schedule.name,
                    )
                )
            if schedule.frequency == "yearly" and not schedule.month:
                raise ValidationError(
                    _(
                        "Month of Year is required on the yearly schedule %(name)s.",
                        name=schedule.name,
                    )
                )

    @api.constrains("report_id")
    def _check_report_id(self):
        for schedule in self:
            if schedule.report_id.report_type != "xlsx":
                raise ValidationError(
                    _(
                        "Report of schedule %(name)s must be an XLSX report; "
                        "%(report)s is of type %(type)s.",
                        name=schedule.name,
                        report=schedule.report_id.name,
                        type=schedule.report_id.report_type,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_send_now(self):
        """Render and send the report at once for the period ending today."""
        if not self.env.user.has_group("cc_customer_comm.group_cc_manager"):
            raise UserError(
                _("Only Customer Service managers can send scheduled reports.")
            )
        runs = self.env["cc.report.schedule.run"]
        for schedule in self:
            runs |= schedule._cc_run_safely(
                fields.Date.context_today(self), advance=False
            )
        failed = runs.filtered(lambda r: r.state == "failed")
        if failed:
            raise UserError(
                _(
                    "The report could not be sent: %(error)s",
                    error="; ".join(failed.mapped("error_message")),
                )
            )
        return True

    def action_view_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_customer_comm.cc_report_schedule_run_action"
        )
        action["domain"] = [("schedule_id", "=", self.id)]
        action["context"] = {"default_schedule_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Business methods: dates
    # ------------------------------------------------------------------
    def _cc_next_date(self, start):
        """First date on or after ``start`` when this schedule runs.

        A day of month beyond the end of a month (31 in April, 30 or 31 in
        February) falls on the last day of that month.
        """
        self.ensure_one()
        start = fields.Date.to_date(start)
        if self.frequency == "daily":
            return start
        if self.frequency == "weekly":
            return start + timedelta(
                days=(int(self.weekday or 0) - start.weekday()) % 7
            )
        months = RUN_MONTHS.get(self.frequency) or (int(self.month or 1),)
        for offset in range(0, 25):
            first = start + relativedelta(months=offset, day=1)
            if first.month not in months:
                continue
            run = first + relativedelta(day=self.day_of_month)
            if run >= start:
                return run
        return False

    def _cc_period(self, run_date):
        """``(date_from, date_to)`` covered by a run on ``run_date``."""
        self.ensure_one()
        run_date = fields.Date.to_date(run_date)
        if self.period == "previous_day":
            day = run_date - timedelta(days=1)
            return day, day
        if self.period == "previous_week":
            monday = run_date - timedelta(days=run_date.weekday() + 7)
            return monday, monday + timedelta(days=6)
        if self.period == "previous_month":
            first = run_date + relativedelta(months=-1, day=1)
            return first, first + relativedelta(day=31)
        if self.period == "previous_quarter":
            quarter_start = date(run_date.year, 3 * ((run_date.month - 1) // 3) + 1, 1)
            first = quarter_start - relativedelta(months=3)
            return first, quarter_start - timedelta(days=1)
        if self.period == "previous_year":
            return date(run_date.year - 1, 1, 1), date(run_date.year - 1, 12, 31)
        return run_date.replace(day=1), run_date

    # ------------------------------------------------------------------
    # Business methods: runs
    # ------------------------------------------------------------------
    def _cc_recipients(self):
        self.ensure_one()
        return self.user_ids.partner_id | self.partner_ids

    def _cc_render(self, date_from, date_to):
        """Render the XLSX; returns ``(content, filename)``."""
        self.ensure_one()
        # report actions are readable by Settings users only (ir.actions.report
        # access); the record stays here, only its name and type are read
        report = self.report_id.sudo()
        if report.report_type != "xlsx":
            raise UserError(
                _("Report %(report)s is not an XLSX report.", report=report.name)
            )
        data = {
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "company_id": self.company_id.id,
            "schedule_id": self.id,
        }
        company = self.company_id
        owner = self.user_id
        # with the owner's rights, never the scheduler's: an inactive owner or
        # one who lost the company fails the run instead of rendering less
        if not owner.active or company not in owner.company_ids:
            raise UserError(
                _(
                    "Schedule %(name)s runs as %(user)s, who is archived or no "
                    "longer in company %(company)s: choose another Run As user.",
                    name=self.name,
                    user=owner.name,
                    company=company.name,
                )
            )
        # what is pending is computed as the scheduler, not as the owner
        self.env.flush_all()
        content, _fmt = (
            self.env["ir.actions.report"]
            .with_user(owner)
            .with_company(company)
            .with_context(allowed_company_ids=company.ids)
            ._render_xlsx(report, [], data)
        )
        filename = f"{report.name} {data['date_from']}_{data['date_to']}.xlsx"
        return content, filename

    def _cc_run(self, run_date):
        """Render and send one run; raises on any failure."""
        self.ensure_one()
        date_from, date_to = self._cc_period(run_date)
        recipients = self._cc_recipients()
        if not recipients:
            raise UserError(_("Schedule %(name)s has no recipient.", name=self.name))
        content, filename = self._cc_render(date_from, date_to)
        # a run is created with its final state by the scheduler, as superuser
        # (cc.document.mixin refuses a state set by anyone else)
        run = (
            self.env["cc.report.schedule.run"]
            .sudo()
            .create(
                {
                    "schedule_id": self.id,
                    "date": run_date,
                    "date_from": date_from,
                    "date_to": date_to,
                    "partner_ids": [fields.Command.set(recipients.ids)],
                    "state": "success",
                }
            )
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas": base64.b64encode(content),
                "res_model": run._name,
                "res_id": run.id,
                "mimetype": XLSX_MIMETYPE,
            }
        )
        template = self.mail_template_id or self.env.ref(
            "cc_customer_comm.cc_report_schedule_mail_template"
        )
        mail_id = template.send_mail(
            run.id,
            email_values={
                "recipient_ids": [fields.Command.set(recipients.ids)],
                "attachment_ids": [fields.Command.link(attachment.id)],
            },
        )
        run.write({"attachment_id": attachment.id, "mail_id": mail_id})
        return run.sudo(False)

    def _cc_run_safely(self, run_date, advance=True):
        """Run in a savepoint; a failure is recorded as a failed run."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                run = self._cc_run(run_date)
        except Exception as error:  # noqa: BLE001 - any failure is recorded, the cron goes on
            _logger.warning(
                "Report schedule %s failed: %s", self.id, error, exc_info=True
            )
            date_from, date_to = self._cc_period(run_date)
            # recorded as superuser, failed from the start (see ``_cc_run``)
            run = (
                self.env["cc.report.schedule.run"]
                .sudo()
                .create(
                    {
                        "schedule_id": self.id,
                        "date": run_date,
                        "date_from": date_from,
                        "date_to": date_to,
                        "state": "failed",
                        "error_message": str(error) or error.__class__.__name__,
                    }
                )
            )
            return run.sudo(False)
        if advance:
            # only the scheduler advances a schedule (as superuser); "send now"
            # does not
            self.write({"last_run": run_date})
        return run

    def _cc_demo_run_once(self):
        """Demo: run each schedule once, so that its history shows a success.

        A run renders the XLSX and queues its e-mail (``send_mail`` without
        ``force_send``): nothing is delivered while the demo installs. The
        queued demo e-mails are cancelled so that the mail queue of a demo
        server without outgoing mail server does not try them later.
        """
        runs = self.env["cc.report.schedule.run"]
        today = fields.Date.context_today(self)
        for schedule in self:
            runs |= schedule._cc_run_safely(today)
        # demo data, loaded as superuser
        runs.mail_id.write(
            {"state": "cancel", "failure_reason": "Demo data: not sent."}
        )
        return runs

    @api.model
    def _cc_due_domain(self, today):
        """Schedules due by ``today``, except those that failed today: a
        failed schedule keeps its next run date and is tried again the next
        day, not at every hourly run."""
        return [
            ("next_run", "<=", today),
            (
                "run_ids",
                "not any",
                [("date", "=", today), ("state", "=", "failed")],
            ),
        ]

    @api.model
    def _cron_cc_send_due_reports(self, today=None):
        """Send one batch of due schedules, each in its own savepoint.

        A run moves the schedule's next run date (or records a failed run of
        today): either way the schedule leaves the due domain, and the
        scheduler calls again while due schedules remain
        (``cc.cron.batch.mixin``). Each attempt leaves a run in the history.
        """
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        domain = self._cc_due_domain(today)
        schedules = self._cc_cron_take_batch(domain, order="next_run, id")
        runs = self.env["cc.report.schedule.run"]
        for schedule in schedules:
            runs |= schedule._cc_run_safely(today)
        self._cc_cron_notify(len(schedules), domain)
        return runs
