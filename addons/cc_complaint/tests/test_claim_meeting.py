from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimMeeting(CcComplaintCommon):
    """篇1 第十一条(二): serious complaints are decided by the management meeting."""

    def _serious_claim(self, severity="critical"):
        claim = self._create_claim()
        self._claim_to_proposal(claim, severity=severity)
        self._set_disposition(claim, disposition="allowance", amount=100.0)
        claim.with_user(self.user_sales).action_submit_approval()
        self._approve_all(claim)
        claim.with_user(self.user_sales).action_customer_accept()
        return claim

    def _meeting_form(self, claim, decision="Replace the batch."):
        form = Form(self.env["cc.claim.meeting"].with_user(self.user_gm_office))
        form.subject = "Serious complaints"
        form.chair_id = self.user_gm
        form.attendee_ids.add(self.user_gm)
        form.attendee_ids.add(self.user_qa)
        with form.decision_ids.new() as line:
            line.claim_id = claim
            line.decision = decision
            line.owner_id = self.user_production
        return form

    def test_serious_claim_needs_meeting_decision(self):
        claim = self._serious_claim()
        self.assertTrue(claim.needs_meeting)
        with self.assertRaisesRegex(UserError, "management meeting"):
            claim.with_user(self.user_sales).action_done()
        meeting = self._meeting_form(claim).save()
        self.assertEqual(meeting.claim_ids, claim)
        self.assertNotEqual(meeting.name, "New")
        # planned is not decided
        with self.assertRaisesRegex(UserError, "management meeting"):
            claim.with_user(self.user_sales).action_done()
        meeting.with_user(self.user_gm_office).action_hold()
        self.assertEqual(meeting.state, "held")
        self.assertEqual(claim.meeting_count, 1)
        action = claim.action_view_meetings()
        self.assertEqual(action["res_id"], meeting.id)
        follow_up = claim.activity_ids.filtered(
            lambda a: a.user_id == self.user_production
        )
        self.assertEqual(len(follow_up), 1)
        self.assertIn(
            meeting, self.env["cc.claim.meeting"].search([("claim_ids", "=", claim.id)])
        )
        claim.with_user(self.user_sales).action_done()
        self.assertEqual(claim.state, "done")

    def test_major_follows_the_setting(self):
        claim = self._serious_claim(severity="major")
        self.assertTrue(claim.needs_meeting)
        self.company.cc_claim_meeting_severity = "critical"
        self.assertFalse(claim.needs_meeting)
        claim.with_user(self.user_sales).action_done()
        self.assertEqual(claim.state, "done")

    def test_hold_needs_decisions_and_rights(self):
        claim = self._create_claim()
        meeting = self._meeting_form(claim).save()
        meeting.decision_ids.decision = False
        with self.assertRaisesRegex(UserError, "write the decision"):
            meeting.with_user(self.user_gm_office).action_hold()
        self.assertEqual(meeting.state, "draft")
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_sales).action_hold()
        with self.assertRaises(AccessError):
            self.env["cc.claim.meeting"].with_user(self.user_sales).create(
                {"subject": "Not mine"}
            )
        empty = (
            self.env["cc.claim.meeting"]
            .with_user(self.user_gm_office)
            .create({"subject": "Nothing decided"})
        )
        with self.assertRaisesRegex(UserError, "claims discussed"):
            empty.action_hold()
        # salespeople read the decisions on their claims
        meeting.decision_ids.decision = "Explain to the customer."
        meeting.with_user(self.user_gm_office).action_hold()
        self.assertEqual(
            claim.with_user(self.user_sales).meeting_decision_ids.decision,
            "Explain to the customer.",
        )
        with self.assertRaisesRegex(UserError, "held meeting"):
            meeting.with_user(self.user_gm_office).unlink()
