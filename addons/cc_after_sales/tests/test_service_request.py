from email.message import EmailMessage

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_service import AfterSalesCommon


@tagged("post_install", "-at_install")
class TestServiceRequestChannels(AfterSalesCommon):
    def test_mail_to_service_alias_creates_request_with_attachment(self):
        domain = self.env["mail.alias.domain"].create(
            {"name": "huaxin-service.example.com"}
        )
        alias = self.env.ref("cc_after_sales.mail_alias_service_request")
        alias.alias_domain_id = domain
        self.assertEqual(alias.alias_name, "service")
        message = EmailMessage()
        message["From"] = "Li Wei <li.wei@huaxin.example.com>"
        message["To"] = "service@huaxin-service.example.com"
        message["Subject"] = "Spectrometer SX1-0001 drifts"
        message["Message-Id"] = "<sx1-drift-1@huaxin.example.com>"
        message.set_content("The baseline drifts after one hour.")
        message.add_attachment(
            b"\x89PNG\r\n\x1a\nfake",
            maintype="image",
            subtype="png",
            filename="drift.png",
        )
        res_id = self.env["mail.thread"].message_process(False, message.as_string())
        request = self.env["cc.service.request"].browse(res_id)
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.partner_id, self.contact)
        self.assertEqual(request.commercial_partner_id, self.customer)
        self.assertEqual(request.state, "new")
        self.assertIn("baseline drifts", request.description)
        self.assertTrue(request.response_deadline)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "cc.service.request"), ("res_id", "=", request.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["drift.png"])
        # the engineer who takes it becomes responsible and dispatches
        request.with_user(self.engineer).write({"lot_id": self.lot.id})
        request.with_user(self.engineer).action_acknowledge()
        self.assertEqual(request.user_id, self.engineer)
        dispatch = self._dispatch(request)
        self.assertEqual(dispatch.cc_lot_ids, self.lot)

    def test_mail_from_unknown_sender_creates_the_customer(self):
        message = EmailMessage()
        message["From"] = "Zhang San <zhang@newcustomer.example.com>"
        message["To"] = "service@example.com"
        message["Subject"] = "Need commissioning"
        message["Message-Id"] = "<new-1@newcustomer.example.com>"
        message.set_content("Please commission our new unit.")
        res_id = self.env["mail.thread"].message_process(
            "cc.service.request", message.as_string()
        )
        request = self.env["cc.service.request"].browse(res_id)
        self.assertEqual(request.partner_id.email, "zhang@newcustomer.example.com")
        self.assertEqual(request.channel, "email")


@tagged("post_install", "-at_install")
class TestServiceRequestDeadlines(AfterSalesCommon):
    """Response targets in working hours: Shanghai calendar 08-12 / 13-17
    Monday to Friday; Friday 4 December 2026 15:00 local is 07:00 UTC."""

    def _friday_request(self, level="general"):
        with freeze_time(self.local(2026, 12, 4, 15, 0)):
            return self._new_request(level=level)

    def test_general_friday_afternoon_due_monday(self):
        request = self._friday_request()
        self.assertEqual(request.date_request, self.local(2026, 12, 4, 15, 0))
        self.assertEqual(request.response_deadline, self.local(2026, 12, 7, 10, 0))
        self.assertEqual(str(request.response_deadline), "2026-12-07 02:00:00")

    def test_holiday_monday_moves_it_to_tuesday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": self.local(2026, 12, 7, 0, 0),
                "date_to": self.local(2026, 12, 7, 23, 59),
            }
        )
        request = self._friday_request()
        self.assertEqual(request.response_deadline, self.local(2026, 12, 8, 10, 0))

    def test_levels(self):
        simple = self._friday_request("simple")
        self.assertEqual(simple.response_deadline, self.local(2026, 12, 4, 15, 0))
        complex_ = self._friday_request("complex")
        self.assertEqual(complex_.response_deadline, self.local(2026, 12, 7, 15, 0))

    def test_deadline_frozen_once_acknowledged(self):
        request = self._friday_request()
        due = request.response_deadline
        with freeze_time(self.local(2026, 12, 7, 9, 0)):
            request.with_user(self.engineer).action_acknowledge()
        self.assertTrue(request.responded_in_time)
        request.with_user(self.engineer).level = "complex"
        request.with_user(self.engineer).date_request = self.local(2026, 12, 7, 8, 0)
        self.assertEqual(request.response_deadline, due)
        self.assertTrue(request.responded_in_time)

    def test_late_answer_is_not_in_time(self):
        request = self._friday_request()
        with freeze_time(self.local(2026, 12, 7, 10, 30)):
            request.with_user(self.engineer).action_acknowledge()
        self.assertEqual(request.responded_on, self.local(2026, 12, 7, 10, 30))
        self.assertFalse(request.responded_in_time)

    def test_cron_flags_reminds_and_digests(self):
        request = self._friday_request()
        on_time = self._friday_request("complex")
        Request = self.env["cc.service.request"]
        todo = self.env.ref("mail.mail_activity_data_todo")

        def reminders(record):
            return record.activity_ids.filtered(lambda a: a.activity_type_id == todo)

        def digests():
            # requests of the demo data may be late too: the digests that
            # list ours
            return self.env["mail.mail"].search(
                [
                    ("email_to", "ilike", "as_manager@"),
                    ("subject", "ilike", "past their response target"),
                    ("body_html", "ilike", request.name),
                ]
            )

        with freeze_time(self.local(2026, 12, 7, 9, 59)):
            Request._cron_cc_service_deadlines()
        self.assertFalse(request.is_overdue)
        self.assertFalse(reminders(request))
        self.assertFalse(digests())
        with freeze_time(self.local(2026, 12, 7, 10, 30)):
            Request._cron_cc_service_deadlines()
            Request._cron_cc_service_deadlines()
        self.assertTrue(request.is_overdue)
        self.assertFalse(on_time.is_overdue)
        self.assertEqual(len(reminders(request)), 1)
        self.assertEqual(reminders(request).user_id, self.engineer)
        self.assertFalse(reminders(on_time))
        digest = digests()
        self.assertEqual(len(digest), 1)
        self.assertNotIn(on_time.name, digest.body_html)
        with freeze_time(self.local(2026, 12, 7, 11, 0)):
            request.with_user(self.engineer).action_acknowledge()
        self.assertFalse(request.is_overdue)
        self.assertFalse(request.responded_in_time)


@tagged("post_install", "-at_install")
class TestServiceRequestRoles(AfterSalesCommon):
    def _in_progress(self, **values):
        request = self._new_request(**values)
        request.with_user(self.engineer).action_acknowledge()
        request.with_user(self.engineer).action_start()
        return request

    def test_escalation_to_expert(self):
        request = self._in_progress()
        as_engineer = request.with_user(self.engineer)
        with self.assertFails(UserError, "technical expert"):
            as_engineer.action_escalate()
        as_engineer.expert_id = self.expert
        # Tuesday 8 December 08:30: the expert's 8 working hours end on
        # Wednesday 08:30 (Shanghai time, 00:30 UTC)
        with freeze_time(self.local(2026, 12, 8, 8, 30)):
            as_engineer.action_escalate()
        self.assertEqual(request.level, "complex")
        self.assertEqual(request.escalated_on, self.local(2026, 12, 8, 8, 30))
        activity = request.activity_ids.filtered(lambda a: a.user_id == self.expert)
        self.assertEqual(activity.date_deadline, fields.Date.to_date("2026-12-09"))
        with self.assertFails(UserError, "complex"):
            as_engineer.action_submit_review()
        self.assertEqual(request.state, "in_progress")
        with self.assertRaises(AccessError):
            as_engineer.expert_guidance = "<p>Replace the grating</p>"
        request.with_user(self.expert).expert_guidance = "<p>Replace the grating</p>"
        as_engineer.action_submit_review()
        self.assertEqual(request.state, "review")

    def test_reviewer_audit(self):
        request = self._in_progress()
        as_engineer = request.with_user(self.engineer)
        as_engineer.action_submit_review()
        with self.assertRaises(AccessError):
            as_engineer.action_review_pass()
        self.assertEqual(request.state, "review")
        as_reviewer = request.with_user(self.reviewer)
        action = as_reviewer.action_review_fail()
        self.assertEqual(action["res_model"], "cc.service.reason.wizard")
        wizard = Form(
            self.env["cc.service.reason.wizard"]
            .with_user(self.reviewer)
            .with_context(**action["context"])
        )
        wizard.reason = "The calibration record is missing"
        wizard.save().action_confirm()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.review_verdict, "inaccurate")
        self.assertEqual(request.review_note, "The calibration record is missing")
        self.assertEqual(request.reviewer_id, self.reviewer)
        as_engineer.action_submit_review()
        as_reviewer.action_review_pass()
        self.assertEqual(request.state, "confirm")
        self.assertEqual(request.review_verdict, "accurate")

    def test_customer_rejects_the_resolution(self):
        request = self._in_progress()
        request.with_user(self.engineer).action_submit_review()
        request.with_user(self.reviewer).action_review_pass()
        request.with_user(self.engineer).action_customer_reject("Still noisy")
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.rehandle_count, 1)
        self.assertEqual(request.customer_reject_reason, "Still noisy")

    def test_interpretation_needs_its_record(self):
        request = self._in_progress(request_type="interpretation")
        as_engineer = request.with_user(self.engineer)
        with self.assertFails(UserError, "What Was Explained"):
            as_engineer.action_submit_review()
        as_engineer.write(
            {
                "interpretation_record": "<p>Explained the uncertainty budget</p>",
                "interpretation_questions": "<p>Why 2 sigma?</p>",
            }
        )
        as_engineer.action_submit_review()
        self.assertEqual(request.state, "review")

    def test_cancel_and_reset(self):
        request = self._new_request()
        request.with_user(self.engineer).action_cancel()
        self.assertEqual(request.state, "cancel")
        with self.assertRaises(AccessError):
            request.with_user(self.engineer).action_reset()
        request.with_user(self.manager).action_reset()
        self.assertEqual(request.state, "new")


@tagged("post_install", "-at_install")
class TestServiceRequestBadInput(AfterSalesCommon):
    def test_unit_not_delivered_to_that_customer(self):
        count = self.env["cc.service.request"].search_count([])
        with self.assertFails(ValidationError, "never delivered"):
            self._new_request(lot_id=self.lot_other)
        self.assertEqual(self.env["cc.service.request"].search_count([]), count)
        undelivered = self._make_lot("SX1-0099")
        with self.assertFails(ValidationError, "SX1-0099"):
            self._new_request(lot_id=undelivered)

    def _followup_request(self):
        request = self._new_request()
        as_engineer = request.with_user(self.engineer)
        as_engineer.action_acknowledge()
        as_engineer.action_start()
        as_engineer.action_submit_review()
        request.with_user(self.reviewer).action_review_pass()
        as_engineer.action_customer_confirm()
        return request

    def test_followup_score_outside_the_scale(self):
        request = self._followup_request()
        for score in (0, 6, -1):
            with self.assertFails(ValidationError, "between 1 and 5"):
                request.with_user(self.engineer).action_record_followup(score)
            request.invalidate_recordset()
            self.assertEqual(request.state, "followup")
            self.assertFalse(request.followup_score)

    def test_close_with_open_dispatch(self):
        request = self._followup_request()
        self.env["fsm.order"].with_user(self.manager).create(
            {
                "cc_request_id": request.id,
                "location_id": self.env["fsm.location"]
                ._cc_for_partner(self.contact)
                .id,
            }
        )
        with self.assertFails(UserError, "open dispatches"):
            request.with_user(self.engineer).action_record_followup(5)
        request.invalidate_recordset()
        self.assertEqual(request.state, "followup")
        self.assertFalse(request.followup_score)

    def test_cancel_or_submit_with_open_dispatch(self):
        request = self._new_request()
        request.with_user(self.engineer).action_acknowledge()
        dispatch = self._dispatch(request)
        for action in ("action_cancel", "action_submit_review"):
            with self.assertFails(UserError, dispatch.name):
                getattr(request.with_user(self.engineer), action)()
            self.assertEqual(request.state, "in_progress")

    def test_state_is_not_written_directly(self):
        request = self._new_request()
        for user in (self.engineer, self.manager):
            with self.assertFails(UserError, "only through its buttons"):
                request.with_user(user).write({"state": "closed"})
        with self.assertFails(UserError, "only through its buttons"):
            self.env["cc.service.request"].with_user(self.manager).create(
                {"partner_id": self.customer.id, "state": "closed"}
            )
        self.assertEqual(request.state, "new")

    def test_dispatch_needs_an_acknowledged_request(self):
        request = self._new_request()
        with self.assertFails(UserError, "Acknowledge"):
            request.with_user(self.engineer).action_create_dispatch()
        self.assertFalse(request.dispatch_ids)

    def test_wrong_step_names_the_state(self):
        request = self._new_request()
        with self.assertFails(UserError, "New"):
            request.with_user(self.engineer).action_close()
        request.with_user(self.engineer).write({"expert_id": self.expert.id})
        request.with_user(self.engineer).action_cancel()
        with self.assertFails(UserError, "only open requests"):
            request.with_user(self.engineer).action_escalate()
        self.assertEqual(request.state, "cancel")
        self.assertEqual(request.level, "general")

    def test_copy_keeps_nothing_of_the_handling(self):
        request = self._new_request()
        request.with_user(self.engineer).action_acknowledge()
        copy = request.copy({"lot_id": self.lot.id, "dispatch_ids": [Command.clear()]})
        self.assertEqual(copy.state, "new")
        self.assertFalse(copy.responded_on)
        self.assertNotEqual(copy.name, request.name)
