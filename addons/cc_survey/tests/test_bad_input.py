from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestBadInput(CcSurveyCommon):
    def test_sample_rate_outside_1_100(self):
        for rate in (0.0, 0.5, 100.5, -10.0):
            with self.assertRaisesRegex(ValidationError, "Sample Rate"):
                with self.env.cr.savepoint():
                    self._campaign(sample_rate=rate)
        campaign = self._campaign(sample_rate=100.0)
        with self.assertRaisesRegex(ValidationError, "between 1 and 100"):
            campaign.sample_rate = 101

    def test_response_target_and_period(self):
        with self.assertRaisesRegex(ValidationError, "Response Target"):
            self._campaign(response_target=120.0)
        with self.assertRaisesRegex(ValidationError, "Period End"):
            self._campaign(date_end="2026-05-01")
        with self.assertRaisesRegex(ValidationError, "Deadline"):
            self._campaign(deadline="2026-05-01")

    def test_company_settings_bounds(self):
        with self.assertRaisesRegex(ValidationError, "Default Sample Rate"):
            with self.env.cr.savepoint():
                self.company.cc_survey_sample_rate = 0.0
        self.company.invalidate_recordset()
        with self.assertRaisesRegex(ValidationError, "Improvement Threshold"):
            self.company.cc_survey_plan_threshold = 150.0

    def test_launch_without_questionnaire(self):
        campaign = self._campaign(survey_id=False)
        with self.assertRaisesRegex(UserError, "no Questionnaire"):
            campaign.action_launch()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.line_ids.user_input_id)

    def test_empty_population(self):
        campaign = self._campaign(population_domain="[('id', '=', 0)]")
        with self.assertRaisesRegex(UserError, "No customer matches"):
            campaign.action_draw_sample()
        with self.assertRaisesRegex(UserError, "No customer matches"):
            campaign.action_launch()
        self.assertEqual(campaign.state, "draft")

    def test_invalid_population_domain(self):
        campaign = self._campaign(population_domain="[('customer_rank', '>'")
        with self.assertRaisesRegex(ValidationError, "not a valid domain"):
            campaign.action_draw_sample()

    def test_launch_twice_invites_once(self):
        campaign = self._campaign()
        campaign.action_launch()
        answers = campaign.line_ids.user_input_id
        with self.assertRaisesRegex(UserError, "only possible from Draft"):
            campaign.action_launch()
        campaign.line_ids.action_invite()  # nothing left to invite
        self.assertEqual(campaign.line_ids.user_input_id, answers)
        self.assertEqual(
            self.env["survey.user_input"].search_count(
                [("cc_campaign_id", "=", campaign.id)]
            ),
            4,
        )
        with self.assertRaisesRegex(UserError, "only be drawn while"):
            campaign.action_draw_sample()

    def test_state_only_through_buttons(self):
        campaign = self._campaign()
        with self.assertRaisesRegex(UserError, "changes only"):
            campaign.write({"state": "running"})

    def test_weights_not_summing_to_100(self):
        self.env.ref("cc_survey.dimension_price").weight = 20.0
        campaign = self._campaign()
        with self.assertRaisesRegex(ValidationError, "sum to 110"):
            campaign.action_launch()
        self.assertEqual(campaign.state, "draft")
        with self.assertRaisesRegex(ValidationError, "must sum to"):
            self.env["cc.survey.dimension"]._cc_check_weights()

    def test_weight_outside_0_100(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and"):
            self.env.ref("cc_survey.dimension_price").weight = 120.0

    def test_column_score_outside_0_100(self):
        column = self.env.ref(
            "cc_survey.survey_customer_satisfaction_q_products_col_satisfied"
        )
        with self.assertRaisesRegex(ValidationError, "between 0 and"):
            column.cc_score = 120.0

    def test_answer_entered_twice(self):
        campaign = self._campaign()
        campaign.action_launch()
        line = campaign.line_ids[0]
        self._answer(line.user_input_id)
        with self.assertRaisesRegex(UserError, "already answered"):
            line.with_user(self.survey_user).action_enter_fax()
