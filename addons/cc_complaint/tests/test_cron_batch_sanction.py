from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .common import CcComplaintCommon


def _all_months(test, company_ids):
    """The cron's draft lists of ``company_ids`` whatever their month: lists
    of several months stand for the lists of several companies."""
    SanctionList = test.env.registry["cc.claim.sanction.list"]

    def restricted(self, companies, date_from, today):
        return [
            ("company_id", "in", company_ids),
            ("state", "=", "draft"),
            "|",
            ("checked_on", "=", False),
            ("checked_on", "<", today),
        ]

    patcher = patch.object(SanctionList, "_cc_sanction_lists_domain", restricted)
    patcher.start()
    test.addCleanup(patcher.stop)


@tagged("post_install", "-at_install")
class TestCronBatchSanction(CcComplaintCommon):
    """The monthly sanctions lists are checked one bounded batch of lists per
    scheduler call; a checked list leaves the domain for the day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.List = cls.env["cc.claim.sanction.list"]
        claim = (
            cls.env["cc.claim"]
            .sudo()
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company.id,
                    "state": "done",
                    "date_registered": "2031-02-14",
                    "date_closed": "2031-02-14",
                }
            )
        )
        cls.notice = (
            cls.env["cc.claim.penalty.notice"]
            .sudo()
            .create(
                {
                    "claim_id": claim.id,
                    "company_id": cls.company.id,
                    "employee_id": cls.employee_operator.id,
                    "amount": 100.0,
                    "sanction": "warning",
                    "state": "approved",
                }
            )
        )
        cls.cron = cls.env.ref("cc_complaint.ir_cron_cc_sanction_lists")

    def _run_like_scheduler(self):
        """One call of the job's server action as ``ir.cron._run_job`` makes it."""
        cron, progress = self.cron._add_progress()
        cron._callback(self.cron.name, self.cron.ir_actions_server_id.id)
        return progress

    def _company_lists(self):
        return self.List.search([("company_id", "=", self.company.id)])

    def test_checked_once_a_day(self):
        with freeze_time("2031-03-05"):
            first = self.List._cron_cc_sanction_lists()
            self.assertEqual(first, self._company_lists())
            self.assertEqual(first.checked_on, date(2031, 3, 5))
            self.assertEqual(first.notice_ids, self.notice)
            self.assertFalse(
                self.List._cron_cc_sanction_lists(), "checked today: left the domain"
            )
        with freeze_time("2031-03-10"):
            self.assertEqual(self.List._cron_cc_sanction_lists(), first)
            self.assertEqual(first.state, "sent")
            messages = len(first.message_ids)
            self.assertFalse(self.List._cron_cc_sanction_lists())
        with freeze_time("2031-03-11"):
            self.assertFalse(self.List._cron_cc_sanction_lists(), "sent: not a draft")
        self.assertEqual(len(first.message_ids), messages, "sent once")
        self.assertEqual(self._company_lists(), first, "one list a month")

    def test_one_batch_per_call_until_done(self):
        self.List.create(
            [
                {
                    "company_id": self.company.id,
                    "date_from": date(2031, month, 1),
                    "date_to": date(2031, month, 1) + relativedelta(months=1, days=-1),
                }
                for month in (4, 5, 6, 7)
            ]
        )
        _all_months(self, self.company.ids)
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "2"
        )
        with freeze_time("2031-03-05"):
            progresses = [self._run_like_scheduler() for _call in range(4)]
        lists = self._company_lists()
        self.assertEqual(len(lists), 5, "February's list created by the first call")
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(2, 3), (2, 1), (1, 0), (0, 0)],
            "2 + 2 + 1 lists, then nothing left: the scheduler stops",
        )
        self.assertEqual(set(lists.mapped("checked_on")), {date(2031, 3, 5)})
        self.assertEqual(set(lists.mapped("state")), {"draft"}, "none due yet")
        with freeze_time("2031-03-06"):
            progress = self._run_like_scheduler()
        self.assertEqual((progress.done, progress.remaining), (2, 3), "a new day")


@tagged("post_install", "-at_install")
class TestCronBatchSanctionConcurrency(TransactionCase):
    """The cron run from two transactions at once: each takes other lists
    (``SKIP LOCKED``), and the batch of a worker that dies is taken by the
    next call."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.ids = (
                env["cc.claim.sanction.list"]
                .create(
                    [
                        {
                            "company_id": env.ref("base.main_company").id,
                            "date_from": date(2045, month, 1),
                            "date_to": date(2045, month, 28),
                        }
                        for month in range(1, 10)
                    ]
                )
                .ids
            )
        self.addCleanup(self._cleanup)
        Batcher = self.env.registry["cc.cron.batch.mixin"]
        patcher = patch.object(Batcher, "_cc_cron_batch_size", 3)
        patcher.start()
        self.addCleanup(patcher.stop)
        SanctionList = self.env.registry["cc.claim.sanction.list"]

        def restricted(model, companies, date_from, today, ids=self.ids):
            return [
                ("id", "in", ids),
                ("state", "=", "draft"),
                "|",
                ("checked_on", "=", False),
                ("checked_on", "<", today),
            ]

        patcher = patch.object(SanctionList, "_cc_sanction_lists_domain", restricted)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["cc.claim.sanction.list"].browse(self.ids).unlink()

    def _worker(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")
        return api.Environment(cr, SUPERUSER_ID, {})["cc.claim.sanction.list"]

    def test_two_workers_at_once(self):
        # no sanction in November 2044: the cron creates no list, and checks
        # the test's lists (not due before 2045)
        today = date(2044, 12, 5)
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            worker1, worker2 = self._worker(cr1), self._worker(cr2)
            first = worker1._cron_cc_sanction_lists(today=today)
            # worker 1 holds its batch uncommitted: worker 2 must neither wait
            # for it (lock_timeout would raise) nor take the same lists
            second = worker2._cron_cc_sanction_lists(today=today)
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(set(first.ids) & set(second.ids))
            cr1.commit()
            cr2.commit()
        # a worker that dies in the middle of its batch loses nothing
        with self.env.registry.cursor() as cr:
            lost = self._worker(cr)._cron_cc_sanction_lists(today=today)
            self.assertEqual(len(lost), 3)
            cr.rollback()
        with self.env.registry.cursor() as cr:
            last = self._worker(cr)._cron_cc_sanction_lists(today=today)
            self.assertEqual(last.ids, lost.ids, "the lost batch again")
            # a separate worker cursor, like the scheduler's job cursor
            cr.commit()  # pylint: disable=invalid-commit
        with self.env.registry.cursor() as cr:
            worker = self._worker(cr)
            self.assertFalse(worker._cron_cc_sanction_lists(today=today))
            lists = worker.browse(self.ids)
            self.assertEqual(set(lists.mapped("checked_on")), {today})
            self.assertEqual(set(lists.mapped("state")), {"draft"})
