from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CcSalesOfficeCommon

GUARD = "changes only through its buttons"


@tagged("post_install", "-at_install")
class TestDocumentMixin(CcSalesOfficeCommon):
    """The workflow models of the showroom are on cc.document.mixin: their
    status moves only through the actions, for every user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referrer = cls.env["hr.employee"].create({"name": "Mixin Clerk"})
        cls.partner = cls.env["res.partner"].create({"name": "Mixin Buyer"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Flat 7-01",
                "type": "service",
                "list_price": 500000,
                "taxes_id": False,
            }
        )

    # helpers -------------------------------------------------------------
    def assert_write_refused(self, record, user, state):
        """``user`` writing ``state`` directly is refused; the row is unchanged."""
        before = record.state
        with self.assertRaisesRegex(UserError, GUARD) as caught, self.cr.savepoint():
            record.with_user(user).write({"state": state})
        # the guard refused it, not the access rights
        self.assertNotIsInstance(caught.exception, AccessError)
        with self.assertRaisesRegex(UserError, GUARD), self.cr.savepoint():
            record.with_user(user).state = state
        record.invalidate_recordset()
        self.assertEqual(record.state, before)

    def assert_create_refused(self, model, user, vals):
        Model = self.env[model]
        count = Model.search_count([])
        with self.assertRaisesRegex(UserError, GUARD) as caught, self.cr.savepoint():
            Model.with_user(user).create(vals)
        self.assertNotIsInstance(caught.exception, AccessError)
        self.assertEqual(Model.search_count([]), count)

    def referral_vals(self, mobile, **vals):
        return dict(
            {
                "office_id": self.office.id,
                "employee_id": self.referrer.id,
                "visitor_name": "Referred Friend",
                "mobile": mobile,
                "appointment_date": self.today,
            },
            **vals,
        )

    def commission_line(self, mobile):
        visitor = self.make_visitor(self.user_a, mobile)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "user_id": self.user_a.id,
                "cc_visitor_id": visitor.id,
                "order_line": [fields.Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        line = order.cc_commission_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.state, "draft")
        return line

    # cc.referral ---------------------------------------------------------
    def test_referral_state(self):
        Referral = self.env["cc.referral"]
        referral = Referral.with_user(self.supervisor).create(
            self.referral_vals("13900007001")
        )
        self.assertTrue(referral.name.startswith("REF/"), referral.name)
        self.assertEqual(referral.state, "registered")
        for user in (self.supervisor, self.manager, self.user_a):
            self.assert_write_refused(referral, user, "valid")
            self.assert_write_refused(referral, user, "void")
        for user in (self.supervisor, self.manager):
            self.assert_create_refused(
                "cc.referral", user, self.referral_vals("13900007002", state="valid")
            )
        # the default state may be given explicitly
        explicit = Referral.with_user(self.supervisor).create(
            self.referral_vals("13900007003", state="registered")
        )
        self.assertEqual(explicit.state, "registered")
        # the actions still move it, with their group and source state checks
        with self.assertRaises(AccessError):
            referral.with_user(self.user_a).action_void()
        referral.with_user(self.supervisor).action_void()
        self.assertEqual(referral.state, "void")
        self.assertEqual(referral.void_reason, "cancelled")
        with self.assertRaisesRegex(UserError, "only possible from"):
            referral.with_user(self.manager).action_void()
        # confirmation on arrival
        self.check_in(self.user_a)
        self.walk_in("Referred Friend", "13900007003")
        explicit.with_user(self.supervisor).action_confirm()
        self.assertEqual(explicit.state, "valid")
        self.assertEqual(explicit.confirmed_by_id, self.supervisor)

    def test_referral_cron_as_non_superuser(self):
        """The scheduler's void goes through the transition on sudo records,
        whoever runs it."""
        referral = (
            self.env["cc.referral"]
            .with_user(self.supervisor)
            .create(self.referral_vals("13900007010"))
        )
        voided = (
            self.env["cc.referral"]
            .with_user(self.user_a)
            ._cron_void_missed_referrals(today=self.today + relativedelta(days=1))
        )
        self.assertIn(referral, voided)
        referral.invalidate_recordset()
        self.assertEqual(referral.state, "void")
        self.assertEqual(referral.void_reason, "no_show")

    def test_referral_numbered_in_its_company(self):
        """The number is drawn from the sequence of the referral's company."""
        company = self.env["res.company"].create({"name": "Second Showroom Co"})
        self.env["ir.sequence"].create(
            {
                "name": "Referral (second company)",
                "code": "cc.referral",
                "prefix": "R2/",
                "padding": 3,
                "company_id": company.id,
            }
        )
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        office = env["cc.sales.office"].create(
            {"name": "Second Showroom", "company_id": company.id}
        )
        employee = env["hr.employee"].create(
            {"name": "Second Clerk", "company_id": company.id}
        )
        referral = env["cc.referral"].create(
            self.referral_vals(
                "13900007020",
                company_id=company.id,
                office_id=office.id,
                employee_id=employee.id,
            )
        )
        self.assertEqual(referral.name, "R2/001")
        # an arrival without a company is numbered for its office's company
        Arrival = self.env["cc.visitor.assignment"]
        self.assertEqual(
            Arrival._cc_sequence_company({"office_id": office.id}), company
        )
        self.assertEqual(
            Arrival._cc_sequence_company(
                {"office_id": office.id, "company_id": self.env.company.id}
            ),
            self.env.company,
        )

    # cc.visitor ----------------------------------------------------------
    def test_visitor_state(self):
        visitor = self.make_visitor(self.user_a, "13900007101")
        self.assertEqual(visitor.state, "draft")
        for user in (self.user_a, self.supervisor, self.manager):
            self.assert_write_refused(visitor, user, "confirmed")
        for user in (self.user_a, self.manager):
            self.assert_create_refused(
                "cc.visitor",
                user,
                {
                    "name": "Pre-confirmed",
                    "mobile": "13900007102",
                    "office_id": self.office.id,
                    "user_id": user.id,
                    "state": "confirmed",
                },
            )
        with self.assertRaises(AccessError):
            visitor.with_user(self.user_a).action_confirm()
        visitor.with_user(self.supervisor).action_confirm()
        self.assertEqual(visitor.state, "confirmed")
        # confirmed is final: back to draft is refused too
        self.assert_write_refused(visitor, self.manager, "draft")
        with self.assertRaisesRegex(UserError, "only possible from"):
            visitor.with_user(self.manager).action_confirm()

    # cc.visitor.assignment -----------------------------------------------
    def test_assignment_state(self):
        self.check_in(self.user_a)
        arrival = self.walk_in("Mixin Guest", "13900007201")
        self.assertTrue(arrival.name.startswith("ARR/"), arrival.name)
        self.assertEqual(arrival.state, "receiving")
        for user in (self.supervisor, self.manager, self.user_a):
            self.assert_write_refused(arrival, user, "done")
        for user in (self.supervisor, self.manager):
            self.assert_create_refused(
                "cc.visitor.assignment",
                user,
                {"office_id": self.office.id, "rule": "rota", "state": "done"},
            )
        arrival.with_user(self.supervisor).action_done()
        self.assertEqual(arrival.state, "done")
        self.assertTrue(arrival.end_date)
        self.assertEqual(self.line(self.user_a).status, "available")
        with self.assertRaisesRegex(UserError, "only possible from"):
            arrival.with_user(self.manager).action_done()
        # nobody free: saved unassigned by the desk, assigned by the supervisor
        self.check_out(self.user_a)
        unassigned = self.walk_in("Late Guest", "13900007202")
        self.assertEqual(unassigned.state, "unassigned")
        self.assert_write_refused(unassigned, self.manager, "done")
        with self.assertRaises(AccessError):
            unassigned.with_user(self.user_a)._cc_assign_manually(self.user_b, "x")
        unassigned.with_user(self.supervisor)._cc_assign_manually(
            self.user_b, "Handed over"
        )
        self.assertEqual(unassigned.state, "done")
        self.assertEqual(unassigned.user_id, self.user_b)

    # cc.commission.line --------------------------------------------------
    def test_commission_line_state(self):
        line = self.commission_line("13900007301")
        for user in (self.manager, self.supervisor, self.user_a):
            self.assert_write_refused(line, user, "approved")
            self.assert_write_refused(line, user, "paid")
        self.assert_create_refused(
            "cc.commission.line",
            self.manager,
            {
                "office_id": line.office_id.id,
                "sale_order_id": line.sale_order_id.id,
                "role": "owner",
                "user_id": self.user_a.id,
                "amount": 10.0,
                "state": "approved",
            },
        )
        with self.assertRaises(AccessError):
            line.with_user(self.supervisor).action_approve()
        line.with_user(self.manager).action_approve()
        self.assertEqual(line.state, "approved")
        self.assert_write_refused(line, self.manager, "paid")
        with self.assertRaisesRegex(UserError, "only possible from"):
            line.with_user(self.manager).action_cancel()
        line.with_user(self.manager).action_pay()
        self.assertEqual(line.state, "paid")
        other = self.commission_line("13900007302")
        other.with_user(self.manager).action_cancel()
        self.assertEqual(other.state, "cancel")
