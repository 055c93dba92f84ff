import base64
import io
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command, fields
from odoo.tests import tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestVisitorReports(CcSalesOfficeCommon):
    """The daily visitors-and-deals report and the weekly archive (篇10 一),
    rendered for real and read back cell by cell."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billboard = cls.env["utm.source"].create({"name": "Billboard"})
        cls.newspaper = cls.env["utm.source"].create({"name": "Newspaper"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Flat 12-03",
                "type": "service",
                "list_price": 1000000,
                "taxes_id": False,
            }
        )
        cls.partner = cls.env["res.partner"].create({"name": "Buyer"})
        cls.daily = cls.env.ref("cc_sales_office.cc_visitor_daily_xlsx")
        cls.weekly = cls.env.ref("cc_sales_office.cc_visitor_weekly_xlsx")
        # the reports cover every active office of the company: only the
        # test's (the demo showroom is archived)
        cls.env["cc.sales.office"].search([("id", "!=", cls.office.id)]).active = False

    # helpers -------------------------------------------------------------
    def _order(self, visitor):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "user_id": visitor.user_id.id,
                "cc_visitor_id": visitor.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        return order

    def _render(self, report, date_from, date_to, user=None):
        data = {
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "company_id": self.env.company.id,
        }
        content, fmt = (
            self.env["ir.actions.report"]
            .with_user(user or self.manager)
            ._render_xlsx(report, [], data)
        )
        self.assertEqual(fmt, "xlsx")
        return load_workbook(io.BytesIO(content))

    def _table(self, sheet):
        """Rows below the header (row 4), keyed by their first cell."""
        return {
            row[0]: row[1:]
            for row in sheet.iter_rows(min_row=5, values_only=True)
            if row[0] is not None
        }

    def _schedule(self, report, **values):
        return self.env["cc.report.schedule"].create(
            {
                "name": report.name,
                "report_id": report.id,
                "user_ids": [Command.set(self.manager.ids)],
                "user_id": self.manager.id,
                **values,
            }
        )

    # tests ---------------------------------------------------------------
    def test_daily_report_per_salesperson_source_type_and_deals(self):
        self.check_in(self.user_a, self.user_b)
        regular = self.make_visitor(
            self.user_b,
            "13900000002",
            name="Regular",
            source_id=self.billboard.id,
            demand_type="2br",
        )
        by_hand = self.make_visitor(
            self.user_c,
            "13900000003",
            name="By Hand",
            source_id=self.newspaper.id,
            demand_type="3br",
        )
        buyer = self.make_visitor(
            self.user_a,
            "13900000004",
            name="Buyer",
            source_id=self.billboard.id,
            demand_type="villa",
            register_date=self.today - timedelta(days=10),
        )
        guest = self.walk_in("Passer-by")
        self.assertEqual(guest.user_id, self.user_a)
        arrival = self.walk_in(mobile="139 0000 0002")
        self.assertEqual(arrival.user_id, self.user_b)
        order = self._order(buyer)

        book = self._render(self.daily, self.today, self.today)
        self.assertEqual(
            book.sheetnames,
            ["By Salesperson", "By Source", "By Demand Type", "Visitors", "Deals"],
        )
        people = self._table(book["By Salesperson"])
        # visitors received, new registrations, deals, untaxed, total
        self.assertEqual(
            people["Test Showroom / Seller A"], (1, 0, 1, 1000000, 1000000)
        )
        self.assertEqual(people["Test Showroom / Seller B"], (1, 1, 0, 0, 0))
        self.assertEqual(people["Test Showroom / Seller C"], (1, 1, 0, 0, 0))
        self.assertEqual(people["Total"], (3, 2, 1, 1000000, 1000000))
        sources = self._table(book["By Source"])
        self.assertEqual(sources["Billboard"][:3], (1, 1, 1))
        self.assertEqual(sources["Newspaper"][:3], (1, 1, 0))
        self.assertEqual(sources["No source"][:3], (1, 0, 0))
        types = self._table(book["By Demand Type"])
        self.assertEqual(types["2 bedrooms"][:3], (1, 1, 0))
        self.assertEqual(types["3 bedrooms"][:3], (1, 1, 0))
        self.assertEqual(types["Villa"][:4], (0, 0, 1, 1000000))
        self.assertEqual(types["Not stated"][:3], (1, 0, 0))
        visits = list(book["Visitors"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(
            sorted((row[2], row[3], row[9]) for row in visits),
            [
                ("Seller A", "Passer-by", False),
                ("Seller B", "Regular", True),
                ("Seller C", "By Hand", True),
            ],
        )
        self.assertIn(regular.mobile, [row[4] for row in visits])
        self.assertIn(by_hand.name, [row[3] for row in visits])
        deals = list(book["Deals"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(
            deals[0][1:6], (order.name, "Test Showroom", "Seller A", "Buyer", "Buyer")
        )
        self.assertEqual(deals[0][8], 1000000)
        self.assertEqual(deals[-1][7:9], ("Total", 1000000))
        # the day before: nothing of today
        yesterday = self._table(
            self._render(
                self.daily,
                self.today - timedelta(days=1),
                self.today - timedelta(days=1),
            )["By Salesperson"]
        )
        self.assertEqual(yesterday, {"Total": (0, 0, 0, 0, 0)})

    def test_daily_report_reads_the_office_day(self):
        """An arrival at 01:30 in Shanghai (17:30 UTC the day before) is in
        the Shanghai day's report."""
        self.office.tz = "Asia/Shanghai"
        self.env["cc.visitor.assignment"].create(
            {
                "office_id": self.office.id,
                "visitor_name": "Night Owl",
                "user_id": self.user_d.id,
                "rule": "rota",
                "date": datetime(2026, 3, 9, 17, 30),
            }
        )
        tenth = self._table(
            self._render(self.daily, date(2026, 3, 10), date(2026, 3, 10))[
                "By Salesperson"
            ]
        )
        self.assertEqual(tenth["Test Showroom / Seller D"][0], 1)
        ninth = self._table(
            self._render(self.daily, date(2026, 3, 9), date(2026, 3, 9))[
                "By Salesperson"
            ]
        )
        self.assertNotIn("Test Showroom / Seller D", ninth)

    def test_daily_schedule_sends_yesterday(self):
        self.make_visitor(self.user_a, "13900000011", name="Early", demand_type="1br")
        schedule = self._schedule(self.daily, frequency="daily", period="previous_day")
        tomorrow = self.today + timedelta(days=1)
        runs = self.env["cc.report.schedule"]._cron_cc_send_due_reports(today=tomorrow)
        run = runs.filtered(lambda r: r.schedule_id == schedule)
        self.assertEqual(run.state, "success", run.error_message)
        self.assertEqual((run.date_from, run.date_to), (self.today, self.today))
        book = load_workbook(io.BytesIO(base64.b64decode(run.attachment_id.datas)))
        people = self._table(book["By Salesperson"])
        self.assertEqual(people["Test Showroom / Seller A"][:2], (1, 1))

    def test_weekly_archive_schedule(self):
        monday = date(2026, 3, 2)
        week = [
            self.make_visitor(
                user,
                f"1370000000{number}",
                name=f"Week {number}",
                register_date=monday + timedelta(days=number),
                source_id=self.billboard.id,
                demand_type="3br",
            )
            for number, user in enumerate((self.user_a, self.user_b, self.user_a))
        ]
        self.make_visitor(
            self.user_c, "13700000009", name="Next Week", register_date=date(2026, 3, 9)
        )
        week[0].with_user(self.supervisor).action_confirm()
        with freeze_time("2026-03-04 06:00:00"):
            order = self._order(week[1])
            callback = self.env["cc.visitor.callback"].create(
                {"visitor_id": week[2].id, "user_id": self.manager.id}
            )
            callback.write({"outcome": "reached", "satisfaction": "4", "note": "Fine"})
            callback.with_user(self.manager).action_done()
        schedule = self._schedule(
            self.weekly,
            frequency="weekly",
            weekday="0",
            period="previous_week",
            next_run=date(2026, 3, 9),
        )
        runs = self.env["cc.report.schedule"]._cron_cc_send_due_reports(
            today=date(2026, 3, 9)
        )
        run = runs.filtered(lambda r: r.schedule_id == schedule)
        self.assertEqual(run.state, "success", run.error_message)
        self.assertEqual((run.date_from, run.date_to), (monday, date(2026, 3, 8)))
        book = load_workbook(io.BytesIO(base64.b64decode(run.attachment_id.datas)))
        self.assertEqual(
            book.sheetnames,
            [
                "Summary",
                "By Salesperson",
                "By Source",
                "By Demand Type",
                "Register",
                "Deals",
                "Call-backs",
            ],
        )
        summary = {k: v[0] for k, v in self._table(book["Summary"]).items()}
        self.assertEqual(summary["New registrations"], 3)
        self.assertEqual(summary["Registrations confirmed"], 1)
        self.assertEqual(summary["Registrations not confirmed"], 2)
        self.assertEqual(summary["Deals"], 1)
        self.assertEqual(summary["Untaxed amount of the deals"], order.amount_untaxed)
        self.assertEqual(summary["Call-backs done"], 1)
        self.assertEqual(summary["Average satisfaction (1-5)"], 4)
        register = list(book["Register"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(
            [(row[2], row[3], row[9]) for row in register],
            [
                ("Seller A", "Week 0", "Confirmed"),
                ("Seller A", "Week 2", "Registered"),
                ("Seller B", "Week 1", "Registered"),
            ],
        )
        self.assertEqual(register[0][0], datetime(2026, 3, 2))
        self.assertEqual(register[0][5], "3 bedrooms")
        self.assertEqual(register[2][12], True)
        callbacks = list(book["Call-backs"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(
            [(row[1], row[2], row[5]) for row in callbacks],
            [(callback.name, "Week 2", "Satisfied")],
        )

    def test_default_schedules_shipped_inactive(self):
        Schedule = self.env["cc.report.schedule"].with_context(active_test=False)
        daily = Schedule.browse(
            self.env.ref("cc_sales_office.cc_report_schedule_visitor_daily").id
        )
        weekly = Schedule.browse(
            self.env.ref("cc_sales_office.cc_report_schedule_visitor_weekly").id
        )
        self.assertEqual((daily.frequency, daily.period), ("daily", "previous_day"))
        self.assertEqual((weekly.frequency, weekly.period), ("weekly", "previous_week"))
        self.assertFalse(daily.active or weekly.active)
        self.assertTrue(daily.user_id and weekly.user_id)

    def test_demo_weekly_archive_ran(self):
        schedule = self.env.ref(
            "cc_sales_office.demo_report_schedule_visitor_weekly",
            raise_if_not_found=False,
        )
        if not schedule:
            self.skipTest("installed without demo data")
        self.assertEqual(schedule.run_ids.mapped("state"), ["success"])
        book = load_workbook(
            io.BytesIO(base64.b64decode(schedule.run_ids.attachment_id.datas))
        )
        self.assertIn("Register", book.sheetnames)
