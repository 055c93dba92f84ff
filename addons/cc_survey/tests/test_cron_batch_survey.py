from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .common import CcSurveyCommon


def _patch(test, model, method, replacement):
    patcher = patch.object(test.env.registry[model], method, replacement)
    patcher.start()
    test.addCleanup(patcher.stop)


def _only_partners(test, partner_ids):
    """Limit the waiting customers to the test's own: lines of other tests or
    of the demo data do not count in the batches."""
    Campaign = test.env.registry["cc.survey.campaign"]
    original = Campaign._cc_opinion_cards_domain

    def restricted(self):
        return original(self) + [("partner_id", "in", partner_ids)]

    _patch(test, "cc.survey.campaign", "_cc_opinion_cards_domain", restricted)


@tagged("post_install", "-at_install")
class TestCronBatchOpinionCards(CcSurveyCommon):
    """Opinion cards are sent one bounded batch of customers per scheduler
    call, the e-mails of a batch rendered together."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cc_survey_card_days = 30
        cls.new_customers = cls.customers[10:15]
        cls.cron = cls.env.ref("cc_survey.ir_cron_cc_survey_opinion_cards")

    def setUp(self):
        super().setUp()
        company_id = self.company.id
        new_ids = self.new_customers.ids

        def fake_deliveries(model, company, date_from, date_to):
            first = date(2026, 5, 2)
            if company.id != company_id or not date_from <= first < date_to:
                return {}
            return dict.fromkeys(new_ids, first)

        _patch(self, "cc.survey.campaign", "_cc_first_deliveries", fake_deliveries)
        _only_partners(self, self.new_customers.ids)
        Template = self.env.registry["mail.template"]
        original = Template.send_mail_batch
        self.rendered = []

        def send_mail_batch(template, res_ids, *args, **kwargs):
            self.rendered.append(len(res_ids))
            return original(template, res_ids, *args, **kwargs)

        _patch(self, "mail.template", "send_mail_batch", send_mail_batch)

    def _run_like_scheduler(self):
        """One call of the job's server action as ``ir.cron._run_job`` makes it."""
        cron, progress = self.cron._add_progress()
        cron._callback(self.cron.name, self.cron.ir_actions_server_id.id)
        return progress

    def _lines(self):
        return self.env["cc.survey.campaign.line"].search(
            [
                ("partner_id", "in", self.new_customers.ids),
                ("campaign_id.kind", "=", "new_customer"),
            ]
        )

    @freeze_time("2026-06-01")
    def test_one_batch_per_call_until_done(self):
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "2"
        )
        progresses = [self._run_like_scheduler() for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(2, 3), (2, 1), (1, 0), (0, 0)],
            "2 + 2 + 1 customers, then nothing left: the scheduler stops",
        )
        self.assertEqual(self.rendered, [2, 2, 1], "one rendering per batch")
        lines = self._lines()
        self.assertEqual(lines.partner_id, self.new_customers, "one card each")
        self.assertEqual(len(lines), 5)
        self.assertTrue(all(lines.mapped("user_input_id")))
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "survey.user_input"),
                ("res_id", "in", lines.user_input_id.ids),
            ]
        )
        self.assertEqual(len(mails), 5)
        # invited customers left the domain: the next days send nothing
        for day in ("2026-06-01", "2026-06-02"):
            with freeze_time(day):
                self.assertFalse(
                    self.env["cc.survey.campaign"]._cron_cc_send_opinion_cards()
                )
        self.assertEqual(len(self._lines()), 5)
        self.assertEqual(self.rendered, [2, 2, 1])


@tagged("post_install", "-at_install")
class TestCronBatchOpinionCardsConcurrency(TransactionCase):
    """The cron run from two transactions at once: each invites other
    customers (``SKIP LOCKED``), and the batch of a worker that dies is taken
    by the next call."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Two Workers Card {number}",
                        "is_company": True,
                        "email": f"card{number}@example.com",
                    }
                    for number in range(9)
                ]
            )
            campaign = env["cc.survey.campaign"].create(
                {
                    "name": "Two workers opinion cards",
                    "kind": "new_customer",
                    "survey_id": env.ref("cc_survey.survey_new_customer_card").id,
                    "sample_mode": "all",
                    "date_start": "2041-01-01",
                    "date_end": "2041-12-31",
                    "deadline": "2041-12-31",
                }
            )
            campaign._cc_transition("launch")
            env["cc.survey.campaign.line"].create(
                [
                    {
                        "campaign_id": campaign.id,
                        "partner_id": partner.id,
                        "sample_reason": "new_customer",
                    }
                    for partner in partners
                ]
            )
            self.campaign_id, self.partner_ids = campaign.id, partners.ids
        self.addCleanup(self._cleanup)
        _patch(self, "cc.cron.batch.mixin", "_cc_cron_batch_size", 3)
        _patch(
            self,
            "cc.survey.campaign",
            "_cc_first_deliveries",
            lambda model, company, date_from, date_to: {},
        )
        _only_partners(self, self.partner_ids)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            campaign = env["cc.survey.campaign"].browse(self.campaign_id)
            answers = env["survey.user_input"].search(
                [("cc_campaign_id", "=", campaign.id)]
            )
            env["mail.mail"].search(
                [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
            ).unlink()
            campaign.line_ids.write({"user_input_id": False})
            answers.unlink()
            campaign.line_ids.unlink()
            cr.execute("DELETE FROM cc_survey_campaign WHERE id = %s", [campaign.id])
            env["res.partner"].browse(self.partner_ids).unlink()

    def _worker(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")
        return api.Environment(cr, SUPERUSER_ID, {})["cc.survey.campaign"]

    def test_two_workers_at_once(self):
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            worker1, worker2 = self._worker(cr1), self._worker(cr2)
            first = worker1._cron_cc_send_opinion_cards()
            # worker 1 holds its batch uncommitted: worker 2 must neither wait
            # for it (lock_timeout would raise) nor take the same customers
            second = worker2._cron_cc_send_opinion_cards()
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(set(first.ids) & set(second.ids))
            cr1.commit()
            cr2.commit()
        # a worker that dies in the middle of its batch loses nothing
        with self.env.registry.cursor() as cr:
            lost = self._worker(cr)._cron_cc_send_opinion_cards()
            self.assertEqual(len(lost), 3)
            cr.rollback()
        with self.env.registry.cursor() as cr:
            last = self._worker(cr)._cron_cc_send_opinion_cards()
            self.assertEqual(last.ids, lost.ids, "the lost batch again")
            # a separate worker cursor, like the scheduler's job cursor
            cr.commit()  # pylint: disable=invalid-commit
        with self.env.registry.cursor() as cr:
            worker = self._worker(cr)
            self.assertFalse(worker._cron_cc_send_opinion_cards())
            lines = worker.browse(self.campaign_id).line_ids
            self.assertEqual(len(lines), 9)
            self.assertEqual(len(lines.user_input_id), 9, "one answer each")
