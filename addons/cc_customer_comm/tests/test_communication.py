from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tests.common import freeze_time

from .common import CcCommon


@tagged("post_install", "-at_install")
class TestCommunication(CcCommon):
    def test_flow_route_answer_verify(self):
        Communication = self.env["cc.communication"].with_user(self.salesperson)
        with Form(Communication) as form:
            form.partner_id = self.customer
            form.channel = "email"
            form.topic = "quality_feedback"
            form.stage = "after_sale"
            form.summary = "客户反馈插拔力偏大"
            form.department_id = self.department
        communication = form.record
        self.assertTrue(communication.name.startswith("CI"), communication.name)
        self.assertEqual(communication.state, "draft")
        self.assertEqual(communication.user_id, self.salesperson)

        with freeze_time("2026-03-06"):  # a Friday
            communication.action_route()
        self.assertEqual(communication.state, "routed")
        # three working days after a Friday: Wednesday
        self.assertEqual(communication.deadline, date(2026, 3, 11))
        activity = communication.activity_ids.filtered(
            lambda a: a.user_id == self.department_head
        )
        self.assertTrue(activity, "the department head gets an activity")
        with self.assertRaises(UserError):
            communication.action_route()

        with self.assertRaisesRegex(UserError, "Result"):
            communication.action_answer()
        communication.write(
            {"measure": "Adjust the mould", "result": "New batch accepted"}
        )
        communication.action_answer()
        self.assertEqual(communication.state, "answered")

        with self.assertRaises(AccessError):
            communication.action_verify()
        self.assertFalse(communication.can_verify)
        communication_as_manager = communication.with_user(self.manager)
        self.assertTrue(communication_as_manager.can_verify)
        communication_as_manager.action_verify()
        self.assertEqual(communication.state, "verified")
        self.assertEqual(communication.verified_by_id, self.manager)
        with self.assertRaises(UserError):
            communication.action_cancel()

    def test_route_requires_department(self):
        communication = self._create_communication()
        with self.assertRaisesRegex(UserError, "Routed To"):
            communication.action_route()

    def test_overdue_cron(self):
        communication = self._create_communication(
            department_id=self.department.id, deadline=date(2026, 3, 2)
        )
        communication.action_route()
        answered = self._create_communication(
            department_id=self.department.id, deadline=date(2026, 3, 2)
        )
        answered.action_route()
        answered.write({"result": "done"})
        answered.action_answer()
        Communication = self.env["cc.communication"]
        Communication._cron_cc_mark_overdue(today=date(2026, 3, 2))
        self.assertFalse(communication.is_overdue, "due today is not late")
        late = Communication._cron_cc_mark_overdue(today=date(2026, 3, 3))
        self.assertIn(communication, late)
        self.assertTrue(communication.is_overdue)
        self.assertFalse(answered.is_overdue, "answered communications are not overdue")
        reminders = communication.activity_ids.filtered(
            lambda a: a.summary and "Overdue" in a.summary
        )
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.user_id, self.department_head)
        Communication._cron_cc_mark_overdue(today=date(2026, 3, 4))
        reminders = communication.activity_ids.filtered(
            lambda a: a.summary and "Overdue" in a.summary
        )
        self.assertEqual(len(reminders), 1, "one reminder per overdue communication")
        communication.write({"deadline": date(2026, 3, 20)})
        Communication._cron_cc_mark_overdue(today=date(2026, 3, 4))
        self.assertFalse(communication.is_overdue, "a moved deadline clears the flag")

    def test_cancel_and_reset(self):
        communication = self._create_communication()
        communication.action_cancel()
        self.assertEqual(communication.state, "cancel")
        communication.action_draft()
        self.assertEqual(communication.state, "draft")
        with self.assertRaises(UserError):
            communication.action_draft()
        communication.unlink()
        routed = self._create_communication(department_id=self.department.id)
        routed.action_route()
        with self.assertRaises(UserError):
            routed.unlink()

    def test_sale_order_reconfirmation(self):
        product = self.env["product.product"].create(
            {"name": "Valve V-12", "list_price": 10.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 5})
                ],
            }
        )
        order.action_confirm()
        action = order.action_cc_shipment_reconfirmation()
        self.assertEqual(action["res_model"], "cc.communication")
        with Form(
            self.env["cc.communication"].with_context(**action["context"])
        ) as form:
            self.assertEqual(form.topic, "shipment_reconfirmation")
            self.assertEqual(form.sale_order_id, order)
            self.assertEqual(form.partner_id, self.customer)
            self.assertIn(order.name, form.summary)
        self.assertEqual(order.cc_communication_count, 1)
        smart = order.action_cc_view_communications()
        self.assertEqual(
            self.env["cc.communication"].search(smart["domain"]), form.record
        )
        self.assertEqual(self.customer.cc_communication_count, 1)
