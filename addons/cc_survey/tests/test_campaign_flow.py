from odoo.tests import tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestCampaignFlow(CcSurveyCommon):
    def test_weighted_sample_is_reproducible_and_explained(self):
        campaign = self._campaign()
        campaign.action_draw_sample()
        # 20 % of 20 customers = 4; the 3 complainers always in, by count
        self.assertEqual(campaign.population_count, 20)
        self.assertEqual(campaign.line_count, 4)
        lines = campaign.line_ids
        complainers = lines.filtered(lambda line: line.sample_reason == "complaints")
        self.assertEqual(complainers.partner_id, self.customers[:3])
        self.assertEqual(
            {line.partner_id.id: line.complaint_count for line in complainers},
            {self.customers[0].id: 3, self.customers[1].id: 2, self.customers[2].id: 1},
        )
        self.assertIn(
            "3 complaints",
            complainers.filtered(
                lambda line: line.partner_id == self.customers[0]
            ).reason,
        )
        drawn = lines - complainers
        self.assertEqual(len(drawn), 1)
        self.assertEqual(drawn.sample_reason, "random")
        self.assertIn("seed 42", drawn.reason)
        # the old complaint (customer 3) and the inquiry (customer 4) do not count
        self.assertNotIn(self.customers[3], complainers.partner_id)
        # the same seed draws the same customers
        first = lines.partner_id
        campaign.action_draw_sample()
        self.assertEqual(campaign.line_ids.partner_id, first)
        # another campaign with the same seed too
        other = self._campaign(name="Copy")
        other.action_draw_sample()
        self.assertEqual(other.line_ids.partner_id, first)

    def test_complainers_always_in_whatever_the_seed(self):
        for seed in (1, 7, 99, 12345):
            campaign = self._campaign(name=f"Seed {seed}", sample_seed=seed)
            campaign.action_draw_sample()
            self.assertTrue(
                set(self.customers[:3].ids) <= set(campaign.line_ids.partner_id.ids)
            )

    def test_small_sample_takes_the_worst_complainers(self):
        campaign = self._campaign(sample_rate=10.0)
        campaign.action_draw_sample()
        self.assertEqual(campaign.line_ids.partner_id, self.customers[:2])

    def test_population_filters(self):
        campaign = self._campaign(
            sample_mode="all", salesperson_ids=[(6, 0, self.sales1.ids)]
        )
        campaign.action_draw_sample()
        self.assertEqual(campaign.line_count, 10)
        self.assertEqual(campaign.line_ids.salesperson_id, self.sales1)
        self.assertEqual(
            set(campaign.line_ids.mapped("sample_reason")) - {"population"}, set()
        )

    def test_launch_invites_each_customer_once_through_the_engine(self):
        campaign = self._campaign()
        mails_before = self.env["mail.mail"].search_count([])
        campaign.action_launch()
        self.assertEqual(campaign.state, "running")
        answers = campaign.line_ids.user_input_id
        self.assertEqual(len(answers), 4)
        self.assertEqual(answers.survey_id, self.survey)
        self.assertEqual(answers.partner_id, campaign.line_ids.partner_id)
        self.assertEqual(set(answers.mapped("cc_channel")), {"email"})
        self.assertTrue(all(answers.mapped("access_token")))
        self.assertEqual(set(answers.mapped("state")), {"new"})
        # queued in the mail queue, one per customer, not sent at once
        mails = self.env["mail.mail"].search([], order="id desc", limit=4)
        self.assertEqual(self.env["mail.mail"].search_count([]) - mails_before, 4)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertTrue(
            all(a.access_token in "".join(mails.mapped("body_html")) for a in answers)
        )
        self.assertEqual(campaign.invited_count, 4)
        self.assertEqual(campaign.response_rate, 0.0)

    def test_index_per_dimension_with_known_values(self):
        campaign = self._campaign()
        campaign.action_launch()
        good, bad, staff, _silent = campaign.line_ids.sorted("partner_id").user_input_id
        self._answer(
            good
        )  # products satisfied 75, service very satisfied 100, overall 8
        self._answer(bad, products="dissatisfied", service="dissatisfied", overall=2)
        # answers taken by phone, entered by staff in the same survey
        line = campaign.line_ids.filtered(lambda line: line.user_input_id == staff)
        action = line.with_user(self.survey_user).action_enter_phone()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(staff.access_token, action["url"])
        self.assertEqual(staff.cc_channel, "phone")
        self.assertEqual(staff.cc_entered_by_id, self.survey_user)
        self._answer(staff, products="very_satisfied", service="neutral", overall=10)

        scores = {
            s.dimension_id.code: s.score for s in good.cc_score_ids if s.dimension_id
        }
        self.assertEqual(
            scores,
            {
                "quality": 75.0,
                "delivery": 75.0,
                "price": 75.0,
                "hazardous_substance": 75.0,
                "service": 100.0,
                "technical_support": 100.0,
                "overall": 80.0,
            },
        )
        # 25*75 + 20*75 + 15*100 + 10*100 + 10*75 + 10*75 + 10*80 = 8175
        self.assertAlmostEqual(good.cc_index, 81.75)
        self.assertEqual(good.cc_level, "satisfied")
        # 90 % of the weight at 25, overall 2/10 = 20
        self.assertAlmostEqual(bad.cc_index, 24.5)
        self.assertEqual(bad.cc_level, "very_dissatisfied")
        # 100 on products (65 %), 50 on service and support (25 %), 100 overall
        self.assertAlmostEqual(staff.cc_index, 87.5)
        self.assertEqual(staff.cc_level, "satisfied")
        self.assertEqual(campaign.responded_count, 3)
        self.assertAlmostEqual(campaign.response_rate, 75.0)
        self.assertTrue(campaign.target_met)  # mid-year target 50 %

        campaign.action_close()
        self.assertEqual(campaign.state, "closed")
        results = {r.dimension_id.code or "index": r for r in campaign.result_ids}
        self.assertAlmostEqual(results["quality"].score, (75 + 25 + 100) / 3, places=2)
        self.assertAlmostEqual(
            results["index"].score, (81.75 + 24.5 + 87.5) / 3, places=2
        )
        self.assertAlmostEqual(campaign.satisfaction_index, results["index"].score)
        self.assertEqual(campaign.count_satisfied, 2)
        self.assertEqual(campaign.count_very_dissatisfied, 1)
        # the trend compares with the previous campaign, if any (demo data)
        self.assertEqual(
            results["index"].has_previous, bool(campaign.previous_campaign_id)
        )
        # the low responses propose improvement plans, the good one does not:
        # the bad one overall, the phone one for service and support at 50
        self.assertEqual(campaign.plan_ids.user_input_id, bad | staff)
        self.assertEqual(set(campaign.plan_ids.mapped("state")), {"draft"})
        bad_plan = campaign.plan_ids.filtered(lambda p: p.user_input_id == bad)
        self.assertIn("Quality", bad_plan.problem)
        staff_plan = campaign.plan_ids - bad_plan
        self.assertIn(staff_plan.dimension_id.code, ("service", "technical_support"))
        self.assertAlmostEqual(staff_plan.score, 50.0)
        # closing again (or recomputing) proposes no second plan
        campaign.action_compute_index()
        self.assertEqual(len(campaign.plan_ids), 2)

    def test_trend_against_previous_campaign(self):
        previous = self._campaign(
            name="Year-end 2025",
            kind="yearend",
            sample_mode="all",
            date_start=self.period_start.replace(year=2025, month=12),
            date_end=self.period_start.replace(year=2025, month=12, day=31),
            deadline=self.period_start.replace(year=2026, month=1, day=15),
        )
        previous.action_launch()
        for answer in previous.line_ids.user_input_id[:2]:
            self._answer(answer, products="neutral", service="neutral", overall=5)
        previous.action_close()
        self.assertAlmostEqual(previous.satisfaction_index, 50.0)
        campaign = self._campaign()
        campaign.action_launch()
        self._answer(campaign.line_ids.user_input_id[0])
        campaign.action_close()
        self.assertEqual(campaign.previous_campaign_id, previous)
        index = campaign.result_ids.filtered(lambda r: not r.dimension_id)
        self.assertAlmostEqual(index.previous_score, 50.0)
        self.assertAlmostEqual(index.trend, 31.75)
        quality = campaign.result_ids.filtered(
            lambda r: r.dimension_id.code == "quality"
        )
        self.assertAlmostEqual(quality.trend, 25.0)
