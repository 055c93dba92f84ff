from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestVisitorFileAccess(CcSalesOfficeCommon):
    """A salesperson reads a colleague's visitor file only through a request
    approved by the sales office manager, during its window (篇10 三)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office.file_access_inform_user_id = cls.supervisor
        cls.visitor = cls.make_visitor(cls, cls.user_a, "13300000001", name="Mrs Qian")

    def _request(self, user=None, mobile="133 0000 0001", **values):
        with Form(
            self.env["cc.visitor.file.access"].with_user(user or self.user_b)
        ) as form:
            form.mobile = mobile
            form.reason = "The customer called me while A is on leave"
            form.date_to = values.pop("date_to", self.today + timedelta(days=2))
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def test_approved_window_opens_and_closes_the_file(self):
        visitor_as_b = self.visitor.with_user(self.user_b)
        with self.assertRaises(AccessError):
            visitor_as_b.read(["name"])
        request = self._request()
        self.assertTrue(request.name.startswith("VFA/"))
        self.assertEqual(request.visitor_id, self.visitor)
        self.assertEqual(request.owner_id, self.user_a)
        self.assertEqual(request.inform_user_id, self.supervisor)
        request.request_validation()
        self.assertIn(self.supervisor.partner_id, request.message_partner_ids)
        self.assertEqual(
            request.review_ids.reviewer_ids,
            self.env.ref("cc_sales_office.group_cc_sales_office_manager").users,
        )
        # neither the requester nor the supervisor approves
        request.validate_tier()
        request.with_user(self.supervisor).validate_tier()
        self.assertEqual(request.state, "draft")
        with self.assertRaises(ValidationError):
            request.action_approve()
        with self.assertRaises(AccessError):
            visitor_as_b.read(["name"])
        request.with_user(self.manager).validate_tier()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approved_by_id, self.manager)
        self.assertEqual(self.visitor.file_reader_ids, self.user_b)
        self.assertEqual(visitor_as_b.read(["name"])[0]["name"], "Mrs Qian")
        with self.assertRaises(AccessError):
            visitor_as_b.write({"occupation": "Teacher"})
        self.assertIn("may read the file", self.visitor.message_ids[:1].body)
        # every opening is logged
        action = request.action_open_file()
        self.assertEqual(action["res_id"], self.visitor.id)
        self.assertEqual(request.open_count, 1)
        self.assertIn("File opened by Seller B", request.message_ids[:1].body)
        with self.assertRaises(AccessError):
            request.with_user(self.user_c).action_open_file()
        # after the window: expired by the daily check, the file is closed
        with freeze_time(self.today + timedelta(days=3)):
            self.env["cc.visitor.file.access"]._cron_file_access()
            self.assertEqual(request.state, "expired")
            self.assertFalse(self.visitor.file_reader_ids)
            visitor_as_b.invalidate_recordset()
            with self.assertRaises(AccessError):
                visitor_as_b.read(["name"])
            with self.assertRaises(UserError):
                request.action_open_file()
        with self.assertRaises(UserError):
            request.unlink()

    def test_future_window_opens_on_its_first_day(self):
        start = self.today + timedelta(days=5)
        request = self._request(date_from=start, date_to=start + timedelta(days=1))
        request.request_validation()
        request.with_user(self.manager).validate_tier()
        self.assertEqual(request.state, "approved")
        self.assertFalse(self.visitor.file_reader_ids)
        with self.assertRaises(UserError):
            request.action_open_file()
        with freeze_time(start):
            self.env["cc.visitor.file.access"]._cron_file_access()
            self.assertEqual(self.visitor.file_reader_ids, self.user_b)

    def test_cancel_closes_the_file(self):
        request = self._request()
        request.request_validation()
        request.with_user(self.manager).validate_tier()
        self.assertEqual(self.visitor.file_reader_ids, self.user_b)
        request.action_cancel()
        self.assertFalse(self.visitor.file_reader_ids)

    def test_refusals(self):
        with self.assertRaisesRegex(ValidationError, "owns the file"):
            self._request(user=self.user_a)
        with self.assertRaisesRegex(ValidationError, "No visitor file"):
            self._request(mobile="133 9999 9999")
        with self.assertRaisesRegex(ValidationError, "cannot be before"):
            self._request(
                date_from=self.today + timedelta(days=3),
                date_to=self.today + timedelta(days=1),
            )
        with self.assertRaisesRegex(ValidationError, "31 days"):
            self._request(date_to=self.today + timedelta(days=40))
        request = self._request(user=self.supervisor)
        with self.assertRaisesRegex(UserError, "no request is needed"):
            request.request_validation()
        with freeze_time(self.today + timedelta(days=10)):
            late = self._request(
                user=self.user_c,
                date_from=self.today,
                date_to=self.today + timedelta(days=2),
            )
            with self.assertRaisesRegex(UserError, "already past"):
                late.request_validation()

    def test_rights(self):
        request = self._request()
        with self.assertRaises(AccessError):
            request.with_user(self.user_c).read(["name"])
        request.with_user(self.supervisor).read(["name"])
        with self.assertRaises(UserError):
            request.write({"state": "approved"})
