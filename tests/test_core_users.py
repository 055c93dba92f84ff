"""Core users without any Customer Service right keep doing what they did.

Each user below holds only an Odoo app's own group: they open the documents of
their app (form view and every field they may read) and take its core steps
with the whole suite installed.
"""

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCoreUsersWithoutCcRights(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="core_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.stock_user = new_test_user(
            cls.env, login="core_stock", groups="stock.group_stock_user"
        )
        cls.billing = new_test_user(
            cls.env, login="core_billing", groups="account.group_account_invoice"
        )
        cls.employee = new_test_user(
            cls.env, login="core_employee", groups="base.group_user"
        )
        cls.customer = cls.env["res.partner"].create({"name": "Core Customer"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Core Widget",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0,
                "invoice_policy": "order",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product,
            cls.env.ref("stock.warehouse0").lot_stock_id,
            100,
        )

    def _assert_opens(self, record, user):
        """The user loads the form view and reads every field the suite adds
        to the document that their groups let them see (Odoo's own fields are
        Odoo's business: some are out of a core user's reach without us)."""
        record = record.with_user(user)
        record.env.invalidate_all()
        views = record.get_views([(False, "form")])
        self.assertIn("form", views["views"])
        visible = record.fields_get(attributes=["type"])
        cc_fields = [
            name
            for name, field in record._fields.items()
            if name in visible and any(m.startswith("cc_") for m in field._modules)
        ]
        self.assertTrue(cc_fields, record._name)
        values = record.read(cc_fields)
        self.assertEqual(values[0]["id"], record.id)
        return values

    def test_salesman_sells_cancels_and_reads(self):
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        with form.order_line.new() as line:
            line.product_id = self.product
            line.product_uom_qty = 2
        order = form.save()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self._assert_opens(order, self.salesman)
        self._assert_opens(self.customer, self.salesman)
        order.picking_ids.with_user(self.salesman).read(["name", "state"])
        order._action_cancel()
        self.assertEqual(order.state, "cancel")

    def test_stock_user_delivers_and_reads(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 3}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(self.stock_user)
        self._assert_opens(picking, self.stock_user)
        picking.move_ids.quantity = 3
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_billing_posts_refunds_and_reads(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices().with_user(self.billing)
        invoice.action_post()
        self._assert_opens(invoice, self.billing)
        refund = invoice._reverse_moves(cancel=False)
        refund.action_post()
        self.assertEqual(refund.state, "posted")
        self._assert_opens(refund, self.billing)

    def test_employee_reads_contacts(self):
        self._assert_opens(self.customer, self.employee)

    def test_stock_user_repairs_without_after_sales_rights(self):
        """Repair orders carry the dispatch they served: a warehouse user
        without after-sales rights still creates, runs and reads them."""
        if "cc_dispatch_id" not in self.env["repair.order"]._fields:
            self.skipTest("cc_after_sales is not installed")
        part = self.env["product.product"].create(
            {"name": "Core Spare Part", "type": "consu", "is_storable": True}
        )
        self.env["stock.quant"]._update_available_quantity(
            part, self.env.ref("stock.warehouse0").lot_stock_id, 5
        )
        form = Form(self.env["repair.order"].with_user(self.stock_user))
        form.partner_id = self.customer
        form.product_id = self.product
        with form.move_ids.new() as line:
            line.product_id = part
            line.product_uom_qty = 1
        repair = form.save()
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        views = repair.get_views([(False, "form")])
        self.assertNotIn('name="cc_dispatch_id"', views["views"]["form"]["arch"])
        self.assertNotIn("cc_dispatch_id", repair.fields_get())

    def test_field_service_user_completes_orders_without_after_sales_rights(self):
        """Field-service orders that are not after-sales dispatches complete as
        in fieldservice alone: no receipt signature is demanded."""
        if "cc_request_id" not in self.env["fsm.order"]._fields:
            self.skipTest("cc_after_sales is not installed")
        dispatcher = new_test_user(
            self.env, login="core_fsm", groups="fieldservice.group_fsm_dispatcher"
        )
        location = self.env["fsm.location"].create(
            {"name": "Core Site", "owner_id": self.customer.id}
        )
        order = (
            self.env["fsm.order"]
            .with_user(dispatcher)
            .create({"location_id": location.id})
        )
        order.get_views([(False, "form")])
        order.read(["name", "stage_id", "cc_receipt_signed"])
        order.action_complete()
        self.assertEqual(
            order.stage_id, self.env.ref("fieldservice.fsm_stage_completed")
        )
