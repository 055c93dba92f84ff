from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestReferral(CcSalesOfficeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referrer = cls.env["hr.employee"].create({"name": "Finance Clerk"})

    def _referral(self, mobile, date=None):
        with Form(self.env["cc.referral"].with_user(self.supervisor)) as form:
            form.office_id = self.office
            form.employee_id = self.referrer
            form.visitor_name = "Friend of Clerk"
            form.mobile = mobile
            form.appointment_date = date or self.today
        return form.record

    def test_valid_referral_path(self):
        referral = self._referral("13900001001")
        self.assertEqual(referral.state, "registered")
        with self.assertRaises(UserError):
            referral.with_user(self.supervisor).action_confirm()  # not arrived yet
        self.check_in(self.user_b, self.user_a)
        arrival = self.walk_in("Friend of Clerk", "139 0000 1001")
        self.assertEqual(arrival.rule, "referral")
        self.assertEqual(arrival.user_id, self.user_b)  # goes to the rota
        self.assertEqual(referral.assignment_id, arrival)
        self.assertEqual(referral.visitor_id.referral_id, referral)
        with self.assertRaises(UserError):
            referral.with_user(self.user_a).action_confirm()  # project manager only
        referral.with_user(self.supervisor).action_confirm()
        self.assertEqual(referral.state, "valid")
        self.assertEqual(referral.confirmed_by_id, self.supervisor)

    def test_appointment_in_the_past_refused(self):
        with self.assertRaisesRegex(ValidationError, "past"), self.cr.savepoint():
            self._referral("13900001002", self.today - relativedelta(days=1))

    def test_referral_after_registration_refused(self):
        self.make_visitor(self.user_a, "13900001003")
        with self.assertRaisesRegex(ValidationError, "Seller A"), self.cr.savepoint():
            self._referral("13900001003")

    def test_no_show_voids_and_allows_new_referral(self):
        referral = self._referral("13900001004", self.today + relativedelta(days=1))
        with (
            self.assertRaisesRegex(ValidationError, "already referred"),
            self.cr.savepoint(),
        ):
            self._referral("13900001004", self.today + relativedelta(days=3))
        voided = self.env["cc.referral"]._cron_void_missed_referrals(today=self.today)
        self.assertFalse(voided & referral)  # the appointment is still to come
        voided = self.env["cc.referral"]._cron_void_missed_referrals(
            today=self.today + relativedelta(days=2)
        )
        self.assertIn(referral, voided)
        self.assertEqual(referral.void_reason, "no_show")
        again = self._referral("13900001004", self.today + relativedelta(days=3))
        self.assertEqual(again.state, "registered")

    def test_salesperson_registered_first_voids(self):
        referral = self._referral("13900001005")
        # a salesperson registers the visitor before the project manager confirms
        visitor = self.make_visitor(self.user_a, "13900001005")
        self.check_in(self.user_b, self.user_a)
        arrival = self.walk_in(mobile="13900001005")
        self.assertEqual(arrival.rule, "owner")
        self.assertEqual(referral.assignment_id, arrival)
        action = referral.with_user(self.supervisor).action_confirm()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(referral.state, "void")
        self.assertEqual(referral.void_reason, "registered_first")
        self.assertFalse(visitor.referral_id)

    def _confirm_at_local_time(self, utc_moment, local_day, mobile):
        """Referral of ``local_day`` in a UTC+8 showroom, arrival at
        ``utc_moment`` (UTC): confirmed as arrived on the appointment date."""
        self.office.tz = "Asia/Shanghai"
        with freeze_time(utc_moment):
            referral = self._referral(mobile, local_day)
            self.env["hr.attendance"].create(
                {
                    "employee_id": self.user_b.employee_ids[:1].id,
                    "check_in": utc_moment - timedelta(minutes=10),
                }
            )
            arrival = self.walk_in("Friend of Clerk", mobile)
            self.assertEqual(arrival.rule, "referral")
            self.assertEqual(arrival.user_id, self.user_b)
            self.assertEqual(referral.assignment_id, arrival)
            referral.with_user(self.supervisor).action_confirm()
        self.assertEqual(referral.state, "valid")

    def test_referral_confirmed_at_0730_local_time(self):
        """07:30 in UTC+8 is 23:30 UTC of the day before: still the local day."""
        self._confirm_at_local_time(
            datetime(2026, 3, 10, 23, 30), datetime(2026, 3, 11).date(), "13900001006"
        )

    def test_referral_confirmed_at_2330_local_time(self):
        self._confirm_at_local_time(
            datetime(2026, 3, 11, 15, 30), datetime(2026, 3, 11).date(), "13900001007"
        )
