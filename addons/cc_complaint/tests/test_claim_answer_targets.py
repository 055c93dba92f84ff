from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimAnswerTargets(CcComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 8:00-12:00, 13:00-17:00 Monday to Friday, in China
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"

    def _registered_claim(self, day="2031-06-02 01:00:00", **vals):
        with freeze_time(day):
            claim = self._create_claim(**vals)
            claim.with_user(self.user_gm_office).action_register()
            claim.with_user(self.user_gm_office).write(
                {
                    "qa_user_id": self.user_qa.id,
                    "production_user_id": self.user_production.id,
                }
            )
            claim.with_user(self.user_gm_office).action_start_investigation()
        return claim

    def _settings(self, **values):
        settings = Form(self.env["res.config.settings"])
        for name, value in values.items():
            setattr(settings, name, value)
        settings.save().execute()

    def _qa_answers(self, claim):
        claim.with_user(self.user_qa).write(
            {"root_cause": "Plating thickness out of spec.", "claim_type": "quality"}
        )
        claim.with_user(self.user_qa).action_send_countermeasure()

    # ------------------------------------------------------------------
    # 1. The first-answer clock stops when the customer is answered
    # ------------------------------------------------------------------
    def test_customer_answer_stops_first_answer_clock(self):
        # general claims: answered within one working day, due Tuesday 06-03
        waiting = self._registered_claim()
        answered = self._registered_claim()
        self.assertEqual(waiting.answer_deadline, date(2031, 6, 3))
        with freeze_time("2031-06-03 03:00:00"):
            # QA finishes on time, the customer is not told yet
            self._qa_answers(waiting)
            self.assertEqual(waiting.first_answer_date, date(2031, 6, 3))
            # the other customer is answered while QA still investigates
            answered.with_user(self.user_sales).action_customer_answered()
            self.assertEqual(answered.state, "investigation")
        self.assertEqual(answered.customer_answered_date, datetime(2031, 6, 3, 3, 0, 0))
        self.assertFalse(answered.answer_overdue)
        with freeze_time("2031-06-05 02:00:00"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
        self.assertTrue(waiting.answer_overdue, "QA finishing does not answer")
        self.assertFalse(answered.answer_overdue)
        with freeze_time("2031-06-05 03:00:00"):
            waiting.with_user(self.user_sales).action_customer_answered()
        self.assertTrue(waiting.answer_overdue)
        self.assertEqual(waiting.answer_late_days, 2)
        with self.assertRaisesRegex(UserError, "answered already"):
            waiting.with_user(self.user_sales).action_customer_answered()
        draft = self._create_claim()
        with self.assertRaises(UserError):
            draft.with_user(self.user_sales).action_customer_answered()

    # ------------------------------------------------------------------
    # 2. Extensions through an approved request, at most 7 working days
    # ------------------------------------------------------------------
    def test_extension_needs_approval(self):
        claim = self._registered_claim()
        action = claim.with_user(self.user_sales).action_request_extension()
        self.assertEqual(action["res_model"], "cc.claim.extension")
        with freeze_time("2031-06-03 01:00:00"):
            request_form = Form(
                self.env["cc.claim.extension"]
                .with_user(self.user_sales)
                .with_context(**action["context"])
            )
            request_form.days = 2
            request_form.reason = "Samples reach the laboratory on Thursday."
            request = request_form.save()
        self.assertEqual(request.company_id, self.company)
        self.assertTrue(request.name.startswith("EXT/"))
        self.assertEqual(request.answer_deadline_after, date(2031, 6, 5))
        self.assertEqual(claim.answer_deadline, date(2031, 6, 3), "not approved yet")
        request.with_user(self.user_sales).request_validation()
        self.assertEqual(len(request.review_ids), 1)
        request.invalidate_recordset()
        self.assertFalse(request.with_user(self.user_sales).can_review)
        with self.assertRaises(UserError):
            request.with_user(self.user_sales).action_approve()
        self._review(request.with_user(self.user_gm_office), "validate")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.validation_status, "validated")
        self.assertEqual(claim.answer_extension_days, 2)
        self.assertEqual(claim.answer_deadline, date(2031, 6, 5))
        self.assertEqual(claim.extension_count, 1)
        # 1 + 2 granted + 5 > 7
        with self.assertRaisesRegex(ValidationError, "maximum of 7 working days"):
            self.env["cc.claim.extension"].with_user(self.user_sales).create(
                {"claim_id": claim.id, "days": 5, "reason": "More tests"}
            )
        # more than 7 at once is refused whatever the claim
        other = self._registered_claim()
        with self.assertRaisesRegex(ValidationError, "at most 6 more"):
            with Form(self.env["cc.claim.extension"].with_user(self.user_sales)) as f:
                f.claim_id = other
                f.days = 8
                f.reason = "Long tests"
        self.assertFalse(
            self.env["cc.claim.extension"].search_count([("claim_id", "=", other.id)])
        )
        # the claim field itself is not edited by hand
        with self.assertRaises(AccessError):
            claim.with_user(self.user_gm_office).answer_extension_days = 3

    def test_extension_rejected_keeps_deadline(self):
        claim = self._registered_claim()
        request = (
            self.env["cc.claim.extension"]
            .with_user(self.user_qa)
            .create({"claim_id": claim.id, "days": 1, "reason": "Lab busy"})
        )
        request.with_user(self.user_qa).request_validation()
        self._review(request.with_user(self.user_gm_office), "reject")
        self.assertEqual(request.validation_status, "rejected")
        self.assertEqual(request.state, "draft")
        self.assertEqual(claim.answer_deadline, date(2031, 6, 3))
        with self.assertRaises(UserError):
            request.with_user(self.user_gm_office).write({"state": "approved"})

    # ------------------------------------------------------------------
    # 3. Closure limits in working or calendar days
    # ------------------------------------------------------------------
    def test_closure_limit_unit_setting(self):
        self.assertEqual(self.company.cc_claim_close_days_unit, "working")
        working = self._registered_claim()
        # 15 working days from Monday 2031-06-02
        self.assertEqual(working.deadline, date(2031, 6, 23))
        self._settings(
            cc_claim_close_days_unit="calendar",
            cc_claim_close_days_domestic=13,
            cc_claim_close_days_foreign=17,
        )
        self.assertEqual(self.company.cc_claim_close_days_unit, "calendar")
        domestic = self._registered_claim()
        foreign = self._registered_claim(market="foreign")
        self.assertEqual(domestic.deadline, date(2031, 6, 15))  # a Sunday
        self.assertEqual(foreign.deadline, date(2031, 6, 19))
        self._settings(cc_claim_close_days_unit="working")
        back = self._registered_claim()
        self.assertEqual(back.deadline, date(2031, 6, 19))  # 13 working days

    # ------------------------------------------------------------------
    # 4. Reply in 2 working hours, plan in 24 hours
    # ------------------------------------------------------------------
    def test_reply_and_plan_targets_in_hours(self):
        # received Monday 16:30 in Shanghai (08:30 UTC)
        claim = self._registered_claim(day="2031-06-02 08:30:00")
        self.assertEqual(claim.received_at, datetime(2031, 6, 2, 8, 30))
        # half an hour on Monday, 1.5 h on Tuesday morning: 09:30 local
        self.assertEqual(claim.reply_deadline, datetime(2031, 6, 3, 1, 30))
        self.assertEqual(claim.plan_deadline, datetime(2031, 6, 3, 8, 30))
        on_time = self._registered_claim(day="2031-06-02 08:30:00")
        with freeze_time("2031-06-03 01:00:00"):
            on_time.with_user(self.user_sales).action_customer_answered()
            self.env["cc.claim"]._cron_cc_claim_deadlines()
        self.assertFalse(claim.reply_overdue)
        with freeze_time("2031-06-03 02:00:00"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
        self.assertTrue(claim.reply_overdue)
        self.assertFalse(claim.plan_overdue)
        self.assertFalse(on_time.reply_overdue)
        self.assertEqual(
            self.env["cc.claim"].search(
                [("reply_overdue", "=", True), ("id", "in", (claim + on_time).ids)]
            ),
            claim,
        )
        with freeze_time("2031-06-03 08:00:00"):
            on_time.with_user(self.user_sales).action_plan_sent()
        with freeze_time("2031-06-03 09:00:00"):
            # the plan answers the customer as well
            claim.with_user(self.user_sales).action_plan_sent()
            self.env["cc.claim"]._cron_cc_claim_deadlines()
        self.assertEqual(claim.customer_answered_date, datetime(2031, 6, 3, 9, 0))
        self.assertTrue(claim.reply_overdue)
        self.assertTrue(claim.plan_overdue)
        self.assertFalse(on_time.plan_overdue)
        with self.assertRaisesRegex(UserError, "sent already"):
            claim.with_user(self.user_sales).action_plan_sent()

    def test_hour_targets_settings(self):
        self._settings(cc_claim_reply_hours=4.0, cc_claim_plan_hours=48.0)
        claim = self._registered_claim(day="2031-06-02 01:00:00")  # 09:00 local
        self.assertEqual(claim.reply_deadline, datetime(2031, 6, 2, 6, 0))
        self.assertEqual(claim.plan_deadline, datetime(2031, 6, 4, 1, 0))
        with self.assertRaisesRegex(ValidationError, "cannot be shorter"):
            self.company.write({"cc_claim_plan_hours": 1.0})
        self.company.invalidate_recordset()
        with self.assertRaisesRegex(ValidationError, "greater than 0 hours"):
            self.company.write({"cc_claim_reply_hours": 0.0})
        draft = self._create_claim()
        self.assertFalse(draft.reply_deadline, "the clocks are set at registration")

    # ------------------------------------------------------------------
    # 5. Reminder slips and the routed timeliness review
    # ------------------------------------------------------------------
    def test_reminder_slip_from_cron(self):
        claim = self._registered_claim()
        with freeze_time("2031-06-05 02:00:00"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
            self.env["cc.claim"]._cron_cc_claim_deadlines()
        slip = claim.reminder_ids
        self.assertEqual(len(slip), 1, "one slip per overdue stage, once")
        self.assertEqual(slip.name, f"{claim.name}-01")
        self.assertEqual(slip.stage, "investigation")
        self.assertEqual(slip.department, "qa")
        self.assertEqual(slip.responsible_id, self.user_qa)
        self.assertEqual(slip.deadline, date(2031, 6, 3))
        self.assertEqual(slip.overdue_days, 2)
        self.assertEqual(slip.state, "open")
        # nothing left to remind: the button says so
        with freeze_time("2031-06-05 03:00:00"):
            with self.assertRaisesRegex(UserError, "no stage is overdue"):
                claim.with_user(self.user_gm_office).action_create_reminder_slips()
        # the department answers; others may not answer for it
        as_qa = slip.with_user(self.user_qa)
        with self.assertRaisesRegex(UserError, "Answer first"):
            as_qa.action_answer()
        slip.with_user(self.user_sales).answer = "Not mine"
        with self.assertRaises(AccessError):
            slip.with_user(self.user_sales).action_answer()
        with Form(as_qa) as slip_form:
            slip_form.answer = "Waiting for the customer's samples."
            slip_form.promised_date = date(2031, 6, 9)
        as_qa.action_answer()
        self.assertEqual(slip.state, "answered")
        self.assertEqual(slip.answered_by_id, self.user_qa)
        with self.assertRaises(AccessError):
            as_qa.action_close()
        slip.with_user(self.user_gm_office).action_close()
        self.assertEqual(slip.state, "closed")
        with self.assertRaises(UserError):
            slip.with_user(self.user_gm_office).write({"state": "open"})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("cc_complaint.report_cc_claim_reminder", slip.ids)[0]
            .decode()
        )
        self.assertIn(slip.name, html)
        self.assertIn("Waiting for the customer", html)

    def test_reminder_slip_button(self):
        claim = self._registered_claim()
        with freeze_time("2031-06-04 02:00:00"):
            with self.assertRaises(AccessError):
                claim.with_user(self.user_sales).action_create_reminder_slips()
            action = claim.with_user(self.user_gm_office).action_create_reminder_slips()
        slip = claim.reminder_ids
        self.assertEqual(action["res_id"], slip.id)
        self.assertEqual(slip.overdue_days, 1)
        self.assertEqual(slip.activity_ids.user_id, self.user_qa)
        self.assertEqual(claim.reminder_count, 1)
        # the register: the QA user finds their slip
        mine = (
            self.env["cc.claim.reminder"]
            .with_user(self.user_qa)
            .search([("responsible_id", "=", self.user_qa.id), ("state", "=", "open")])
        )
        self.assertEqual(mine, slip)

    def test_timeliness_review_routed_to_departments(self):
        claim = self._registered_claim()
        # QA late (due 06-03), production late (3 working days from 06-12)
        with freeze_time("2031-06-12 02:00:00"):
            claim.with_user(self.user_qa).write(
                {
                    "root_cause": "x",
                    "claim_type": "quality",
                    "responsibility_ids": [
                        (
                            0,
                            0,
                            {
                                "department_id": self.department_production.id,
                                "ratio": 100.0,
                            },
                        )
                    ],
                }
            )
            claim.with_user(self.user_qa).action_send_countermeasure()
        with freeze_time("2031-06-20 02:00:00"):
            claim.with_user(self.user_production).write({"countermeasure": "y"})
            claim.with_user(self.user_production).action_send_proposal()
            self._set_disposition(claim, "allowance", amount=100.0)
            claim.with_user(self.user_sales).action_submit_approval()
            self._approve_all(claim)
            claim.with_user(self.user_sales).action_customer_accept()
            claim.with_user(self.user_sales).action_done()
        review = claim.timeliness_review_ids
        self.assertEqual(len(review), 1)
        lines = review.department_ids
        self.assertEqual(sorted(lines.mapped("department")), ["production", "qa"])
        qa_line = lines.filtered(lambda d: d.department == "qa")
        production_line = lines - qa_line
        self.assertEqual(qa_line.responsible_id, self.user_qa)
        self.assertEqual(qa_line.overdue_days, 9)
        self.assertEqual(production_line.responsible_id, self.user_production)
        self.assertEqual(production_line.overdue_days, 3)
        self.assertEqual(
            review.activity_ids.user_id, self.user_qa | self.user_production
        )
        # each department answers for itself
        qa_line.with_user(self.user_production).answer = "Not ours"
        with self.assertRaises(AccessError):
            qa_line.with_user(self.user_production).action_answer()
        qa_line.with_user(self.user_qa).answer = "The lab was full that week."
        qa_line.with_user(self.user_qa).action_answer()
        self.assertEqual(qa_line.state, "answered")
        self.assertEqual(review.state, "open", "production has not answered")
        self.assertEqual(review.activity_ids.user_id, self.user_production)
        with self.assertRaisesRegex(UserError, "Answer first"):
            production_line.with_user(self.user_production).action_answer()
        production_line.with_user(self.user_production).answer = "Bath repair."
        production_line.with_user(self.user_production).action_answer()
        self.assertEqual(review.state, "answered")
        self.assertIn("The lab was full", review.reason)
        self.assertIn("Bath repair.", review.reason)
        self.assertFalse(review.activity_ids)
        review.with_user(self.user_gm_office).action_close()
        self.assertEqual(review.state, "closed")
