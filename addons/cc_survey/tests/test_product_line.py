import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.tests import tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestProductLine(CcSurveyCommon):
    """The satisfaction index per product line: the product category a
    customer bought most (untaxed amount of its confirmed sale orders) in the
    12 months before the campaign's period and during it, with the trend
    against the same product line in the previous campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.valves = Category.create({"name": "Survey Line Valves"})
        cls.pumps = Category.create({"name": "Survey Line Pumps"})
        cls.valve = cls.env["product.product"].create(
            {"name": "Survey Valve", "type": "service", "categ_id": cls.valves.id}
        )
        cls.pump = cls.env["product.product"].create(
            {"name": "Survey Pump", "type": "service", "categ_id": cls.pumps.id}
        )
        c = cls.customers
        # customer 0: valves 1000 + 400 (2025) against pumps 300 -> valves
        # customer 1: pumps -> pumps; customer 2: 100 each -> valves (lowest id)
        # customer 3: nothing bought -> no product line
        # customer 4: valves, but confirmed after the period: not counted;
        #             pumps 50 before the window (2024): not counted either
        cls._order(c[0], [(cls.valve, 1000.0), (cls.pump, 300.0)], "2026-03-01")
        cls._order(c[0], [(cls.valve, 400.0)], "2025-06-01")
        cls._order(c[1], [(cls.pump, 500.0)], "2026-02-01")
        cls._order(c[2], [(cls.pump, 100.0), (cls.valve, 100.0)], "2026-04-01")
        cls._order(c[4], [(cls.valve, 900.0)], "2026-08-01")
        cls._order(c[4], [(cls.pump, 50.0)], "2024-01-01")
        # a quotation never confirmed does not count
        cls.env["sale.order"].create(
            {
                "partner_id": c[3].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.pump.id,
                            "product_uom_qty": 1,
                            "price_unit": 999,
                        }
                    )
                ],
            }
        )
        cls.domain = f"[('id', 'in', {c[:5].ids})]"

    @classmethod
    def _order(cls, partner, lines, day):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "price_unit": price,
                        }
                    )
                    for product, price in lines
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime.fromisoformat(f"{day} 10:00:00")
        return order

    def _run(self, campaign, answers_by_customer):
        campaign.action_launch()
        by_partner = {line.partner_id: line.user_input_id for line in campaign.line_ids}
        for index, kwargs in answers_by_customer.items():
            self._answer(by_partner[self.customers[index]], **kwargs)
        campaign.action_close()
        return by_partner

    def test_index_per_product_line_with_trend(self):
        good = {}
        bad = {"products": "dissatisfied", "service": "dissatisfied", "overall": 2}
        great = {"products": "very_satisfied", "service": "neutral", "overall": 10}
        previous = self._campaign(
            name="Ad hoc May 2026",
            kind="adhoc",
            date_start=date(2026, 5, 1),
            date_end=date(2026, 5, 20),
            deadline=date(2026, 5, 25),
            sample_mode="all",
            population_domain=self.domain,
        )
        # the campaign just before: customer 0 (valves) dissatisfied
        self._run(previous, {0: bad, 3: good})
        current = self._campaign(sample_mode="all", population_domain=self.domain)
        answers = self._run(current, {0: good, 1: bad, 2: great, 3: good, 4: good})
        c = self.customers
        self.assertEqual(current.previous_campaign_id, previous)
        self.assertEqual(answers[c[0]].cc_product_categ_id, self.valves)
        self.assertEqual(answers[c[1]].cc_product_categ_id, self.pumps)
        self.assertEqual(answers[c[2]].cc_product_categ_id, self.valves)
        self.assertFalse(answers[c[3]].cc_product_categ_id)
        self.assertFalse(answers[c[4]].cc_product_categ_id)
        # the scores carry it: the analysis groups by product line
        groups = self.env["cc.survey.score"]._read_group(
            [("campaign_id", "=", current.id), ("is_index", "=", True)],
            ["product_categ_id"],
            ["score:avg", "__count"],
        )
        by_line = {categ: (score, count) for categ, score, count in groups}
        # valves: 81.75 and 87.5; pumps: 24.5; none: 81.75 twice
        self.assertAlmostEqual(by_line[self.valves][0], (81.75 + 87.5) / 2)
        self.assertEqual(by_line[self.valves][1], 2)
        self.assertAlmostEqual(by_line[self.pumps][0], 24.5)
        self.assertAlmostEqual(by_line[self.env["product.category"]][0], 81.75)
        # dimension scores are tagged as well (quality of the valves customers)
        quality = self.env.ref("cc_survey.dimension_quality")
        groups = self.env["cc.survey.score"]._read_group(
            [("campaign_id", "=", current.id), ("dimension_id", "=", quality.id)],
            ["product_categ_id"],
            ["__count"],
        )
        self.assertEqual(dict(groups)[self.valves], 2)

        # the management review: per product line, with the trend
        review = current._cc_management_review_data()
        rows = {
            row["product_line"]: row
            for row in review["product_lines"]
            if row["campaign"] == current
        }
        self.assertAlmostEqual(rows[self.valves]["score"], 84.625)
        self.assertTrue(rows[self.valves]["has_previous"])
        self.assertAlmostEqual(rows[self.valves]["previous_score"], 24.5)
        self.assertAlmostEqual(rows[self.valves]["trend"], 84.625 - 24.5)
        # no pumps customer answered the previous campaign: no trend
        self.assertFalse(rows[self.pumps]["has_previous"])
        self.assertEqual(rows[self.pumps]["count"], 1)
        # best product line first
        self.assertEqual(
            [row["product_line"] for row in review["product_lines"]][:1], [self.valves]
        )

        report = self.env.ref("cc_survey.cc_survey_management_review_xlsx")
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            report, current.ids, {}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content))["By Product Line"]
        values = {
            row[1]: row[2:]
            for row in sheet.iter_rows(min_row=5, values_only=True)
            if row[0]
        }
        self.assertEqual(values[self.valves.display_name][0], 2)
        self.assertAlmostEqual(values[self.valves.display_name][1], 84.625)
        self.assertAlmostEqual(values[self.valves.display_name][2], 24.5)
        self.assertAlmostEqual(values[self.valves.display_name][3], 60.125)
        self.assertAlmostEqual(values[self.pumps.display_name][1], 24.5)
        self.assertIsNone(values[self.pumps.display_name][3])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cc_survey.cc_survey_management_review_pdf", current.ids
            )[0]
            .decode()
        )
        self.assertIn("o_cc_survey_review_product_lines", html)
        self.assertIn(self.pumps.display_name, html)
        self.assertIn("+60.1", html)
