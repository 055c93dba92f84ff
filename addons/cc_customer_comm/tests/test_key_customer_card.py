from datetime import date

from odoo import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import freeze_time

from .common import CcCommon


@tagged("post_install", "-at_install")
class TestKeyCustomerCard(CcCommon):
    """Key-customer card (重要客户档案): order history by batch (product,
    specification, quantity) and ordering trend, from confirmed sales orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_user = new_test_user(
            cls.env,
            login="cc_card_sales",
            name="Card Salesperson",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,"
            "cc_customer_comm.group_cc_user",
        )
        cls.pump = cls.env["product.product"].create(
            {"name": "Pump SP-200", "list_price": 100.0}
        )
        cls.valve = cls.env["product.product"].create(
            {"name": "Valve V-50", "list_price": 10.0}
        )
        cls.customer.cc_is_key_customer = True
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Buyer Wang", "parent_id": cls.customer.id, "function": "Buyer"}
        )
        cls.orders = cls.env["sale.order"]
        # batches: two in the six months before, three in the last six months
        for day, partner, lines in (
            ("2025-09-10", cls.customer, [(cls.pump, "SP-200 stainless, 50 mm", 10)]),
            ("2025-11-05", cls.buyer, [(cls.valve, "V-50 brass", 30)]),
            ("2026-01-20", cls.customer, [(cls.pump, "SP-200 cast iron, 80 mm", 12)]),
            ("2026-03-02", cls.buyer, [(cls.pump, "SP-200 stainless, 50 mm", 8)]),
            ("2026-05-15", cls.customer, [(cls.valve, "V-50 brass", 60)]),
        ):
            cls.orders |= cls._confirmed_order(day, partner, lines)
        # neither a quotation nor another customer's order counts
        cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"product_id": cls.pump.id, "product_uom_qty": 99})
                ],
            }
        )
        cls._confirmed_order(
            "2026-05-20", cls.customer_2, [(cls.pump, "SP-200 stainless, 50 mm", 7)]
        )

    @classmethod
    def _confirmed_order(cls, day, partner, lines):
        with freeze_time(day):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": spec,
                                "product_uom_qty": qty,
                                "price_unit": product.list_price,
                            }
                        )
                        for product, spec, qty in lines
                    ],
                }
            )
            order.action_confirm()
        return order

    def test_card_figures_and_trend(self):
        with freeze_time("2026-06-10"):
            customer = self.customer.with_user(self.sales_user)
            self.assertEqual(customer.cc_order_count, 5)
            self.assertEqual(customer.cc_last_order_date, date(2026, 5, 15))
            # last six months: 1200 + 800 + 600; the six before: 1000 + 300
            self.assertEqual(customer.cc_order_amount_6m, 2600)
            self.assertEqual(customer.cc_order_trend, "growing")
            self.assertEqual(
                self.buyer.cc_order_count, 5, "the contact shows its company's card"
            )
        with freeze_time("2026-12-10"):
            self.customer.invalidate_recordset()
            # nothing in the last six months; 2600 in the six before
            self.assertEqual(self.customer.cc_order_amount_6m, 0)
            self.assertEqual(self.customer.cc_order_trend, "declining")

    def test_order_history_by_batch(self):
        action = self.customer.with_user(self.sales_user).action_cc_view_order_history()
        lines = (
            self.env["sale.order.line"]
            .with_user(self.sales_user)
            .search(action["domain"])
        )
        self.assertEqual(lines.order_id, self.orders)
        self.assertEqual(
            sorted(
                (line.product_id.name, line.name, line.product_uom_qty)
                for line in lines
            ),
            [
                ("Pump SP-200", "SP-200 cast iron, 80 mm", 12),
                ("Pump SP-200", "SP-200 stainless, 50 mm", 8),
                ("Pump SP-200", "SP-200 stainless, 50 mm", 10),
                ("Valve V-50", "V-50 brass", 30),
                ("Valve V-50", "V-50 brass", 60),
            ],
        )
        self.assertIn(self.customer.name, action["display_name"])
        trend = self.customer.with_user(self.sales_user).action_cc_view_order_trend()
        groups = (
            self.env["sale.report"]
            .with_user(self.sales_user)
            ._read_group(trend["domain"], ["date:month"], ["product_uom_qty:sum"])
        )
        self.assertEqual(
            [qty for _month, qty in groups], [10, 30, 12, 8, 60], "month by month"
        )

    def test_card_on_the_partner_form_and_pdf(self):
        with Form(self.customer.with_user(self.sales_user)) as form:
            self.assertEqual(form.cc_order_count, 5)
            self.assertTrue(form.cc_is_key_customer)
        with freeze_time("2026-06-10"):
            html = (
                self.env["ir.actions.report"]
                .with_user(self.sales_user)
                ._render_qweb_html(
                    "cc_customer_comm.cc_key_customer_card_report", self.customer.ids
                )[0]
                .decode()
            )
        for text in (
            "SP-200 cast iron, 80 mm",
            "V-50 brass",
            "Buyer Wang",
            self.orders[0].name,
            "2026-05",
            "2025-07",
        ):
            self.assertIn(text, html)
        self.assertNotIn("99.00", html, "a quotation is not a batch")

    def test_without_sales_rights(self):
        """A Customer Service user without sales rights sees no order figures
        and no order-history button, and cannot print the card."""
        customer = self.customer.with_user(self.salesperson)
        self.assertEqual(customer.cc_order_count, 0)
        self.assertFalse(customer.cc_order_trend)
        arch = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .get_view(view_type="form")["arch"]
        )
        self.assertNotIn("action_cc_view_order_history", arch)
        self.assertIn(
            "action_cc_view_order_history",
            self.env["res.partner"]
            .with_user(self.sales_user)
            .get_view(view_type="form")["arch"],
        )
