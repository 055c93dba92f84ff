from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CcClaimAccountingCommon


@tagged("post_install", "-at_install")
class TestClaimCreditNotes(CcClaimAccountingCommon):
    def test_allowance_credit_note_exact_amount_and_links(self):
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        self.assertTrue(claim.can_create_allowance_note)
        action = claim.with_user(self.accountant).action_create_allowance_credit_note()
        note = claim.credit_note_ids
        self.assertEqual(len(note), 1)
        self.assertEqual(action["res_id"], note.id)
        self.assertEqual(note.move_type, "out_refund")
        self.assertEqual(note.state, "draft")
        self.assertEqual(note.cc_claim_id, claim)
        self.assertEqual(note.cc_claim_credit_kind, "allowance")
        self.assertEqual(note.reversed_entry_id, self.invoice)
        self.assertEqual(note.partner_id, self.invoice.partner_id)
        self.assertAlmostEqual(note.amount_untaxed, 150.0)
        self.assertAlmostEqual(note.amount_tax, 150.0 * self.tax_sale_a.amount / 100.0)
        line = note.invoice_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.product_id, self.product)
        self.assertEqual(line.account_id, self.invoice.invoice_line_ids.account_id)
        self.assertEqual(line.tax_ids, self.invoice.invoice_line_ids.tax_ids)
        self.assertEqual(line.quantity, 1.0)
        self.assertFalse(line.sale_line_ids, "an allowance does not un-invoice goods")
        self.assertEqual(line.cc_claim_line_id, claim.line_ids)
        # both ways: smart buttons
        self.assertEqual(claim.credit_note_count, 1)
        self.assertEqual(claim.action_view_credit_notes()["res_id"], note.id)
        self.assertEqual(note.action_view_cc_claim()["res_id"], claim.id)
        self.assertEqual(self.invoice.cc_claim_count, 1)
        # posting with the approved amount works; the SO keeps its invoiced qty
        note.with_user(self.accountant).action_post()
        self.assertEqual(note.state, "posted")
        self.assertEqual(self.order.order_line.qty_invoiced, 1000.0)
        self.assertAlmostEqual(claim.line_ids.credited_amount, 150.0)
        # the certificate renders with the credit note
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cc_complaint_account.action_report_cc_sales_allowance", claim.ids
            )[0]
            .decode()
        )
        self.assertIn(note.name, html)
        self.assertIn(self.invoice.name, html)

    def test_allowance_button_twice_makes_one_credit_note(self):
        claim = self._create_execution_claim([("allowance", 0.0, 80.0)])
        claim.action_create_allowance_credit_note()
        claim.action_create_allowance_credit_note()
        self.assertEqual(len(claim.credit_note_ids), 1)
        self.assertFalse(claim.can_create_allowance_note)

    def test_posting_refused_when_amount_differs(self):
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        claim.action_create_allowance_credit_note()
        note = claim.credit_note_ids
        with Form(note) as form:
            with form.invoice_line_ids.edit(0) as line:
                line.price_unit = 140.0
        with self.assertRaises(UserError) as error:
            note.action_post()
        message = str(error.exception)
        self.assertIn("140.00", message)
        self.assertIn("150.00", message)
        self.assertIn(claim.name, message)
        self.assertEqual(note.state, "draft")

    def test_compensation_on_company_product(self):
        compensation = self.env["product.product"].create(
            {
                "name": "Claim compensation",
                "type": "service",
                "taxes_id": [Command.clear()],
                "property_account_income_id": self.company_data[
                    "default_account_expense"
                ].id,
            }
        )
        self.company.cc_compensation_product_id = compensation
        claim = self._create_execution_claim([("compensation", 0.0, 300.0)])
        claim.action_create_allowance_credit_note()
        line = claim.credit_note_ids.invoice_line_ids
        self.assertEqual(line.product_id, compensation)
        self.assertEqual(line.account_id, self.company_data["default_account_expense"])
        self.assertFalse(line.tax_ids)
        self.assertAlmostEqual(claim.credit_note_ids.amount_total, 300.0)
        claim.credit_note_ids.action_post()
