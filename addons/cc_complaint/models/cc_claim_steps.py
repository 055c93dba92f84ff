"""The claim's answer targets and the GM office's steps, as the procedures
write them.

* the first answer (1/3 working days, extended by an approved request) is
  given when the customer is answered, not when QA finishes; the customer is
  replied to within 2 working hours and given a plan within 24 hours
  (顾客沟通管理程序 4.1.2.4); overdue stages get a reminder slip;
* QA reports within 3 working days of registration and the GM instructs; the
  GM office gives its comprehensive opinion within one working day of the
  sales proposal; the sales supervisor reviews the negotiation result
  (篇4 第九条 (二)–(五));
* serious claims need a decision of the management meeting
  (篇1 第十一条(二));
* the claim's joint site inspections (会勘), objection memos (签呈) and the
  abnormality slip of a complaint without loss (异常处理单).
"""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html2plaintext

from .cc_claim import GM_OFFICE, CcClaim
from .cc_claim_meeting import MEETING_SEVERITIES

ANSWER_STATES = (
    "registered",
    "investigation",
    "countermeasure",
    "proposal",
    "approval",
    "negotiation",
    "execution",
)
QA_REPORT_GROUPS = (
    "cc_complaint.group_cc_complaint_qa,cc_complaint.group_cc_complaint_gm_office"
)
GM = "cc_complaint.group_cc_complaint_gm"
SALES = "cc_complaint.group_cc_complaint_user"
MANAGER = "cc_complaint.group_cc_complaint_manager"
# states where the QA report may be sent / the GM instruct
QA_REPORT_STATES = (
    "investigation",
    "countermeasure",
    "proposal",
    "approval",
    "negotiation",
    "execution",
)
NEGOTIATION_STATES = ("negotiation", "execution")
GM_STEP_FIELDS = {
    "qa_report",
    "qa_report_date",
    "qa_report_user_id",
    "qa_report_overdue",
    "gm_instruction",
    "gm_instruction_date",
    "gm_instruction_user_id",
    "gm_office_opinion",
    "gm_office_opinion_deadline",
    "gm_office_opinion_date",
    "gm_office_opinion_user_id",
    "gm_office_opinion_overdue",
    "negotiation_result",
    "negotiation_submitted_date",
    "negotiation_reviewed_by_id",
    "negotiation_review_date",
}


class CcClaimSteps(models.Model):
    """Answer targets, GM steps, management meeting and case documents of a
    claim."""

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
        "cc.claim.reminder",
        "claim_id",
        string="Reminder Slips",
        # the roles opening a claim without customer-service rights (accounting,
        # warehouse) do not read the slips
        groups="cc_customer_comm.group_cc_user",
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
        # a count only, on a form every role of the claim opens (accounting,
        # warehouse): the documents themselves stay behind their own rights
        counts = dict(
            self.env["cc.claim.extension"]
            .sudo()
            ._read_group([("claim_id", "in", self.ids)], ["claim_id"], ["__count"])
        )
        for claim in self:
            claim.extension_count = counts.get(claim, 0)

    def _compute_reminder_count(self):
        # a count only, on a form every role of the claim opens (accounting,
        # warehouse): the documents themselves stay behind their own rights
        counts = dict(
            self.env["cc.claim.reminder"]
            .sudo()
            ._read_group([("claim_id", "in", self.ids)], ["claim_id"], ["__count"])
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
        # sudo: the stage logs are read-only to the GM office; they go to
        # _create_for_stage_logs, which makes the slips as superuser
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
    def _cc_claim_deadline_followups(self, today):
        """Also flag the missing answers (reply, plan, first answer), issue a
        reminder slip for each newly overdue stage and flag the late QA
        reports and GM office opinions; each step one bounded batch."""
        done, remaining = super()._cc_claim_deadline_followups(today)
        for step in (self._cc_flag_missing_answers, self._cc_issue_reminder_slips):
            step_done, step_remaining = step(today)
            done += step_done
            remaining += step_remaining
        self._cc_mark_gm_steps_overdue(today)
        return done, remaining

    def _cc_missing_answer_checks(self, today):
        """``(flag, late domain, cleared domain)`` per missing answer."""
        now = fields.Datetime.now()
        open_domain = [("state", "in", ANSWER_STATES)]
        checks = (
            ("reply_overdue", "reply_deadline", "customer_answered_date", now),
            ("plan_overdue", "plan_deadline", "plan_sent_date", now),
            ("answer_overdue", "answer_deadline", "customer_answered_date", today),
        )
        return [
            (
                flag,
                open_domain
                + [(deadline, "<", limit), (done, "=", False), (flag, "=", False)],
                # still unanswered but due later again (an extension was approved)
                [(flag, "=", True), (done, "=", False), (deadline, ">=", limit)],
            )
            for flag, deadline, done, limit in checks
        ]

    @api.model
    def _cc_flag_missing_answers(self, today):
        """One bounded batch of claims per flag set or cleared; returns
        ``(done, remaining)``."""
        Claim = self.with_context(tracking_disable=True)
        size = self._cc_cron_batch_limit()
        done = remaining = 0
        for flag, late_domain, cleared_domain in self._cc_missing_answer_checks(today):
            for domain, value in ((late_domain, True), (cleared_domain, False)):
                claims = Claim._cc_cron_take_batch(domain, limit=size)
                if claims:
                    claims.write({flag: value})
                    done += len(claims)
                    claims.flush_recordset([flag])
                    remaining += Claim.search_count(domain)
        return done, remaining

    @api.model
    def _cc_issue_reminder_slips(self, today):
        """One slip per newly overdue open stage log, one bounded batch of
        stage logs per call; returns ``(done, remaining)``."""
        domain = [
            ("date_out", "=", False),
            ("deadline", "<", today),
            # sudo below: every slip counts, whoever may read them
            ("reminder_ids", "=", False),
        ]
        # sudo: the cron's overdue stage logs of any department; the slips are
        # made as superuser
        batcher = self.env["cc.cron.batch.mixin"].sudo()
        logs = batcher._cc_cron_take_batch(
            domain, limit=self._cc_cron_batch_limit(), model="cc.claim.stage.log"
        )
        if not logs:
            return 0, 0
        self.env["cc.claim.reminder"]._create_for_stage_logs(logs, today)
        self.env.flush_all()
        return len(logs), logs.search_count(domain)

    # GM instruction, GM office opinion, negotiation review

    # QA report → GM instruction
    qa_report = fields.Text(
        string="QA Report",
        copy=False,
        tracking=True,
        help="QA's report of the investigation for the GM's instruction.",
    )
    qa_report_deadline = fields.Date(
        string="QA Report Due",
        readonly=True,
        copy=False,
        help="Registration date plus the QA report working days in Settings, "
        "set when the claim is sent to QA.",
    )
    qa_report_date = fields.Date(
        string="QA Report Sent", readonly=True, copy=False, tracking=True
    )
    qa_report_user_id = fields.Many2one(
        "res.users", string="QA Report Sent by", readonly=True, copy=False
    )
    qa_report_overdue = fields.Boolean(
        string="QA Report Late",
        readonly=True,
        copy=False,
        index=True,
        help="The QA report was sent after its due date, or is still missing "
        "after it.",
    )
    gm_instruction = fields.Text(string="GM Instruction", copy=False, tracking=True)
    gm_instruction_date = fields.Date(
        string="GM Instruction Date", readonly=True, copy=False, tracking=True
    )
    gm_instruction_user_id = fields.Many2one(
        "res.users", string="Instructed by", readonly=True, copy=False
    )
    gm_step = fields.Selection(
        [
            ("qa_report", "QA Report Due"),
            ("gm_instruction", "Awaiting GM Instruction"),
            ("instructed", "Instructed"),
        ],
        string="GM Instruction Step",
        compute="_compute_gm_step",
        store=True,
    )
    # GM office comprehensive opinion (the text field is the claim's own)
    gm_office_opinion_deadline = fields.Date(
        string="GM Office Opinion Due", readonly=True, copy=False, tracking=True
    )
    gm_office_opinion_date = fields.Date(
        string="GM Office Opinion Given", readonly=True, copy=False, tracking=True
    )
    gm_office_opinion_user_id = fields.Many2one(
        "res.users", string="Opinion by", readonly=True, copy=False
    )
    gm_office_opinion_overdue = fields.Boolean(
        string="GM Office Opinion Late", readonly=True, copy=False, index=True
    )
    # Negotiation result reviewed by the sales supervisor
    negotiation_result = fields.Text(
        copy=False,
        tracking=True,
        help="What was agreed with the customer, for the sales supervisor's review.",
    )
    negotiation_reviewer_id = fields.Many2one(
        "res.users",
        string="Sales Supervisor",
        compute="_compute_negotiation_reviewer_id",
        help="The leader of the claim's sales team, else of the salesperson's team.",
    )
    negotiation_submitted_date = fields.Date(
        string="Result Submitted", readonly=True, copy=False, tracking=True
    )
    negotiation_reviewed_by_id = fields.Many2one(
        "res.users",
        string="Result Reviewed by",
        readonly=True,
        copy=False,
        tracking=True,
    )
    negotiation_review_date = fields.Date(
        string="Result Reviewed", readonly=True, copy=False
    )
    negotiation_review_state = fields.Selection(
        [
            ("draft", "To Submit"),
            ("submitted", "To Review"),
            ("approved", "Approved"),
        ],
        compute="_compute_negotiation_review_state",
        store=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("date_registered", "qa_report_date", "gm_instruction_date")
    def _compute_gm_step(self):
        for claim in self:
            if claim.gm_instruction_date:
                claim.gm_step = "instructed"
            elif claim.qa_report_date:
                claim.gm_step = "gm_instruction"
            elif claim.date_registered:
                claim.gm_step = "qa_report"
            else:
                claim.gm_step = False

    @api.depends("team_id.user_id", "user_id.sale_team_id.user_id")
    def _compute_negotiation_reviewer_id(self):
        for claim in self:
            claim.negotiation_reviewer_id = (
                claim.team_id.user_id or claim.user_id.sale_team_id.user_id
            )

    @api.depends("negotiation_submitted_date", "negotiation_review_date")
    def _compute_negotiation_review_state(self):
        for claim in self:
            if claim.negotiation_review_date:
                claim.negotiation_review_state = "approved"
            elif claim.negotiation_submitted_date:
                claim.negotiation_review_state = "submitted"
            else:
                claim.negotiation_review_state = "draft"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if not self.env.su:
            if "qa_report" in vals and not self._cc_user_in(QA_REPORT_GROUPS):
                raise AccessError(_("Only QA or the GM office write the QA Report."))
            if "gm_instruction" in vals and not self._cc_user_in(GM):
                raise AccessError(_("Only the GM writes the GM Instruction."))
        return super().write(vals)

    def _cc_user_in(self, groups):
        return any(self.env.user.has_group(xmlid) for xmlid in groups.split(","))

    # ------------------------------------------------------------------
    # Tier validation: the steps are written while the claim is approved
    # ------------------------------------------------------------------
    def _get_under_validation_exceptions(self):
        return list(set(super()._get_under_validation_exceptions()) | GM_STEP_FIELDS)

    # ------------------------------------------------------------------
    # QA report and GM instruction
    # ------------------------------------------------------------------
    def action_start_investigation(self):
        # QA's report is due a number of working days after registration
        for claim in self.filtered("date_registered"):
            claim.qa_report_deadline = claim._cc_add_working_days(
                claim.date_registered,
                claim.company_id.cc_claim_qa_report_days,
                claim.company_id,
            )
        return super().action_start_investigation()

    def action_send_qa_report(self):
        """QA: send the report to the GM, who is asked for an instruction."""
        self._cc_check_groups(QA_REPORT_GROUPS, _("Sending the QA report"))
        self._cc_check_state(QA_REPORT_STATES, _("Sending the QA report"))
        today = fields.Date.context_today(self)
        for claim in self:
            if not (claim.qa_report or "").strip():
                raise UserError(
                    _(
                        "Claim %(name)s: write the QA Report before sending it to "
                        "the GM.",
                        name=claim.name,
                    )
                )
            if claim.qa_report_date:
                raise UserError(
                    _(
                        "Claim %(name)s: the QA report was already sent on %(date)s.",
                        name=claim.name,
                        date=claim.qa_report_date,
                    )
                )
        for claim in self:
            claim.write(
                {
                    "qa_report_date": today,
                    "qa_report_user_id": self.env.uid,
                    "qa_report_overdue": bool(
                        claim.qa_report_deadline and today > claim.qa_report_deadline
                    ),
                }
            )
            claim._cc_schedule_gm_instruction()
        return True

    def _cc_gm_users(self):
        self.ensure_one()
        group = self.env.ref(GM, raise_if_not_found=False)
        if not group:
            return self.env["res.users"]
        # sudo: the QA user sending the report may not read the GM group's users
        return group.sudo().users.filtered(
            lambda u: self.company_id in u.company_ids and not u.share
        )

    def _cc_schedule_gm_instruction(self):
        """One activity per GM; the GM office follows up when nobody is GM."""
        self.ensure_one()
        users = self._cc_gm_users() or self.registered_by_id or self.env.user
        summary = _("GM instruction on the QA report")
        # the GM may not be able to schedule on the claim themselves; the
        # activity is made by the sender, who may not read the GM's records
        for user in users:
            self.sudo().activity_schedule(
                "cc_complaint.mail_activity_cc_claim_gm_instruction",
                date_deadline=fields.Date.context_today(self),
                summary=summary,
                note=self.qa_report,
                user_id=user.id,
            )

    def action_gm_instruct(self):
        """GM: record the instruction on the QA report."""
        self._cc_check_groups(GM, _("Recording the GM instruction"))
        for claim in self:
            if not claim.qa_report_date:
                raise UserError(
                    _(
                        "Claim %(name)s: QA has not sent its report yet.",
                        name=claim.name,
                    )
                )
            if not (claim.gm_instruction or "").strip():
                raise UserError(
                    _(
                        "Claim %(name)s: write the GM Instruction first.",
                        name=claim.name,
                    )
                )
        self.write(
            {
                "gm_instruction_date": fields.Date.context_today(self),
                "gm_instruction_user_id": self.env.uid,
            }
        )
        # sudo: the GM marks done the instruction activities of every GM, not
        # only their own
        self.sudo().activity_feedback(
            ["cc_complaint.mail_activity_cc_claim_gm_instruction"],
            feedback=_("Instruction given by %(user)s.", user=self.env.user.name),
        )
        return True

    # ------------------------------------------------------------------
    # GM office comprehensive opinion
    # ------------------------------------------------------------------
    def action_submit_approval(self):
        # the proposal reaches the GM office: its opinion is due
        today = fields.Date.context_today(self)
        for claim in self.filtered(lambda c: c.state == "proposal"):
            claim.write(
                {
                    "gm_office_opinion_deadline": claim._cc_add_working_days(
                        today,
                        claim.company_id.cc_claim_gm_opinion_days,
                        claim.company_id,
                    ),
                    "gm_office_opinion_date": False,
                    "gm_office_opinion_overdue": False,
                }
            )
        return super().action_submit_approval()

    def action_give_gm_office_opinion(self):
        """GM office: the comprehensive opinion on the sales proposal."""
        self._cc_check_groups(GM_OFFICE, _("Giving the comprehensive opinion"))
        self._cc_check_state(
            ("approval", "negotiation"), _("Giving the comprehensive opinion")
        )
        today = fields.Date.context_today(self)
        for claim in self:
            if not (claim.gm_office_opinion or "").strip():
                raise UserError(
                    _(
                        "Claim %(name)s: write the GM Office Overall Opinion first.",
                        name=claim.name,
                    )
                )
        for claim in self:
            deadline = claim.gm_office_opinion_deadline
            claim.write(
                {
                    "gm_office_opinion_date": today,
                    "gm_office_opinion_user_id": self.env.uid,
                    "gm_office_opinion_overdue": bool(deadline and today > deadline),
                }
            )
        return True

    # ------------------------------------------------------------------
    # Negotiation result reviewed by the sales supervisor
    # ------------------------------------------------------------------
    def action_submit_negotiation_result(self):
        """Sales: the negotiation result goes to the sales supervisor."""
        self._cc_check_groups(SALES, _("Submitting the negotiation result"))
        self._cc_check_state(NEGOTIATION_STATES, _("Submitting the negotiation result"))
        for claim in self:
            if not (claim.negotiation_result or "").strip():
                raise UserError(
                    _(
                        "Claim %(name)s: write the Negotiation Result first.",
                        name=claim.name,
                    )
                )
            if not claim.negotiation_reviewer_id:
                raise UserError(
                    _(
                        "Claim %(name)s: no sales supervisor to review the result; "
                        "set a Sales Team with a team leader.",
                        name=claim.name,
                    )
                )
        self.write(
            {
                "negotiation_submitted_date": fields.Date.context_today(self),
                "negotiation_reviewed_by_id": False,
                "negotiation_review_date": False,
            }
        )
        for claim in self:
            # sudo: the salesperson schedules the review activity for their
            # supervisor, another user
            claim.sudo().activity_schedule(
                "cc_complaint.mail_activity_cc_claim_negotiation_review",
                summary=_("Review the negotiation result"),
                note=claim.negotiation_result,
                user_id=claim.negotiation_reviewer_id.id,
            )
        return True

    def _cc_check_negotiation_reviewer(self):
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        for claim in self:
            if claim.negotiation_reviewer_id != self.env.user:
                raise AccessError(
                    _(
                        "Claim %(name)s: only the sales supervisor %(reviewer)s "
                        "reviews the negotiation result.",
                        name=claim.name,
                        reviewer=claim.negotiation_reviewer_id.name or "-",
                    )
                )

    def action_approve_negotiation_result(self):
        """Sales supervisor: approve the negotiation result."""
        self._cc_check_negotiation_reviewer()
        for claim in self:
            if claim.negotiation_review_state != "submitted":
                raise UserError(
                    _(
                        "Claim %(name)s: the negotiation result is not submitted "
                        "for review.",
                        name=claim.name,
                    )
                )
        self.write(
            {
                "negotiation_reviewed_by_id": self.env.uid,
                "negotiation_review_date": fields.Date.context_today(self),
            }
        )
        # sudo: the supervisor may not write the salesperson's claim; the review
        # activity is marked done for them
        self.sudo().activity_feedback(
            ["cc_complaint.mail_activity_cc_claim_negotiation_review"]
        )
        return True

    def action_return_negotiation_result(self):
        """Sales supervisor: send the result back to the salesperson."""
        self._cc_check_negotiation_reviewer()
        self.write({"negotiation_submitted_date": False})
        # sudo: the supervisor may not write the salesperson's claim; the review
        # activity is removed for them
        self.sudo().activity_unlink(
            ["cc_complaint.mail_activity_cc_claim_negotiation_review"]
        )
        for claim in self:
            claim.message_post(
                body=_(
                    "Negotiation result returned by %(user)s for rework.",
                    user=self.env.user.name,
                ),
                partner_ids=claim.user_id.partner_id.ids,
            )
        return True

    def _cc_negotiation_review_missing(self):
        self.ensure_one()
        return (
            self.company_id.cc_claim_negotiation_review
            and self.customer_response == "accept"
            and self.negotiation_review_state != "approved"
        )

    def _cc_check_executing(self, action):
        res = super()._cc_check_executing(action)
        for claim in self:
            if claim._cc_negotiation_review_missing():
                raise UserError(
                    _(
                        "Claim %(name)s: the sales supervisor must approve the "
                        "negotiation result first.",
                        name=claim.name,
                    )
                )
        return res

    # ------------------------------------------------------------------
    # Daily check
    # ------------------------------------------------------------------

    @api.model
    def _cc_mark_gm_steps_overdue(self, today):
        """Flag the QA reports and GM office opinions past due: two updates,
        whatever the number of claims (bookkeeping flags, not tracked)."""
        self.flush_model(
            [
                "state",
                "qa_report_date",
                "qa_report_deadline",
                "qa_report_overdue",
                "gm_office_opinion_date",
                "gm_office_opinion_deadline",
                "gm_office_opinion_overdue",
            ]
        )
        closed = tuple(self._cc_deadline_closed_states)
        self.env.cr.execute(
            SQL(
                "UPDATE cc_claim SET qa_report_overdue = TRUE "
                "WHERE qa_report_date IS NULL AND qa_report_deadline < %(today)s "
                "AND qa_report_overdue IS NOT TRUE AND state NOT IN %(closed)s",
                today=today,
                closed=closed,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE cc_claim SET gm_office_opinion_overdue = TRUE "
                "WHERE gm_office_opinion_date IS NULL "
                "AND gm_office_opinion_deadline < %(today)s "
                "AND gm_office_opinion_overdue IS NOT TRUE "
                "AND state NOT IN %(closed)s",
                today=today,
                closed=closed,
            )
        )
        self.invalidate_model(["qa_report_overdue", "gm_office_opinion_overdue"])
        return True

    # management meeting

    meeting_decision_ids = fields.One2many(
        "cc.claim.meeting.decision",
        "claim_id",
        string="Management Meeting Decisions",
        readonly=True,
    )
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    needs_meeting = fields.Boolean(
        string="Needs Management Meeting",
        compute="_compute_needs_meeting",
        help="Serious claims (per Settings) are decided by the management meeting.",
    )

    @api.depends("meeting_decision_ids")
    def _compute_meeting_count(self):
        for claim in self:
            claim.meeting_count = len(claim.meeting_decision_ids.meeting_id)

    @api.depends("severity", "company_id.cc_claim_meeting_severity")
    def _compute_needs_meeting(self):
        for claim in self:
            setting = claim.company_id.cc_claim_meeting_severity or "major"
            claim.needs_meeting = claim.severity in MEETING_SEVERITIES[setting]

    def action_view_meetings(self):
        self.ensure_one()
        return self.meeting_decision_ids.meeting_id._get_records_action(
            name=_("Management Meetings")
        )

    def _cc_close_problems(self):
        problems = super()._cc_close_problems()
        if self._cc_negotiation_review_missing():
            problems.append(
                _("the sales supervisor has not approved the negotiation result")
            )
        # sudo: an existence check only, whatever the closer's rights on meetings
        if self.needs_meeting and not self.sudo().meeting_decision_ids.filtered(
            lambda d: d.meeting_state == "held" and d.decision
        ):
            problems.append(
                _(
                    "a %(severity)s claim needs a decision of the management "
                    "meeting",
                    severity=dict(
                        self._fields["severity"]._description_selection(self.env)
                    )[self.severity],
                )
            )
        return problems

    # joint site inspections, objection memos, abnormality slips

    site_inspection_ids = fields.One2many(
        "cc.claim.site.inspection", "claim_id", string="Site Inspections"
    )
    # counts read by every role opening the claim (accounting, warehouse)
    site_inspection_count = fields.Integer(
        compute="_compute_case_document_counts", compute_sudo=True
    )
    objection_ids = fields.One2many(
        "cc.claim.objection", "claim_id", string="Objection Memos"
    )
    objection_count = fields.Integer(
        compute="_compute_case_document_counts", compute_sudo=True
    )
    abnormality_id = fields.Many2one(
        "cc.claim.abnormality",
        string="Abnormality Slip",
        compute="_compute_abnormality_id",
        compute_sudo=True,
    )

    @api.depends("site_inspection_ids", "objection_ids")
    def _compute_case_document_counts(self):
        for claim in self:
            claim.site_inspection_count = len(claim.site_inspection_ids)
            claim.objection_count = len(claim.objection_ids)

    def _compute_abnormality_id(self):
        slips = self.env["cc.claim.abnormality"].search(
            [("claim_id", "in", self.ids)], order="id desc"
        )
        by_claim = {}
        for slip in slips:
            by_claim.setdefault(slip.claim_id.id, slip)
        for claim in self:
            claim.abnormality_id = by_claim.get(
                claim.id, self.env["cc.claim.abnormality"]
            )

    def action_handle_as_abnormality(self):
        """No loss (篇4 第三条): the draft claim becomes an abnormality slip
        sent to the department concerned; the claim is cancelled."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                _(
                    "Claim %(name)s: only a draft claim can be handled as an "
                    "abnormality slip; once registered it follows the claim "
                    "procedure.",
                    name=self.display_name,
                )
            )
        line = self.line_ids[:1]
        slip = self.env["cc.claim.abnormality"].create(
            {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id or self.env.user.id,
                "date": self.date_claim,
                "product_id": line.product_id.id,
                "description": self.customer_summary
                or (self.description and html2plaintext(self.description))
                or self.display_name,
                "claim_id": self.id,
            }
        )
        self.action_cancel()
        self.message_post(
            body=_(
                "No loss: handled as abnormality slip %(slip)s.",
                slip=slip._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.claim.abnormality",
            "res_id": slip.id,
            "view_mode": "form",
            "name": slip.display_name,
        }

    def action_view_site_inspections(self):
        self.ensure_one()
        action = self._cc_action_view(
            self.site_inspection_ids, "cc_complaint.cc_claim_site_inspection_action"
        )
        action["context"] = {"default_claim_id": self.id}
        return action

    def action_view_objections(self):
        self.ensure_one()
        action = self._cc_action_view(
            self.objection_ids, "cc_complaint.cc_claim_objection_action"
        )
        action["context"] = {"default_claim_id": self.id}
        return action

    def action_view_abnormality(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.claim.abnormality",
            "res_id": self.abnormality_id.id,
            "view_mode": "form",
            "name": self.abnormality_id.display_name,
        }
