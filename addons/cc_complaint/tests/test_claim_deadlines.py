from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimDeadlines(CcComplaintCommon):
    def _registered_claim(self, day="2031-06-02", **vals):
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

    def test_deadlines_in_working_days(self):
        # Monday 2031-06-02: general answer 1 working day, closure 15 (domestic)
        claim = self._registered_claim()
        self.assertEqual(claim.answer_deadline, date(2031, 6, 3))
        self.assertEqual(claim.deadline, date(2031, 6, 23))
        foreign = self._registered_claim(market="foreign", severity="major")
        self.assertEqual(foreign.answer_deadline, date(2031, 6, 5))
        self.assertEqual(foreign.deadline, date(2031, 6, 30))
        investigation = claim.stage_log_ids.filtered(
            lambda log: log.stage == "investigation"
        )
        self.assertEqual(investigation.deadline, claim.answer_deadline)
        self.assertEqual(investigation.department, "qa")
        self.assertEqual(investigation.responsible_id, self.user_qa)

    def test_extension_limited(self):
        claim = self._registered_claim()
        # written by an approved extension request (test_claim_answer_targets)
        claim.sudo().answer_extension_days = 6  # 1 + 6 = 7
        self.assertEqual(claim.answer_deadline, date(2031, 6, 11))
        with self.assertRaises(ValidationError):
            claim.sudo().answer_extension_days = 7
        # never edited directly, not even by the GM office
        for user in (self.user_gm_office, self.user_sales):
            with self.assertRaises(AccessError):
                claim.with_user(user).answer_extension_days = 2

    def test_overdue_cron_reminds_once_a_day(self):
        claim = self._registered_claim()
        mails = self.env["mail.mail"].sudo()
        with freeze_time("2031-06-25"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
            self.assertTrue(claim.is_overdue)
            stage = claim.stage_log_ids.filtered(lambda log: not log.date_out)
            stage.invalidate_recordset()
            self.assertTrue(stage.is_overdue)
            self.assertEqual(
                stage.overdue_days, (date(2031, 6, 25) - date(2031, 6, 3)).days
            )
            activity = claim.activity_ids.filtered(lambda a: a.user_id == self.user_qa)
            self.assertEqual(len(activity), 1, "a reminder for the person in charge")
            sent = mails.search([("email_to", "ilike", self.user_sales_manager.email)])
            self.assertFalse(sent, "QA has no manager: nobody else is mailed")
        # the claim moves to sales, whose manager gets the daily e-mail
        claim.with_user(self.user_qa).write(
            {"root_cause": "x", "claim_type": "quality"}
        )
        claim.with_user(self.user_qa).action_send_countermeasure()
        claim.with_user(self.user_production).write({"countermeasure": "y"})
        claim.with_user(self.user_production).action_send_proposal()
        with freeze_time("2031-06-26"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
            self.env["cc.claim"]._cron_cc_claim_deadlines()
            sent = mails.search([("email_to", "ilike", self.user_sales_manager.email)])
            self.assertEqual(
                len(sent), 1, "one e-mail per manager per day, not per run"
            )
            self.assertIn(claim.name, sent.body_html)
            self.assertEqual(claim.last_reminder_date, date(2031, 6, 26))
        with freeze_time("2031-06-27"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
            sent = mails.search([("email_to", "ilike", self.user_sales_manager.email)])
            self.assertEqual(len(sent), 2, "again the next day")

    def test_late_claim_gets_timeliness_review(self):
        claim = self._registered_claim()
        with freeze_time("2031-06-12"):
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
            claim.with_user(self.user_production).write({"countermeasure": "y"})
            claim.with_user(self.user_production).action_send_proposal()
            self._set_disposition(claim, "allowance", amount=100.0)
            claim.with_user(self.user_sales).action_submit_approval()
            self._approve_all(claim)
            claim.with_user(self.user_sales).action_customer_accept()
        with freeze_time("2031-07-01"):
            claim.with_user(self.user_sales).action_done()
        self.assertTrue(claim.closed_late)
        review = claim.timeliness_review_ids
        self.assertEqual(len(review), 1)
        self.assertEqual(
            review.closing_overdue_days, (date(2031, 7, 1) - claim.deadline).days
        )
        late_stages = review.line_ids.mapped("stage")
        self.assertIn("Investigation", late_stages)
        self.assertEqual(
            review.line_ids.filtered(
                lambda line: line.stage == "Investigation"
            ).overdue_days,
            (date(2031, 6, 12) - date(2031, 6, 3)).days,
        )
        self.assertEqual(
            claim.handling_days, (date(2031, 7, 1) - date(2031, 6, 2)).days
        )

    def test_on_time_claim_has_no_review(self):
        claim = self._create_claim()
        self._claim_to_execution(claim, disposition="allowance", amount=50.0)
        claim.with_user(self.user_sales).action_done()
        self.assertFalse(claim.closed_late)
        self.assertFalse(claim.timeliness_review_ids)
