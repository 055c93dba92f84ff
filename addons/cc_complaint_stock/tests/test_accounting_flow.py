from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CcClaimStockAccountingCommon


@tagged("post_install", "-at_install")
class TestClaimReturns(CcClaimStockAccountingCommon):
    def test_return_into_quarantine_within_tolerance_booked_on_actual(self):
        claim = self._create_execution_claim([("return", 100.0, None)])
        quarantine = self.warehouse.cc_quarantine_location_id
        self.assertTrue(quarantine, "the warehouse got its quarantine location")
        self.assertEqual(quarantine.usage, "internal")
        self.assertFalse(quarantine.scrap_location)
        self.assertEqual(quarantine.location_id, self.warehouse.view_location_id)

        claim.with_user(self.salesman).action_create_return()
        picking = claim.claim_picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.cc_claim_picking_kind, "return")
        self.assertEqual(picking.return_id, self.delivery, "made by the return wizard")
        self.assertEqual(picking.location_dest_id, quarantine)
        self.assertEqual(picking.move_ids.location_dest_id, quarantine)
        self.assertEqual(
            picking.move_ids.origin_returned_move_id, self.delivery.move_ids
        )
        self.assertEqual(picking.move_ids.product_uom_qty, 100.0)
        self.assertTrue(picking.move_ids.to_refund)
        self.assertEqual(picking.move_ids.cc_claim_line_id, claim.line_ids)
        # not yet received: no credit note yet
        self.assertEqual(claim.return_check, "pending")
        with self.assertRaises(UserError):
            claim.action_create_return_credit_note()

        # the warehouse receives 104 (within 100 ± 5 %)
        self._receive(picking, 104.0)
        line = claim.line_ids
        self.assertEqual(line.returned_qty, 104.0)
        self.assertEqual(line.tolerance_state, "within")
        self.assertEqual(claim.return_check, "within")
        self.assertEqual(self.order.order_line.qty_delivered, 1000.0 - 104.0)
        inspection = claim.inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.received_qty, 104.0)
        self.assertEqual(inspection.picking_id, picking)
        with Form(inspection.with_user(self.cc_manager)) as form:
            form.inspection_type = "sampling"
            form.sample_size = 20.0
            form.defect_qty = 3.0
            form.result = "accept"
        inspection.action_done()
        self.assertEqual(inspection.state, "done")
        self.assertAlmostEqual(inspection.defect_rate, 15.0)

        claim.with_user(self.accountant).action_create_return_credit_note()
        note = claim.credit_note_ids
        self.assertEqual(note.cc_claim_credit_kind, "return")
        self.assertEqual(note.invoice_line_ids.quantity, 104.0)
        self.assertEqual(note.invoice_line_ids.price_unit, 100.0)
        self.assertEqual(note.invoice_line_ids.sale_line_ids, self.order.order_line)
        self.assertAlmostEqual(note.amount_untaxed, 10400.0)
        self.assertEqual(line.booked_qty, 104.0)
        note.action_post()
        self.assertEqual(self.order.order_line.qty_invoiced, 1000.0 - 104.0)
        # twice: still one credit note of the kind
        claim.action_create_return_credit_note()
        self.assertEqual(len(claim.credit_note_ids), 1)

    def test_return_outside_tolerance_needs_manager_approval(self):
        claim = self._create_execution_claim([("return", 100.0, None)])
        claim.action_create_return()
        picking = claim.claim_picking_ids
        self._receive(picking, 110.0)
        self.assertEqual(claim.line_ids.tolerance_state, "outside")
        self.assertEqual(claim.return_check, "waiting")
        self.assertFalse(claim.can_create_return_note)
        with self.assertRaises(UserError) as error:
            claim.action_create_return_credit_note()
        self.assertIn("approve", str(error.exception))
        with self.assertRaises(UserError) as error:
            claim.action_done()
        self.assertIn(picking.name, str(error.exception))
        with self.assertRaises(AccessError):
            claim.with_user(self.salesman).action_approve_return_qty()

        claim.invalidate_recordset()
        self.assertTrue(claim.with_user(self.cc_manager).can_approve_return_qty)
        claim.with_user(self.cc_manager).action_approve_return_qty()
        self.assertEqual(claim.return_check, "approved")
        self.assertEqual(claim.return_approved_by_id, self.cc_manager)
        self.assertIn("outside the over-acceptance ratio", claim.message_ids[0].body)
        claim.action_create_return_credit_note()
        self.assertEqual(claim.credit_note_ids.invoice_line_ids.quantity, 110.0)

    def test_short_return_uses_customer_ratio(self):
        self.customer.cc_over_acceptance_ratio = 20.0
        claim = self._create_execution_claim([("return", 100.0, None)])
        self.assertEqual(claim.over_acceptance_ratio, 20.0)
        claim.action_create_return()
        self._receive(claim.claim_picking_ids, 85.0)
        self.assertEqual(claim.return_check, "within")
        claim.action_create_return_credit_note()
        self.assertEqual(claim.line_ids.booked_qty, 85.0)
        self.customer.cc_over_acceptance_ratio = 0.0
        claim.invalidate_recordset()
        self.assertEqual(claim.over_acceptance_ratio, 5.0, "company default")

    def test_return_button_twice_makes_one_return(self):
        claim = self._create_execution_claim([("return", 10.0, None)])
        claim.action_create_return()
        claim.action_create_return()
        self.assertEqual(len(claim.claim_picking_ids), 1)
        self.assertEqual(claim.return_picking_count, 1)

    def test_replacement_delivery_free_of_charge(self):
        claim = self._create_execution_claim([("exchange", 5.0, None)])
        claim.action_create_return()
        claim.with_user(self.salesman).action_create_replacement()
        claim.action_create_replacement()
        replacement = claim.claim_picking_ids.filtered(
            lambda p: p.cc_claim_picking_kind == "replacement"
        )
        self.assertEqual(len(replacement), 1)
        self.assertEqual(replacement.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(replacement.partner_id, self.order.partner_shipping_id)
        self.assertFalse(replacement.move_ids.sale_line_id)
        self.assertEqual(replacement.move_ids.product_uom_qty, 5.0)
        returned = claim.claim_picking_ids - replacement
        self.assertFalse(
            returned.move_ids.to_refund, "an exchange keeps the sale delivered"
        )
        self._receive(returned, 5.0)
        self._validate(replacement, {self.product: 5.0})
        self.assertEqual(claim.line_ids.replaced_qty, 5.0)
        self.assertEqual(self.order.order_line.qty_delivered, 1000.0)
        self.assertEqual(self.order.invoice_status, "invoiced")
        claim.action_done()
        self.assertEqual(claim.state, "done")


@tagged("post_install", "-at_install")
class TestClaimCloseAndCancel(CcClaimStockAccountingCommon):
    def test_close_waits_for_documents(self):
        claim = self._create_execution_claim(
            [("allowance", 0.0, 50.0), ("exchange", 2.0, None)]
        )
        claim.action_create_allowance_credit_note()
        claim.action_create_return()
        claim.action_create_replacement()
        note = claim.credit_note_ids
        with self.assertRaises(UserError) as error:
            claim.action_done()
        message = str(error.exception)
        self.assertIn("draft", message)
        for picking in claim.claim_picking_ids:
            self.assertIn(picking.name, message)
        note.action_post()
        for picking in claim.claim_picking_ids:
            self._validate(picking, {self.product: 2.0})
        claim.action_done()
        self.assertEqual(claim.state, "done")

    def test_cancel_cancels_draft_documents(self):
        claim = self._create_execution_claim(
            [("allowance", 0.0, 50.0), ("exchange", 2.0, None)]
        )
        claim.action_create_allowance_credit_note()
        claim.action_create_return()
        claim.action_create_replacement()
        claim.with_user(self.salesman).action_cancel()
        self.assertEqual(claim.state, "cancel")
        self.assertEqual(claim.credit_note_ids.state, "cancel")
        self.assertEqual(set(claim.claim_picking_ids.mapped("state")), {"cancel"})

    def test_cancel_refused_with_posted_credit_note(self):
        claim = self._create_execution_claim(
            [("allowance", 0.0, 50.0), ("exchange", 2.0, None)]
        )
        claim.action_create_allowance_credit_note()
        claim.action_create_return()
        note = claim.credit_note_ids
        note.action_post()
        with self.assertRaises(UserError) as error:
            claim.action_cancel()
        self.assertIn(note.name, str(error.exception))
        self.assertEqual(claim.state, "execution")
        self.assertEqual(note.state, "posted")
        self.assertEqual(claim.claim_picking_ids.state, "assigned")


@tagged("post_install", "-at_install")
class TestClaimRealButtons(CcClaimStockAccountingCommon):
    def test_route_through_buttons_to_credit_note(self):
        claim = self._create_claim(
            lines=[
                {
                    "defect_qty": 10.0,
                    "requested_action": "allowance",
                    "requested_qty": 10.0,
                }
            ]
        )
        self._claim_to_execution(claim, disposition="allowance", amount=200.0)
        self.assertEqual(claim.state, "execution")
        self.assertTrue(claim.with_user(self.accountant).can_create_allowance_note)
        claim.with_user(self.accountant).action_create_allowance_credit_note()
        note = claim.credit_note_ids
        with self.assertRaises(UserError):
            claim.with_user(self.salesman).action_done()
        note.with_user(self.accountant).action_post()
        self.assertAlmostEqual(note.amount_untaxed, claim.amount_total)
        self.assertAlmostEqual(note.amount_untaxed, 200.0)
        claim.with_user(self.salesman).action_done()
        self.assertEqual(claim.state, "done")


@tagged("post_install", "-at_install")
class TestClaimFormAccess(CcClaimStockAccountingCommon):
    def test_claim_form_opens_for_every_role(self):
        claim = self._create_execution_claim(
            [("allowance", 0.0, 50.0), ("exchange", 2.0, None)]
        )
        claim.action_create_allowance_credit_note()
        claim.action_create_return()
        for user in (
            self.user_qa,
            self.user_production,
            self.salesman,
            self.accountant,
        ):
            claim.invalidate_recordset()
            form = Form(claim.with_user(user))
            self.assertEqual(form.state, "execution", user.login)
        self.assertEqual(claim.with_user(self.user_qa).credit_note_count, 1)
        self.assertEqual(claim.with_user(self.user_qa).return_picking_count, 1)
        as_accountant = claim.with_user(self.accountant)
        self.assertEqual(as_accountant.credit_note_ids.cc_claim_id, claim)
        self.assertTrue(as_accountant.claim_picking_ids)
