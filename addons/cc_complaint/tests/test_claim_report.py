import io
from datetime import date

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimReport(CcComplaintCommon):
    def test_monthly_statistics_xlsx(self):
        with freeze_time("2031-05-20"):
            claim = self._create_claim()
            self._claim_to_execution(claim, disposition="allowance", amount=300.0)
            claim.with_user(self.user_sales).action_done()
            other = self._create_claim()
            other.with_user(self.user_gm_office).action_register()
            other.with_user(self.user_gm_office).write(
                {"rejection_reason": "Not our part"}
            )
            other.with_user(self.user_gm_office).action_reject()
        report = self.env.ref("cc_complaint.cc_claim_statistics_xlsx_report")
        content, fmt = report.with_user(self.user_gm_office)._render_xlsx(
            report.report_name,
            [],
            data={
                "date_from": "2031-05-01",
                "date_to": "2031-05-31",
                "company_id": self.company.id,
            },
        )
        self.assertEqual(fmt, "xlsx")
        book = load_workbook(io.BytesIO(content), read_only=True)
        self.assertIn("By Cause", book.sheetnames)
        self.assertIn("By Department", book.sheetnames)
        self.assertIn("Penalties and Sanctions", book.sheetnames)
        rows = list(book["Claims"].iter_rows(min_row=4, values_only=True))
        self.assertEqual({row[0] for row in rows}, {claim.name, other.name})
        cause_rows = list(book["By Cause"].iter_rows(min_row=4, values_only=True))
        process = [row for row in cause_rows if row[0] == "Process"]
        self.assertEqual(process[0][1], 1)
        self.assertAlmostEqual(process[0][2], 600.0)
        dept_rows = list(book["By Department"].iter_rows(min_row=4, values_only=True))
        self.assertEqual(dept_rows[0][0], self.department_production.name)
        product_rows = list(book["By Product"].iter_rows(min_row=4, values_only=True))
        self.assertEqual(product_rows[0][1], 2)
        # the print menu works on selected claims; another month is empty
        content, _fmt = report._render_xlsx(report.report_name, claim.ids, data=None)
        rows = list(
            load_workbook(io.BytesIO(content))["Claims"].iter_rows(
                min_row=4, values_only=True
            )
        )
        self.assertEqual([row[0] for row in rows], [claim.name])
        content, _fmt = report._render_xlsx(
            report.report_name,
            [],
            data={
                "date_from": "2031-06-01",
                "date_to": "2031-06-30",
                "company_id": self.company.id,
            },
        )
        rows = list(
            load_workbook(io.BytesIO(content))["Claims"].iter_rows(
                min_row=4, values_only=True
            )
        )
        self.assertFalse(rows)
        self.assertEqual(claim.date_closed, date(2031, 5, 20))

    def test_sales_report_has_no_penalty_sheet(self):
        report = self.env.ref("cc_complaint.cc_claim_statistics_xlsx_report")
        content, _fmt = report.with_user(self.user_sales)._render_xlsx(
            report.report_name,
            [],
            data={
                "date_from": "2031-05-01",
                "date_to": "2031-05-31",
                "company_id": self.company.id,
            },
        )
        book = load_workbook(io.BytesIO(content), read_only=True)
        self.assertNotIn("Penalties and Sanctions", book.sheetnames)
