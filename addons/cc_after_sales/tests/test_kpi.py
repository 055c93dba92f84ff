import io

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

MARCH = {"date_from": "2025-03-01", "date_to": "2025-03-31"}


class KpiCommon(TransactionCase):
    """A company of its own (so that no other request falls in the period) on
    a 08:00-12:00 / 13:00-17:00 Monday-Friday calendar in UTC: general
    requests are due 4 working hours after they arrive."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "KPI hours",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        cls.company = cls.env["res.company"].create(
            {
                "name": "KPI Service Co",
                "resource_calendar_id": calendar.id,
                "cc_as_hours_general": 4.0,
            }
        )
        calendar.company_id = cls.company

        def user(login, name, group):
            return new_test_user(
                cls.env,
                login=login,
                name=name,
                groups=f"base.group_user,{group}",
                tz="UTC",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )

        cls.engineer_a = user(
            "kpi_engineer_a", "KPI Engineer A", "cc_after_sales.group_cc_as_engineer"
        )
        cls.engineer_b = user(
            "kpi_engineer_b", "KPI Engineer B", "cc_after_sales.group_cc_as_engineer"
        )
        cls.reviewer = user(
            "kpi_reviewer", "KPI Reviewer", "cc_after_sales.group_cc_as_reviewer"
        )
        cls.manager = user(
            "kpi_manager", "KPI Manager", "cc_after_sales.group_cc_as_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "KPI Customer", "is_company": True}
        )
        cls.report = cls.env.ref("cc_after_sales.cc_service_appraisal_xlsx_report")

    @classmethod
    def _request(cls, engineer, request_type="repair"):
        return (
            cls.env["cc.service.request"]
            .with_user(engineer)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "request_type": request_type,
                    "level": "general",
                    "user_id": engineer.id,
                    "description": "<p>Does not start</p>",
                }
            )
        )

    @classmethod
    def _to_review(cls, request):
        """Start, record the interpretation if any, submit for review."""
        if request.state == "acknowledged":
            request.action_start()
        if request.request_type == "interpretation":
            request.interpretation_record = "<p>Explained the deviation</p>"
        request.action_submit_review()

    @classmethod
    def _resolve(cls, request, score):
        """From acknowledged (or re-handled) to the follow-up with ``score``."""
        cls._to_review(request)
        request.with_user(cls.reviewer).action_review_pass()
        request.action_customer_confirm()
        request.action_record_followup(score, "Follow-up call")

    def _data(self, period=None):
        return dict(period or MARCH, company_id=self.company.id)

    def _render(self, user=None, data=None):
        report = self.report.with_user(user or self.manager)
        content, fmt = report._render_xlsx(
            report.report_name, [], data=data or self._data()
        )
        self.assertEqual(fmt, "xlsx")
        return load_workbook(io.BytesIO(content), read_only=True)


@tagged("post_install", "-at_install")
class TestServiceKpi(KpiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Monday 3 March 2025, 09:00: general requests are due at 14:00
        with freeze_time("2025-03-03 09:00:00"):
            cls.req_a = cls._request(cls.engineer_a)
            cls.req_b = cls._request(cls.engineer_a)
            cls.req_c = cls._request(cls.engineer_a, "interpretation")
            cls.req_d = cls._request(cls.engineer_b, "interpretation")
            # never answered: late by now
            cls.req_e = cls._request(cls.engineer_b, "consultation")
            cls.req_cancel = cls._request(cls.engineer_b)
            # the requests are saved before anyone answers them
            cls.env.flush_all()
        with freeze_time("2025-03-03 10:00:00"):
            (cls.req_a | cls.req_c).action_acknowledge()
            cls.req_d.action_acknowledge()
            cls.req_cancel.action_cancel()
        with freeze_time("2025-03-04 10:00:00"):
            cls.req_b.action_acknowledge()  # the next day: late
        with freeze_time("2025-03-05 10:00:00"):
            cls._resolve(cls.req_a, 5)
            cls._resolve(cls.req_c, 3)
            cls._resolve(cls.req_b, 2)  # unsatisfied: reopened
            cls._resolve(cls.req_b, 4)
            cls._to_review(cls.req_d)
            cls.req_d.with_user(cls.reviewer).action_review_fail(
                "The tolerance was explained wrongly"
            )
        # April: outside the period
        with freeze_time("2025-04-07 09:00:00"):
            cls.req_april = cls._request(cls.engineer_a)

    def test_flow_as_expected(self):
        self.assertEqual(
            (self.req_a | self.req_b | self.req_c).mapped("state"), ["closed"] * 3
        )
        self.assertEqual(self.req_b.rehandle_count, 1)
        self.assertEqual(
            (self.req_a | self.req_b | self.req_c).mapped("responded_in_time"),
            [True, False, True],
        )
        self.assertEqual(self.req_d.state, "in_progress")
        self.assertEqual(self.req_d.review_verdict, "inaccurate")
        self.assertEqual(self.req_c.review_verdict, "accurate")

    def test_analysis_rows(self):
        Kpi = self.env["cc.service.kpi.report"].with_user(self.manager)
        domain = [("company_id", "=", self.company.id)]
        rows = Kpi.search(domain)
        # one row per request, cancelled ones left out
        self.assertEqual(
            rows.request_id,
            self.req_a
            | self.req_b
            | self.req_c
            | self.req_d
            | self.req_e
            | self.req_april,
        )
        row_b = rows.filtered(lambda r: r.request_id == self.req_b)
        self.assertRecordValues(
            row_b,
            [
                {
                    "user_id": self.engineer_a.id,
                    "partner_id": self.customer.id,
                    "request_state": "closed",
                    "closed_count": 1,
                    "response_due_count": 1,
                    "in_time_count": 0,
                    "scored_count": 1,
                    "score_total": 4,
                    "first_time_fix_count": 0,
                    "rehandled_count": 1,
                    "rehandle_total": 1,
                    "response_rate": 0.0,
                    "satisfaction": 4.0,
                }
            ],
        )
        row_e = rows.filtered(lambda r: r.request_id == self.req_e)
        self.assertEqual(row_e.response_due_count, 1)  # unanswered past target
        self.assertFalse(row_e.satisfaction)
        row_april = rows.filtered(lambda r: r.request_id == self.req_april)
        self.assertEqual(row_april.response_due_count, 1)

    def test_pivot_rates_are_ratios_of_the_group(self):
        """The pivot asks each measure with the field's aggregator: rates are
        the group's numerator over its own denominator, also in the total."""
        Kpi = self.env["cc.service.kpi.report"].with_user(self.manager)
        domain = [
            ("company_id", "=", self.company.id),
            ("date_request", "<", "2025-04-01"),
        ]
        measures = [
            "request_count",
            "resolution_rate",
            "response_rate",
            "satisfaction",
            "first_time_fix_rate",
            "rehandle_rate",
            "interpretation_accuracy",
        ]
        groups = {
            group["user_id"][0]: group
            for group in Kpi.read_group(domain, measures, ["user_id"])
        }
        eng_a, eng_b = groups[self.engineer_a.id], groups[self.engineer_b.id]
        self.assertEqual(eng_a["request_count"], 3)
        self.assertAlmostEqual(eng_a["resolution_rate"], 100.0)
        self.assertAlmostEqual(eng_a["response_rate"], 200 / 3)
        self.assertAlmostEqual(eng_a["satisfaction"], 4.0)
        self.assertAlmostEqual(eng_a["first_time_fix_rate"], 200 / 3)
        self.assertAlmostEqual(eng_a["rehandle_rate"], 100 / 3)
        self.assertAlmostEqual(eng_a["interpretation_accuracy"], 100.0)
        self.assertEqual(eng_b["request_count"], 2)
        self.assertAlmostEqual(eng_b["resolution_rate"], 0.0)
        self.assertAlmostEqual(eng_b["response_rate"], 50.0)
        self.assertFalse(eng_b["satisfaction"])
        self.assertFalse(eng_b["first_time_fix_rate"])
        self.assertAlmostEqual(eng_b["interpretation_accuracy"], 0.0)
        [total] = Kpi.read_group(domain, measures, [])
        self.assertEqual(total["request_count"], 5)
        self.assertAlmostEqual(total["resolution_rate"], 60.0)
        # 3 in time of 5 due, not the mean of 66.7 and 50
        self.assertAlmostEqual(total["response_rate"], 60.0)
        self.assertAlmostEqual(total["satisfaction"], 4.0)
        self.assertAlmostEqual(total["first_time_fix_rate"], 200 / 3)
        self.assertAlmostEqual(total["rehandle_rate"], 20.0)
        self.assertAlmostEqual(total["interpretation_accuracy"], 50.0)
        # months as the pivot groups them
        months = Kpi.read_group(
            [("company_id", "=", self.company.id)],
            ["request_count"],
            ["date_request:month"],
        )
        self.assertEqual([m["request_count"] for m in months], [5, 1])

    def test_engineers_see_their_own_rows(self):
        Kpi = self.env["cc.service.kpi.report"]
        self.assertEqual(
            Kpi.with_user(self.engineer_b).search([]).request_id,
            self.req_d | self.req_e,
        )
        self.assertEqual(
            Kpi.with_user(self.engineer_a).search_count([]), 4
        )  # A, B, C and April
        self.assertEqual(Kpi.with_user(self.manager).search_count([]), 6)
        # the main company's user sees nothing of this company
        other = new_test_user(
            self.env,
            login="kpi_other_manager",
            groups="base.group_user,cc_after_sales.group_cc_as_manager",
        )
        self.assertNotEqual(other.company_id, self.company)
        self.assertFalse(
            Kpi.with_user(other).search_count([("company_id", "=", self.company.id)])
        )

    def test_appraisal_xlsx(self):
        book = self._render()
        self.assertEqual(book.sheetnames, ["Appraisal", "By Type"])
        rows = list(book["Appraisal"].iter_rows(min_row=4, values_only=True))
        header, eng_a, eng_b, total = rows
        self.assertEqual(
            header,
            (
                "Engineer",
                "Requests",
                "Closed",
                "Resolution Rate (%)",
                "Responses Due",
                "Responded in Time",
                "Response Timeliness (%)",
                "Follow-ups Scored",
                "Satisfaction (1-5)",
                "First-Time Fixes",
                "First-Time Fix Rate (%)",
                "Re-handled",
                "Re-handling Rate (%)",
                "Interpretations Reviewed",
                "Accurate",
                "Interpretation Accuracy (%)",
            ),
        )
        self.assertEqual(eng_a[0], "KPI Engineer A")
        self.assertEqual(eng_a[1:3], (3, 3))
        self.assertAlmostEqual(eng_a[3], 100.0)
        self.assertEqual(eng_a[4:6], (3, 2))
        self.assertAlmostEqual(eng_a[6], 200 / 3)
        self.assertEqual(eng_a[7], 3)
        self.assertAlmostEqual(eng_a[8], 4.0)
        self.assertEqual(eng_a[9], 2)
        self.assertAlmostEqual(eng_a[10], 200 / 3)
        self.assertEqual(eng_a[11], 1)
        self.assertAlmostEqual(eng_a[12], 100 / 3)
        self.assertEqual(eng_a[13:15], (1, 1))
        self.assertAlmostEqual(eng_a[15], 100.0)
        # engineer B: nothing closed or scored yet: those rates stay empty
        self.assertEqual(
            eng_b,
            ("KPI Engineer B", 2, 0, 0.0, 2, 1, 50.0, 0, None, 0, None, 0, 0.0, 1, 0)
            + (0.0,),
        )
        self.assertEqual(total[0], "Total")
        self.assertEqual(
            [total[i] for i in (1, 2, 4, 5, 7, 9, 11, 13, 14)],
            [5, 3, 5, 3, 3, 2, 1, 2, 1],
        )
        for col, rate in ((3, 60.0), (6, 60.0), (8, 4.0), (10, 200 / 3), (12, 20.0)):
            self.assertAlmostEqual(total[col], rate)
        self.assertAlmostEqual(total[15], 50.0)
        by_type = {
            row[0]: row[1]
            for row in book["By Type"].iter_rows(min_row=5, values_only=True)
        }
        self.assertEqual(
            by_type,
            {"Repair": 2, "Consultation": 1, "Report Interpretation": 2, "Total": 5},
        )

    def test_appraisal_xlsx_from_print_menu_and_other_month(self):
        content, _fmt = self.report._render_xlsx(
            self.report.report_name, (self.req_a | self.req_d).ids, data=None
        )
        rows = list(
            load_workbook(io.BytesIO(content))["Appraisal"].iter_rows(
                min_row=5, values_only=True
            )
        )
        self.assertEqual([(row[0], row[1]) for row in rows][-1], ("Total", 2))
        self.assertEqual(len(rows), 3)
        book = self._render(
            data=self._data({"date_from": "2025-04-01", "date_to": "2025-04-30"})
        )
        rows = list(book["Appraisal"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(
            [row[:2] for row in rows], [("KPI Engineer A", 1), ("Total", 1)]
        )

    def test_schedule_sends_the_appraisal(self):
        schedule = self.env["cc.report.schedule"].create(
            {
                "name": "Appraisal",
                "report_id": self.report.id,
                "frequency": "monthly",
                "period": "previous_month",
                "company_id": self.company.id,
                "user_id": self.manager.id,
                "user_ids": [Command.link(self.manager.id)],
            }
        )
        run = schedule._cc_run_safely("2025-04-05")
        self.assertEqual(run.state, "success", run.error_message)
        self.assertEqual(str(run.date_from), "2025-03-01")
        book = load_workbook(io.BytesIO(run.attachment_id.raw), read_only=True)
        rows = list(book["Appraisal"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(rows[-1][:3], ("Total", 5, 3))


@tagged("post_install", "-at_install", "cc_performance")
class TestServiceKpiPerformance(KpiCommon):
    def _add_requests(self, count):
        """``count`` closed requests over both engineers, as the flow leaves
        them (the counters are what the report reads)."""
        Request = self.env["cc.service.request"].with_context(tracking_disable=True)
        with freeze_time("2025-03-10 09:00:00"):
            requests = Request.create(
                [
                    {
                        "company_id": self.company.id,
                        "partner_id": self.customer.id,
                        "user_id": (self.engineer_a, self.engineer_b)[i % 2].id,
                        "request_type": ("repair", "interpretation")[i % 2],
                    }
                    for i in range(count)
                ]
            )
            requests.action_acknowledge()
        self.env.flush_all()
        self.env.invalidate_all()
        return requests

    def test_appraisal_queries_do_not_grow(self):
        self._add_requests(10)
        self._render()  # warm-up: report and view caches
        self.env.invalidate_all()
        queries = self.cr.sql_log_count
        self._render()
        queries = self.cr.sql_log_count - queries
        self._add_requests(10)
        with self.assertQueryCount(queries):
            book = self._render()
        rows = list(book["Appraisal"].iter_rows(min_row=5, values_only=True))
        self.assertEqual(rows[-1][:2], ("Total", 20))
