from datetime import date, datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import CcSalesOfficeCommon

REGISTER_SUMMARY = "Confirm the visitor register"


def _restrict(test, model, method, ids, *, returns_pair=False):
    """Limit the domain built by ``model.method`` to the records ``ids``:
    records of other tests or of the demo data do not count in the batches."""
    Model = test.env.registry[model]
    original = getattr(Model, method)

    def restricted(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if returns_pair:
            domain, extra = result
            return ["&", ("id", "in", ids), *domain], extra
        return ["&", ("id", "in", ids), *result]

    patcher = patch.object(Model, method, restricted)
    patcher.start()
    test.addCleanup(patcher.stop)


class SchedulerMixin:
    def _run_like_scheduler(self, xmlid):
        """One call of the job's server action as ``ir.cron._run_job`` makes
        it: a progress record in the context, then the callback."""
        job = self.env.ref(xmlid)
        cron, progress = job._add_progress()
        cron._callback(job.name, job.ir_actions_server_id.id)
        return progress

    def _batch_size(self, size):
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", str(size)
        )


@tagged("post_install", "-at_install")
class TestCronBatchSalesOffice(SchedulerMixin, CcSalesOfficeCommon):
    """The sales office's crons take one bounded batch per scheduler call; the
    processed records leave the domain."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.offices = cls.office | cls.env["cc.sales.office"].create(
            [
                {
                    "name": f"Batch Showroom {number}",
                    "supervisor_id": cls.supervisor.id,
                    "salesperson_ids": [
                        fields.Command.set([u.id for u in cls.sellers.values()])
                    ],
                    "commission_rate": 1.0,
                    "team_pool_share": 10.0,
                }
                for number in range(4)
            ]
        )

    # unconfirmed register -------------------------------------------------
    def test_register_reminder_in_batches(self):
        _restrict(
            self,
            "cc.sales.office",
            "_cc_register_reminder_todo",
            self.offices.ids,
            returns_pair=True,
        )
        self._batch_size(2)
        cron = "cc_sales_office.ir_cron_cc_sales_office_remind_register"
        with freeze_time(datetime.combine(self.today, time(17, 30))):
            for number, office in enumerate(self.offices):
                self.make_visitor(
                    self.user_a, f"1380013870{number}", office_id=office.id
                )
            self.make_visitor(self.user_b, "13800138799", office_id=self.office.id)
            progresses = [self._run_like_scheduler(cron) for _call in range(4)]
            self.assertEqual(
                [(p.done, p.remaining) for p in progresses],
                [(2, 3), (2, 1), (1, 0), (0, 0)],
            )
            # a second run the same day: nothing more
            progress = self._run_like_scheduler(cron)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        for office in self.offices:
            todo = office.activity_ids.filtered(
                lambda act: act.summary == REGISTER_SUMMARY
            )
            self.assertEqual(len(todo), 1)
            self.assertEqual(todo.user_id, self.supervisor)
            self.assertEqual(office.register_reminded_on, self.today)
        self.assertIn("2 register", self.office.activity_ids.note)

    def test_register_reminder_skips_open_todo(self):
        """An office whose supervisor still has the to-do open is marked
        reminded without a second to-do."""
        _restrict(
            self,
            "cc.sales.office",
            "_cc_register_reminder_todo",
            self.office.ids,
            returns_pair=True,
        )
        self.office.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=REGISTER_SUMMARY,
            user_id=self.supervisor.id,
        )
        with freeze_time(datetime.combine(self.today, time(17, 30))):
            self.make_visitor(self.user_a, "13800138790")
            offices = self.env["cc.sales.office"]._cron_remind_unconfirmed_register()
        self.assertEqual(offices, self.office)
        self.assertEqual(len(self.office.activity_ids), 1)
        self.assertEqual(self.office.register_reminded_on, self.today)

    # call-backs -------------------------------------------------------------
    def test_callbacks_planned_in_batches(self):
        _restrict(self, "cc.sales.office", "_cc_callback_plan_domain", self.offices.ids)
        self.offices.write(
            {
                "callback_user_id": self.manager.id,
                "callback_frequency": "weekly",
                "callback_sample_size": 1,
                "callback_recent_days": 30,
            }
        )
        for number, office in enumerate(self.offices):
            self.make_visitor(
                self.user_a,
                f"1350000010{number}",
                office_id=office.id,
                register_date=date(2026, 3, 1),
            )
        self._batch_size(2)
        cron = "cc_sales_office.ir_cron_cc_visitor_callback_plan"
        with freeze_time("2026-03-09 01:00:00"):
            progresses = [self._run_like_scheduler(cron) for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(2, 3), (2, 1), (1, 0), (0, 0)],
        )
        self.assertEqual(
            set(self.offices.mapped("callback_last_planned")), {date(2026, 3, 9)}
        )
        callbacks = self.env["cc.visitor.callback"].search(
            [("visitor_id.office_id", "in", self.offices.ids)]
        )
        self.assertEqual(len(callbacks), 5, "one per office")
        self.assertEqual(len(callbacks.activity_ids), 5)
        self.assertEqual(set(callbacks.activity_ids.mapped("user_id")), {self.manager})
        self.assertEqual(
            set(callbacks.activity_ids.mapped("date_deadline")), {date(2026, 3, 15)}
        )
        # the same week: the offices left the domain
        with freeze_time("2026-03-12 01:00:00"):
            progress = self._run_like_scheduler(cron)
            self.assertFalse(self.env["cc.sales.office"]._cron_plan_callbacks())
        self.assertEqual((progress.done, progress.remaining), (0, 0))

    def test_callbacks_office_without_manager_not_taken(self):
        _restrict(self, "cc.sales.office", "_cc_callback_plan_domain", self.offices.ids)
        self.offices.write({"callback_frequency": "weekly", "supervisor_id": False})
        with freeze_time("2026-03-09 01:00:00"):
            self.assertFalse(self.env["cc.sales.office"]._cron_plan_callbacks())
        self.assertFalse(any(self.offices.mapped("callback_last_planned")))

    # referral register ------------------------------------------------------
    def test_referral_register_reminders_in_batches(self):
        Register = self.env["cc.referral.register"]
        original = type(Register)._cc_due_office_days
        offices = self.offices

        def restricted(self, now):
            return {
                office: day
                for office, day in original(self, now).items()
                if office in offices
            }

        patcher = patch.object(type(Register), "_cc_due_office_days", restricted)
        patcher.start()
        self.addCleanup(patcher.stop)
        registers = Register.create(
            [{"office_id": office.id, "date": self.today} for office in self.offices]
        )
        self._batch_size(2)
        cron = "cc_sales_office.ir_cron_cc_referral_register_remind"
        with freeze_time(datetime.combine(self.today, time(17, 45))):
            progresses = [self._run_like_scheduler(cron) for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(2, 3), (2, 1), (1, 0), (0, 0)],
        )
        self.assertEqual(set(registers.mapped("reminder_stage")), {"submit"})
        self.assertEqual(
            [len(register.activity_ids) for register in registers], [1] * 5
        )
        self.assertEqual(set(registers.activity_ids.user_id), {self.supervisor})
        # submitted: back in the domain for the department manager's to-do
        submitted = registers[0]
        submitted.manager_id = self.manager
        submitted.with_user(self.supervisor).request_validation()
        self.assertTrue(submitted.review_ids)
        with freeze_time(datetime.combine(self.today, time(17, 50))):
            progress = self._run_like_scheduler(cron)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            progress = self._run_like_scheduler(cron)
            self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual(submitted.reminder_stage, "approve")
        self.assertEqual(
            submitted.activity_ids.filtered(
                lambda act: act.user_id == self.manager
            ).summary,
            "Approve the referral register before close",
        )
        # before the due hour: no office is taken
        with freeze_time(datetime.combine(self.today, time(9, 0))):
            registers.reminder_stage = False
            self.assertFalse(Register._cron_remind_referral_register())

    # visitor register -------------------------------------------------------
    def _reminders(self, visitors, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "cc.visitor"),
                ("res_id", "in", visitors.ids),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def test_incomplete_reminders_in_batches(self):
        Visitor = self.env["cc.visitor"]
        visitors = Visitor.browse()
        for number, office in enumerate(self.offices):
            visitors |= self.make_visitor(
                self.user_a,
                f"1360013870{number}",
                office_id=office.id,
                demand_type=False,
            )
        self.assertEqual(set(visitors.mapped("state")), {"incomplete"})
        _restrict(self, "cc.visitor", "_cc_incomplete_reminder_domain", visitors.ids)
        self._batch_size(2)
        cron = "cc_sales_office.ir_cron_cc_visitor_remind_incomplete"
        progresses = [self._run_like_scheduler(cron) for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(2, 3), (2, 1), (1, 0), (0, 0)],
        )
        reminders = self._reminders(
            visitors, "cc_sales_office.mail_activity_type_cc_visitor_complete"
        )
        self.assertEqual(sorted(reminders.mapped("res_id")), sorted(visitors.ids))
        self.assertEqual(set(reminders.user_id), {self.user_a})
        self.assertIn("Demand Type", reminders[0].note)
        self.assertFalse(Visitor._cron_remind_incomplete(), "reminded once")

    def test_followup_reminders_in_batches(self):
        Visitor = self.env["cc.visitor"]
        visitors = Visitor.browse()
        for number, office in enumerate(self.offices):
            visitors |= self.make_visitor(
                self.user_a, f"1370013870{number}", office_id=office.id
            )
        _restrict(self, "cc.visitor", "_cc_followup_reminder_domain", visitors.ids)
        self._batch_size(2)
        cron = "cc_sales_office.ir_cron_cc_visitor_remind_followups"
        progresses = [self._run_like_scheduler(cron) for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(2, 3), (2, 1), (1, 0), (0, 0)],
        )
        followup_type = "cc_sales_office.mail_activity_type_cc_visitor_followup"
        reminders = self._reminders(visitors, followup_type)
        self.assertEqual(sorted(reminders.mapped("res_id")), sorted(visitors.ids))
        self.assertIn("0 of the 3", reminders[0].note)
        self.assertEqual(set(visitors.mapped("followup_checked_on")), {self.today})
        self.assertFalse(Visitor._cron_remind_followups(), "checked today")
        # the next day they are checked again, without a second reminder
        with freeze_time(datetime.combine(self.today, time(12, 0)) + timedelta(days=1)):
            progress = self._run_like_scheduler(cron)
            self.assertEqual((progress.done, progress.remaining), (2, 3))
            while self._run_like_scheduler(cron).remaining:
                pass
        self.assertEqual(self._reminders(visitors, followup_type), reminders)


@tagged("post_install", "-at_install")
class TestCronBatchSalesOfficeConcurrency(TransactionCase):
    """A sales office cron run from two transactions at once: each takes
    other offices (row locks, ``SKIP LOCKED``), none is processed twice, and
    the batch of a worker that dies is processed by the next call."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            user = env.ref("base.user_admin")
            self.office_ids = (
                env["cc.sales.office"]
                .create(
                    [
                        {
                            "name": f"Two Workers Showroom {number}",
                            "supervisor_id": user.id,
                            "callback_user_id": user.id,
                            "callback_frequency": "weekly",
                            "tz": "UTC",
                        }
                        for number in range(9)
                    ]
                )
                .ids
            )
        self.addCleanup(self._cleanup)
        patcher = patch.object(
            self.env.registry["cc.cron.batch.mixin"], "_cc_cron_batch_size", 3
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.activity"].search(
                [
                    ("res_model", "=", "cc.sales.office"),
                    ("res_id", "in", self.office_ids),
                ]
            ).unlink()
            registers = env["cc.referral.register"].search(
                [("office_id", "in", self.office_ids)]
            )
            env["mail.activity"].search(
                [
                    ("res_model", "=", "cc.referral.register"),
                    ("res_id", "in", registers.ids),
                ]
            ).unlink()
            registers.unlink()
            visitors = (
                env["cc.visitor"]
                .with_context(active_test=False)
                .search([("office_id", "in", self.office_ids)])
            )
            env["mail.activity"].search(
                [("res_model", "=", "cc.visitor"), ("res_id", "in", visitors.ids)]
            ).unlink()
            visitors.unlink()
            env["cc.sales.office"].browse(self.office_ids).unlink()

    def _worker(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")
        return api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})["cc.sales.office"]

    def _two_workers(self, run):
        """Run ``run(offices_model)`` from two cursors at once, then from a
        cursor rolled back (a dead worker), then again; return the offices
        processed by each call."""
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            worker1, worker2 = self._worker(cr1), self._worker(cr2)
            first = run(worker1)
            worker1.env.flush_all()
            # worker 1 holds its batch uncommitted: worker 2 must neither wait
            # for it (lock_timeout would raise) nor take the same offices
            second = run(worker2)
            worker2.env.flush_all()
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(set(first.ids) & set(second.ids))
            cr1.commit()
            cr2.commit()
        # a worker that dies in the middle of its batch loses nothing
        with self.env.registry.cursor() as cr:
            lost = run(self._worker(cr))
            self.assertEqual(len(lost), 3)
            cr.rollback()
        with self.env.registry.cursor() as cr:
            last = run(self._worker(cr))
            self.assertEqual(last.ids, lost.ids, "the lost batch again")
            # a separate worker cursor, like the scheduler's job cursor
            cr.commit()  # pylint: disable=invalid-commit
        with self.env.registry.cursor() as cr:
            self.assertFalse(run(self._worker(cr)), "all done")
            cr.rollback()

    def test_register_reminder_two_workers(self):
        ids = self.office_ids
        today = date(2026, 3, 2)

        def todo(self, today=None):
            # every test office has one draft entry up to today
            domain = [
                ("id", "in", ids),
                "|",
                ("register_reminded_on", "=", False),
                ("register_reminded_on", "<", today),
            ]
            return domain, dict.fromkeys(self.browse(ids), 1)

        Office = self.env.registry["cc.sales.office"]
        with patch.object(Office, "_cc_register_reminder_todo", todo):
            self._two_workers(
                lambda offices: offices._cron_remind_unconfirmed_register(today=today)
            )
        with self.env.registry.cursor() as cr:
            offices = self._worker(cr).browse(ids)
            self.assertEqual(
                set(offices.mapped("register_reminded_on")), {date(2026, 3, 2)}
            )
            self.assertEqual(
                [len(office.activity_ids) for office in offices], [1] * len(ids)
            )

    def test_callbacks_two_workers(self):
        ids = self.office_ids
        Office = self.env.registry["cc.sales.office"]
        original_domain = Office._cc_callback_plan_domain
        original_plan = Office._cc_plan_callbacks
        taken = []

        def restricted(self):
            return ["&", ("id", "in", ids), *original_domain(self)]

        def spy(self):
            taken.append(self.ids)
            return original_plan(self)

        def run(offices):
            taken.clear()
            offices._cron_plan_callbacks()
            return offices.browse(taken[0] if taken else [])

        with (
            patch.object(Office, "_cc_callback_plan_domain", restricted),
            patch.object(Office, "_cc_plan_callbacks", spy),
        ):
            self._two_workers(run)
        with self.env.registry.cursor() as cr:
            offices = self._worker(cr).browse(ids)
            self.assertTrue(all(offices.mapped("callback_last_planned")))

    def test_referral_register_two_workers(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["cc.referral.register"].create(
                [
                    {"office_id": office_id, "date": date(2026, 3, 2)}
                    for office_id in self.office_ids
                ]
            )
        ids = self.office_ids
        Register = self.env.registry["cc.referral.register"]

        def due(self, now):
            return dict.fromkeys(
                self.env["cc.sales.office"].browse(ids), date(2026, 3, 2)
            )

        def run(offices):
            return offices.env["cc.referral.register"]._cron_remind_referral_register(
                now=datetime(2026, 3, 2, 17, 45)
            )

        with patch.object(Register, "_cc_due_office_days", due):
            self._two_workers(run)
        with self.env.registry.cursor() as cr:
            registers = (
                self._worker(cr)
                .env["cc.referral.register"]
                .search([("office_id", "in", ids)])
            )
            self.assertEqual(len(registers), 9)
            self.assertEqual(set(registers.mapped("reminder_stage")), {"submit"})
            self.assertEqual([len(r.activity_ids) for r in registers], [1] * 9)

    def _make_visitors(self, **vals):
        """One committed visitor per test office, owned by the admin."""
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            user = env.ref("base.user_admin")
            return (
                env["cc.visitor"]
                .create(
                    [
                        dict(
                            {
                                "name": f"Two Workers Visitor {number}",
                                "mobile": f"1990000{number:04d}",
                                "office_id": office_id,
                                "user_id": user.id,
                                "demand_type": "2br",
                            },
                            **vals,
                        )
                        for number, office_id in enumerate(self.office_ids)
                    ]
                )
                .ids
            )

    def test_incomplete_reminders_two_workers(self):
        ids = self._make_visitors(demand_type=False)
        Visitor = self.env.registry["cc.visitor"]
        original = Visitor._cc_incomplete_reminder_domain

        def restricted(self):
            return ["&", ("id", "in", ids), *original(self)]

        with patch.object(Visitor, "_cc_incomplete_reminder_domain", restricted):
            self._two_workers(
                lambda offices: offices.env["cc.visitor"]._cron_remind_incomplete()
            )
        with self.env.registry.cursor() as cr:
            visitors = self._worker(cr).env["cc.visitor"].browse(ids)
            self.assertEqual([len(v.activity_ids) for v in visitors], [1] * 9)

    def test_followup_reminders_two_workers(self):
        ids = self._make_visitors()
        Visitor = self.env.registry["cc.visitor"]
        original = Visitor._cc_followup_reminder_domain

        def restricted(self, today):
            return ["&", ("id", "in", ids), *original(self, today)]

        def run(offices):
            Visitor = offices.env["cc.visitor"]
            return Visitor.browse(Visitor._cron_remind_followups().mapped("res_id"))

        with patch.object(Visitor, "_cc_followup_reminder_domain", restricted):
            self._two_workers(run)
        with self.env.registry.cursor() as cr:
            visitors = self._worker(cr).env["cc.visitor"].browse(ids)
            self.assertEqual([len(v.activity_ids) for v in visitors], [1] * 9)
            self.assertTrue(all(visitors.mapped("followup_checked_on")))
