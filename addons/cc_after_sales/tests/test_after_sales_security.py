from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common_service import AfterSalesCommon


@tagged("post_install", "-at_install")
class TestAfterSalesAccess(AfterSalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # engineer 1 handles Huaxin, engineer 2 handles Other Labs
        cls.request = cls._request_for(cls.engineer, cls.worker, cls.contact, cls.lot)
        cls.request2 = cls._request_for(
            cls.engineer2, cls.worker2, cls.customer2, cls.lot_other
        )
        cls.dispatch = cls.request.dispatch_ids
        cls.dispatch2 = cls.request2.dispatch_ids
        cls.portal = new_test_user(
            cls.env,
            login="as_portal",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )

    @classmethod
    def _request_for(cls, user, worker, partner, lot):
        request = (
            cls.env["cc.service.request"]
            .with_user(user)
            .create({"partner_id": partner.id, "lot_id": lot.id, "user_id": user.id})
        )
        request.action_acknowledge()
        action = request.action_create_dispatch()
        cls.env["fsm.order"].with_user(cls.manager).browse(action["res_id"]).write(
            {"person_id": worker.id, "person_ids": [Command.set(worker.ids)]}
        )
        return request.with_env(cls.env)

    def test_engineer_sees_own_dispatches_and_customers(self):
        Order = self.env["fsm.order"].with_user(self.engineer)
        self.assertEqual(Order.search([("cc_request_id", "!=", False)]), self.dispatch)
        with self.assertRaises(AccessError):
            self.dispatch2.with_user(self.engineer).read(["name"])
        with self.assertRaises(AccessError):
            self.dispatch2.with_user(self.engineer).write({"cc_findings": "<p>x</p>"})
        Request = self.env["cc.service.request"].with_user(self.engineer)
        visible = Request.search([])
        self.assertIn(self.request, visible)
        self.assertNotIn(self.request2, visible)
        with self.assertRaises(AccessError):
            self.request2.with_user(self.engineer).read(["name"])
        # another request of a customer the engineer is dispatched to
        other = self.env["cc.service.request"].create(
            {"partner_id": self.customer.id, "user_id": self.engineer2.id}
        )
        self.assertIn(other, Request.search([]))
        # the engineer works the dispatch: report, parts, signature
        dispatch = self.dispatch.with_user(self.engineer)
        dispatch.cc_findings = "<p>Fan blocked</p>"
        dispatch.action_cc_create_repair()
        self._sign(dispatch)
        dispatch.action_complete()
        self.assertTrue(dispatch.is_closed)

    def test_engineer_of_the_dispatch_reads_the_request(self):
        # engineer 2 is sent to Huaxin too: they now see Huaxin's requests
        self.dispatch.with_user(self.manager).person_ids = [
            Command.link(self.worker2.id)
        ]
        self.assertIn(self.engineer2, self.dispatch.cc_engineer_user_ids)
        self.env.flush_all()
        self.assertIn(
            self.request,
            self.env["cc.service.request"].with_user(self.engineer2).search([]),
        )
        self.dispatch.with_user(self.engineer2).read(["name", "cc_findings"])

    def test_reviewer_and_manager_see_all(self):
        for user in (self.reviewer, self.manager):
            self.assertLessEqual(
                self.request | self.request2,
                self.env["cc.service.request"].with_user(user).search([]),
            )
            self.assertLessEqual(
                self.dispatch | self.dispatch2,
                self.env["fsm.order"].with_user(user).search([]),
            )

    def test_portal_reads_only_its_company(self):
        Request = self.env["cc.service.request"].with_user(self.portal)
        self.assertEqual(Request.search([]), self.request)
        self.request.with_user(self.portal).read(["name", "state", "description"])
        with self.assertRaises(AccessError):
            self.request2.with_user(self.portal).read(["name"])
        with self.assertRaises(AccessError):
            self.request.with_user(self.portal).write({"description": "<p>x</p>"})
        with self.assertRaises(AccessError):
            Request.create({"partner_id": self.contact.id})

    def test_other_company_is_hidden(self):
        company2 = self.env["res.company"].create({"name": "After-Sales Co 2"})
        foreign = (
            self.env["cc.service.request"]
            .with_company(company2)
            .create({"partner_id": self.customer.id, "company_id": company2.id})
        )
        self.manager.company_ids = [Command.link(company2.id)]
        self.assertNotIn(
            foreign,
            self.env["cc.service.request"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=self.company.ids)
            .search([]),
        )


@tagged("post_install", "-at_install")
class TestCoreUsersWithAfterSales(AfterSalesCommon):
    """Users of Odoo's own apps without any after-sales right still sell,
    deliver and repair, and open the documents the module extends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="as_core_sales", groups="sales_team.group_sale_salesman"
        )
        cls.stock_user = new_test_user(
            cls.env, login="as_core_stock", groups="stock.group_stock_user"
        )
        cls.cc_user = new_test_user(
            cls.env, login="as_core_cc", groups="cc_customer_comm.group_cc_user"
        )

    def _opens(self, record, user):
        record = record.with_user(user)
        record.env.invalidate_all()
        self.assertIn("form", record.get_views([(False, "form")])["views"])
        # the fields the suite adds that the user's groups show
        readable = record.fields_get(attributes=["type"])
        record.read(
            [
                name
                for name, field in record._fields.items()
                if name in readable
                and any(module.startswith("cc_") for module in field._modules)
            ]
        )

    def test_sales_and_stock_users(self):
        lot = self._make_lot("SX1-0100")
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self._opens(order, self.salesman)
        self._opens(self.customer, self.salesman)
        picking = order.picking_ids.with_user(self.stock_user)
        picking.action_assign()
        picking.move_ids.move_line_ids.lot_id = lot
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self._opens(picking, self.stock_user)
        self._opens(self.customer, self.stock_user)
        repair = (
            self.env["repair.order"]
            .with_user(self.stock_user)
            .create({"partner_id": self.customer.id, "product_id": self.product.id})
        )
        self._opens(repair, self.stock_user)

    def test_customer_service_user_opens_partner(self):
        self._opens(self.customer, self.cc_user)
