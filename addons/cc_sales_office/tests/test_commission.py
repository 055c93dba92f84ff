import io

from openpyxl import load_workbook

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestCommission(CcSalesOfficeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.categ_villa = cls.env["product.category"].create({"name": "Villas"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Flat 12-03",
                "type": "service",
                "list_price": 1000000,
                "taxes_id": False,
            }
        )
        cls.villa = cls.env["product.product"].create(
            {
                "name": "Villa 8",
                "type": "service",
                "list_price": 3000000,
                "taxes_id": False,
                "categ_id": cls.categ_villa.id,
            }
        )
        cls.partner = cls.env["res.partner"].create({"name": "Buyer"})
        cls.referrer = cls.env["hr.employee"].create({"name": "Clerk"})

    def _order(self, visitor, product=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "user_id": visitor.user_id.id,
                "cc_visitor_id": visitor.id,
                "order_line": [
                    fields.Command.create({"product_id": (product or self.product).id})
                ],
            }
        )
        order.action_confirm()
        return order

    def _amounts(self, order):
        return {
            line.role: (line.share, line.amount)
            for line in order.cc_commission_line_ids.filtered(
                lambda line: line.state != "cancel"
            )
        }

    def test_owner_gets_everything(self):
        visitor = self.make_visitor(self.user_a, "13600000001")
        order = self._order(visitor)
        lines = order.cc_commission_line_ids
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines.user_id, self.user_a)
        self.assertEqual(lines.role, "owner")
        self.assertAlmostEqual(lines.share, 100.0)
        self.assertAlmostEqual(lines.amount, order.amount_untaxed * 0.01)

    def test_referral_split_30_70_and_team_pool(self):
        referral = self.env["cc.referral"].create(
            {
                "office_id": self.office.id,
                "employee_id": self.referrer.id,
                "visitor_name": "Friend",
                "mobile": "13600000002",
                "appointment_date": self.today,
            }
        )
        self.check_in(self.user_a, self.user_b)
        arrival = self.walk_in("Friend", "13600000002")
        referral.with_user(self.supervisor).action_confirm()
        visitor = arrival.visitor_id
        self.assertEqual(visitor.user_id, self.user_a)
        order = self._order(visitor)
        amounts = self._amounts(order)
        total = order.amount_untaxed * 0.01
        self.assertEqual(set(amounts), {"referrer", "receiver"})
        self.assertAlmostEqual(amounts["referrer"][1], total * 0.30)
        self.assertAlmostEqual(amounts["receiver"][1], total * 0.70)
        referrer_line = order.cc_commission_line_ids.filtered(
            lambda line: line.role == "referrer"
        )
        self.assertEqual(referrer_line.employee_id, self.referrer)
        # a colleague assisted (stand-in): the team pool takes its share first
        visitor2 = self.make_visitor(self.user_a, "13600000003")
        visitor2.assistant_user_ids = self.user_b
        order2 = self._order(visitor2)
        amounts2 = self._amounts(order2)
        self.assertAlmostEqual(amounts2["team_pool"][0], 10.0)
        self.assertAlmostEqual(amounts2["owner"][0], 90.0)
        self.assertFalse(
            order2.cc_commission_line_ids.filtered(
                lambda line: line.role == "team_pool"
            ).user_id
        )
        self.assertAlmostEqual(
            sum(a for _s, a in amounts2.values()), order2.amount_untaxed * 0.01
        )

    def test_split_must_sum_to_100(self):
        with self.assertRaisesRegex(ValidationError, "100"):
            self.office.referral_share = 40.0
        with self.assertRaises(ValidationError):
            self.office.write({"team_pool_share": 120.0})

    def test_rate_per_category(self):
        self.env["cc.sales.office.rate"].create(
            {"office_id": self.office.id, "categ_id": self.categ_villa.id, "rate": 2.0}
        )
        visitor = self.make_visitor(self.user_a, "13600000004")
        order = self._order(visitor, self.villa)
        self.assertAlmostEqual(order.cc_commission_line_ids.amount, 3000000 * 0.02)
        self.assertAlmostEqual(order.cc_commission_line_ids.rate, 2.0)

    def test_cancel_reverses(self):
        visitor = self.make_visitor(self.user_a, "13600000005")
        order = self._order(visitor)
        draft = order.cc_commission_line_ids
        order._action_cancel()
        self.assertEqual(draft.state, "cancel")
        # approved lines are reversed by a negative line instead
        order.action_draft()
        order.action_confirm()
        line = order.cc_commission_line_ids.filtered(lambda line: line.state == "draft")
        self.assertEqual(len(line), 1)
        with self.assertRaises(UserError):
            line.with_user(self.supervisor).action_approve()
        line.with_user(self.manager).action_approve()
        order._action_cancel()
        reversal = order.cc_commission_line_ids.filtered("reversed_line_id")
        self.assertEqual(reversal.reversed_line_id, line)
        self.assertAlmostEqual(reversal.amount, -line.amount)
        self.assertEqual(line.state, "approved")
        with self.assertRaises(UserError):
            line.with_user(self.manager).unlink()

    def test_due_on_payment_and_credit_note_reverses(self):
        """Commission due on full payment; a credit note reverses its share."""
        self.ensure_sales_journal()
        self.office.commission_trigger = "paid"
        visitor = self.make_visitor(self.user_a, "13600000008")
        order = self._order(visitor)
        self.assertFalse(order.cc_commission_line_ids)
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertFalse(order.cc_commission_line_ids)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        line = order.cc_commission_line_ids
        self.assertEqual(len(line), 1)
        self.assertAlmostEqual(line.amount, order.amount_untaxed * 0.01)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Discount"})
        )
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_line_ids.price_unit = refund.invoice_line_ids.price_unit / 4
        refund.action_post()
        negative = order.cc_commission_line_ids.filtered("reversed_line_id")
        self.assertEqual(negative.reversed_line_id, line)
        self.assertAlmostEqual(negative.amount, -line.amount / 4)

    def test_accountant_without_showroom_rights_pays_and_refunds(self):
        """The accountant who registers the payment and posts the credit note
        has no Sales Office role: commission lines still follow."""
        self.ensure_sales_journal()
        accountant = new_test_user(
            self.env, login="cc_so_accountant", groups="account.group_account_invoice"
        )
        self.office.commission_trigger = "paid"
        visitor = self.make_visitor(self.user_a, "13600000009")
        order = self._order(visitor)
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_user(accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        line = order.cc_commission_line_ids
        self.assertEqual(len(line), 1, "payment by the accountant makes the line")
        reversal = (
            self.env["account.move.reversal"]
            .with_user(accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Return"})
        )
        refund = (
            self.env["account.move"]
            .with_user(accountant)
            .browse(reversal.refund_moves()["res_id"])
        )
        refund.action_post()
        # a full credit note cancels the still-draft commission line
        self.assertEqual(line.state, "cancel")
        self.assertIn(refund.name, line.note)

    def test_salesperson_sees_own_commission(self):
        visitor = self.make_visitor(self.user_a, "13600000006")
        order = self._order(visitor)
        Line = self.env["cc.commission.line"]
        self.assertEqual(
            Line.with_user(self.user_a).search([("sale_order_id", "=", order.id)]),
            order.cc_commission_line_ids,
        )
        self.assertFalse(
            Line.with_user(self.user_b).search([("sale_order_id", "=", order.id)])
        )

    def test_statement_xlsx_from_schedule_data(self):
        visitor = self.make_visitor(self.user_a, "13600000007")
        self._order(visitor)
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "cc_sales_office.cc_commission_statement_xlsx",
            [],
            {
                "date_from": fields.Date.to_string(self.today.replace(day=1)),
                "date_to": fields.Date.to_string(self.today),
                "company_id": self.env.company.id,
            },
        )
        self.assertEqual(kind, "xlsx")
        book = load_workbook(io.BytesIO(content))
        self.assertIn("Seller A", book.sheetnames)
        self.assertEqual(book["Seller A"]["A1"].value, "Seller A")
