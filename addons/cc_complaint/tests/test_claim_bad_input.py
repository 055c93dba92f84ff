from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimBadInput(CcComplaintCommon):
    def test_defect_qty_above_shipped(self):
        with self.assertRaises(ValidationError) as error:
            self._create_claim(lines=[{"defect_qty": 1500.0, "requested_qty": 10.0}])
        self.assertIn(
            "cannot exceed the shipped quantity (1000.0)", str(error.exception)
        )
        self.assertFalse(
            self.env["cc.claim"].search([("partner_id", "=", self.customer.id)]),
            "nothing half-saved",
        )

    def test_requested_qty_above_shipped_unless_undetermined(self):
        with self.assertRaises(ValidationError):
            self._create_claim(lines=[{"defect_qty": 5.0, "requested_qty": 2000.0}])
        claim = self._create_claim(
            lines=[{"defect_qty": 5.0, "requested_qty": 0.0, "qty_undetermined": True}]
        )
        self.assertTrue(claim.line_ids.qty_undetermined)

    def test_ratios_not_100(self):
        claim = self._create_claim()
        self._claim_to_proposal(
            claim, responsibility=[(self.department_production, False, 60.0)]
        )
        self._set_disposition(claim, "return")
        with self.assertRaisesRegex(UserError, "total 60.0%"):
            claim.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(claim.state, "proposal")
        self.assertFalse(claim.review_ids)

    def test_proposal_without_lines(self):
        claim = self._create_claim(lines=[])
        self._claim_to_proposal(claim)
        with self.assertRaisesRegex(UserError, "at least one claim line"):
            claim.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(claim.state, "proposal")

    def test_proposal_without_disposition(self):
        claim = self._create_claim()
        self._claim_to_proposal(claim)
        with self.assertRaisesRegex(UserError, "disposition"):
            claim.with_user(self.user_sales).action_submit_approval()

    def test_reclaim_of_open_claim(self):
        claim = self._create_claim()
        with self.assertRaisesRegex(UserError, "done or rejected"):
            claim.with_user(self.user_sales).action_reclaim()
        claim.with_user(self.user_gm_office).action_register()
        with self.assertRaises(UserError):
            claim.with_user(self.user_sales).action_reclaim()
        self.assertFalse(claim.reclaim_ids)

    def test_wrong_source_state(self):
        claim = self._create_claim()
        with self.assertRaisesRegex(
            UserError, "Moving to Done is only possible from Execution"
        ):
            claim.with_user(self.user_sales).action_done()
        with self.assertRaises(UserError):
            claim.with_user(self.user_gm_office).action_start_investigation()
        with self.assertRaises(UserError):
            claim.with_user(self.user_sales).action_customer_accept()

    def test_investigation_needs_root_cause(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_gm_office).action_start_investigation()
        with self.assertRaisesRegex(UserError, "root cause"):
            claim.with_user(self.user_qa).action_send_countermeasure()

    def test_negative_quantities_and_limits(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._create_claim(lines=[{"defect_qty": -1.0}])
        with self.assertRaises(ValidationError):
            self.company.cc_claim_limit_deputy_gm = (
                100.0  # below the sales manager limit
            )

    def test_registered_claim_cannot_be_deleted(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        with self.assertRaises(UserError):
            claim.with_user(self.user_manager).unlink()
