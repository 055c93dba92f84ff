from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class CcCommon(BaseCommon):
    """Users per role and customers owned by two salespeople."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "CC Other Company"})
        cls.manager = new_test_user(
            cls.env,
            login="cc_manager",
            name="CC Manager",
            email="cc.manager@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_manager",
            company_ids=[Command.set((cls.company | cls.other_company).ids)],
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="cc_sales_1",
            name="CC Sales One",
            email="cc.sales1@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        cls.salesperson_2 = new_test_user(
            cls.env,
            login="cc_sales_2",
            name="CC Sales Two",
            email="cc.sales2@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        cls.department_head = new_test_user(
            cls.env,
            login="cc_qa_head",
            name="CC QA Head",
            email="cc.qa@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "上海测试机械有限公司",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.salesperson.id,
            }
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {
                "name": "Second Salesperson Customer Ltd",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.salesperson_2.id,
            }
        )
        cls.department = cls.env["cc.communication.department"].create(
            {"name": "Test QA", "user_id": cls.department_head.id, "answer_days": 3}
        )

    @classmethod
    def _create_communication(cls, **values):
        return cls.env["cc.communication"].create(
            {
                "partner_id": cls.customer.id,
                "summary": "Asks for the price of SP-200",
                "user_id": cls.salesperson.id,
                **values,
            }
        )
