from odoo.tests import tagged

from odoo.addons.cc_survey.tests.common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestFollowupScores(CcSurveyCommon):
    def test_followup_scores_feed_the_service_dimension(self):
        campaign = self._campaign()
        campaign.action_launch()
        answer = campaign.line_ids.sorted("partner_id")[0].user_input_id
        customer = answer.partner_id
        Request = self.env["cc.service.request"]
        requests = Request.create(
            [
                {"partner_id": customer.id, "request_type": "repair"},
                {"partner_id": customer.id, "request_type": "repair"},
                {"partner_id": customer.id, "request_type": "repair"},
            ]
        )
        # scored 1 and 5 in the window; 5 more than a year before: ignored
        requests[0].write({"followup_score": 1, "followup_date": "2026-03-01 10:00:00"})
        requests[1].write({"followup_score": 5, "followup_date": "2026-06-10 10:00:00"})
        requests[2].write({"followup_score": 5, "followup_date": "2024-03-01 10:00:00"})
        # service rows of the questionnaire: very satisfied (100) twice
        self._answer(answer, products="satisfied", service="very_satisfied", overall=8)
        service = answer.cc_score_ids.filtered(
            lambda s: s.dimension_id.code == "service"
        )
        # (100 + 100 + 0 + 100) / 4
        self.assertAlmostEqual(service.score, 75.0)
        technical = answer.cc_score_ids.filtered(
            lambda s: s.dimension_id.code == "technical_support"
        )
        self.assertAlmostEqual(technical.score, 100.0)
