from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestSecurity(CcSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._campaign(sample_mode="all")
        cls.campaign.action_launch()
        lines = cls.campaign.line_ids
        cls.line1 = lines.filtered(lambda line: line.salesperson_id == cls.sales1)[0]
        cls.line2 = lines.filtered(lambda line: line.salesperson_id == cls.sales2)[0]

    def test_groups_imply_suite_and_survey_groups(self):
        self.assertTrue(self.survey_user.has_group("cc_customer_comm.group_cc_user"))
        self.assertTrue(self.survey_user.has_group("survey.group_survey_user"))
        self.assertFalse(
            self.survey_user.has_group("cc_customer_comm.group_cc_manager")
        )
        self.assertTrue(
            self.survey_manager.has_group("cc_customer_comm.group_cc_manager")
        )
        self.assertTrue(self.survey_manager.has_group("survey.group_survey_manager"))

    def test_salespeople_see_own_customers_results(self):
        self._answer(self.line1.user_input_id)
        self._answer(self.line2.user_input_id)
        Score = self.env["cc.survey.score"].with_user(self.sales1)
        scores = Score.search([("campaign_id", "=", self.campaign.id)])
        self.assertTrue(scores)
        self.assertEqual(scores.partner_id, self.line1.partner_id)
        Line = self.env["cc.survey.campaign.line"].with_user(self.sales1)
        lines = Line.search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(set(lines.salesperson_id.ids), {self.sales1.id})
        with self.assertRaises(AccessError):
            self.line2.with_user(self.sales1).read(["partner_id"])
        # the survey user sees everything
        all_scores = (
            self.env["cc.survey.score"]
            .with_user(self.survey_user)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertEqual(
            all_scores.partner_id, self.line1.partner_id | self.line2.partner_id
        )

    def test_salespeople_cannot_run_campaigns(self):
        Campaign = self.env["cc.survey.campaign"].with_user(self.sales1)
        with self.assertRaises(AccessError):
            Campaign.create({"name": "Mine", "survey_id": self.survey.id})
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.sales1).action_close()
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.sales1).write({"sample_rate": 50})

    def test_survey_user_cannot_configure_weights_or_verify(self):
        dimension = self.env.ref("cc_survey.dimension_quality")
        with self.assertRaises(AccessError):
            dimension.with_user(self.survey_user).weight = 50
        dimension.with_user(self.survey_manager).weight = 25
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.survey_user).action_reopen()

    def test_other_company_campaigns_hidden(self):
        other = self.env["res.company"].create({"name": "Other Survey Co"})
        campaign = (
            self.env["cc.survey.campaign"]
            .with_company(other)
            .create({"name": "Elsewhere", "company_id": other.id})
        )
        self.assertTrue(campaign.reference.startswith("CS"))
        Campaign = self.env["cc.survey.campaign"].with_user(self.survey_user)
        self.assertNotIn(campaign, Campaign.search([]))
