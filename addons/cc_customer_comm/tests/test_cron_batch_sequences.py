from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

MONTHS = [
    (date(2040, 3, 1), date(2040, 3, 31)),
    (date(2040, 4, 1), date(2040, 4, 30)),
    (date(2040, 5, 1), date(2040, 5, 31)),
]


def _only_sequences(test, sequence_ids):
    """Limit the cron to the test's own sequences: the sequences of other
    modules and tests do not count in the batches."""
    Sequence = test.env.registry["ir.sequence"]
    original = Sequence._cc_prepare_date_ranges_domain

    def restricted(self, days):
        return original(self, days) + [("id", "in", sequence_ids)]

    patcher = patch.object(Sequence, "_cc_prepare_date_ranges_domain", restricted)
    patcher.start()
    test.addCleanup(patcher.stop)


def _sequence_vals(count, prefix):
    return [
        {
            "name": f"{prefix} {number}",
            "code": f"cc.test.{prefix.lower()}.{number}",
            "implementation": "no_gap",
            "use_date_range": True,
            "range_reset": "monthly",
            "prefix": "%(range_y)s%(range_month)s-",
            "padding": 4,
        }
        for number in range(count)
    ]


def _ranges(sequences):
    """The periods of each sequence, from March 2040."""
    return {
        sequence.id: [
            (r.date_from, r.date_to)
            for r in sequence.date_range_ids.sorted("date_from")
            if r.date_from >= date(2040, 3, 1)
        ]
        for sequence in sequences
    }


@tagged("post_install", "-at_install")
class TestCronBatchSequences(TransactionCase):
    """The ranges of the coming months are prepared one bounded batch of
    sequences per scheduler call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequences = cls.env["ir.sequence"].create(
            _sequence_vals(5, "Batch Sequence")
        )
        cls.cron = cls.env.ref("cc_customer_comm.ir_cron_cc_prepare_sequence_ranges")

    def setUp(self):
        super().setUp()
        _only_sequences(self, self.sequences.ids)

    def _run_like_scheduler(self):
        """One call of the job's server action as ``ir.cron._run_job`` makes it."""
        cron, progress = self.cron._add_progress()
        cron._callback(self.cron.name, self.cron.ir_actions_server_id.id)
        return progress

    @freeze_time("2040-03-15")
    def test_one_batch_per_call_until_done(self):
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "2"
        )
        progresses = [self._run_like_scheduler() for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(2, 3), (2, 1), (1, 0), (0, 0)],
            "2 + 2 + 1 sequences, then nothing left: the scheduler stops",
        )
        self.assertEqual(
            _ranges(self.sequences), dict.fromkeys(self.sequences.ids, MONTHS)
        )
        # prepared sequences left the domain: a second run creates nothing
        self.assertFalse(self.env["ir.sequence"]._cron_cc_prepare_date_ranges())
        self.assertEqual(
            _ranges(self.sequences), dict.fromkeys(self.sequences.ids, MONTHS)
        )

    @freeze_time("2040-03-15")
    def test_only_missing_months(self):
        """A sequence whose current month exists gets the next two only; one
        whose months all exist is not taken."""
        first, second = self.sequences[:2]
        first._create_date_range_seq(date(2040, 3, 2))
        for day in (date(2040, 3, 2), date(2040, 4, 2), date(2040, 5, 2)):
            second._create_date_range_seq(day)
        done = self.env["ir.sequence"]._cron_cc_prepare_date_ranges()
        self.assertEqual(done, self.sequences - second)
        self.assertEqual(_ranges(first)[first.id], MONTHS)
        self.assertEqual(
            self.env["ir.sequence"]._cc_prepare_date_ranges_days(date(2040, 3, 15), 2)[
                -1
            ],
            date(2040, 5, 15),
        )


@tagged("post_install", "-at_install")
class TestCronBatchSequencesConcurrency(TransactionCase):
    """The cron run from two transactions at once: each takes other
    sequences (``SKIP LOCKED``), and the batch of a worker that dies is taken
    by the next call."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.ids = env["ir.sequence"].create(_sequence_vals(9, "Two Workers")).ids
        self.addCleanup(self._cleanup)
        Batcher = self.env.registry["cc.cron.batch.mixin"]
        patcher = patch.object(Batcher, "_cc_cron_batch_size", 3)
        patcher.start()
        self.addCleanup(patcher.stop)
        _only_sequences(self, self.ids)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sequences = env["ir.sequence"].browse(self.ids)
            sequences.date_range_ids.unlink()
            sequences.unlink()

    def _worker(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")
        return api.Environment(cr, SUPERUSER_ID, {})["ir.sequence"]

    @freeze_time("2040-03-15")
    def test_two_workers_at_once(self):
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            worker1, worker2 = self._worker(cr1), self._worker(cr2)
            first = worker1._cron_cc_prepare_date_ranges()
            # worker 1 holds its batch uncommitted: worker 2 must neither wait
            # for it (lock_timeout would raise) nor take the same sequences
            second = worker2._cron_cc_prepare_date_ranges()
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(set(first.ids) & set(second.ids))
            cr1.commit()
            cr2.commit()
        # a worker that dies in the middle of its batch loses nothing
        with self.env.registry.cursor() as cr:
            lost = self._worker(cr)._cron_cc_prepare_date_ranges()
            self.assertEqual(len(lost), 3)
            cr.rollback()
        with self.env.registry.cursor() as cr:
            last = self._worker(cr)._cron_cc_prepare_date_ranges()
            self.assertEqual(last.ids, lost.ids, "the lost batch again")
            # a separate worker cursor, like the scheduler's job cursor
            cr.commit()  # pylint: disable=invalid-commit
        with self.env.registry.cursor() as cr:
            worker = self._worker(cr)
            self.assertFalse(worker._cron_cc_prepare_date_ranges())
            sequences = worker.browse(self.ids)
            self.assertEqual(_ranges(sequences), dict.fromkeys(self.ids, MONTHS))
