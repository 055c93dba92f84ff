from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SALESPERSON, SUPERVISOR, CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestReceptionDeskTour(HttpCase, CcSalesOfficeCommon):
    """The reception desk on the showroom tablet (needs Chromium and
    pytest-odoo's --odoo-http, which ./setup/test provides)."""

    browser_size = "1024x768"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk_user = new_test_user(
            cls.env,
            login="cc_so_tour_desk",
            password="cc_so_tour_desk",
            name="Tour Desk",
            groups=f"{SALESPERSON},{SUPERVISOR}",
            tz="UTC",
        )
        cls.tour_sellers = []
        for key in "AB":
            user = new_test_user(
                cls.env,
                login=f"cc_so_tour_{key.lower()}",
                name=f"Tour Seller {key}",
                groups=SALESPERSON,
                tz="UTC",
            )
            cls.env["hr.employee"].create({"name": user.name, "user_id": user.id})
            cls.tour_sellers.append(user)
        cls.office.write(
            {
                "supervisor_id": cls.desk_user.id,
                "salesperson_ids": [
                    fields.Command.set([u.id for u in cls.tour_sellers])
                ],
            }
        )

    def test_walk_in_on_tablet(self):
        self.check_in(*self.tour_sellers)
        self.start_tour(
            "/odoo/action-cc_sales_office.cc_sales_office_rota_line_action_server_desk",
            "cc_sales_office_reception_walkin_tour",
            login="cc_so_tour_desk",
        )
        assignment = self.env["cc.visitor.assignment"].search(
            [("visitor_name", "=", "Tour Walker")]
        )
        self.assertEqual(len(assignment), 1)
        self.assertEqual(assignment.user_id, self.tour_sellers[0])
