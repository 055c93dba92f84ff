from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimFlow(CcComplaintCommon):
    def test_full_flow_one_tier(self):
        """Return of 10 pcs at 100 = 1,000: only the sales manager approves."""
        claim = self._create_claim()
        self.assertEqual(claim.state, "draft")
        line = claim.line_ids
        self.assertEqual(
            line.shipped_qty, 1000.0, "shipped qty comes from the delivery"
        )
        self.assertAlmostEqual(line.defect_rate, 1.0)
        self.assertEqual(line.invoice_line_id.move_id, self.invoice)
        self.assertAlmostEqual(line.price_unit, 100.0)
        self.assertEqual(line.sale_line_id, self.sale_order.order_line)
        self.assertEqual(claim.user_id, self.user_sales)

        self._claim_to_proposal(claim)
        self.assertEqual(claim.state, "proposal")
        self.assertRegex(claim.name, r"^\d{4}-\d{4}$")
        self.assertTrue(claim.deadline)
        self.assertTrue(claim.first_answer_date)
        self._set_disposition(claim, "return")
        self.assertAlmostEqual(claim.amount_total, 1000.0)
        # loss: 10 defective × cost 60
        self.assertAlmostEqual(claim.loss_amount, 600.0)
        self.assertEqual(claim.approval_level, 1)

        claim.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(claim.state, "approval")
        self.assertEqual(len(claim.review_ids), 1)
        with self.assertRaises(UserError):
            claim.with_user(self.user_sales).action_approve()
        self.assertFalse(claim.with_user(self.user_deputy_gm).can_review)
        self._review(claim.with_user(self.user_sales_manager), "validate")
        self.assertEqual(claim.validation_status, "validated")
        self.assertEqual(claim.state, "negotiation", "the last tier moves the claim on")

        claim.with_user(self.user_sales).write(
            {
                "decision": "Return 10 pcs for credit.",
                "customer_response_name": "Mr. Li",
            }
        )
        claim.with_user(self.user_sales).action_customer_accept()
        self.assertEqual(claim.state, "execution")
        self.assertEqual(claim.customer_response, "accept")
        claim.with_user(self.user_sales).with_context(
            tracking_disable=False, mail_notrack=False
        ).action_done()
        self.assertEqual(claim.state, "done")
        self.assertTrue(claim.date_closed)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at commit time
        claim.invalidate_recordset()
        tracked = claim.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertTrue(tracked, "state changes are tracked")
        self.assertIn("Done", tracked.mapped("new_value_char"))
        stages = claim.stage_log_ids.mapped("stage")
        self.assertEqual(
            stages,
            [
                "registered",
                "investigation",
                "countermeasure",
                "proposal",
                "approval",
                "negotiation",
                "execution",
            ],
        )
        self.assertTrue(all(claim.stage_log_ids.mapped("date_out")))

    def test_two_and_three_tiers(self):
        # 10 × 1,000 = 10,000 -> sales manager + deputy GM
        claim = self._create_claim()
        self._claim_to_proposal(claim)
        self._set_disposition(claim, "allowance", amount=10000.0)
        self.assertEqual(claim.approval_level, 2)
        claim.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(len(claim.review_ids), 2)
        # the deputy GM cannot approve before the sales manager
        self.assertFalse(claim.with_user(self.user_deputy_gm).can_review)
        self._review(claim.with_user(self.user_sales_manager), "validate")
        self.assertEqual(claim.state, "approval")
        claim.invalidate_recordset()
        self.assertTrue(claim.with_user(self.user_deputy_gm).can_review)
        self._review(claim.with_user(self.user_deputy_gm), "validate")
        self.assertEqual(claim.state, "negotiation")

        big = self._create_claim()
        self._claim_to_proposal(big)
        self._set_disposition(big, "compensation", amount=80000.0)
        self.assertEqual(big.approval_level, 3)
        big.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(len(big.review_ids), 3)
        self._approve_all(big)
        self.assertEqual(big.state, "negotiation")
        self.assertEqual(
            set(big.review_ids.mapped("done_by")),
            {self.user_sales_manager, self.user_deputy_gm, self.user_gm},
        )

    def test_threshold_from_settings(self):
        """Lowering the sales manager limit in Settings re-routes claims."""
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.cc_claim_limit_sales_manager = 500.0
        settings.save().execute()
        self.assertEqual(self.company.cc_claim_limit_sales_manager, 500.0)
        claim = self._create_claim()
        self._claim_to_proposal(claim)
        self._set_disposition(claim, "return")  # 1,000 > 500
        self.assertEqual(claim.approval_level, 2)
        claim.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(len(claim.review_ids), 2)

    def test_rejected_tier_back_to_proposal(self):
        claim = self._create_claim()
        self._claim_to_proposal(claim)
        self._set_disposition(claim, "return")
        claim.with_user(self.user_sales).action_submit_approval()
        self._review(
            claim.with_user(self.user_sales_manager), "reject", "Offer an allowance"
        )
        self.assertEqual(claim.state, "proposal")
        self.assertIn("Offer an allowance", claim.approval_reject_reason)
        self.assertFalse(claim.review_ids)
        # a new proposal goes through a fresh validation
        self._set_disposition(claim, "allowance", amount=300.0)
        claim.with_user(self.user_sales).action_submit_approval()
        self.assertEqual(claim.state, "approval")
        self.assertEqual(len(claim.review_ids), 1)
        self.assertIn(claim.validation_status, ("waiting", "pending"))
        self.assertFalse(claim.approval_reject_reason)

    def test_customer_rejects_and_reclaim(self):
        claim = self._create_claim()
        self._claim_to_proposal(claim)
        self._set_disposition(claim, "allowance", amount=200.0)
        claim.with_user(self.user_sales).action_submit_approval()
        self._approve_all(claim)
        with self.assertRaises(UserError):
            claim.with_user(self.user_sales).action_reclaim()
        claim.with_user(self.user_sales).action_customer_reject()
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.customer_response, "reject")
        action = claim.with_user(self.user_sales).action_reclaim()
        new = self.env["cc.claim"].browse(action["res_id"])
        self.assertEqual(new.origin_claim_id, claim)
        self.assertEqual(claim.reclaim_ids, new)
        self.assertEqual(claim.reclaim_count, 1)
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.partner_id, claim.partner_id)
        self.assertEqual(new.line_ids.product_id, self.product)
        self.assertFalse(new.line_ids.disposition)
        self.assertNotEqual(new.name, claim.name)

    def test_unsubstantiated(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_gm_office).action_start_investigation()
        with self.assertRaises(UserError):
            claim.with_user(self.user_gm_office).action_reject()
        claim.with_user(
            self.user_gm_office
        ).rejection_reason = "The scratches come from the customer's own handling."
        claim.with_user(self.user_gm_office).action_reject()
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(claim.decision, claim.rejection_reason)
        message = claim.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(message, "the explanation is sent to the customer")
        self.assertIn("customer's own handling", message[0].body)
        # a rejected claim can be re-claimed too
        claim.with_user(self.user_sales).action_reclaim()
        self.assertEqual(len(claim.reclaim_ids), 1)

    def test_cancel_and_reset(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_sales).action_cancel()
        self.assertEqual(claim.state, "cancel")
        with self.assertRaises(UserError):
            claim.with_user(self.user_sales).action_cancel()
        claim.with_user(self.user_sales).action_draft()
        self.assertEqual(claim.state, "draft")
        name = claim.name
        claim.with_user(self.user_gm_office).action_register()
        self.assertEqual(claim.name, name, "a number is never given twice")

    def test_wrong_group_cannot_move(self):
        claim = self._create_claim()
        with self.assertRaises(UserError):
            claim.with_user(self.user_sales).action_register()
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_gm_office).action_start_investigation()
        with self.assertRaises(UserError):
            claim.with_user(self.user_production).action_send_countermeasure()

    def test_rd_opinion_required(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_gm_office).action_start_investigation()
        claim.with_user(self.user_qa).write(
            {"root_cause": "x", "claim_type": "quality"}
        )
        claim.with_user(self.user_qa).action_send_countermeasure()
        claim.with_user(self.user_production).write(
            {"countermeasure": "y", "need_rd_opinion": True}
        )
        with self.assertRaises(UserError):
            claim.with_user(self.user_production).action_send_proposal()
        claim.with_user(self.user_production).rd_opinion = "Change the laminate."
        claim.with_user(self.user_production).action_send_proposal()
        self.assertEqual(claim.state, "proposal")
