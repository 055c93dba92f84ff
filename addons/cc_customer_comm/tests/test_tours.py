from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerCommTours(HttpCase):
    """Browser tours of what a salesperson does by hand (needs Chromium and
    pytest-odoo's --odoo-http, which ./setup/test provides)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="cc_tour_sales",
            password="cc_tour_sales",
            name="Tour Salesperson",
            email="cc.tour.sales@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tour Customer Ltd",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.salesperson.id,
            }
        )

    def test_salesperson_logs_communication_and_visit(self):
        self.start_tour(
            "/odoo/action-cc_customer_comm.cc_communication_action/new",
            "cc_customer_comm_salesperson_tour",
            login="cc_tour_sales",
        )
        communication = self.env["cc.communication"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(communication), 1)
        self.assertEqual(communication.summary, "Tour: asks for the price of SP-200")
        self.assertEqual(communication.user_id, self.salesperson)
        visit = self.env["cc.visit.report"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.contact_name, "Mr. Tour")
        self.assertEqual(visit.user_id, self.salesperson)
