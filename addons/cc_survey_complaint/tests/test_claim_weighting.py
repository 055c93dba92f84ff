from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestClaimWeighting(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = cls.env["res.partner.category"].create({"name": "Claim weighting"})
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Claim Weighting Customer {i:02d}",
                    "is_company": True,
                    "customer_rank": 1,
                    "email": f"claimweight{i}@example.com",
                    "category_id": [Command.link(cls.tag.id)],
                }
                for i in range(10)
            ]
        )
        # two claims for customer 7 in the 12 months before the period, one
        # claim for customer 8 long before the window (ignored)
        vals = [
            {"partner_id": cls.customers[7].id, "date_claim": date(2026, 2, 1)},
            {"partner_id": cls.customers[7].id, "date_claim": date(2026, 4, 1)},
            {"partner_id": cls.customers[8].id, "date_claim": date(2024, 4, 1)},
        ]
        cls.claims = cls.env["cc.claim"].create(vals)

    def test_claims_count_in_the_weighted_sample(self):
        campaign = self.env["cc.survey.campaign"].create(
            {
                "name": "Weighted by claims",
                "survey_id": self.env.ref("cc_survey.survey_customer_satisfaction").id,
                "population_domain": f"[('category_id', 'in', [{self.tag.id}])]",
                "date_start": "2026-06-01",
                "date_end": "2026-06-30",
                "sample_rate": 10.0,
                "sample_seed": 3,
            }
        )
        campaign.action_draw_sample()
        self.assertEqual(campaign.line_ids.partner_id, self.customers[7])
        self.assertEqual(campaign.line_ids.sample_reason, "complaints")
        self.assertEqual(campaign.line_ids.complaint_count, 2)

    def test_claims_in_the_management_review(self):
        rows = self.env["cc.survey.campaign"]._cc_review_complaints(
            date(2026, 1, 1), date(2026, 6, 30), self.env.company
        )
        claims = [row for row in rows if row[1] == self.customers[7].name]
        self.assertEqual(claims[0][2], 2)
        self.assertNotIn(self.customers[8].name, [row[1] for row in rows])
