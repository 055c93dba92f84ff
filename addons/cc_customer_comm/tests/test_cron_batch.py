from datetime import date
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged


def _only_partner(test, partner_id):
    """Limit the overdue check to the test's own customer: records of other
    tests or of the demo data do not count in the batches."""
    Communication = test.env.registry["cc.communication"]
    for method in ("_cc_overdue_domain", "_cc_overdue_cleared_domain"):
        original = getattr(Communication, method)

        def restricted(self, today=None, original=original):
            return original(self, today) + [("partner_id", "=", partner_id)]

        patcher = patch.object(Communication, method, restricted)
        patcher.start()
        test.addCleanup(patcher.stop)


def _overdue_activities(env, records):
    """Overdue reminders per record id."""
    activities = env["mail.activity"].search(
        [
            ("res_model", "=", records._name),
            ("res_id", "in", records.ids),
            ("summary", "=like", "Overdue:%"),
        ]
    )
    counts = dict.fromkeys(records.ids, 0)
    for activity in activities:
        counts[activity.res_id] += 1
    return counts


@tagged("post_install", "-at_install")
class TestCronBatch(TransactionCase):
    """A cron processes one bounded batch per scheduler call, reports its
    progress to ``ir.cron`` and is called again until nothing remains."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "Batch Customer"})
        cls.communications = cls.env["cc.communication"].create(
            [
                {
                    "partner_id": cls.partner.id,
                    "summary": f"Late call {number}",
                    "deadline": date(2020, 1, 1),
                }
                for number in range(7)
            ]
        )
        cls.cron = cls.env.ref("cc_customer_comm.ir_cron_cc_communication_overdue")

    def setUp(self):
        super().setUp()
        _only_partner(self, self.partner.id)

    def _run_like_scheduler(self):
        """One call of the job's server action as ``ir.cron._run_job`` makes
        it: a progress record in the context, then the callback."""
        cron, progress = self.cron._add_progress()
        cron._callback(self.cron.name, self.cron.ir_actions_server_id.id)
        return progress

    def test_batch_size_parameter(self):
        Communication = self.env["cc.communication"]
        self.assertEqual(Communication._cc_cron_batch_limit(), 1000)
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "25"
        )
        self.assertEqual(Communication._cc_cron_batch_limit(), 25)
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "not a number"
        )
        self.assertEqual(Communication._cc_cron_batch_limit(), 1000)

    def test_one_batch_per_call_until_done(self):
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "3"
        )
        progresses = [self._run_like_scheduler() for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(3, 4), (3, 1), (1, 0), (0, 0)],
            "3 + 3 + 1 records, then nothing left: the scheduler stops",
        )
        self.assertTrue(all(self.communications.mapped("is_overdue")))
        self.assertEqual(
            set(_overdue_activities(self.env, self.communications).values()), {1}
        )

    def test_cleared_in_batches(self):
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "5"
        )
        while self._run_like_scheduler().remaining:
            pass
        self.communications.write({"deadline": date(2099, 1, 1)})
        progress = self._run_like_scheduler()
        self.assertEqual((progress.done, progress.remaining), (5, 2))
        progress = self._run_like_scheduler()
        self.assertEqual((progress.done, progress.remaining), (2, 0))
        self.assertFalse(any(self.communications.mapped("is_overdue")))

    def test_direct_trigger_reports_progress(self):
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "4"
        )
        self.cron.method_direct_trigger()
        self.assertEqual(
            sum(self.communications.mapped("is_overdue")), 4, "one batch per call"
        )
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (4, 3))


@tagged("post_install", "-at_install")
class TestCronBatchConcurrency(TransactionCase):
    """The same cron run from two transactions at once: each takes other
    records (row locks, ``SKIP LOCKED``), none is processed twice, and the
    batch of a worker that dies is processed by the next call."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Two Workers Customer"})
            self.partner_id = partner.id
            self.ids = (
                env["cc.communication"]
                .create(
                    [
                        {
                            "partner_id": partner.id,
                            "summary": f"Late call {number}",
                            "deadline": date(2020, 1, 1),
                        }
                        for number in range(9)
                    ]
                )
                .ids
            )
        self.addCleanup(self._cleanup)
        Communication = self.env.registry["cc.communication"]
        patcher = patch.object(Communication, "_cc_cron_batch_size", 3)
        patcher.start()
        self.addCleanup(patcher.stop)
        _only_partner(self, self.partner_id)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.activity"].search(
                [("res_model", "=", "cc.communication"), ("res_id", "in", self.ids)]
            ).unlink()
            env["cc.communication"].browse(self.ids).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _worker(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")
        return api.Environment(cr, SUPERUSER_ID, {})["cc.communication"]

    def test_two_workers_at_once(self):
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            worker1, worker2 = self._worker(cr1), self._worker(cr2)
            first = worker1._cron_cc_communication_overdue()
            worker1.env.flush_all()
            # worker 1 holds its batch uncommitted: worker 2 must neither wait
            # for it (lock_timeout would raise) nor take the same records
            second = worker2._cron_cc_communication_overdue()
            worker2.env.flush_all()
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(set(first.ids) & set(second.ids))
            cr1.commit()
            cr2.commit()
        # a worker that dies in the middle of its batch loses nothing
        with self.env.registry.cursor() as cr:
            lost = self._worker(cr)._cron_cc_communication_overdue()
            self.assertEqual(len(lost), 3)
            cr.rollback()
        with self.env.registry.cursor() as cr:
            last = self._worker(cr)._cron_cc_communication_overdue()
            self.assertEqual(last.ids, lost.ids, "the lost batch again")
            # a separate worker cursor, like the scheduler's job cursor
            cr.commit()  # pylint: disable=invalid-commit
        with self.env.registry.cursor() as cr:
            records = self._worker(cr).browse(self.ids)
            self.assertTrue(all(records.mapped("is_overdue")))
            self.assertEqual(
                _overdue_activities(records.env, records), dict.fromkeys(self.ids, 1)
            )
