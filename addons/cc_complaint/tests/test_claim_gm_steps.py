from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CcComplaintCommon

GM_ACTIVITY = "cc_complaint.mail_activity_cc_claim_gm_instruction"
REVIEW_ACTIVITY = "cc_complaint.mail_activity_cc_claim_negotiation_review"


@tagged("post_install", "-at_install")
class TestClaimGmSteps(CcComplaintCommon):
    """篇4 第九条: QA report to the GM within 3 days, GM office opinion within
    one day, the negotiation result reviewed by the sales supervisor."""

    def _registered(self, day="2031-06-02"):
        with freeze_time(day):
            claim = self._create_claim()
            claim.with_user(self.user_gm_office).action_register()
            claim.with_user(self.user_gm_office).write({"qa_user_id": self.user_qa.id})
            claim.with_user(self.user_gm_office).action_start_investigation()
        return claim

    def _activities(self, claim, xmlid):
        return claim.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(xmlid)
        )

    def test_qa_report_to_gm_instruction(self):
        # Monday: the report is due 3 working days later, on Thursday
        claim = self._registered()
        self.assertEqual(claim.qa_report_deadline, date(2031, 6, 5))
        self.assertEqual(claim.gm_step, "qa_report")
        with self.assertRaisesRegex(UserError, "QA Report"):
            claim.with_user(self.user_qa).action_send_qa_report()
        with self.assertRaises(AccessError):
            claim.with_user(self.user_sales).qa_report = "Not mine to write"
        with freeze_time("2031-06-04"):
            with Form(claim.with_user(self.user_qa)) as form:
                form.qa_report = "Plating thickness out of spec on line 2."
            claim.with_user(self.user_qa).action_send_qa_report()
        self.assertEqual(claim.qa_report_date, date(2031, 6, 4))
        self.assertEqual(claim.qa_report_user_id, self.user_qa)
        self.assertFalse(claim.qa_report_overdue)
        self.assertEqual(claim.gm_step, "gm_instruction")
        activity = self._activities(claim, GM_ACTIVITY)
        self.assertEqual(activity.user_id, self.user_gm)
        with self.assertRaisesRegex(UserError, "already sent"):
            claim.with_user(self.user_qa).action_send_qa_report()
        # only the GM instructs
        with self.assertRaises(AccessError):
            claim.with_user(self.user_gm_office).gm_instruction = "Do it"
        with self.assertRaises(AccessError):
            claim.with_user(self.user_gm_office).action_gm_instruct()
        with self.assertRaisesRegex(UserError, "GM Instruction"):
            claim.with_user(self.user_gm).action_gm_instruct()
        with freeze_time("2031-06-05"):
            claim.with_user(self.user_gm).gm_instruction = "Replace at our cost."
            claim.with_user(self.user_gm).action_gm_instruct()
        self.assertEqual(claim.gm_step, "instructed")
        self.assertEqual(claim.gm_instruction_date, date(2031, 6, 5))
        self.assertEqual(claim.gm_instruction_user_id, self.user_gm)
        self.assertFalse(self._activities(claim, GM_ACTIVITY))

    def test_qa_report_overdue(self):
        claim = self._registered()
        with freeze_time("2031-06-05"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
        self.assertFalse(claim.qa_report_overdue, "due today is not late")
        with freeze_time("2031-06-06"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
        self.assertTrue(claim.qa_report_overdue)
        self.assertIn(
            claim, self.env["cc.claim"].search([("qa_report_overdue", "=", True)])
        )
        # sent late: stays marked late
        with freeze_time("2031-06-09"):
            claim.with_user(self.user_qa).qa_report = "Late report"
            claim.with_user(self.user_qa).action_send_qa_report()
        self.assertTrue(claim.qa_report_overdue)

    def test_gm_office_opinion_within_one_day(self):
        with freeze_time("2031-06-02"):
            claim = self._claim_to_proposal(self._create_claim())
            self._set_disposition(claim, disposition="allowance", amount=100.0)
        # submitted on Friday: the opinion is due on Monday
        with freeze_time("2031-06-06"):
            claim.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(claim.state, "approval")
        self.assertEqual(claim.gm_office_opinion_deadline, date(2031, 6, 9))
        with freeze_time("2031-06-10"):
            self.env["cc.claim"]._cron_cc_claim_deadlines()
        self.assertTrue(claim.gm_office_opinion_overdue)
        with self.assertRaisesRegex(UserError, "Overall Opinion"):
            claim.with_user(self.user_gm_office).action_give_gm_office_opinion()
        with self.assertRaises(AccessError):
            claim.with_user(self.user_sales).action_give_gm_office_opinion()
        # written while the claim is under approval
        with freeze_time("2031-06-10"):
            claim.with_user(
                self.user_gm_office
            ).gm_office_opinion = "Sales and factory agree: allowance of 100."
            claim.with_user(self.user_gm_office).action_give_gm_office_opinion()
        self.assertEqual(claim.gm_office_opinion_date, date(2031, 6, 10))
        self.assertEqual(claim.gm_office_opinion_user_id, self.user_gm_office)
        self.assertTrue(claim.gm_office_opinion_overdue)

    def test_negotiation_result_reviewed_by_supervisor(self):
        self.company.cc_claim_negotiation_review = True
        team = self.env["crm.team"].create(
            {
                "name": "Domestic Sales",
                "user_id": self.user_sales_manager.id,
                "company_id": self.company.id,
            }
        )
        claim = self._create_claim(team_id=team)
        self._claim_to_execution(claim, disposition="allowance", amount=100.0)
        self.assertEqual(claim.negotiation_reviewer_id, self.user_sales_manager)
        with self.assertRaisesRegex(UserError, "sales supervisor"):
            claim.with_user(self.user_sales).action_done()
        self.assertEqual(claim.state, "execution")
        with self.assertRaisesRegex(UserError, "Negotiation Result"):
            claim.with_user(self.user_sales).action_submit_negotiation_result()
        with Form(claim.with_user(self.user_sales)) as form:
            form.negotiation_result = "Customer accepts an allowance of 100."
        claim.with_user(self.user_sales).action_submit_negotiation_result()
        self.assertEqual(claim.negotiation_review_state, "submitted")
        activity = self._activities(claim, REVIEW_ACTIVITY)
        self.assertEqual(activity.user_id, self.user_sales_manager)
        # another salesperson is not the supervisor
        with self.assertRaises(AccessError):
            claim.with_user(self.user_sales).action_approve_negotiation_result()
        # sent back, then approved
        claim.with_user(self.user_sales_manager).action_return_negotiation_result()
        self.assertEqual(claim.negotiation_review_state, "draft")
        claim.with_user(self.user_sales).action_submit_negotiation_result()
        claim.with_user(self.user_sales_manager).action_approve_negotiation_result()
        self.assertEqual(claim.negotiation_review_state, "approved")
        self.assertEqual(claim.negotiation_reviewed_by_id, self.user_sales_manager)
        self.assertFalse(self._activities(claim, REVIEW_ACTIVITY))
        claim.with_user(self.user_sales).action_done()
        self.assertEqual(claim.state, "done")

    def test_negotiation_review_not_required_by_default(self):
        claim = self._create_claim()
        self._claim_to_execution(claim, disposition="allowance", amount=100.0)
        claim.with_user(self.user_sales).action_done()
        self.assertEqual(claim.state, "done")

    def test_no_supervisor(self):
        claim = self._create_claim()
        self._claim_to_execution(claim, disposition="allowance", amount=100.0)
        claim.with_user(self.user_sales).negotiation_result = "Accepted"
        with self.assertRaisesRegex(UserError, "team leader"):
            claim.with_user(self.user_sales).action_submit_negotiation_result()
