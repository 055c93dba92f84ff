from datetime import datetime, time

from freezegun import freeze_time
from psycopg2 import errors

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MANAGER, CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestReferralRegister(CcSalesOfficeCommon):
    """篇7 #1 (referrer from another department) and #9 (the day's register
    approved by the department manager before close)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.department_manager = new_test_user(
            cls.env,
            login="cc_so_test_dept_manager",
            name="Department Manager",
            groups=MANAGER,
            tz="UTC",
        )
        manager_employee = Employee.create(
            {"name": "Department Manager", "user_id": cls.department_manager.id}
        )
        Department = cls.env["hr.department"]
        cls.sales_department = Department.create(
            {"name": "Showroom Sales", "manager_id": manager_employee.id}
        )
        cls.sales_team = Department.create(
            {"name": "Showroom Team 1", "parent_id": cls.sales_department.id}
        )
        cls.finance = Department.create({"name": "Finance"})
        cls.office.department_id = cls.sales_department
        cls.referrer = Employee.create(
            {"name": "Finance Clerk", "department_id": cls.finance.id}
        )

    def _referral(self, mobile, employee=None, user=None):
        with Form(self.env["cc.referral"].with_user(user or self.supervisor)) as form:
            form.office_id = self.office
            form.employee_id = employee or self.referrer
            form.visitor_name = f"Friend {mobile}"
            form.mobile = mobile
            form.appointment_date = self.today
        return form.record

    def _register(self, user=None):
        with Form(
            self.env["cc.referral.register"].with_user(user or self.supervisor)
        ) as form:
            form.office_id = self.office
        return form.record

    # 篇7 #1 ---------------------------------------------------------------
    def test_referrer_from_another_department(self):
        referral = self._referral("13900002001")
        self.assertEqual(referral.employee_id, self.referrer)
        Employee = self.env["hr.employee"]
        cases = [
            (
                Employee.create(
                    {"name": "Sales Clerk", "department_id": self.sales_department.id}
                ),
                "sales department of Test Showroom",
            ),
            (
                Employee.create(
                    {"name": "Team Clerk", "department_id": self.sales_team.id}
                ),
                "Team Clerk belongs to Showroom Team 1",
            ),
            (Employee.create({"name": "Nobody's Clerk"}), "has no department"),
            (self.user_b.employee_ids, "Seller B works at Test Showroom"),
        ]
        for number, (employee, message) in enumerate(cases):
            with (
                self.subTest(employee=employee.name),
                self.assertRaisesRegex(
                    ValidationError, f"Referring Employee .*{message}"
                ),
                self.cr.savepoint(),
            ):
                self._referral(f"1390000210{number}", employee)
        # the referrer cannot be switched to a showroom colleague afterwards
        with self.assertRaisesRegex(ValidationError, "another department"):
            referral.with_user(self.supervisor).employee_id = self.user_a.employee_ids

    def test_salesperson_refused_without_sales_department(self):
        self.office.department_id = False
        with self.assertRaisesRegex(ValidationError, "Seller C works at"):
            self._referral("13900002201", self.user_c.employee_ids)
        # any other employee refers when the office names no department
        self._referral("13900002202", self.env["hr.employee"].create({"name": "X"}))

    # 篇7 #9 ---------------------------------------------------------------
    def test_register_approved_by_department_manager(self):
        first = self._referral("13900002301")
        second = self._referral("13900002302")
        register = self._register()
        self.assertTrue(register.name.startswith("RR/"))
        self.assertEqual(register.date, self.today)
        self.assertEqual(register.referral_ids, first | second)
        self.assertEqual(register.manager_id, self.department_manager)
        third = self._referral("13900002303")
        register.with_user(self.supervisor).action_refresh()
        self.assertEqual(register.referral_count, 3)
        self.assertIn(third, register.referral_ids)

        register.with_user(self.supervisor).request_validation()
        self.assertEqual(register.review_ids.reviewer_ids, self.department_manager)
        with self.assertRaisesRegex(UserError, "under review"):
            register.with_user(self.supervisor).action_refresh()
        # neither the project manager nor another manager approves
        register.with_user(self.supervisor).validate_tier()
        register.with_user(self.manager).validate_tier()
        self.assertEqual(register.state, "draft")
        with self.assertRaises(ValidationError):
            register.with_user(self.supervisor).action_approve()
        register.with_user(self.department_manager).validate_tier()
        self.assertEqual(register.state, "approved")
        self.assertTrue(register.approved_date)
        with self.assertRaises(UserError):
            register.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "kept"):
            register.with_user(self.manager).unlink()
        # one register per office and day
        with (
            self.assertRaises(errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._register()

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cc_sales_office.report_cc_referral_register", register.ids
            )[0]
            .decode()
        )
        self.assertIn(register.name, html)
        self.assertIn(third.name, html)
        self.assertIn("Finance Clerk", html)

    def test_register_needs_a_department_manager(self):
        self.office.department_id = False
        self._referral("13900002401")
        register = self._register()
        self.assertFalse(register.manager_id)
        with self.assertRaisesRegex(UserError, "Department Manager"):
            register.with_user(self.supervisor).request_validation()

    def test_register_rights(self):
        register = self._register()
        with self.assertRaises(AccessError):
            register.with_user(self.user_a).read(["name"])
        with self.assertRaises(AccessError):
            self.env["cc.referral.register"].with_user(self.user_a).create(
                {"office_id": self.office.id}
            )
        with self.assertRaises(AccessError):
            register.with_user(self.supervisor).unlink()

    def test_reminder_before_close(self):
        """At the due hour the supervisor is reminded to submit the day's
        register, once submitted the department manager to approve it."""
        self.office.referral_register_due_hour = 17.5
        Register = self.env["cc.referral.register"]
        morning = datetime.combine(self.today, time(9, 0))
        with freeze_time(morning):
            self._referral("13900002501")
        Register._cron_remind_referral_register(
            now=datetime.combine(self.today, time(16, 0))
        )
        self.assertFalse(Register.search([("office_id", "=", self.office.id)]))

        before_close = datetime.combine(self.today, time(17, 45))
        Register._cron_remind_referral_register(now=before_close)
        register = Register.search([("office_id", "=", self.office.id)])
        self.assertEqual(len(register.referral_ids), 1)
        self.assertEqual(register.activity_ids.user_id, self.supervisor)
        self.assertIn("Submit", register.activity_ids.summary)
        Register._cron_remind_referral_register(now=before_close)
        self.assertEqual(len(register.activity_ids), 1)  # not twice

        register.with_user(self.supervisor).request_validation()
        Register._cron_remind_referral_register(now=before_close)
        manager_todo = register.activity_ids.filtered(
            lambda act: act.user_id == self.department_manager
        )
        self.assertIn("Approve", manager_todo.summary)
        self.assertEqual(manager_todo.date_deadline, self.today)

        register.with_user(self.department_manager).validate_tier()
        self.assertEqual(register.state, "approved")
        count = len(register.activity_ids)
        Register._cron_remind_referral_register(now=before_close)
        self.assertEqual(len(register.activity_ids), count)

    def test_reminder_in_the_office_timezone(self):
        """17:45 in a UTC+8 showroom is 09:45 UTC: already due there."""
        self.office.tz = "Asia/Shanghai"
        Register = self.env["cc.referral.register"]
        with freeze_time(datetime.combine(self.today, time(1, 0))):
            self._referral("13900002601")
        Register._cron_remind_referral_register(
            now=datetime.combine(self.today, time(9, 0))
        )
        self.assertFalse(Register.search([("office_id", "=", self.office.id)]))
        Register._cron_remind_referral_register(
            now=datetime.combine(self.today, time(9, 45))
        )
        register = Register.search([("office_id", "=", self.office.id)])
        self.assertEqual(register.activity_ids.user_id, self.supervisor)
