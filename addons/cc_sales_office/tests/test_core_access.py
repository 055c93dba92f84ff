from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestCoreFlowsWithoutShowroomRights(CcSalesOfficeCommon):
    """The module's hooks into sale and accounting work for users who have no
    showroom role: commission lines are read and moved on sudo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_salesman = new_test_user(
            cls.env,
            login="cc_so_plain_salesman",
            name="Plain Salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.billing = new_test_user(
            cls.env,
            login="cc_so_billing",
            name="Billing Clerk",
            groups="account.group_account_invoice",
        )
        cls.buyer = cls.env["res.partner"].create({"name": "Core Flow Buyer"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Flat 3-02",
                "type": "service",
                "list_price": 800000,
                "invoice_policy": "order",
                "taxes_id": False,
            }
        )

    def _new_order(self, user, visitor=None):
        vals = {
            "partner_id": self.buyer.id,
            "user_id": user.id,
            "order_line": [fields.Command.create({"product_id": self.product.id})],
        }
        if visitor:
            vals["cc_visitor_id"] = visitor.id
        # created by ``user``, returned in the test's environment
        return self.env["sale.order"].with_user(user).create(vals).with_env(self.env)

    def _as(self, user, records):
        """``records`` for ``user``, with an empty cache: what the hooks read
        comes from the database, with the user's access rights checked (the
        test's own reads would otherwise be served from the shared cache)."""
        self.env.invalidate_all()
        return records.with_user(user)

    def _lines(self, order):
        return self.env["cc.commission.line"].search([("sale_order_id", "=", order.id)])

    def _cancel(self, order, user):
        self._as(user, order).with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")

    # sale: confirm and cancel ---------------------------------------------
    def test_plain_salesman_order_without_commission(self):
        order = self._new_order(self.plain_salesman)
        self._as(self.plain_salesman, order).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._lines(order))
        # the showroom fields are not part of the order for this user: a
        # read() of all fields leaves them out
        readable = (
            self.env["sale.order"]
            .with_user(self.plain_salesman)
            .check_field_access_rights("read", None)
        )
        self.assertIn("cc_visitor_id", readable)
        self.assertNotIn("cc_commission_line_ids", readable)
        self.assertNotIn("cc_commission_count", readable)
        # the cancel hook costs one query when there is no commission line
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.assertFalse(order._cc_orders_with_commission())
        self._cancel(order, self.plain_salesman)
        # and back: quotation, confirmed again
        self._as(self.plain_salesman, order).action_draft()
        self._as(self.plain_salesman, order).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_plain_salesman_order_with_commission(self):
        visitor = self.make_visitor(self.user_a, "13900008001")
        order = self._new_order(self.plain_salesman, visitor)
        self._as(self.plain_salesman, order).action_confirm()
        line = self._lines(order)
        self.assertEqual(len(line), 1)
        self.assertEqual((line.user_id, line.state), (self.user_a, "draft"))
        self._cancel(order, self.plain_salesman)
        self.assertEqual(line.state, "cancel")
        self.assertEqual(line.note, "Order cancelled")
        # confirmed again, the commission approved, then cancelled: reversed
        self._as(self.plain_salesman, order).action_draft()
        self._as(self.plain_salesman, order).action_confirm()
        new_line = self._lines(order) - line
        self.assertEqual(len(new_line), 1)
        new_line.with_user(self.manager).action_approve()
        self._cancel(order, self.plain_salesman)
        reversal = self._lines(order).filtered("reversed_line_id")
        self.assertEqual(reversal.reversed_line_id, new_line)
        self.assertAlmostEqual(reversal.amount, -new_line.amount)
        self.assertEqual(new_line.state, "approved")

    def test_other_salesperson_confirms_showroom_order(self):
        """A showroom salesperson who cannot read the owner's visitor confirms
        and cancels an order of that visitor."""
        visitor = self.make_visitor(self.user_a, "13900008002")
        order = self._new_order(self.user_b, visitor)
        self._as(self.user_b, order).action_confirm()
        line = self._lines(order)
        self.assertEqual(line.user_id, self.user_a)
        self._cancel(order, self.user_b)
        self.assertEqual(line.state, "cancel")

    # accounting: post, refund, pay ---------------------------------------
    def _invoice(self, order):
        invoice = order._create_invoices()
        self._as(self.billing, invoice).action_post()
        self.assertEqual(invoice.state, "posted")
        return invoice

    def _refund(self, invoice, quarter=False):
        self.env.invalidate_all()
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.billing)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Return"})
        )
        refund = (
            self.env["account.move"]
            .with_user(self.billing)
            .browse(reversal.refund_moves()["res_id"])
        )
        if quarter:
            refund.invoice_line_ids.price_unit = refund.invoice_line_ids.price_unit / 4
        self._as(self.billing, refund).action_post()
        self.assertEqual(refund.state, "posted")
        return refund

    def _pay(self, invoice):
        self.env.invalidate_all()
        self.env["account.payment.register"].with_user(self.billing).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_billing_without_commission(self):
        self.ensure_sales_journal()
        order = self._new_order(self.user_a)
        order.action_confirm()
        invoice = self._invoice(order)
        self._pay(invoice)
        self._refund(invoice)
        self.assertFalse(self._lines(order))
        # a showroom order whose commission is due on payment, refunded first
        self.office.commission_trigger = "paid"
        visitor = self.make_visitor(self.user_a, "13900008101")
        order = self._new_order(self.user_a, visitor)
        order.action_confirm()
        invoice = self._invoice(order)
        self._refund(invoice)
        self.assertFalse(self._lines(order))

    def test_billing_with_commission(self):
        self.ensure_sales_journal()
        visitor = self.make_visitor(self.user_a, "13900008102")
        order = self._new_order(self.user_a, visitor)
        order.action_confirm()
        line = self._lines(order)
        self.assertEqual(len(line), 1)
        line.with_user(self.manager).action_approve()
        invoice = self._invoice(order)
        self._pay(invoice)
        # a quarter refunded: a negative line of a quarter of the approved one
        refund = self._refund(invoice, quarter=True)
        negative = self._lines(order).filtered("reversed_line_id")
        self.assertEqual(negative.reversed_line_id, line)
        self.assertAlmostEqual(negative.amount, -line.amount / 4)
        self.assertIn(refund.name, negative.note)
        # a full refund of a draft line cancels it
        visitor2 = self.make_visitor(self.user_a, "13900008103")
        order2 = self._new_order(self.user_a, visitor2)
        order2.action_confirm()
        draft = self._lines(order2)
        invoice2 = self._invoice(order2)
        self._pay(invoice2)
        self._refund(invoice2)
        self.assertEqual(draft.state, "cancel")
