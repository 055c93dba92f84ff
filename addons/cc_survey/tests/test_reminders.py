from freezegun import freeze_time

from odoo.tests import tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestReminders(CcSurveyCommon):
    def test_reminders_to_non_respondents_until_deadline(self):
        with freeze_time("2026-06-01 08:00:00"):
            campaign = self._campaign(reminder_days=7)
            campaign.action_launch()
        answered, *others = campaign.line_ids.sorted("partner_id")
        with freeze_time("2026-06-02 09:00:00"):
            self._answer(answered.user_input_id)
        Campaign = self.env["cc.survey.campaign"]
        mails = self.env["mail.mail"]
        with freeze_time("2026-06-05 06:00:00"):
            self.assertFalse(Campaign._cron_cc_send_reminders())
        with freeze_time("2026-06-08 06:00:00"):
            before = mails.search_count([])
            reminded = Campaign._cron_cc_send_reminders()
            self.assertEqual(reminded, campaign.line_ids - answered)
            self.assertEqual(mails.search_count([]) - before, 3)
            self.assertEqual(set(reminded.mapped("reminder_count")), {1})
            # run twice the same day: nothing more
            self.assertFalse(Campaign._cron_cc_send_reminders())
        with freeze_time("2026-06-12 06:00:00"):
            self.assertFalse(Campaign._cron_cc_send_reminders())
        with freeze_time("2026-06-15 06:00:00"):
            self.assertEqual(len(Campaign._cron_cc_send_reminders()), 3)
            self.assertEqual(set(reminded.mapped("reminder_count")), {2})
        # after the deadline (15 July) no more reminders
        with freeze_time("2026-07-16 06:00:00"):
            self.assertFalse(Campaign._cron_cc_send_reminders())
        self.assertEqual(answered.reminder_count, 0)

    def test_overdue_campaign_flagged(self):
        campaign = self._campaign()
        campaign.action_launch()
        with freeze_time("2026-07-20"):
            self.env["cc.survey.campaign"]._cron_cc_campaign_overdue()
        self.assertTrue(campaign.is_overdue)
