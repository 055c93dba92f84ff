from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimStateGuard(CcComplaintCommon):
    """The claim's state moves only through its buttons, for every user."""

    def _assert_state_write_refused(self, claim, user, state):
        before = claim.state
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            claim.with_user(user).write({"state": state})
        claim.invalidate_recordset()
        self.assertEqual(claim.state, before, "the row is unchanged")

    def test_sales_cannot_jump_from_proposal_to_execution(self):
        claim = self._claim_to_proposal(self._create_claim())
        self._set_disposition(claim)
        self._assert_state_write_refused(claim, self.user_sales, "execution")
        self.assertEqual(
            claim.stage_log_ids.filtered(lambda log: not log.date_out).stage, "proposal"
        )
        # the proper path still works
        claim.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(claim.state, "approval")
        self.assertTrue(claim.review_ids)

    def test_owning_group_and_managers_are_refused_too(self):
        claim = self._create_claim()
        for user in (
            self.user_gm_office,  # owns the draft → registered step
            self.user_manager,
            self.user_gm,
            self.user_qa,
        ):
            self._assert_state_write_refused(claim, user, "registered")
        claim.with_user(self.user_gm_office).action_register()
        self.assertEqual(claim.state, "registered")
        self.assertNotEqual(claim.name, "New")
        self._assert_state_write_refused(claim, self.user_manager, "done")
        self._assert_state_write_refused(claim, self.user_gm_office, "cancel")

    def test_create_in_a_later_state_is_refused(self):
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            self.env["cc.claim"].with_user(self.user_sales).create(
                {"partner_id": self.customer.id, "state": "execution"}
            )
        draft = (
            self.env["cc.claim"]
            .with_user(self.user_sales)
            .create({"partner_id": self.customer.id, "state": "draft"})
        )
        self.assertEqual(draft.state, "draft")

    def test_no_op_write_and_superuser_pass(self):
        claim = self._create_claim()
        claim.with_user(self.user_sales).write({"state": "draft", "channel": "email"})
        self.assertEqual(claim.channel, "email")
        claim.sudo().write({"state": "cancel"})
        self.assertEqual(claim.state, "cancel")

    def test_transition_checks_group_and_source_state(self):
        claim = self._create_claim()
        with self.assertRaisesRegex(AccessError, "GM Office|GM office"):
            claim.with_user(self.user_sales).action_register()
        with self.assertRaisesRegex(UserError, "only possible from"):
            claim.with_user(self.user_gm_office).action_start_investigation()
        self.assertEqual(claim.state, "draft")

    def test_tier_rejection_and_approval_still_move_the_claim(self):
        claim = self._claim_to_proposal(self._create_claim())
        self._set_disposition(claim)
        claim.with_user(self.user_sales).action_submit_approval()
        self._review(claim.with_user(self.user_sales_manager), "reject")
        self.assertEqual(claim.state, "proposal")
        self.assertTrue(claim.approval_reject_reason)
        claim.with_user(self.user_sales).action_submit_approval()
        self._approve_all(claim)
        self.assertEqual(claim.state, "negotiation")
        stages = claim.stage_log_ids.sorted("id").mapped("stage")
        self.assertEqual(stages[-3:], ["proposal", "approval", "negotiation"])


@tagged("post_install", "-at_install", "cc_query_count")
class TestClaimQueryCount(CcComplaintCommon):
    def test_create_and_register_query_count(self):
        # warm up caches (sequence range, ACLs, translations)
        warm = (
            self.env["cc.claim"]
            .with_user(self.user_sales)
            .create({"partner_id": self.customer.id})
        )
        warm.with_user(self.user_gm_office).action_register()
        self.env.flush_all()
        self.env.invalidate_all()
        Claim = self.env["cc.claim"].with_user(self.user_sales)
        with self.assertQueryCount(14):  # 14 before the document mixin
            claim = Claim.create({"partner_id": self.customer.id})
            self.env.flush_all()
        self.env.invalidate_all()
        # 38 before the document mixin and before the answer targets; the 2-hour
        # reply and 24-hour plan deadlines set at registration read the calendar
        with self.assertQueryCount(39):
            claim.with_user(self.user_gm_office).action_register()
            self.env.flush_all()
