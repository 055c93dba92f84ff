from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .cc_claim import GM_OFFICE, CcClaim

ANSWER_STATES = (
    "registered",
    "investigation",
    "countermeasure",
    "proposal",
    "approval",
    "negotiation",
    "execution",
)


class CcClaimAnswer(models.Model):
    """Answer targets of a claim as the procedures write them.

    * the first answer (1/3 working days, extended by an approved request) is
      given when the customer is answered, not when QA finishes;
    * the customer is replied to within 2 working hours and given a plan
      within 24 hours of the complaint (顾客沟通管理程序 4.1.2.4);
    * overdue stages get a reminder slip for the department in charge.
    """

    _inherit = "cc.claim"

    _cc_tier_free_fields = CcClaim._cc_tier_free_fields | {
        "customer_answered_date",
        "plan_sent_date",
        "reply_overdue",
        "plan_overdue",
        "answer_overdue",
        "answer_extension_days",
    }

    received_at = fields.Datetime(
        string="Received On",
        default=fields.Datetime.now,
        copy=False,
        help="When the customer complained: the reply and plan clocks start here.",
    )
    customer_answered_date = fields.Datetime(
        string="Customer Answered On",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the customer was given the first answer: stops the reply and "
        "first-answer clocks.",
    )
    plan_sent_date = fields.Datetime(
        string="Plan Sent On",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the customer was given the solution plan (or, when a "
        "technical cause delays it, the progress of the handling).",
    )
    reply_deadline = fields.Datetime(
        string="Reply Due",
        compute="_compute_hour_deadlines",
        store=True,
        copy=False,
        help="Received on plus the working hours allowed for the reply (Settings); "
        "set at registration.",
    )
    plan_deadline = fields.Datetime(
        string="Plan Due",
        compute="_compute_hour_deadlines",
        store=True,
        copy=False,
        help="Received on plus the hours allowed for the plan (Settings); set at "
        "registration.",
    )
    reply_overdue = fields.Boolean(
        string="Reply Late",
        readonly=True,
        copy=False,
        help="The reply was given after its due time, or is still missing after it "
        "(deadline check).",
    )
    plan_overdue = fields.Boolean(
        string="Plan Late",
        readonly=True,
        copy=False,
        help="The plan was sent after its due time, or is still missing after it "
        "(deadline check).",
    )
    answer_overdue = fields.Boolean(
        string="First Answer Late",
        readonly=True,
        copy=False,
        help="The customer was answered after the first-answer due date, or is "
        "still waiting after it (deadline check).",
    )
    answer_late_days = fields.Integer(
        string="First Answer Late (days)",
        readonly=True,
        copy=False,
        help="Calendar days between the first-answer due date and the day the "
        "customer was answered.",
    )
    extension_ids = fields.One2many(
        "cc.claim.extension", "claim_id", string="Extension Requests"
    )
    extension_count = fields.Integer(compute="_compute_extension_count")
    reminder_ids = fields.One2many(
        "cc.claim.reminder", "claim_id", string="Reminder Slips"
    )
    reminder_count = fields.Integer(compute="_compute_reminder_count")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("received_at", "date_registered", "company_id")
    def _compute_hour_deadlines(self):
        for claim in self:
            if not claim.date_registered:
                claim.reply_deadline = claim.plan_deadline = False
                continue
            company = claim.company_id or self.env.company
            start = claim.received_at or claim.create_date or fields.Datetime.now()
            claim.reply_deadline = claim._cc_reply_deadline(start, company)
            claim.plan_deadline = start + timedelta(hours=company.cc_claim_plan_hours)

    def _cc_reply_deadline(self, start, company):
        """``start`` plus the reply's working hours on the company calendar.

        The attendances only, read already for the day deadlines: the reply
        costs registration no query (public holidays, which a two-hour target
        seldom crosses, are not looked up for it)."""
        calendar = company.resource_calendar_id
        hours = company.cc_claim_reply_hours
        planned = calendar and calendar.plan_hours(hours, start, compute_leaves=False)
        if planned:
            return planned.replace(microsecond=0)
        return self._cc_add_working_hours(start, hours, company)

    def _compute_extension_count(self):
        counts = dict(
            self.env["cc.claim.extension"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.extension_count = counts.get(claim, 0)

    def _compute_reminder_count(self):
        counts = dict(
            self.env["cc.claim.reminder"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.reminder_count = counts.get(claim, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_customer_answered(self):
        """The customer was given the first answer: the reply and first-answer
        clocks stop now, whichever department still works on the claim."""
        self._cc_check_state(ANSWER_STATES, _("Recording the answer to the customer"))
        answered = self.filtered("customer_answered_date")
        if answered:
            raise UserError(
                _(
                    "The customer of %(names)s was answered already.",
                    names=self._cc_names(answered),
                )
            )
        now = fields.Datetime.now()
        for claim in self:
            claim.write(claim._cc_answered_vals(now))
            claim.message_post(body=_("The customer was given the first answer."))
        return True

    def action_plan_sent(self):
        """The customer was given the solution plan (or its progress)."""
        self._cc_check_state(ANSWER_STATES, _("Recording the plan sent"))
        sent = self.filtered("plan_sent_date")
        if sent:
            raise UserError(
                _(
                    "The plan of %(names)s was sent already.",
                    names=self._cc_names(sent),
                )
            )
        now = fields.Datetime.now()
        for claim in self:
            vals = {
                "plan_sent_date": now,
                "plan_overdue": bool(claim.plan_deadline and now > claim.plan_deadline),
            }
            if not claim.customer_answered_date:
                # a plan answers the customer too
                vals.update(claim._cc_answered_vals(now))
            claim.write(vals)
            claim.message_post(body=_("The customer was given the solution plan."))
        return True

    def _cc_answered_vals(self, answered):
        """The answer's date and whether it came late, for the reply (working
        hours) and the first answer (working days, calendar days late)."""
        self.ensure_one()
        day = fields.Date.context_today(self, answered)
        late = (day - self.answer_deadline).days if self.answer_deadline else 0
        return {
            "customer_answered_date": answered,
            "reply_overdue": bool(
                self.reply_deadline and answered > self.reply_deadline
            ),
            "answer_overdue": late > 0,
            "answer_late_days": max(late, 0),
        }

    def action_request_extension(self):
        self.ensure_one()
        self._cc_check_state(ANSWER_STATES, _("Requesting an extension"))
        return {
            "type": "ir.actions.act_window",
            "name": _("Extension Request"),
            "res_model": "cc.claim.extension",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_claim_id": self.id},
        }

    def action_create_reminder_slips(self):
        """Reminder slips for the claim's overdue open stages (GM office)."""
        self._cc_check_groups(GM_OFFICE, _("Issuing a reminder slip"))
        today = fields.Date.context_today(self)
        logs = (
            self.env["cc.claim.stage.log"]
            .sudo()
            .search(
                [
                    ("claim_id", "in", self.ids),
                    ("date_out", "=", False),
                    ("deadline", "<", today),
                    ("reminder_ids", "=", False),
                ]
            )
        )
        if not logs:
            raise UserError(
                _(
                    "%(names)s: no stage is overdue without a reminder slip.",
                    names=self._cc_names(self),
                )
            )
        slips = self.env["cc.claim.reminder"]._create_for_stage_logs(logs, today)
        for slip in slips:
            if slip.responsible_id:
                slip.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=slip.responsible_id.id,
                    summary=_("Answer reminder slip %(name)s", name=slip.name),
                    date_deadline=today,
                )
        return self._cc_action_view(slips, "cc_complaint.cc_claim_reminder_action")

    def action_view_extensions(self):
        return self._cc_action_view(
            self.extension_ids, "cc_complaint.cc_claim_extension_action"
        )

    def action_view_reminders(self):
        return self._cc_action_view(
            self.reminder_ids, "cc_complaint.cc_claim_reminder_action"
        )

    # ------------------------------------------------------------------
    # Deadlines
    # ------------------------------------------------------------------
    def _cc_compute_closure_deadline(self):
        self.ensure_one()
        company = self.company_id
        if company.cc_claim_close_days_unit != "calendar":
            return super()._cc_compute_closure_deadline()
        days = (
            company.cc_claim_close_days_foreign
            if self.market == "foreign"
            else company.cc_claim_close_days_domestic
        )
        return self.date_registered + timedelta(days=days)

    @api.model
    def _cron_cc_claim_deadlines(self, today=None):
        """Also flag the missing answers (reply, plan, first answer) and issue a
        reminder slip for each newly overdue stage."""
        today = today or fields.Date.context_today(self)
        res = super()._cron_cc_claim_deadlines(today=today)
        self._cc_flag_missing_answers(today)
        self._cc_issue_reminder_slips(today)
        return res

    @api.model
    def _cc_flag_missing_answers(self, today):
        now = fields.Datetime.now()
        open_domain = [("state", "in", ANSWER_STATES)]
        checks = (
            ("reply_overdue", "reply_deadline", "customer_answered_date", now),
            ("plan_overdue", "plan_deadline", "plan_sent_date", now),
            ("answer_overdue", "answer_deadline", "customer_answered_date", today),
        )
        Claim = self.with_context(tracking_disable=True)
        for flag, deadline, done, limit in checks:
            late = Claim.search(
                open_domain
                + [(deadline, "<", limit), (done, "=", False), (flag, "=", False)]
            )
            if late:
                late.write({flag: True})
            # still unanswered but due later again (an extension was approved)
            cleared = Claim.search(
                [(flag, "=", True), (done, "=", False), (deadline, ">=", limit)]
            )
            if cleared:
                cleared.write({flag: False})

    @api.model
    def _cc_issue_reminder_slips(self, today):
        Log = self.env["cc.claim.stage.log"]
        Log.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT log.id FROM cc_claim_stage_log log "
                "WHERE log.date_out IS NULL AND log.deadline < %(today)s "
                "AND NOT EXISTS (SELECT 1 FROM cc_claim_reminder r "
                "WHERE r.stage_log_id = log.id) ORDER BY log.id",
                today=today,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.env["cc.claim.reminder"]._create_for_stage_logs(
                Log.sudo().browse(ids), today
            )
