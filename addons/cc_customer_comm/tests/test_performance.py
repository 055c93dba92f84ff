from datetime import date

from odoo.tests import tagged
from odoo.tests.common import users, warmup

from .common import CcCommon


@tagged("post_install", "-at_install", "cc_performance")
class TestPerformance(CcCommon):
    """Query counts of the everyday operations (deterministic, no timing).

    Measured alone on Odoo 18.0 with this module: create 7, route 32 (write,
    department activity and its notification), list of 20 in one page 4,
    visit report 10; the bounds leave a small margin for other cc modules
    installed on top.
    """

    @users("cc_sales_1")
    @warmup
    def test_create_communication(self):
        with self.assertQueryCount(cc_sales_1=9):
            self.env["cc.communication"].create(
                {"partner_id": self.customer.id, "summary": "Price of SP-200?"}
            )

    @users("cc_sales_1")
    @warmup
    def test_route_communication(self):
        communication = self.env["cc.communication"].create(
            {
                "partner_id": self.customer.id,
                "summary": "Sample request",
                "department_id": self.department.id,
                "deadline": date(2026, 3, 10),
            }
        )
        self.env.flush_all()
        with self.assertQueryCount(cc_sales_1=35):
            communication.action_route()
            self.env.flush_all()

    @users("cc_sales_1")
    @warmup
    def test_list_communications(self):
        self.env["cc.communication"].create(
            [
                {"partner_id": self.customer.id, "summary": f"Call {i}"}
                for i in range(20)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        spec = {
            "name": {},
            "date": {},
            "partner_id": {"fields": {"display_name": {}}},
            "topic": {},
            "user_id": {"fields": {"display_name": {}}},
            "department_id": {"fields": {"display_name": {}}},
            "deadline": {},
            "is_overdue": {},
            "state": {},
        }
        with self.assertQueryCount(cc_sales_1=5):
            self.env["cc.communication"].web_search_read([], spec, limit=80)

    @users("cc_sales_1")
    @warmup
    def test_create_visit_report(self):
        with self.assertQueryCount(cc_sales_1=12):
            self.env["cc.visit.report"].create(
                {
                    "partner_id": self.customer.id,
                    "visit_date": date(2026, 3, 5),
                    "quality_score": "90",
                    "service_score": "85",
                }
            )
