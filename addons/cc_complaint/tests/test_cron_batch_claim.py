from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimCronBatch(CcComplaintCommon):
    """The daily claim check does one bounded batch per scheduler call:
    claims first, then the follow-ups (missing answers, reminder slips), and
    is called again while it reports remaining work."""

    def setUp(self):
        super().setUp()
        self.claims = self.env["cc.claim"]
        with freeze_time("2031-06-02"):
            for _number in range(3):
                claim = self._create_claim()
                gm_office = claim.with_user(self.user_gm_office)
                gm_office.action_register()
                gm_office.write(
                    {
                        "qa_user_id": self.user_qa.id,
                        "production_user_id": self.user_production.id,
                    }
                )
                gm_office.action_start_investigation()
                self.claims |= claim

    def _calls(self, method):
        """Call ``method`` as the scheduler does, again while it reports done
        and remaining work; return the ``(done, remaining)`` of each call."""
        reported = []

        def notify(cron, *, done, remaining, deactivate=False):
            reported.append((done, remaining))

        with patch.object(type(self.env["ir.cron"]), "_notify_progress", notify):
            for _call in range(500):
                method()
                done, remaining = reported[-1]
                if not (done and remaining):
                    return reported
        self.fail("the cron never reported the end of its work")

    def test_bounded_batches_until_done(self):
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "1"
        )
        Claim = self.env["cc.claim"]
        with freeze_time("2031-06-25"):
            reported = self._calls(Claim._cron_cc_claim_deadlines)
            # batches of one: at most one claim, one claim per answer flag set
            # or cleared and one slip per call
            self.assertGreaterEqual(len(reported), 3)
            self.assertLessEqual(max(done for done, _remaining in reported), 8)
            self.assertTrue(all(self.claims.mapped("is_overdue")))
            self.assertTrue(all(self.claims.mapped("answer_overdue")))
            logs = self.claims.stage_log_ids.filtered(lambda log: not log.date_out)
            self.assertEqual(len(logs), 3)
            self.assertEqual(
                logs.reminder_ids.stage_log_id, logs, "one slip per overdue stage"
            )
            self.assertEqual(len(logs.reminder_ids), 3)
            # the next run the same day finds nothing left to do
            with self.assertQueryCount(16):
                again = self._calls(Claim._cron_cc_claim_deadlines)
            self.assertEqual(again, [(0, 0)])
            self.assertEqual(len(logs.reminder_ids), 3, "no second slip")
