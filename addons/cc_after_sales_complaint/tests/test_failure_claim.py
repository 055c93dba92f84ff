from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user


class TestFailureClaim(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.salesperson = new_test_user(
            cls.env, "cc_asc_sales", groups="sales_team.group_sale_salesman"
        )
        # an engineer with no complaint rights at all
        cls.engineer = new_test_user(
            cls.env, "cc_asc_engineer", groups="cc_after_sales.group_cc_as_engineer"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Bridge Customer", "email": "bridge@example.com"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Analyser AX-1",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 1000.0,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "AX1-0001", "product_id": cls.product.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, warehouse.lot_stock_id, 1.0, lot_id=cls.lot
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 1.0})
                ],
            }
        )
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        cls.delivery.move_ids.move_line_ids.write({"lot_id": cls.lot.id, "quantity": 1})
        cls.delivery.move_ids.picked = True
        cls.delivery.button_validate()
        cls.request = cls.env["cc.service.request"].create(
            {
                "partner_id": cls.customer.id,
                "request_type": "commissioning",
                "lot_id": cls.lot.id,
                "product_id": cls.product.id,
                "picking_id": cls.delivery.id,
                "sale_order_id": cls.order.id,
                "user_id": cls.engineer.id,
            }
        )
        cls.request.action_acknowledge()
        cls.request.action_create_dispatch()
        cls.dispatch = cls.request.dispatch_ids

    def test_failure_raises_one_prefilled_claim(self):
        dispatch = self.dispatch.with_user(self.engineer)
        dispatch.cc_failure_reason = "Does not calibrate: sensor drift 8 %"
        dispatch.action_cc_failed()
        claim = self.dispatch.cc_claim_id
        self.assertTrue(claim)
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.user_id, self.salesperson, "owned by the salesperson")
        self.assertEqual(claim.channel, "after_sales")
        self.assertEqual(claim.sale_order_id, self.order)
        self.assertEqual(claim.picking_id, self.delivery)
        self.assertEqual(claim.line_ids.lot_id, self.lot)
        self.assertEqual(claim.line_ids.requested_action, "return")
        self.assertEqual(claim.line_ids.requested_qty, 1.0)
        self.assertIn("sensor drift", claim.description)
        self.assertEqual(claim.cc_dispatch_ids, self.dispatch)
        # no direct return: the claim decides
        self.assertFalse(self.dispatch.cc_return_picking_id)
        # pressing again opens the same claim
        action = dispatch.action_cc_failed()
        self.assertEqual(action["res_id"], claim.id)
        self.assertEqual(
            self.env["cc.claim"].search_count(
                [("cc_dispatch_ids", "=", self.dispatch.id)]
            ),
            1,
        )

    def test_failed_dispatch_completes_once_claim_raised(self):
        dispatch = self.dispatch.with_user(self.engineer)
        dispatch.cc_result = "failed"
        stage = self.env.ref("fieldservice.fsm_stage_completed")
        stage.require_signature = False
        with self.assertRaisesRegex(UserError, "sales return"):
            dispatch.action_complete()
        dispatch.cc_failure_reason = "Pump broken on arrival"
        dispatch.action_cc_failed()
        dispatch.action_complete()
        self.assertEqual(self.dispatch.stage_id, stage)

    def test_failure_needs_a_reason(self):
        with self.assertRaisesRegex(UserError, "Failure Reason"):
            self.dispatch.with_user(self.engineer).action_cc_failed()
        self.assertFalse(self.dispatch.cc_claim_id)

    def test_company_may_return_failed_units_at_once(self):
        self.env.company.cc_as_failure_claim = False
        dispatch = self.dispatch.with_user(self.engineer)
        dispatch.cc_failure_reason = "Housing cracked"
        dispatch.action_cc_failed()
        self.assertFalse(self.dispatch.cc_claim_id)
        ret = self.dispatch.cc_return_picking_id
        self.assertTrue(ret.location_dest_id.cc_as_nonconforming)
        self.assertEqual(ret.move_ids.lot_ids, self.lot)
