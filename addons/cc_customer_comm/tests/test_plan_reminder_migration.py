from datetime import date

from odoo import Command
from odoo.modules.migration import load_script
from odoo.tests import freeze_time, tagged

from .common import CcCommon


@tagged("post_install", "-at_install")
class TestMissingVisitPlanReminder(CcCommon):
    """The monthly visit plan is due at the month end: in the last days of
    the month, the salespeople with no plan for the coming month are reminded
    (one activity each), by the same cron as the plans due for submission."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.team"].create(
            {
                "name": "CC Reminder Team",
                "user_id": cls.manager.id,
                "member_ids": [
                    Command.link(cls.salesperson.id),
                    Command.link(cls.salesperson_2.id),
                ],
            }
        )
        cls.env["cc.visit.plan"].with_user(cls.salesperson).create(
            {"date_start": date(2026, 5, 1)}
        )
        cls.cron = cls.env.ref("cc_customer_comm.ir_cron_cc_visit_plan_reminders")
        cls.activity_type = cls.env.ref(
            "cc_customer_comm.mail_activity_type_cc_visit_plan_missing"
        )

    def _reminders(self, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", user.partner_id.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_salesperson_without_plan_is_reminded_once(self):
        with freeze_time("2026-04-20"):
            self.cron.method_direct_trigger()
        self.assertFalse(self._reminders(self.salesperson_2), "too early")
        with freeze_time("2026-04-28"):
            self.cron.method_direct_trigger()
            self.cron.method_direct_trigger()
        reminder = self._reminders(self.salesperson_2)
        self.assertEqual(len(reminder), 1, "reminded once")
        self.assertEqual(reminder.user_id, self.salesperson_2)
        self.assertEqual(reminder.date_deadline, date(2026, 4, 30))
        self.assertIn("2026-05", reminder.summary)
        self.assertFalse(self._reminders(self.salesperson), "has a plan")
        self.assertFalse(self._reminders(self.department_head), "not in a sales team")

    def test_cancelled_plan_does_not_count(self):
        plan = self.env["cc.visit.plan"].create(
            {"date_start": date(2026, 5, 1), "user_id": self.salesperson_2.id}
        )
        plan.action_cancel()
        with freeze_time("2026-04-30"):
            self.cron.method_direct_trigger()
        self.assertEqual(len(self._reminders(self.salesperson_2)), 1)


@tagged("post_install", "-at_install")
class TestReportScheduleOwnerMigration(CcCommon):
    """Schedules made before "Run As" existed run as their creator."""

    def test_creator_becomes_owner(self):
        report = self.env.ref("cc_customer_comm.cc_monthly_summary_xlsx")
        schedule = (
            self.env["cc.report.schedule"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Old schedule",
                    "report_id": report.id,
                    "user_ids": [Command.set(self.manager.ids)],
                }
            )
        )
        self.env.flush_all()
        cr = self.env.cr
        # the table as an earlier version left it
        cr.execute("ALTER TABLE cc_report_schedule DROP COLUMN user_id")
        script = load_script(
            "cc_customer_comm/migrations/18.0.1.1.0/pre-migration.py",
            "cc_customer_comm_pre_migration_18_0_1_1_0",
        )
        script.migrate(cr, "18.0.1.0.0")
        cr.execute(
            "SELECT user_id FROM cc_report_schedule WHERE id = %s", [schedule.id]
        )
        self.assertEqual(cr.fetchone()[0], self.manager.id)
        # run again (already migrated): nothing changes
        script.migrate(cr, "18.0.1.0.0")
        self.env.invalidate_all()
