from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CcClaimStockAccountingCommon


@tagged("post_install", "-at_install")
class TestClaimAccountingBadInput(CcClaimStockAccountingCommon):
    def _count_documents(self):
        return (
            self.env["account.move"].search_count([("cc_claim_id", "!=", False)]),
            self.env["stock.picking"].search_count([("cc_claim_id", "!=", False)]),
        )

    def test_return_more_than_delivered(self):
        order, delivery, invoice = self._sell(self.customer, 10.0, 100.0)
        claim = self._create_execution_claim([("return", 10.0, None)])
        claim.write(
            {
                "sale_order_id": order.id,
                "picking_id": delivery.id,
                "invoice_id": invoice.id,
            }
        )
        claim.line_ids.write(
            {
                "sale_line_id": order.order_line.id,
                "approved_qty": 12.0,
                "defect_qty": 10.0,
                "requested_qty": 10.0,
            }
        )
        before = self._count_documents()
        with self.assertRaises(ValidationError) as error:
            claim.action_create_return()
        message = str(error.exception)
        self.assertIn("Approved Quantity", message)
        self.assertIn("= 10", message)
        self.assertEqual(self._count_documents(), before, "nothing half-saved")
        self.assertFalse(claim.last_document_date)

    def test_return_more_than_delivered_minus_returned(self):
        order, delivery, invoice = self._sell(self.customer, 10.0, 100.0)
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({"picking_id": delivery.id})
        )
        wizard.product_return_moves.quantity = 4.0
        self._validate(wizard._create_return(), {self.product: 4.0})
        claim = self._create_execution_claim([("return", 7.0, None)])
        claim.write(
            {
                "sale_order_id": order.id,
                "picking_id": delivery.id,
                "invoice_id": invoice.id,
            }
        )
        claim.line_ids.write(
            {
                "sale_line_id": order.order_line.id,
                "defect_qty": 6.0,
                "requested_qty": 6.0,
            }
        )
        with self.assertRaises(ValidationError) as error:
            claim.action_create_return()
        message = str(error.exception)
        self.assertIn("already returned 4", message)
        self.assertIn("= 6", message)
        self.assertFalse(claim.claim_picking_ids)
        claim.line_ids.approved_qty = 6.0
        claim.action_create_return()
        self.assertEqual(claim.claim_picking_ids.move_ids.product_uom_qty, 6.0)

    def test_documents_only_in_execution(self):
        claim = self._create_execution_claim(
            [("allowance", 0.0, 100.0), ("return", 5.0, None)], state="approval"
        )
        for action in (
            claim.action_create_allowance_credit_note,
            claim.action_create_return,
            claim.action_create_replacement,
            claim.action_create_return_credit_note,
        ):
            with self.assertRaises(UserError):
                action()
        self.assertFalse(claim.credit_note_ids or claim.claim_picking_ids)

    def test_nothing_to_do(self):
        claim = self._create_execution_claim([("explanation", 0.0, None)])
        for action in (
            claim.action_create_allowance_credit_note,
            claim.action_create_return,
            claim.action_create_replacement,
            claim.action_create_return_credit_note,
        ):
            with self.assertRaises(UserError):
                action()

    def test_ratio_bounds(self):
        with self.assertRaises(ValidationError):
            self.customer.cc_over_acceptance_ratio = 150.0
        with self.assertRaises(ValidationError):
            self.company.cc_over_acceptance_ratio = -1.0

    def test_inspection_quantities(self):
        claim = self._create_execution_claim([("return", 10.0, None)])
        claim.action_create_return()
        self._receive(claim.claim_picking_ids, 10.0)
        inspection = claim.inspection_ids
        with self.assertRaises(ValidationError):
            inspection.write({"inspection_type": "sampling", "sample_size": 11.0})
        with self.assertRaises(ValidationError):
            inspection.write({"sample_size": 5.0, "defect_qty": 6.0})
        with self.assertRaises(UserError):
            inspection.action_done()
