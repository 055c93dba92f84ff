from datetime import date

from odoo.tests import tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestManagementReview(CcSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._campaign()
        cls.campaign.action_launch()

    def _answer_and_close(self):
        answers = self.campaign.line_ids.sorted("partner_id").user_input_id
        self._answer(answers[0])
        self._answer(
            answers[1], products="dissatisfied", service="dissatisfied", overall=1
        )
        self.campaign.action_close()

    def test_review_data(self):
        self._answer_and_close()
        review = self.env["cc.survey.campaign"]._cc_management_review_data(
            date(2026, 1, 1), date(2026, 6, 30), self.company
        )
        self.assertEqual(review["campaigns"], self.campaign)
        row = review["rows"][0]
        self.assertAlmostEqual(row["overall"].score, self.campaign.satisfaction_index)
        self.assertEqual(len(row["dimensions"]), 7)
        # the complaints of the period, by customer, most first
        self.assertEqual(review["complaints"][0][1], self.customers[0].name)
        self.assertEqual(review["complaints"][0][2], 3)
        self.assertEqual(review["plans"], self.campaign.plan_ids)

    def test_xlsx_and_pdf_render(self):
        self._answer_and_close()
        report = self.env.ref("cc_survey.cc_survey_management_review_xlsx")
        content, fmt = self.env["ir.actions.report"]._render_xlsx(
            report, self.campaign.ids, {}
        )
        self.assertEqual(fmt, "xlsx")
        self.assertTrue(content.startswith(b"PK"))
        # a schedule renders it for a period, without records
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            report,
            [],
            {
                "date_from": "2026-01-01",
                "date_to": "2026-06-30",
                "company_id": self.company.id,
            },
        )
        self.assertTrue(content.startswith(b"PK"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cc_survey.cc_survey_management_review_pdf", self.campaign.ids
            )[0]
            .decode()
        )
        self.assertIn("Customer Satisfaction Review", html)
        self.assertIn(self.customers[0].name, html)
        self.assertIn(self.campaign.plan_ids[0].name, html)

    def test_demo_schedules_twice_a_year(self):
        schedules = self.env["cc.report.schedule"].search(
            [
                (
                    "report_id",
                    "=",
                    self.env.ref("cc_survey.cc_survey_management_review_xlsx").id,
                )
            ]
        )
        if schedules:  # demo data
            self.assertEqual(sorted(schedules.mapped("month")), ["1", "7"])
