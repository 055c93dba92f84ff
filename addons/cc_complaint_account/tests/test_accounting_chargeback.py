from ast import literal_eval
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CcClaimAccountingCommon


@tagged("post_install", "-at_install")
class TestSupplierChargeBack(CcClaimAccountingCommon):
    """A raw-material supplier named on the responsibility (篇4 第九条(十二))
    gets a draft vendor credit note of the amount charged back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Copper Foil Supplier", "company_id": cls.company.id}
        )

    def _claim_with_supplier_share(self, amount=250.0):
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        claim.with_user(self.user_gm_office).write(
            {
                "responsibility_ids": [
                    Command.create(
                        {
                            "supplier_id": self.supplier.id,
                            "ratio": 40.0,
                            "chargeback_amount": amount,
                        }
                    ),
                    Command.create(
                        {"department_id": self.department_production.id, "ratio": 60.0}
                    ),
                ]
            }
        )
        return claim, claim.sudo().responsibility_ids.filtered("supplier_id")

    def test_accountant_makes_one_draft_vendor_credit_note(self):
        claim, share = self._claim_with_supplier_share()
        # the accountant works from the charge-back list
        action = self.env.ref(
            "cc_complaint_account.cc_claim_responsibility_action_chargeback"
        )
        listed = (
            self.env["cc.claim.responsibility"]
            .with_user(self.accountant)
            .search(literal_eval(action.domain))
        )
        self.assertIn(share, listed)
        as_accountant = share.with_user(self.accountant)
        self.assertTrue(as_accountant.can_create_vendor_refund)
        result = as_accountant.action_create_vendor_refund()
        refund = share.vendor_refund_id
        self.assertEqual(result["res_id"], refund.id)
        self.assertEqual(refund.move_type, "in_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.partner_id, self.supplier)
        self.assertEqual(refund.company_id, self.company)
        self.assertAlmostEqual(refund.amount_total, 250.0)
        self.assertEqual(refund.journal_id.type, "purchase")
        # linked both ways
        self.assertEqual(refund.cc_claim_responsibility_id, share)
        self.assertEqual(refund.cc_claim_responsibility_id.claim_id, claim)
        self.assertEqual(as_accountant.action_view_vendor_refund()["res_id"], refund.id)
        # a supplier credit note is not one of the claim's customer credit notes
        self.assertFalse(refund.cc_claim_id)
        self.assertFalse(claim.credit_note_ids)
        self.assertFalse(as_accountant.can_create_vendor_refund)
        # a second click (or a replayed request) returns the same one
        again = as_accountant.action_create_vendor_refund()
        self.assertEqual(again["res_id"], refund.id)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("cc_claim_responsibility_id", "=", share.id)]
            ),
            1,
        )
        # the accountant books it like any vendor credit note
        refund.with_user(self.accountant).action_post()
        self.assertEqual(refund.state, "posted")

    def test_cancelled_vendor_credit_note_can_be_made_again(self):
        _claim, share = self._claim_with_supplier_share()
        share.with_user(self.accountant).action_create_vendor_refund()
        first = share.vendor_refund_id
        first.with_user(self.accountant).button_cancel()
        share.invalidate_recordset()
        self.assertTrue(share.can_create_vendor_refund)
        share.with_user(self.accountant).action_create_vendor_refund()
        self.assertNotEqual(share.vendor_refund_id, first)
        self.assertEqual(share.vendor_refund_id.state, "draft")

    def test_only_accounting_makes_it_and_only_with_an_amount(self):
        _claim, share = self._claim_with_supplier_share()
        with self.assertRaises(AccessError):
            share.with_user(self.user_gm_office).action_create_vendor_refund()
        share.with_user(self.user_gm_office).chargeback_amount = 0.0
        with self.assertRaises(UserError) as raised:
            share.with_user(self.accountant).action_create_vendor_refund()
        self.assertIn("Charged Back to Supplier", str(raised.exception))
        self.assertFalse(share.vendor_refund_id)
        self.assertFalse(
            self.env["account.move"].search(
                [("cc_claim_responsibility_id", "=", share.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestSignedProofBeforeBooking(CcClaimAccountingCommon):
    """The Sales Allowance Certificate comes back signed by the customer
    before accounting books the credit note (篇4 第十三条), where the company
    requires it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        settings = Form(cls.env["res.config.settings"])
        settings.cc_claim_booking_requires_signed_proof = True
        settings.save().execute()
        # an accountant of the core app only, no customer-service right at all
        cls.core_accountant = new_test_user(
            cls.env,
            login="core_accountant",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def test_setting_saved_on_the_company(self):
        self.assertTrue(self.company.cc_claim_booking_requires_signed_proof)

    def test_credit_note_waits_for_the_signed_proof(self):
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        claim.with_user(self.accountant).action_create_allowance_credit_note()
        note = claim.credit_note_ids
        self.assertTrue(claim.signed_proof_required)
        for accountant in (self.accountant, self.core_accountant):
            with self.assertRaises(UserError) as raised:
                note.with_user(accountant).action_post()
            self.assertIn("Signed Proof Returned On", str(raised.exception))
            self.assertIn(claim.name, str(raised.exception))
        self.assertEqual(note.state, "draft")
        # sales records the certificate sent back sealed by the customer
        with Form(claim.with_user(self.salesman)) as form:
            form.signed_proof_date = fields.Date.context_today(claim)
            form.signed_proof_by = "Purchasing manager"
        note.with_user(self.core_accountant).action_post()
        self.assertEqual(note.state, "posted")

    def test_signed_proof_not_in_the_future(self):
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        with self.assertRaises(ValidationError):
            claim.with_user(self.salesman).signed_proof_date = (
                fields.Date.context_today(claim) + fields.date.resolution * 3
            )

    def test_without_the_setting_booking_does_not_wait(self):
        self.company.cc_claim_booking_requires_signed_proof = False
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        claim.with_user(self.accountant).action_create_allowance_credit_note()
        claim.credit_note_ids.with_user(self.core_accountant).action_post()
        self.assertEqual(claim.credit_note_ids.state, "posted")

    def _draft_invoice(self):
        form = Form(
            self.env["account.move"]
            .with_user(self.core_accountant)
            .with_context(default_move_type="out_invoice")
        )
        form.partner_id = self.partner_a
        form.invoice_date = fields.Date.context_today(self.core_accountant)
        with form.invoice_line_ids.new() as line:
            line.product_id = self.product_a
            line.price_unit = 100.0
        return form.save()

    def test_unrelated_invoices_post_as_before_at_no_cost(self):
        """For moves of no claim the hook checks nothing and reads nothing:
        a core accountant without customer-service rights posts an invoice and
        a refund with the setting on, and the check runs on no move, without
        a query."""
        AccountMove = type(self.env["account.move"])
        original = AccountMove._cc_check_signed_proof
        calls = []

        def spy(moves):
            before = moves.env.cr.sql_log_count
            res = original(moves)
            calls.append((len(moves), moves.env.cr.sql_log_count - before))
            return res

        invoice = self._draft_invoice()
        refund = invoice._reverse_moves([{"date": invoice.date}])
        with patch.object(AccountMove, "_cc_check_signed_proof", spy):
            (invoice | refund).with_user(self.core_accountant).action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(refund.state, "posted")
        self.assertEqual(calls, [(0, 0)])
