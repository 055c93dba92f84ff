from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestVisitorRegister(CcSalesOfficeCommon):
    """篇12: a valid registration, follow-ups per visit, a register never
    altered or destroyed, the supervisor reminded before closing time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complete_type = cls.env.ref(
            "cc_sales_office.mail_activity_type_cc_visitor_complete"
        )
        cls.followup_type = cls.env.ref(
            "cc_sales_office.mail_activity_type_cc_visitor_followup"
        )

    def reminders(self, visitor, activity_type):
        return visitor.activity_ids.filtered(
            lambda act: act.activity_type_id == activity_type
        )

    def follow_up(self, visitor, user, times, **vals):
        Followup = self.env["cc.visitor.followup"].with_user(user)
        return Followup.create(
            [
                dict({"visitor_id": visitor.id, "note": f"Call {number}"}, **vals)
                for number in range(times)
            ]
        )

    # 1. name, phone and demand type -----------------------------------------
    def test_incomplete_registration_reminded_then_completed(self):
        with Form(self.env["cc.visitor"].with_user(self.user_a)) as form:
            form.name = "王五 Wang Wu"
            form.mobile = "13800139001"
            form.office_id = self.office
        visitor = form.record
        self.assertEqual(visitor.state, "incomplete")
        self.assertEqual(visitor.missing_info, "Demand Type")
        self.assertEqual(self.office.visitor_count, 0)
        self.assertEqual(self.office.incomplete_count, 1)
        # not a valid registration: the supervisor cannot confirm it
        with self.assertRaisesRegex(UserError, "only possible from"):
            visitor.with_user(self.supervisor).action_confirm()
        self.office.with_user(self.supervisor).action_confirm_today_register()
        self.assertEqual(visitor.state, "incomplete")
        # the salesperson is reminded once
        Visitor = self.env["cc.visitor"]
        Visitor._cron_remind_incomplete()
        Visitor._cron_remind_incomplete()
        reminder = self.reminders(visitor, self.complete_type)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.user_a)
        self.assertIn("Demand Type", reminder.note)
        # completing it makes it a registration and closes the reminder
        with Form(visitor.with_user(self.user_a)) as form:
            form.demand_type = "3br"
        self.assertEqual(visitor.state, "draft")
        self.assertFalse(reminder.exists())
        self.assertFalse(visitor.activity_ids)
        self.office.invalidate_recordset(["visitor_count", "incomplete_count"])
        self.assertEqual(
            (self.office.visitor_count, self.office.incomplete_count), (1, 0)
        )
        self.office.with_user(self.supervisor).action_confirm_today_register()
        self.assertEqual(visitor.state, "confirmed")

    def test_phone_is_mobile_or_landline(self):
        with Form(self.env["cc.visitor"].with_user(self.user_a)) as form:
            form.name = "赵六 Zhao Liu"
            form.office_id = self.office
            form.demand_type = "villa"
        visitor = form.record
        self.assertEqual(visitor.state, "incomplete")
        self.assertEqual(visitor.missing_info, "Mobile or Landline")
        with Form(visitor.with_user(self.user_a)) as form:
            form.phone = "021 6555 0000"
        self.assertEqual(visitor.state, "draft")
        # emptied again before confirmation: back to incomplete
        visitor.with_user(self.user_a).demand_type = False
        self.assertEqual(visitor.state, "incomplete")
        visitor.with_user(self.user_a).demand_type = "villa"
        visitor.with_user(self.supervisor).action_confirm()
        # a confirmed entry keeps what made it valid, even for the supervisor
        with self.assertRaisesRegex(ValidationError, "Demand Type"):
            visitor.with_user(self.supervisor).demand_type = False
        self.assertEqual(visitor.demand_type, "villa")

    def test_walk_in_registration_is_incomplete(self):
        """The desk registers name and mobile; the receiver adds the demand."""
        self.check_in(self.user_b)
        visitor = self.walk_in("Desk Visitor", "13800139002").visitor_id
        self.assertEqual(visitor.user_id, self.user_b)
        self.assertEqual(visitor.state, "incomplete")
        self.env["cc.visitor"]._cron_remind_incomplete()
        self.assertEqual(
            self.reminders(visitor, self.complete_type).user_id, self.user_b
        )
        visitor.with_user(self.user_b).demand_type = "1br"
        self.assertEqual(visitor.state, "draft")
        self.assertFalse(self.reminders(visitor, self.complete_type))

    # 2. at least three follow-ups per visit ----------------------------------
    def test_followups_counted_per_visit(self):
        self.check_in(self.user_a)
        first = self.walk_in("Returning", "13800139003")
        visitor = first.visitor_id
        self.finish(self.user_a)
        followups = self.follow_up(visitor, self.user_a, 3)
        # linked to the latest visit by default
        self.assertEqual(followups.assignment_id, first)
        self.assertEqual(first.followup_count, 3)
        self.assertFalse(visitor.followup_insufficient)
        # a second visit: three follow-ups in all, none for this visit yet
        second = self.walk_in(mobile="13800139003")
        self.assertEqual(second.visitor_id, visitor)
        self.assertEqual(second.rule, "owner")
        visitor.invalidate_recordset(["followup_insufficient"])
        self.assertEqual(visitor.followup_count, 3)
        self.assertTrue(visitor.followup_insufficient)
        Visitor = self.env["cc.visitor"]
        self.assertIn(visitor, Visitor.search([("followup_insufficient", "=", True)]))
        # one reminder per visit short of follow-ups, to the owner, once
        Visitor._cron_remind_followups()
        Visitor._cron_remind_followups()
        reminder = self.reminders(visitor, self.followup_type)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.user_a)
        self.assertIn(second.name, reminder.summary)
        self.assertIn("0 of the 3", reminder.note)
        self.follow_up(visitor, self.user_a, 2)
        self.assertTrue(reminder.exists())
        self.follow_up(visitor, self.user_a, 1)
        self.assertFalse(reminder.exists())
        self.assertEqual(second.followup_count, 3)
        visitor.invalidate_recordset(["followup_insufficient"])
        self.assertFalse(visitor.followup_insufficient)
        self.assertNotIn(
            visitor, Visitor.search([("followup_insufficient", "=", True)])
        )

    def test_followups_of_a_registration_without_arrival(self):
        visitor = self.make_visitor(self.user_a, "13800139004")
        other = self.make_visitor(self.user_b, "13800139005")
        self.follow_up(other, self.user_b, 3)
        self.follow_up(visitor, self.user_a, 2)
        scheduled = self.env["cc.visitor"]._cron_remind_followups()
        mine = scheduled.filtered(lambda act: act.res_id == visitor.id)
        self.assertEqual(len(mine), 1)
        self.assertIn(visitor.name, mine.summary)
        self.assertIn("2 of the 3", mine.note)
        self.assertFalse(self.reminders(other, self.followup_type))
        # a visitor gone to the pool is no longer chased
        visitor.sudo().write({"in_pool": True, "user_id": False})
        mine.unlink()
        self.assertFalse(
            self.env["cc.visitor"]
            ._cron_remind_followups()
            .filtered(lambda act: act.res_id == visitor.id)
        )

    # 3. never altered or destroyed --------------------------------------------
    def confirmed_visitor(self, **vals):
        visitor = self.make_visitor(self.user_a, "13800139006", name="孙七", **vals)
        visitor.with_user(self.supervisor).action_confirm()
        return visitor

    def test_confirmed_register_never_deleted_or_archived(self):
        visitor = self.confirmed_visitor()
        # salespeople have no delete right at all
        with self.assertRaises(AccessError):
            visitor.with_user(self.user_a).unlink()
        for user in (self.user_a, self.supervisor, self.manager):
            if user != self.user_a:
                with self.assertRaisesRegex(UserError, "never destroyed"):
                    visitor.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "never destroyed"):
                visitor.with_user(user).action_archive()
        with self.assertRaisesRegex(UserError, "never destroyed"):
            visitor.sudo().unlink()
        self.assertTrue(visitor.exists())
        self.assertTrue(visitor.active)
        # an unconfirmed entry may still be withdrawn by the supervisor
        draft = self.make_visitor(self.user_a, "13800139007")
        draft.with_user(self.supervisor).unlink()
        self.assertFalse(draft.exists())

    def test_supervisor_edits_logged_field_by_field(self):
        visitor = self.confirmed_visitor()
        visitor.with_user(self.supervisor).write(
            {"name": "孙七 Sun Qi", "demand_type": "3br", "phone": "021 6000 0001"}
        )
        log = visitor.message_ids.filtered(
            lambda m: "Confirmed register entry changed" in (m.body or "")
        )
        self.assertEqual(len(log), 1)
        self.assertIn("Supervisor", log.body)
        self.assertIn("Full Name: 孙七 → 孙七 Sun Qi", log.body)
        self.assertIn("Demand Type: 2 bedrooms → 3 bedrooms", log.body)
        self.assertIn("Landline: (empty) → 021 6000 0001", log.body)
        # free notes are no register data: not logged
        visitor.with_user(self.supervisor).write({"note_p": "Call on Friday"})
        self.assertEqual(
            len(
                visitor.message_ids.filtered(
                    lambda m: "Confirmed register entry changed" in (m.body or "")
                )
            ),
            1,
        )

    def test_salespeople_and_assistants_locked(self):
        visitor = self.confirmed_visitor(
            assistant_user_ids=[Command.link(self.user_b.id)]
        )
        as_owner = visitor.with_user(self.user_a)
        for vals in (
            {"demand_type": "villa"},
            {"phone": "021 6000 0002"},
            {"assistant_user_ids": [Command.link(self.user_c.id)]},
            {"assistant_user_ids": [Command.unlink(self.user_b.id)]},
        ):
            with self.assertRaisesRegex(UserError, "only the supervisor"):
                as_owner.write(vals)
        # the assisting colleague cannot even open the owner's entry
        with self.assertRaises(AccessError):
            visitor.with_user(self.user_b).write({"name": "Mine now"})
        self.assertEqual(visitor.assistant_user_ids, self.user_b)
        self.assertEqual(visitor.demand_type, "2br")
        # the supervisor corrects the assistance, logged
        visitor.with_user(self.supervisor).assistant_user_ids = [
            Command.link(self.user_c.id)
        ]
        self.assertIn(
            "Assisting Salespeople: Seller B → Seller B, Seller C",
            visitor.message_ids[0].body,
        )

    # 4. the supervisor's reminder before closing ----------------------------
    def test_register_reminder_before_local_closing_hour(self):
        with Form(self.office.with_user(self.manager)) as form:
            form.tz = "Asia/Shanghai"
            form.closing_hour = 18.5
            form.register_reminder_hours = 1.0
        Office = self.env["cc.sales.office"]
        summary = "Confirm the visitor register"

        def reminded():
            return self.office.activity_ids.filtered(lambda a: a.summary == summary)

        # 16:59 in Shanghai (UTC+8): too early; the register is still open
        with freeze_time(datetime(2026, 3, 2, 8, 59)):
            self.make_visitor(self.user_a, "13800139010")
            Office._cron_remind_unconfirmed_register()
        self.assertFalse(reminded())
        # 18:29 local: after 17:30, before closing at 18:30
        with freeze_time(datetime(2026, 3, 2, 10, 29)):
            Office._cron_remind_unconfirmed_register()
        self.assertEqual(reminded().user_id, self.supervisor)
        self.assertEqual(str(reminded().date_deadline), "2026-03-02")
        reminded().unlink()
        # 18:31 local: closed, too late for a reminder
        with freeze_time(datetime(2026, 3, 2, 10, 31)):
            Office._cron_remind_unconfirmed_register()
        self.assertFalse(reminded())
        # the next day, 17:45 local: the entry still waits, reminded again
        with freeze_time(datetime(2026, 3, 3, 9, 45)):
            Office._cron_remind_unconfirmed_register()
        self.assertIn("1 register", reminded().note)
        self.assertEqual(str(reminded().date_deadline), "2026-03-03")

    def test_closing_hour_bad_input(self):
        for vals in (
            {"closing_hour": 24.0},
            {"closing_hour": -1.0},
            {"register_reminder_hours": 0.0},
        ):
            with self.assertRaisesRegex(ValidationError, "Test Showroom"):
                self.office.with_user(self.manager).write(vals)
