import base64
import io
from datetime import date, datetime
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import freeze_time

from .common import CcCommon


@tagged("post_install", "-at_install")
class TestReportSchedule(CcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls.env.ref("cc_customer_comm.cc_monthly_summary_xlsx")
        cls.recipient = cls.env["res.partner"].create(
            {"name": "Report Reader", "email": "reader@example.com"}
        )

    def _schedule(self, **values):
        return self.env["cc.report.schedule"].create(
            {
                "name": "Test schedule",
                "report_id": self.report.id,
                "user_ids": [Command.set(self.manager.ids)],
                # rendered with the Customer Service manager's rights
                "user_id": self.manager.id,
                **values,
            }
        )

    def test_demo_run_once_leaves_a_success_and_sends_nothing(self):
        """The demo runs a schedule once: a successful run in its history,
        its e-mail queued then cancelled (never delivered)."""
        schedule = self._schedule(
            frequency="monthly", day_of_month=3, period="previous_month"
        )
        runs = schedule._cc_demo_run_once()
        self.assertEqual(runs.mapped("state"), ["success"])
        self.assertEqual(schedule.run_count, 1)
        self.assertTrue(runs.attachment_id)
        self.assertEqual(runs.mail_id.state, "cancel")
        self.assertEqual(schedule.last_run, runs.date)

    # ------------------------------------------------------------------
    # next run
    # ------------------------------------------------------------------
    def test_next_run_monthly_month_ends(self):
        with freeze_time("2028-02-10"):
            schedule = self._schedule(frequency="monthly", day_of_month=31)
            self.assertEqual(
                schedule.next_run, date(2028, 2, 29), "leap year: 29 February"
            )
        self.assertEqual(schedule._cc_next_date(date(2027, 2, 1)), date(2027, 2, 28))
        self.assertEqual(schedule._cc_next_date(date(2026, 4, 1)), date(2026, 4, 30))
        self.assertEqual(schedule._cc_next_date(date(2026, 5, 31)), date(2026, 5, 31))
        schedule.day_of_month = 30
        self.assertEqual(schedule._cc_next_date(date(2028, 2, 1)), date(2028, 2, 29))
        schedule.day_of_month = 29
        self.assertEqual(schedule._cc_next_date(date(2027, 2, 1)), date(2027, 2, 28))
        self.assertEqual(schedule._cc_next_date(date(2028, 2, 1)), date(2028, 2, 29))
        schedule.day_of_month = 10
        self.assertEqual(schedule._cc_next_date(date(2026, 12, 11)), date(2027, 1, 10))

    def test_next_run_after_run(self):
        with freeze_time("2026-01-05"):
            schedule = self._schedule(frequency="monthly", day_of_month=10)
            self.assertEqual(schedule.next_run, date(2026, 1, 10))
        schedule.last_run = date(2026, 1, 10)
        self.assertEqual(schedule.next_run, date(2026, 2, 10))

    def test_next_run_quarterly_yearly_weekly_daily(self):
        with freeze_time("2026-02-15"):
            quarterly = self._schedule(frequency="quarterly", day_of_month=10)
            self.assertEqual(quarterly.next_run, date(2026, 4, 10))
            quarterly.day_of_month = 31
            self.assertEqual(
                quarterly.next_run, date(2026, 4, 30), "31 April → 30 April"
            )
            yearly = self._schedule(frequency="yearly", day_of_month=29, month="2")
            self.assertEqual(yearly.next_run, date(2026, 2, 28))
            yearly.last_run = date(2026, 2, 28)
            self.assertEqual(yearly.next_run, date(2027, 2, 28))
            yearly.last_run = date(2027, 2, 28)
            self.assertEqual(yearly.next_run, date(2028, 2, 29))
            weekly = self._schedule(frequency="weekly", weekday="0")  # Monday
            self.assertEqual(weekly.next_run, date(2026, 2, 16))
            weekly.weekday = "6"  # the 15th is a Sunday
            self.assertEqual(weekly.next_run, date(2026, 2, 15))
            daily = self._schedule(frequency="daily")
            self.assertEqual(daily.next_run, date(2026, 2, 15))

    # ------------------------------------------------------------------
    # periods
    # ------------------------------------------------------------------
    def test_periods(self):
        schedule = self._schedule(period="previous_month")
        self.assertEqual(
            schedule._cc_period(date(2028, 3, 1)), (date(2028, 2, 1), date(2028, 2, 29))
        )
        self.assertEqual(
            schedule._cc_period(date(2026, 1, 3)),
            (date(2025, 12, 1), date(2025, 12, 31)),
        )
        schedule.period = "previous_quarter"
        self.assertEqual(
            schedule._cc_period(date(2026, 4, 10)),
            (date(2026, 1, 1), date(2026, 3, 31)),
        )
        self.assertEqual(
            schedule._cc_period(date(2026, 1, 10)),
            (date(2025, 10, 1), date(2025, 12, 31)),
        )
        schedule.period = "previous_year"
        self.assertEqual(
            schedule._cc_period(date(2026, 1, 10)),
            (date(2025, 1, 1), date(2025, 12, 31)),
        )
        schedule.period = "previous_week"
        # Wednesday 2026-03-04: previous week is Monday 23 February to Sunday 1 March
        self.assertEqual(
            schedule._cc_period(date(2026, 3, 4)), (date(2026, 2, 23), date(2026, 3, 1))
        )
        schedule.period = "previous_day"
        self.assertEqual(
            schedule._cc_period(date(2028, 3, 1)),
            (date(2028, 2, 29), date(2028, 2, 29)),
        )
        schedule.period = "current_month"
        self.assertEqual(
            schedule._cc_period(date(2026, 3, 17)),
            (date(2026, 3, 1), date(2026, 3, 17)),
        )

    # ------------------------------------------------------------------
    # bad input
    # ------------------------------------------------------------------
    def test_bad_schedules(self):
        with self.assertRaisesRegex(ValidationError, "recipient"):
            self.env["cc.report.schedule"].create(
                {"name": "Nobody", "report_id": self.report.id}
            )
        with self.assertRaisesRegex(ValidationError, "Day of Month"):
            self._schedule(day_of_month=32)
        with self.assertRaisesRegex(ValidationError, "Day of Month"):
            self._schedule(day_of_month=0)
        pdf_report = self.env["ir.actions.report"].search(
            [("report_type", "=", "qweb-pdf")], limit=1
        )
        with self.assertRaisesRegex(ValidationError, "XLSX"):
            self._schedule(report_id=pdf_report.id)
        schedule = self._schedule()
        with self.assertRaisesRegex(ValidationError, "recipient"):
            schedule.write({"user_ids": [Command.clear()]})

    # ------------------------------------------------------------------
    # runs
    # ------------------------------------------------------------------
    def _make_period_data(self):
        in_period = datetime(2026, 2, 10, 9, 0)
        communications = self.env["cc.communication"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "summary": "Price inquiry",
                    "topic": "inquiry",
                    "date": in_period,
                    "department_id": self.department.id,
                },
                {
                    "partner_id": self.customer.id,
                    "summary": "Quality feedback",
                    "topic": "quality_feedback",
                    "date": in_period,
                },
                {
                    "partner_id": self.customer.id,
                    "summary": "Out of period",
                    "topic": "inquiry",
                    "date": datetime(2026, 3, 2, 9, 0),
                },
            ]
        )
        communications[0].action_route()
        self.env["cc.visit.report"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "visit_date": date(2026, 2, 11),
                    "quality_score": "90",
                    "service_score": "100",
                    "renown_score": "80",
                },
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "visit_date": date(2026, 2, 12),
                    "quality_score": "70",
                    "is_urgent": True,
                    "urgent_type": "competitor_policy",
                    "urgent_note": "Competitor cut prices by 8%",
                },
            ]
        )

    def test_cron_run_sends_xlsx(self):
        self._make_period_data()
        with freeze_time("2026-03-01"):
            schedule = self._schedule(
                frequency="monthly",
                day_of_month=3,
                period="previous_month",
                partner_ids=[Command.link(self.recipient.id)],
            )
            self.assertEqual(schedule.next_run, date(2026, 3, 3))
        Schedule = self.env["cc.report.schedule"]
        self.assertFalse(Schedule._cron_cc_send_due_reports(today=date(2026, 3, 2)))
        runs = Schedule._cron_cc_send_due_reports(today=date(2026, 3, 3))
        self.assertEqual(len(runs), 1)
        run = runs
        self.assertEqual(run.state, "success")
        self.assertEqual(
            (run.date_from, run.date_to), (date(2026, 2, 1), date(2026, 2, 28))
        )
        self.assertEqual(schedule.last_run, date(2026, 3, 3))
        self.assertEqual(schedule.next_run, date(2026, 4, 3))
        mail = run.mail_id
        self.assertTrue(mail)
        self.assertEqual(mail.recipient_ids, self.manager.partner_id | self.recipient)
        self.assertIn("Test schedule", mail.subject)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertTrue(mail.attachment_ids.name.endswith(".xlsx"))
        workbook = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(mail.attachment_ids.datas))
        )
        self.assertIn("By Topic", workbook.sheetnames)
        summary = {
            row[0]: row[1]
            for row in workbook["Summary"].iter_rows(min_row=4, values_only=True)
            if row[0]
        }
        self.assertEqual(
            summary["Communications"], 2, "the March communication is out of period"
        )
        self.assertEqual(summary["Visits reported"], 2)
        self.assertEqual(summary["Urgent reports"], 1)
        topics = {
            row[0]: row
            for row in workbook["By Topic"].iter_rows(min_row=4, values_only=True)
            if row[0]
        }
        header = [cell.value for cell in workbook["By Topic"][4]]
        self.assertEqual(topics["Product or Price Inquiry"][header.index("Total")], 1)
        self.assertEqual(topics["Product or Price Inquiry"][header.index("Routed")], 1)
        self.assertEqual(topics["Quality Feedback"][header.index("Draft")], 1)
        visits = list(workbook["Visits"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(visits[0][1], "CC Sales One")
        self.assertEqual(visits[0][2], 2)
        self.assertEqual(visits[0][6], 80.0, "average quality of 90 and 70")
        team_rows = [row for row in visits if row[0] == "No team"]
        self.assertEqual(team_rows[0][1], 2, "the team table sums the salespeople")
        urgent = list(workbook["Urgent Reports"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(len([row for row in urgent if row[0]]), 1)
        self.assertEqual(urgent[0][5], "Competitor cut prices by 8%")
        register = [
            row
            for row in workbook["Communications"].iter_rows(min_row=5, values_only=True)
            if row[0]
        ]
        self.assertEqual(len(register), 2)
        # nothing more is due the same day
        self.assertFalse(Schedule._cron_cc_send_due_reports(today=date(2026, 3, 3)))

    def test_failed_run_is_recorded_and_others_go_on(self):
        with freeze_time("2026-03-01"):
            broken = self._schedule(name="Broken", frequency="daily")
            healthy = self._schedule(
                name="Healthy",
                frequency="daily",
                report_id=self.env.ref("cc_customer_comm.cc_visit_daily_xlsx").id,
            )
            self.assertEqual(
                (broken | healthy).mapped("next_run"), [date(2026, 3, 1)] * 2
            )
        original = type(
            self.env["report.cc_customer_comm.monthly_summary"]
        ).generate_xlsx_report

        def boom(self_report, workbook, data, objs):
            raise ValueError("disk full")

        with patch.object(
            type(self.env["report.cc_customer_comm.monthly_summary"]),
            "generate_xlsx_report",
            boom,
        ):
            runs = self.env["cc.report.schedule"]._cron_cc_send_due_reports(
                today=date(2026, 3, 1)
            )
        self.assertTrue(original)
        broken_run = runs.filtered(lambda r: r.schedule_id == broken)
        healthy_run = runs.filtered(lambda r: r.schedule_id == healthy)
        self.assertEqual(broken_run.state, "failed")
        self.assertIn("disk full", broken_run.error_message)
        self.assertFalse(broken_run.attachment_id)
        self.assertFalse(
            broken.last_run, "a failed schedule is retried at the next cron run"
        )
        self.assertEqual(broken.next_run, date(2026, 3, 1))
        self.assertEqual(healthy_run.state, "success")
        self.assertTrue(healthy_run.attachment_id)
        self.assertEqual(healthy.last_run, date(2026, 3, 1))
        # not retried at every hourly run of the same day...
        Schedule = self.env["cc.report.schedule"]
        self.assertFalse(Schedule._cron_cc_send_due_reports(today=date(2026, 3, 1)))
        # ...but the next day, when it succeeds and catches up
        runs = Schedule._cron_cc_send_due_reports(today=date(2026, 3, 2))
        self.assertEqual(runs.schedule_id, broken | healthy)
        self.assertEqual(set(runs.mapped("state")), {"success"})
        self.assertEqual(broken.last_run, date(2026, 3, 2))

    def test_send_now_from_form(self):
        with Form(self.env["cc.report.schedule"].with_user(self.manager)) as form:
            form.name = "Weekly visits"
            form.report_id = self.env.ref("cc_customer_comm.cc_visit_daily_xlsx")
            form.frequency = "weekly"
            form.weekday = "4"
            form.period = "previous_week"
            form.user_ids.add(self.salesperson)
        schedule = form.record
        schedule.with_user(self.manager).action_send_now()
        self.assertEqual(len(schedule.run_ids), 1)
        self.assertEqual(schedule.run_ids.state, "success")
        self.assertFalse(schedule.last_run, "sending now does not move the schedule")

    def test_report_from_records(self):
        self._make_period_data()
        communications = self.env["cc.communication"].search(
            [("partner_id", "=", self.customer.id)]
        )
        content, fmt = self.env["ir.actions.report"]._render_xlsx(
            "cc_customer_comm.monthly_summary", communications.ids, None
        )
        self.assertEqual(fmt, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        register = [
            row
            for row in workbook["Communications"].iter_rows(min_row=5, values_only=True)
            if row[0]
        ]
        self.assertEqual(len(register), 3)


@tagged("post_install", "-at_install")
class TestMonthlySummaryQueries(CcCommon):
    def _render_queries(self):
        data = {
            "date_from": "2026-02-01",
            "date_to": "2026-02-28",
            "company_id": self.company.id,
        }
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env["ir.actions.report"]._render_xlsx(
            "cc_customer_comm.monthly_summary", [], data
        )
        return self.env.cr.sql_log_count - start

    def _communications(self, count):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Summary customer {i}", "customer_rank": 1}
                for i in range(count)
            ]
        )
        self.env["cc.communication"].create(
            [
                {
                    "partner_id": partner.id,
                    "summary": "Inquiry",
                    "date": datetime(2026, 2, 1 + i % 27, 10, 0),
                    "department_id": self.department.id,
                }
                for i, partner in enumerate(partners)
            ]
        )

    def test_query_count_does_not_grow_with_rows(self):
        self._communications(3)
        few = self._render_queries()
        self._communications(40)
        many = self._render_queries()
        self.assertLessEqual(many, few + 1, f"{few} queries for 3 rows, {many} for 43")


@tagged("post_install", "-at_install")
class TestVisitDailyReport(CcCommon):
    def test_one_sheet_per_salesperson(self):
        Visit = self.env["cc.visit.report"]
        Visit.create(
            [
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "visit_date": date(2026, 2, 10),
                    "quality_score": "85",
                    "market_info": "Demand up 10%",
                },
                {
                    "partner_id": self.customer_2.id,
                    "user_id": self.salesperson_2.id,
                    "visit_date": date(2026, 2, 10),
                    "service_score": "0",
                },
                {
                    "partner_id": self.customer_2.id,
                    "user_id": self.salesperson_2.id,
                    "visit_date": date(2026, 2, 11),
                },
            ]
        )
        data = {
            "date_from": "2026-02-10",
            "date_to": "2026-02-10",
            "company_id": self.company.id,
        }
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            "cc_customer_comm.visit_daily", [], data
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(set(workbook.sheetnames), {"CC Sales One", "CC Sales Two"})
        rows = [
            r
            for r in workbook["CC Sales One"].iter_rows(min_row=5, values_only=True)
            if r[0]
        ]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][6], 85)
        self.assertEqual(rows[0][11], "Demand up 10%")
        rows = [
            r
            for r in workbook["CC Sales Two"].iter_rows(min_row=5, values_only=True)
            if r[0]
        ]
        self.assertEqual(len(rows), 1, "the visit of the 11th is out of the period")
        self.assertEqual(rows[0][7], 0)
