from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_accounting_common import CcClaimAccountingCommon


@tagged("post_install", "-at_install")
class TestClaimAccountingBadInput(CcClaimAccountingCommon):
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

    def test_allowance_above_invoiced_amount(self):
        claim = self._create_execution_claim([("allowance", 0.0, 100.0)])
        limit = abs(claim.line_ids.invoice_line_id.balance)
        with self.assertRaises(ValidationError) as error:
            claim.line_ids.amount = limit + 1.0
        message = str(error.exception)
        self.assertIn("Disposition Amount", message)
        self.assertIn(self.invoice.name, message)
        self.assertFalse(claim.credit_note_ids)

    def test_allowance_limit_counts_other_claims(self):
        limit = abs(self.invoice.invoice_line_ids.balance)
        first = self._create_execution_claim([("allowance", 0.0, limit - 1000.0)])
        first.action_create_allowance_credit_note()
        second = self._create_execution_claim([("allowance", 0.0, 500.0)])
        with self.assertRaises(ValidationError) as error:
            second.line_ids.amount = 1500.0
        self.assertIn("1,000.00", str(error.exception))

    def test_credit_note_needs_invoice(self):
        claim = self._create_execution_claim([("allowance", 0.0, 100.0)], invoice=False)
        self.assertFalse(claim.line_ids.invoice_line_id)
        before = self._count_documents()
        with self.assertRaises(UserError) as error:
            claim.action_create_allowance_credit_note()
        self.assertIn("Invoice", str(error.exception))
        self.assertEqual(self._count_documents(), before)

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

    def test_receivable_report_excludes_amounts_under_claim(self):
        _order2, _delivery2, invoice2 = self._sell(self.other_customer, 10.0, 50.0)
        claim = self._create_execution_claim([("allowance", 0.0, 100.0)])
        Report = self.env["cc.claim.receivable.report"]
        self.env.flush_all()
        row = Report.search([("move_id", "=", self.invoice.id)])
        other = Report.search([("move_id", "=", invoice2.id)])
        claimed = self.invoice.invoice_line_ids.price_total
        self.assertAlmostEqual(row.amount_under_claim, claimed)
        self.assertAlmostEqual(row.amount_residual, self.invoice.amount_total)
        self.assertAlmostEqual(
            row.amount_collectible, self.invoice.amount_total - claimed
        )
        self.assertEqual(row.user_id, self.salesman)
        self.assertEqual(row.open_claim_count, 1)
        self.assertAlmostEqual(other.amount_under_claim, 0.0)
        self.assertAlmostEqual(other.amount_collectible, invoice2.amount_total)
        self.assertAlmostEqual(self.invoice.cc_amount_under_claim, claimed)
        self.assertAlmostEqual(invoice2.cc_amount_under_claim, 0.0)
        # per salesperson, as the pivot groups it
        groups = dict(
            Report._read_group(
                [("move_id", "in", (self.invoice | invoice2).ids)],
                ["user_id"],
                ["amount_collectible:sum"],
            )
        )
        self.assertAlmostEqual(
            groups[self.salesman], self.invoice.amount_total - claimed
        )
        self.assertAlmostEqual(groups[self.user_sales2], invoice2.amount_total)
        # salespeople read only their own lines
        own = Report.with_user(self.salesman).search(
            [("move_id", "in", (self.invoice | invoice2).ids)]
        )
        self.assertEqual(own.move_id, self.invoice)
        # once the claim is closed, the amount counts again
        claim.action_cancel()
        self.env.flush_all()
        self.invoice.invalidate_recordset(["cc_amount_under_claim"])
        Report.invalidate_model()
        self.assertAlmostEqual(row.amount_under_claim, 0.0)
        self.assertAlmostEqual(self.invoice.cc_amount_under_claim, 0.0)
