from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.cc_survey.models.cc_survey_campaign import CcSurveyCampaign

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestOpinionCard(CcSurveyCommon):
    def test_card_sent_once_n_days_after_first_delivery(self):
        self.company.cc_survey_card_days = 30
        new_customer = self.customers[5]
        first_delivery = {new_customer.id: date(2026, 5, 2)}

        def fake_deliveries(model, company, date_from, date_to):
            return {
                pid: day
                for pid, day in first_delivery.items()
                if date_from <= day < date_to
            }

        Campaign = self.env["cc.survey.campaign"]
        with patch.object(CcSurveyCampaign, "_cc_first_deliveries", fake_deliveries):
            # 29 days after: not yet
            self.assertFalse(
                Campaign._cron_cc_send_opinion_cards(today=date(2026, 5, 31))
            )
            sent = Campaign._cron_cc_send_opinion_cards(today=date(2026, 6, 1))
            self.assertEqual(sent.partner_id, new_customer)
            campaign = sent.campaign_id
            self.assertEqual(campaign.kind, "new_customer")
            self.assertEqual(campaign.state, "running")
            self.assertEqual(
                campaign.survey_id, self.env.ref("cc_survey.survey_new_customer_card")
            )
            self.assertEqual(sent.sample_reason, "new_customer")
            self.assertEqual(sent.user_input_id.partner_id, new_customer)
            # the next day (still within the look-back): no second card
            self.assertFalse(
                Campaign._cron_cc_send_opinion_cards(today=date(2026, 6, 2))
            )
