from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestVisitorCallback(CcSalesOfficeCommon):
    """The manager's periodic call-backs to customers (篇10 四)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office.write(
            {
                "callback_user_id": cls.manager.id,
                "callback_frequency": "weekly",
                "callback_sample_size": 2,
                "callback_recent_days": 30,
            }
        )

    def _callback(self, visitor, **values):
        return self.env["cc.visitor.callback"].create(
            dict({"visitor_id": visitor.id, "user_id": self.manager.id}, **values)
        )

    def test_weekly_planning_selects_recent_visitors(self):
        Office = self.env["cc.sales.office"]
        recent = self.make_visitor(
            self.user_a, "13500000001", register_date=date(2026, 3, 1)
        )
        older = self.make_visitor(
            self.user_b, "13500000002", register_date=date(2026, 2, 20)
        )
        self.make_visitor(self.user_c, "13500000003", register_date=date(2026, 1, 2))
        called = self.make_visitor(
            self.user_d, "13500000004", register_date=date(2026, 3, 5)
        )
        self.make_visitor(
            self.user_a,
            "13500000005",
            register_date=date(2026, 3, 6),
            related_visitor_id=recent.id,
            relation="spouse",
        )
        self._callback(called, date=date(2026, 3, 3))
        third = self.make_visitor(
            self.user_e, "13500000006", register_date=date(2026, 2, 15)
        )
        with freeze_time("2026-03-09 01:00:00"):
            callbacks = Office._cron_plan_callbacks()
        mine = callbacks.filtered(lambda c: c.office_id == self.office)
        # the two most recent visitors without a recent call-back; not the
        # family member, not the visitor called last week, not January's
        self.assertEqual(mine.visitor_id, recent | older)
        self.assertTrue(all(mine.mapped("planned")))
        self.assertEqual(set(mine.mapped("user_id")), {self.manager})
        self.assertEqual(self.office.callback_last_planned, date(2026, 3, 9))
        for callback in mine:
            activity = callback.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.manager)
            self.assertEqual(
                activity.activity_type_id,
                self.env.ref("mail.mail_activity_data_call"),
            )
            self.assertEqual(activity.date_deadline, date(2026, 3, 15))
        # the same week: planned once
        with freeze_time("2026-03-12 01:00:00"):
            again = Office._cron_plan_callbacks()
        self.assertFalse(again.filtered(lambda c: c.office_id == self.office))
        # next week: the visitors not called yet
        with freeze_time("2026-03-16 01:00:00"):
            following = Office._cron_plan_callbacks()
        self.assertEqual(
            following.filtered(lambda c: c.office_id == self.office).visitor_id,
            third,
        )

    def test_monthly_planning_and_none(self):
        self.make_visitor(self.user_a, "13500000011", register_date=date(2026, 4, 2))
        self.office.callback_frequency = "monthly"
        Office = self.env["cc.sales.office"]

        def plan(moment):
            with freeze_time(moment):
                return Office._cron_plan_callbacks().filtered(
                    lambda c: c.office_id == self.office
                )

        self.assertEqual(len(plan("2026-04-03 01:00:00")), 1)
        self.assertFalse(plan("2026-04-28 01:00:00"))
        self.office.callback_frequency = "none"
        self.assertFalse(plan("2026-05-04 01:00:00"))

    def test_done_writes_the_result_on_the_visitor(self):
        visitor = self.make_visitor(self.user_a, "13500000021", name="Mr Gao")
        with freeze_time("2026-03-09 01:00:00"):
            callback = (
                self.env["cc.sales.office"]
                ._cron_plan_callbacks()
                .filtered(lambda c: c.visitor_id == visitor)
            )
        self.assertTrue(callback.activity_ids)
        manager_callback = callback.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Outcome"):
            manager_callback.action_done()
        with Form(manager_callback) as form:
            form.outcome = "changed"
            form.note = "Now wants a bigger flat"
        with self.assertRaisesRegex(UserError, "Satisfaction"):
            manager_callback.action_done()
        with Form(manager_callback) as form:
            form.satisfaction = "2"
            form.file_update = "Budget 2M"
        with freeze_time("2026-03-10 08:00:00"):
            manager_callback.action_done()
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.date_done, date(2026, 3, 10))
        self.assertFalse(callback.activity_ids)
        self.assertEqual(visitor.last_callback_date, date(2026, 3, 10))
        self.assertEqual(visitor.last_callback_satisfaction, "2")
        self.assertIn(callback, visitor.callback_ids)
        posted = visitor.message_ids[:1]
        self.assertIn("Budget 2M", posted.body)
        self.assertIn(self.user_a.partner_id, posted.partner_ids)
        # the owner reads the result of the call-back to their visitor
        self.assertEqual(
            callback.with_user(self.user_a).read(["satisfaction"])[0]["satisfaction"],
            "2",
        )
        with self.assertRaises(UserError):
            callback.unlink()
        with self.assertRaises(UserError):
            callback.with_user(self.manager).write({"state": "planned"})

    def test_not_reached_needs_no_satisfaction_and_cancel(self):
        visitor = self.make_visitor(self.user_a, "13500000031")
        callback = self._callback(visitor).with_user(self.supervisor)
        callback.write({"outcome": "no_answer", "note": "Phone off"})
        callback.action_done()
        self.assertEqual(callback.state, "done")
        other = self._callback(visitor).with_user(self.supervisor)
        other.action_cancel()
        self.assertEqual(other.state, "cancel")
        other.action_reset()
        self.assertEqual(other.state, "planned")

    def test_rights(self):
        visitor = self.make_visitor(self.user_a, "13500000041")
        callback = self._callback(visitor)
        with self.assertRaises(AccessError):
            callback.with_user(self.user_b).read(["name"])
        with self.assertRaises(AccessError):
            self.env["cc.visitor.callback"].with_user(self.user_a).create(
                {"visitor_id": visitor.id, "user_id": self.user_a.id}
            )
        callback.write({"outcome": "reached", "note": "ok", "satisfaction": "5"})
        with self.assertRaises(AccessError):
            callback.with_user(self.user_a).action_done()

    def test_bad_planning_settings(self):
        with self.assertRaisesRegex(ValidationError, "Call-backs per Period"):
            self.office.callback_sample_size = 0
        with self.assertRaisesRegex(ValidationError, "Recent Visitors"):
            self.env["cc.sales.office"].create(
                {"name": "Too long", "callback_recent_days": 400}
            )
