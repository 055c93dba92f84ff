from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CcClaimAccountingCommon


@tagged("post_install", "-at_install")
class TestClaimAccountingBadInput(CcClaimAccountingCommon):
    def _count_documents(self):
        return self.env["account.move"].search_count([("cc_claim_id", "!=", False)])

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
