from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged

from .common import CcSalesOfficeCommon


def _only_requests(test, request_ids):
    """Limit the daily check to the test's own requests: requests of other
    tests or of the demo data do not count in the batches."""
    Access = test.env.registry["cc.visitor.file.access"]
    original = Access._cc_file_access_cron_domain

    def restricted(self, today=None):
        return original(self, today) + [("id", "in", request_ids)]

    patcher = patch.object(Access, "_cc_file_access_cron_domain", restricted)
    patcher.start()
    test.addCleanup(patcher.stop)


def _ended_notes(env, requests):
    """The "read window ended" notes per request id."""
    messages = env["mail.message"].search(
        [
            ("model", "=", requests._name),
            ("res_id", "in", requests.ids),
            ("body", "ilike", "Read window ended"),
        ]
    )
    counts = dict.fromkeys(requests.ids, 0)
    for message in messages:
        counts[message.res_id] += 1
    return counts


@tagged("post_install", "-at_install")
class TestFileAccessCronBatch(CcSalesOfficeCommon):
    """The daily check expires one bounded batch of ended read windows per
    call and reports its progress until none is left."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visitor = cls.make_visitor(cls, cls.user_a, "13300000077")
        # approved windows, written directly: the approval flow has its tests
        cls.requests = (
            cls.env["cc.visitor.file.access"]
            .sudo()
            .create(
                [
                    {
                        "visitor_id": cls.visitor.id,
                        "requester_id": user.id,
                        "reason": "Batch check",
                        "date_from": cls.today,
                        "date_to": cls.today + timedelta(days=1),
                        "state": "approved",
                    }
                    for user in (cls.user_b, cls.user_c, cls.user_d) * 2 + (cls.user_e,)
                ]
            )
        )
        cls.env["cc.visitor.file.access"]._cc_sync_readers(cls.visitor)
        cls.cron = cls.env.ref("cc_sales_office.ir_cron_cc_visitor_file_access")

    def setUp(self):
        super().setUp()
        _only_requests(self, self.requests.ids)

    def _run_like_scheduler(self):
        """One call of the job's server action as ``ir.cron._run_job`` makes
        it: a progress record in the context, then the callback."""
        cron, progress = self.cron._add_progress()
        cron._callback(self.cron.name, self.cron.ir_actions_server_id.id)
        return progress

    def test_one_batch_per_call_until_done(self):
        self.assertEqual(
            self.visitor.file_reader_ids,
            self.user_b | self.user_c | self.user_d | self.user_e,
        )
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "3"
        )
        with freeze_time(self.today + timedelta(days=3)):
            first = self._run_like_scheduler()
            self.assertEqual(self.requests.mapped("state").count("expired"), 3)
            self.assertFalse(
                self.visitor.file_reader_ids & self.requests[:3].requester_id,
                "the readers of the batch's files follow at once",
            )
            progresses = [first] + [self._run_like_scheduler() for _call in range(3)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(3, 4), (3, 1), (1, 0), (0, 0)],
            "3 + 3 + 1 windows, then nothing left: the scheduler stops",
        )
        self.assertEqual(set(self.requests.mapped("state")), {"expired"})
        self.assertFalse(self.visitor.file_reader_ids)
        self.assertEqual(
            set(_ended_notes(self.env, self.requests).values()),
            {1},
            "one note per request, expired requests left the domain",
        )

    def test_open_windows_kept(self):
        with freeze_time(self.today + timedelta(days=1)):
            progress = self._run_like_scheduler()
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual(set(self.requests.mapped("state")), {"approved"})
        self.assertEqual(len(self.visitor.file_reader_ids), 4)


@tagged("post_install", "-at_install")
class TestFileAccessCronConcurrency(TransactionCase):
    """The daily check from two transactions at once: each worker expires
    other requests (``SKIP LOCKED``), none twice, and the batch of a worker
    that dies is expired by the next call.

    Committed data in real cursors, removed again in the cleanup.
    """

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            today = fields.Date.context_today(env["res.users"])
            office = env["cc.sales.office"].create({"name": "File Access Race"})
            visitor = env["cc.visitor"].create(
                {
                    "name": "File Access Race Visitor",
                    "mobile": "13300000088",
                    "office_id": office.id,
                    "demand_type": "2br",
                }
            )
            requests = env["cc.visitor.file.access"].create(
                [
                    {
                        "visitor_id": visitor.id,
                        "requester_id": env.ref("base.user_admin").id,
                        "reason": "Race",
                        "date_from": today - timedelta(days=3),
                        "date_to": today - timedelta(days=1),
                        "state": "approved",
                    }
                    for _number in range(9)
                ]
            )
            self.data = {
                "office": office.id,
                "visitor": visitor.id,
                "requests": requests.ids,
            }
        self.addCleanup(self._cleanup)
        batcher = self.env.registry["cc.cron.batch.mixin"]
        patcher = patch.object(batcher, "_cc_cron_batch_size", 3)
        patcher.start()
        self.addCleanup(patcher.stop)
        _only_requests(self, self.data["requests"])

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            requests = env["cc.visitor.file.access"].browse(self.data["requests"])
            env["mail.message"].search(
                [("model", "=", requests._name), ("res_id", "in", requests.ids)]
            ).unlink()
            requests.write({"state": "cancel"})
            requests.unlink()
            env["cc.visitor"].browse(self.data["visitor"]).unlink()
            env["cc.sales.office"].browse(self.data["office"]).unlink()

    def _worker(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")
        return api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})[
            "cc.visitor.file.access"
        ]

    def test_two_workers_at_once(self):
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            worker1, worker2 = self._worker(cr1), self._worker(cr2)
            first = worker1._cron_file_access()
            worker1.env.flush_all()
            # worker 1 holds its batch uncommitted: worker 2 must neither wait
            # for it (lock_timeout would raise) nor take the same requests
            second = worker2._cron_file_access()
            worker2.env.flush_all()
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(set(first.ids) & set(second.ids))
            cr1.commit()
            cr2.commit()
        # a worker that dies in the middle of its batch loses nothing
        with self.env.registry.cursor() as cr:
            lost = self._worker(cr)._cron_file_access()
            self.assertEqual(len(lost), 3)
            cr.rollback()
        with self.env.registry.cursor() as cr:
            last = self._worker(cr)._cron_file_access()
            self.assertEqual(last.ids, lost.ids, "the lost batch again")
            # a separate worker cursor, like the scheduler's job cursor
            cr.commit()  # pylint: disable=invalid-commit
        with self.env.registry.cursor() as cr:
            requests = self._worker(cr).browse(self.data["requests"])
            self.assertEqual(set(requests.mapped("state")), {"expired"})
            self.assertEqual(
                _ended_notes(requests.env, requests),
                dict.fromkeys(self.data["requests"], 1),
            )
            self.assertFalse(requests._cron_file_access())
