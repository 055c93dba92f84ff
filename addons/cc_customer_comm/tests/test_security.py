from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CcCommon


@tagged("post_install", "-at_install")
class TestSecurity(CcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.comm_own_customer = cls._create_communication(user_id=cls.manager.id)
        cls.comm_own = cls.env["cc.communication"].create(
            {
                "partner_id": cls.customer_2.id,
                "summary": "Own record",
                "user_id": cls.salesperson.id,
            }
        )
        cls.comm_other = cls.env["cc.communication"].create(
            {
                "partner_id": cls.customer_2.id,
                "summary": "Not mine",
                "user_id": cls.salesperson_2.id,
            }
        )
        cls.comm_department = cls.env["cc.communication"].create(
            {
                "partner_id": cls.customer_2.id,
                "summary": "Routed to QA",
                "user_id": cls.salesperson_2.id,
                "department_id": cls.department.id,
            }
        )
        other_customer = cls.env["res.partner"].create(
            {"name": "Other Company Customer", "company_id": cls.other_company.id}
        )
        cls.comm_other_company = (
            cls.env["cc.communication"]
            .with_company(cls.other_company)
            .create(
                {
                    "partner_id": other_customer.id,
                    "summary": "Other company",
                    "user_id": cls.manager.id,
                    "company_id": cls.other_company.id,
                }
            )
        )
        cls.visit_own_customer = cls.env["cc.visit.report"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson_2.id,
                "visit_date": date(2026, 3, 5),
            }
        )
        cls.visit_other = cls.env["cc.visit.report"].create(
            {
                "partner_id": cls.customer_2.id,
                "user_id": cls.salesperson_2.id,
                "visit_date": date(2026, 3, 5),
            }
        )
        cls.all_comms = (
            cls.comm_own_customer
            | cls.comm_own
            | cls.comm_other
            | cls.comm_department
            | cls.comm_other_company
        )

    def test_salesperson_sees_own_and_own_customers(self):
        Communication = self.env["cc.communication"].with_user(self.salesperson)
        visible = Communication.search([("id", "in", self.all_comms.ids)])
        self.assertEqual(visible, self.comm_own_customer | self.comm_own)
        with self.assertRaises(AccessError):
            self.comm_other.with_user(self.salesperson).read(["summary"])
        with self.assertRaises(AccessError):
            self.comm_other.with_user(self.salesperson).write({"summary": "changed"})
        visits = (
            self.env["cc.visit.report"]
            .with_user(self.salesperson)
            .search([("id", "in", (self.visit_own_customer | self.visit_other).ids)])
        )
        self.assertEqual(
            visits, self.visit_own_customer, "visits of my customers, by anyone"
        )

    def test_department_head_sees_routed(self):
        visible = (
            self.env["cc.communication"]
            .with_user(self.department_head)
            .search([("id", "in", self.all_comms.ids)])
        )
        self.assertEqual(visible, self.comm_department)

    def test_manager_sees_all_of_allowed_companies(self):
        Communication = self.env["cc.communication"].with_user(self.manager)
        visible = Communication.with_context(
            allowed_company_ids=self.company.ids
        ).search([("id", "in", self.all_comms.ids)])
        self.assertEqual(visible, self.all_comms - self.comm_other_company)
        both = (self.company | self.other_company).ids
        visible = Communication.with_context(allowed_company_ids=both).search(
            [("id", "in", self.all_comms.ids)]
        )
        self.assertEqual(visible, self.all_comms)

    def test_other_company_user_sees_nothing(self):
        outsider = new_test_user(
            self.env,
            login="cc_outsider",
            groups="base.group_user,cc_customer_comm.group_cc_manager",
            company_id=self.other_company.id,
            company_ids=[Command.set(self.other_company.ids)],
        )
        visible = (
            self.env["cc.communication"]
            .with_user(outsider)
            .search([("id", "in", self.all_comms.ids)])
        )
        self.assertEqual(visible, self.comm_other_company)
        with self.assertRaises(AccessError):
            self.comm_own.with_user(outsider).read(["summary"])

    def test_plain_employee_has_no_access(self):
        employee = new_test_user(
            self.env, login="cc_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.env["cc.communication"].with_user(employee).search([])
        # the partner form still opens: the smart-button counts are hidden, not failing
        self.assertEqual(self.customer.with_user(employee).cc_communication_count, 0)

    def test_configuration_is_manager_only(self):
        with self.assertRaises(AccessError):
            self.env["cc.partner.class.rule"].with_user(self.salesperson).create(
                {"partner_class": "a", "min_revenue": 1}
            )
        with self.assertRaises(AccessError):
            self.env["cc.report.schedule"].with_user(self.salesperson).create(
                {
                    "name": "x",
                    "report_id": self.env.ref(
                        "cc_customer_comm.cc_monthly_summary_xlsx"
                    ).id,
                    "user_ids": [Command.link(self.salesperson.id)],
                }
            )
        self.assertTrue(
            self.env["cc.partner.class.rule"]
            .with_user(self.manager)
            .create(
                {
                    "partner_class": "a",
                    "min_revenue": 1,
                    "company_id": self.other_company.id,
                }
            )
        )
