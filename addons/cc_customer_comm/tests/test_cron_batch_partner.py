from datetime import date
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import freeze_time

CLASS_NOTE = "Customer class evaluated"


def _only_partners(test, ids):
    """Limit the customers of the class evaluation and of the visits check to
    ``ids``: the customers of other tests and of the demo data do not count in
    the batches."""
    Partner = test.env.registry["res.partner"]
    for method in ("_cc_evaluation_domain", "_cc_visits_due_domain"):
        original = getattr(Partner, method)

        def restricted(self, *args, original=original, **kwargs):
            return ["&", ("id", "in", ids), *original(self, *args, **kwargs)]

        patcher = patch.object(Partner, method, restricted)
        patcher.start()
        test.addCleanup(patcher.stop)


def _class_notes(env, partner_ids):
    """Class-evaluation notes per customer id."""
    messages = env["mail.message"].search(
        [
            ("model", "=", "res.partner"),
            ("res_id", "in", partner_ids),
            ("body", "ilike", CLASS_NOTE),
        ]
    )
    counts = dict.fromkeys(partner_ids, 0)
    for message in messages:
        counts[message.res_id] += 1
    return counts


@tagged("post_install", "-at_install")
class TestCronBatchPartner(TransactionCase):
    """The monthly class evaluation and the daily visits check take one
    bounded batch of customers per scheduler call; the customers processed
    leave the run (evaluated this month, checked today)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls.env.ref("base.user_admin")
        # key customers without invoices: class D, due a visit every quarter
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Batch Key Customer {number}",
                    "is_company": True,
                    "customer_rank": 1,
                    "cc_is_key_customer": True,
                    "user_id": cls.salesperson.id,
                }
                for number in range(7)
            ]
        )
        cls.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "3"
        )

    def setUp(self):
        super().setUp()
        _only_partners(self, self.customers.ids)

    def _run_like_scheduler(self, xmlid):
        """One call of the job's server action as ``ir.cron._run_job`` makes
        it: a progress record in the context, then the callback."""
        job = self.env.ref(xmlid)
        cron, progress = job._add_progress()
        cron._callback(job.name, job.ir_actions_server_id.id)
        return progress

    def _progresses(self, xmlid, calls=4):
        progresses = [self._run_like_scheduler(xmlid) for _call in range(calls)]
        return [(p.done, p.remaining) for p in progresses]

    def test_class_evaluation_in_batches(self):
        cron = "cc_customer_comm.ir_cron_cc_evaluate_classes"
        with freeze_time("2026-06-01 01:00:00"):
            self.assertEqual(
                self._progresses(cron),
                [(3, 4), (3, 1), (1, 0), (0, 0)],
                "3 + 3 + 1 customers, then nothing left: the scheduler stops",
            )
        self.assertEqual(set(self.customers.mapped("cc_class")), {"d"})
        self.assertEqual(
            set(self.customers.mapped("cc_last_evaluation_date")), {date(2026, 6, 1)}
        )
        self.assertEqual(
            _class_notes(self.env, self.customers.ids),
            dict.fromkeys(self.customers.ids, 1),
            "one note per customer: none evaluated twice",
        )
        # later in the month nothing is left; the next month all are again
        with freeze_time("2026-06-20"):
            self.assertEqual(self._progresses(cron, 1), [(0, 0)])
        with freeze_time("2026-07-01 01:00:00"):
            self.assertEqual(self._progresses(cron), [(3, 4), (3, 1), (1, 0), (0, 0)])
        self.assertEqual(
            set(self.customers.mapped("cc_last_evaluation_date")), {date(2026, 7, 1)}
        )
        self.assertEqual(
            set(_class_notes(self.env, self.customers.ids).values()),
            {1},
            "the class did not change: no second note",
        )

    def test_evaluated_by_hand_this_month(self):
        """A customer the manager evaluated this month is left to the next
        month's run."""
        with freeze_time("2026-06-10"):
            self.customers[:2].action_cc_evaluate_class()
        with freeze_time("2026-06-11"):
            self.assertEqual(
                self._progresses("cc_customer_comm.ir_cron_cc_evaluate_classes", 3),
                [(3, 2), (2, 0), (0, 0)],
            )
        self.assertEqual(
            self.customers[:2].mapped("cc_last_evaluation_date"),
            [date(2026, 6, 10)] * 2,
        )

    def test_visits_check_in_batches(self):
        cron = "cc_customer_comm.ir_cron_cc_visits_due"
        activity_type = self.env.ref("cc_customer_comm.mail_activity_type_cc_visit_due")

        def reminders():
            activities = self.customers.activity_ids.filtered(
                lambda act: act.activity_type_id == activity_type
            )
            return {act.res_id: act.date_deadline for act in activities}

        with freeze_time("2026-06-15"):
            self.assertEqual(self._progresses(cron), [(3, 4), (3, 1), (1, 0), (0, 0)])
            self.assertTrue(all(self.customers.mapped("cc_visits_due")))
            self.assertEqual(
                reminders(),
                dict.fromkeys(self.customers.ids, date(2026, 6, 30)),
                "one reminder each, due at the end of the quarter (June)",
            )
            self.assertEqual(
                set(self.customers.mapped("cc_visits_checked_on")),
                {date(2026, 6, 15)},
            )
            self.env["cc.visit.report"].create(
                {"partner_id": self.customers[0].id, "visit_date": date(2026, 6, 15)}
            )
        with freeze_time("2026-06-16"):
            self.assertEqual(self._progresses(cron), [(3, 4), (3, 1), (1, 0), (0, 0)])
            self.assertFalse(self.customers[0].cc_visits_due, "visited this quarter")
            self.assertNotIn(self.customers[0].id, reminders(), "reminder closed")
            self.assertEqual(len(reminders()), 6, "nobody reminded twice")

    def test_marker_leaves_the_customer_unchanged(self):
        """The daily check's marker is the scheduler's bookkeeping: a customer
        whose due state does not change keeps its last modification date."""
        cron = "cc_customer_comm.ir_cron_cc_visits_due"
        with freeze_time("2026-06-15"):
            self._progresses(cron, 3)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = '2026-01-01' WHERE id IN %s",
            [tuple(self.customers.ids)],
        )
        self.customers.invalidate_recordset()
        with freeze_time("2026-06-16"):
            self._progresses(cron, 3)
        self.customers.invalidate_recordset()
        self.assertEqual(
            set(self.customers.mapped("cc_visits_checked_on")), {date(2026, 6, 16)}
        )
        self.assertEqual(
            {fields.Date.to_date(day) for day in self.customers.mapped("write_date")},
            {date(2026, 1, 1)},
        )


@tagged("post_install", "-at_install")
class TestCronBatchPartnerConcurrency(TransactionCase):
    """The class evaluation and the visits check run from two transactions at
    once: each takes other customers (row locks, ``SKIP LOCKED``), none is
    processed twice, and the batch of a worker that dies is processed by the
    next call."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.ids = (
                env["res.partner"]
                .create(
                    [
                        {
                            "name": f"Two Workers Key Customer {number}",
                            "is_company": True,
                            "customer_rank": 1,
                            "cc_is_key_customer": True,
                        }
                        for number in range(9)
                    ]
                )
                .ids
            )
        self.addCleanup(self._cleanup)
        Mixin = self.env.registry["cc.cron.batch.mixin"]
        patcher = patch.object(Mixin, "_cc_cron_batch_size", 3)
        patcher.start()
        self.addCleanup(patcher.stop)
        _only_partners(self, self.ids)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # unlinking the customers removes their notes and activities
            env["res.partner"].browse(self.ids).unlink()

    def _worker(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")
        return api.Environment(cr, SUPERUSER_ID, {})["res.partner"]

    def _two_workers(self, run, ids_of):
        """Two workers at once, then a worker that dies, then the next call:
        the customers each call processed."""
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            worker1, worker2 = self._worker(cr1), self._worker(cr2)
            first = ids_of(run(worker1))
            worker1.env.flush_all()
            # worker 1 holds its batch uncommitted: worker 2 must neither wait
            # for it (lock_timeout would raise) nor take the same customers
            second = ids_of(run(worker2))
            worker2.env.flush_all()
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(first & second)
            cr1.commit()
            cr2.commit()
        with self.env.registry.cursor() as cr:
            lost = ids_of(run(self._worker(cr)))
            self.assertEqual(len(lost), 3)
            cr.rollback()
        with self.env.registry.cursor() as cr:
            last = ids_of(run(self._worker(cr)))
            self.assertEqual(last, lost, "the lost batch again")
            # a separate worker cursor, like the scheduler's job cursor
            cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(first | second | last, set(self.ids))

    def test_class_evaluation_two_workers(self):
        def run(worker):
            with freeze_time("2026-06-01 01:00:00"):
                return worker._cron_cc_evaluate_classes()

        self._two_workers(run, set)
        with self.env.registry.cursor() as cr:
            env = self._worker(cr).env
            self.assertEqual(_class_notes(env, self.ids), dict.fromkeys(self.ids, 1))
            self.assertEqual(
                set(env["res.partner"].browse(self.ids).mapped("cc_class")), {"d"}
            )

    def test_visits_check_two_workers(self):
        def run(worker):
            with freeze_time("2026-06-15"):
                return worker._cron_cc_visits_due()

        self._two_workers(run, lambda due: set(due.ids))
        with self.env.registry.cursor() as cr:
            partners = self._worker(cr).browse(self.ids)
            self.assertTrue(all(partners.mapped("cc_visits_due")))
            self.assertEqual(
                set(partners.mapped("cc_visits_checked_on")), {date(2026, 6, 15)}
            )
