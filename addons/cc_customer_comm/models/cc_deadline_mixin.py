from datetime import datetime, time, timedelta

from odoo import _, api, fields, models


class CcDeadlineMixin(models.AbstractModel):
    """Deadline, overdue flag and reminder activity for cc business documents.

    A model inheriting this mixin gets:

    * ``deadline`` (date) and ``is_overdue`` (stored, set by the daily cron);
    * ``_cc_add_working_days(start, days)``: working-day arithmetic on the
      company's ``resource.calendar``, public holidays (global leaves) included;
    * ``_cron_cc_mark_overdue()``: flags one bounded batch of overdue records
      per call (``cc.cron.batch.mixin``: row locks, ``_notify_progress``),
      schedules one reminder activity per newly overdue record for its
      responsible user, and clears the flag of records that are no longer late.

    Configure it with class attributes:

    * ``_cc_deadline_closed_states``: states in which no deadline applies;
    * ``_cc_deadline_user_field``: the field holding the responsible user;
    * ``_cc_deadline_field``: the field the overdue check reads, ``deadline``
      by default. A model whose targets are counted in working hours points it
      at a ``Datetime`` field of its own (filled with
      ``_cc_add_working_hours``); the check then compares it with the current
      time instead of today's date, and the same cron, reminder activity and
      flag serve both granularities.
    """

    _name = "cc.deadline.mixin"
    _description = "Customer Service Deadline Mixin"
    _inherit = ["cc.cron.batch.mixin"]

    _cc_deadline_closed_states = ("done", "cancel")
    _cc_deadline_user_field = "user_id"
    _cc_deadline_field = "deadline"

    deadline = fields.Date(tracking=True, index=True, copy=False)
    is_overdue = fields.Boolean(
        string="Overdue",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the daily deadline check when the deadline has passed "
        "and the document is still open.",
    )

    # ------------------------------------------------------------------
    # Working days
    # ------------------------------------------------------------------

    @api.model
    def _cc_add_working_days(self, start, days, company=None):
        """Return the date ``days`` working days after ``start``.

        Working days come from the company's working-time calendar, with its
        public holidays; without a calendar, Monday to Friday count.
        ``start`` itself never counts: one working day after a Friday is the
        next Monday.
        """
        company = company or self.env.company
        start = fields.Date.to_date(start)
        if days <= 0:
            return start
        calendar = company.resource_calendar_id
        if calendar:
            day_after = datetime.combine(start + timedelta(days=1), time.min)
            planned = calendar.plan_days(days, day_after, compute_leaves=True)
            if planned:
                return planned.date()
        result, left = start, days
        while left:
            result += timedelta(days=1)
            if result.weekday() < 5:
                left -= 1
        return result

    @api.model
    def _cc_add_working_hours(self, start, hours, company=None):
        """Return the UTC datetime ``hours`` working hours after ``start``.

        Hours are counted on the company's working-time calendar, in its time
        zone, skipping nights, weekends and public holidays: four working
        hours from Friday 16:00 on a 8:00-17:00 calendar end on Monday at
        11:00. ``hours=0`` gives the next working moment (``start`` itself
        during working time). Without a calendar the hours run round the
        clock. ``start`` and the result are naive UTC, like ``Datetime``
        fields.
        """
        company = company or self.env.company
        start = fields.Datetime.to_datetime(start)
        calendar = company.resource_calendar_id
        if calendar:
            planned = calendar.plan_hours(max(hours, 0), start, compute_leaves=True)
            if planned:
                return planned.replace(microsecond=0)
        return start + timedelta(hours=max(hours, 0))

    # ------------------------------------------------------------------
    # Overdue cron
    # ------------------------------------------------------------------

    def _cc_open_domain(self):
        return [("state", "not in", list(self._cc_deadline_closed_states))]

    def _cc_reminder_summary(self):
        self.ensure_one()
        return _("Overdue: %(name)s", name=self.display_name)

    def _cc_reminder_user(self):
        self.ensure_one()
        user = (
            self[self._cc_deadline_user_field]
            if self._cc_deadline_user_field
            else False
        )
        return user or self.env.user

    def _cc_overdue_limit(self, today=None):
        """The moment a record becomes late: today for a date deadline, now
        for a datetime one."""
        today = today or fields.Date.context_today(self)
        if self._fields[self._cc_deadline_field].type == "datetime":
            return fields.Datetime.now()
        return today

    def _cc_overdue_domain(self, today=None):
        """Open records past their deadline and not flagged yet."""
        limit = self._cc_overdue_limit(today)
        return [
            (self._cc_deadline_field, "<", limit),
            ("is_overdue", "=", False),
        ] + self._cc_open_domain()

    def _cc_overdue_cleared_domain(self, today=None):
        """Flagged records that are no longer late (new deadline, closed)."""
        field = self._cc_deadline_field
        return [
            ("is_overdue", "=", True),
            "|",
            "|",
            (field, ">=", self._cc_overdue_limit(today)),
            (field, "=", False),
            ("state", "in", list(self._cc_deadline_closed_states)),
        ]

    @api.model
    def _cc_mark_overdue_batch(self, today=None):
        """One batch of the overdue check, without reporting progress.

        Flags at most one batch of late records (one reminder activity each
        for its responsible user), then, with what is left of the batch, clears
        the flag of records no longer late. Flagged and cleared records leave
        their domains, so the next call goes on with the others; rows are
        taken with ``SKIP LOCKED``, so two workers never flag the same record.
        Returns ``(late, cleared, remaining)``.
        """
        today = today or fields.Date.context_today(self)
        size = self._cc_cron_batch_limit()
        late_domain = self._cc_overdue_domain(today)
        cleared_domain = self._cc_overdue_cleared_domain(today)
        late = self._cc_cron_take_batch(late_domain, limit=size)
        if late:
            late.write({"is_overdue": True})
            self._cc_create_overdue_activities(late, today)
        cleared = self.browse()
        if len(late) < size:
            cleared = self._cc_cron_take_batch(cleared_domain, limit=size - len(late))
            if cleared:
                cleared.write({"is_overdue": False})
        done = len(late) + len(cleared)
        self.env.flush_all()
        remaining = (
            self.search_count(late_domain) + self.search_count(cleared_domain)
            if done
            else 0
        )
        return late, cleared, remaining

    @api.model
    def _cc_create_overdue_activities(self, records, today):
        activity_type = self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        # the document name is given at creation: mail.activity would otherwise
        # read it with one query per activity
        # run by the scheduler, as superuser: activities for every user
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "res_name": record.display_name,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": record._cc_reminder_summary(),
                    "user_id": record._cc_reminder_user().id,
                    "date_deadline": today,
                }
                for record in records
            ]
        )

    @api.model
    def _cron_cc_mark_overdue(self, today=None):
        """Scheduled overdue check, one bounded batch per call.

        Processes one batch (see ``_cc_mark_overdue_batch``) and reports it
        with ``ir.cron._notify_progress``: the scheduler calls again, in a new
        transaction, while records remain. Returns the records flagged late
        by this call.
        """
        late, cleared, remaining = self._cc_mark_overdue_batch(today=today)
        self.env["ir.cron"]._notify_progress(
            done=len(late) + len(cleared), remaining=remaining
        )
        return late

    # ------------------------------------------------------------------
    # Manager reminders
    # ------------------------------------------------------------------
    def _cc_reminder_manager(self, user, company):
        """The manager reminded of ``user``'s overdue records: the leader of
        the user's sales team (models knowing the HR manager extend it); never
        the user themselves."""
        manager = user.sale_team_id.user_id
        return manager if manager and manager != user else self.env["res.users"]

    def _cc_reminder_groupby(self):
        """Fields the overdue records are grouped by to find who is in charge
        of them, ``company_id`` first."""
        return ["company_id", self._cc_deadline_user_field]

    def _cc_reminder_responsible(self, group):
        """The user in charge of a group of overdue records; ``group`` maps the
        fields of ``_cc_reminder_groupby()`` to the group's values."""
        return group[self._cc_deadline_user_field]

    @api.model
    def _cc_send_manager_reminders(
        self, today, template, stamp_field=None, limit_per_manager=50
    ):
        """E-mail ``template`` once to each manager, listing the overdue records
        of the people reporting to them (context: ``cc_records``, the first
        ``limit_per_manager`` of them, ``cc_record_count``, ``cc_date``).

        The records are grouped in SQL by the people in charge, so the number
        of queries follows the number of people, not of records.
        ``stamp_field``: a date field set to ``today`` on the records once
        reminded, which keeps them out of a second reminder the same day.
        """
        domain = [
            ("is_overdue", "=", True),
            ("state", "not in", list(self._cc_deadline_closed_states)),
        ]
        if stamp_field:
            domain += ["|", (stamp_field, "=", False), (stamp_field, "<", today)]
        groupby = self._cc_reminder_groupby()
        groups = self._read_group(domain, groupby, ["id:array_agg"])
        by_manager = {}
        all_ids = []
        for *values, ids in groups:
            all_ids += ids
            group = dict(zip(groupby, values, strict=True))
            responsible = self._cc_reminder_responsible(group)
            if not responsible:
                continue
            manager = self._cc_reminder_manager(responsible, group["company_id"])
            if manager and manager.partner_id.email:
                by_manager.setdefault(manager, []).extend(ids)
        if template:
            for manager, ids in by_manager.items():
                # sent by the scheduler (as superuser) on behalf of the
                # company; the manager only receives the e-mail
                template.with_context(
                    cc_records=self.browse(sorted(ids)[:limit_per_manager]),
                    cc_record_count=len(ids),
                    cc_date=today,
                ).send_mail(
                    manager.id, email_layout_xmlid="mail.mail_notification_light"
                )
        if stamp_field and all_ids:
            self.browse(all_ids).with_context(tracking_disable=True).write(
                {stamp_field: today}
            )
        return by_manager
