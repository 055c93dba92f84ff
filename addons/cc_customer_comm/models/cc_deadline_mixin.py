from datetime import datetime, time, timedelta

from odoo import _, api, fields, models


class CcDeadlineMixin(models.AbstractModel):
    """Deadline, overdue flag and reminder activity for cc business documents.

    A model inheriting this mixin gets:

    * ``deadline`` (date) and ``is_overdue`` (stored, set by the daily cron);
    * ``_cc_add_working_days(start, days)``: working-day arithmetic on the
      company's ``resource.calendar``, public holidays (global leaves) included;
    * ``_cron_cc_mark_overdue()``: flags the overdue records in bounded batches,
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

    _cc_deadline_closed_states = ("done", "cancel")
    _cc_deadline_user_field = "user_id"
    _cc_deadline_batch_size = 1000
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

    @api.model
    def _cron_cc_mark_overdue(self, today=None):
        """Flag late documents and clear the flag of those no longer late.

        Works in batches of ``_cc_deadline_batch_size`` ids so that memory and
        query counts stay bounded whatever the table size; commits between
        batches only when run by the scheduler.
        """
        today = today or fields.Date.context_today(self)
        field = self._cc_deadline_field
        # an hour-granularity deadline is late from the minute it passes
        limit = (
            fields.Datetime.now() if self._fields[field].type == "datetime" else today
        )
        late = self.search(
            [(field, "<", limit), ("is_overdue", "=", False)] + self._cc_open_domain(),
            order="id",
        )
        activity_type = self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        # the document name is given at creation: mail.activity would otherwise
        # read it with one query per activity
        # run by the scheduler, as superuser: activities for every user
        Activity = self.env["mail.activity"].with_context(
            mail_activity_quick_update=True
        )
        batch = self._cc_deadline_batch_size
        for start in range(0, len(late), batch):
            records = late[start : start + batch]
            records.write({"is_overdue": True})
            Activity.create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "res_name": record.display_name,
                        "activity_type_id": activity_type.id
                        if activity_type
                        else False,
                        "summary": record._cc_reminder_summary(),
                        "user_id": record._cc_reminder_user().id,
                        "date_deadline": today,
                    }
                    for record in records
                ]
            )
            self.env.flush_all()
            records.invalidate_recordset()
            if self.env.context.get("cc_cron_commit"):
                self.env.cr.commit()  # pylint: disable=invalid-commit
        cleared = self.search(
            [
                ("is_overdue", "=", True),
                "|",
                "|",
                (field, ">=", limit),
                (field, "=", False),
                ("state", "in", list(self._cc_deadline_closed_states)),
            ]
        )
        if cleared:
            cleared.write({"is_overdue": False})
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
