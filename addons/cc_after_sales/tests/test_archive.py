from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestArchive(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                email=f"{login}@example.com",
                groups="base.group_user," + groups,
            )

        cc_user = "cc_customer_comm.group_cc_user"
        cls.sales_a = user("ar_sales_a", cc_user)
        cls.sales_b = user("ar_sales_b", cc_user)
        cls.head = user("ar_head", cc_user)
        cls.engineer = user("ar_engineer", "cc_after_sales.group_cc_as_engineer")
        cls.reviewer = user("ar_reviewer", "cc_after_sales.group_cc_as_reviewer")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Archive Customer", "is_company": True, "user_id": cls.sales_a.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Archive Contact", "parent_id": cls.customer.id}
        )
        cls.request = cls.env["cc.service.request"].create(
            {"partner_id": cls.contact.id, "request_type": "interpretation"}
        )
        cls.retest = cls.env["cc.service.retest"].create(
            {
                "partner_id": cls.customer.id,
                "report_reference": "R-1",
                "report_date": fields.Date.today(),
                "reason": "check",
                "line_ids": [Command.create({"name": "pH", "tolerance": 0.1})],
            }
        )
        cls.department = cls.env["cc.communication.department"].create(
            {"name": "Sales Department", "user_id": cls.head.id}
        )
        cls.Access = cls.env["cc.service.archive.access"]

    def _can_read(self, user):
        self.env.invalidate_all()
        try:
            self.request.with_user(user).read(["name"])
            self.retest.with_user(user).read(["name"])
        except AccessError:
            return False
        return True

    def _access(self, **vals):
        values = {
            "partner_id": self.customer.id,
            "reason": "Preparing the customer's quality review",
            "date_from": fields.Date.today(),
            "date_to": fields.Date.today() + timedelta(days=5),
            "department_id": self.department.id,
        }
        values.update(vals)
        return self.Access.with_user(self.sales_b).create(values)

    def test_salesperson_and_after_sales_read(self):
        self.assertTrue(self._can_read(self.sales_a))
        self.assertTrue(self._can_read(self.reviewer))
        self.assertFalse(self._can_read(self.sales_b))
        # an engineer keeps the after-sales rules: the customers of their
        # requests (here: an unassigned request)
        self.request.user_id = False
        self.assertTrue(self._can_read(self.engineer))
        # read only
        with self.assertRaises(AccessError):
            self.request.with_user(self.sales_a).write({"contact_name": "x"})

    def test_access_approved_then_expired(self):
        self.assertFalse(self._can_read(self.sales_b))
        access = self._access()
        self.assertEqual(access.approver_id, self.head)
        access.action_submit()
        self.assertEqual(access.state, "to_approve")
        self.assertTrue(access.review_ids)
        # nobody but the department head opens the window
        with self.assertRaises(UserError):
            access.action_approve()
        self.assertFalse(self._can_read(self.sales_b))
        access.with_user(self.head).validate_tier()
        self.assertEqual(access.state, "approved")
        self.assertEqual(access.approved_by_id, self.head)
        self.assertIn(self.sales_b, self.customer.sudo().cc_as_archive_reader_ids)
        log = access.message_ids.filtered(
            lambda m: "Read window approved" in (m.body or "")
        )
        self.assertTrue(log)
        for text in (
            self.sales_b.name,
            self.customer.name,
            self.head.name,
            str(access.date_from),
            str(access.date_to),
        ):
            self.assertIn(text, log.body)
        self.assertTrue(self._can_read(self.sales_b))
        # the window ends: the daily check expires it and the reader goes
        with freeze_time(fields.Date.today() + timedelta(days=6)):
            self.Access._cron_cc_archive_access()
        self.assertEqual(access.state, "expired")
        self.assertFalse(self.customer.sudo().cc_as_archive_reader_ids)
        self.assertFalse(self._can_read(self.sales_b))

    def test_access_rejected(self):
        access = self._access()
        access.action_submit()
        access.with_user(self.head).reject_tier()
        self.assertEqual(access.state, "rejected")
        self.assertFalse(self.customer.sudo().cc_as_archive_reader_ids)
        self.assertFalse(self._can_read(self.sales_b))

    def test_future_window_opens_on_its_first_day(self):
        start = fields.Date.today() + timedelta(days=3)
        access = self._access(date_from=start, date_to=start + timedelta(days=2))
        access.action_submit()
        access.with_user(self.head).validate_tier()
        self.assertEqual(access.state, "approved")
        self.assertFalse(self._can_read(self.sales_b))
        with freeze_time(start):
            self.Access._cron_cc_archive_access()
            self.assertTrue(self._can_read(self.sales_b))

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "Read Until"):
            self._access(date_to=fields.Date.today() - timedelta(days=1))
        with self.assertRaisesRegex(ValidationError, "company itself"):
            self._access(partner_id=self.contact.id)
        past = self._access(
            date_from=fields.Date.today() - timedelta(days=9),
            date_to=fields.Date.today() - timedelta(days=2),
        )
        with self.assertRaisesRegex(UserError, "already past"):
            past.action_submit()
        own = self._access(department_id=False, approver_id=self.sales_b.id)
        with self.assertRaisesRegex(UserError, "own access request"):
            own.action_submit()
        crony = self._access(approver_id=self.sales_a.id)
        with self.assertRaisesRegex(UserError, "head of"):
            crony.action_submit()
        # a plain user cannot write the state
        with self.assertRaises(UserError):
            own.write({"state": "approved"})

    def test_archive_smart_button_and_summary(self):
        partner = self.contact.with_user(self.reviewer)
        self.assertEqual(partner.cc_as_archive_count, 2)
        action = partner.action_cc_open_archive()
        self.assertEqual(action["res_id"], self.customer.id)
        self.assertEqual(self.customer.cc_as_interpretation_ids, self.request)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cc_after_sales.report_cc_service_archive", self.customer.ids
            )[0]
            .decode()
        )
        self.assertIn(self.request.name, html)
        self.assertIn(self.retest.name, html)

    def test_retention_review_lists_and_deletes_nothing(self):
        company = self.env.company
        company.cc_as_retention_years = 2
        old = date(2020, 3, 1)
        self.request.sudo().write({"state": "closed", "closed_on": old})
        self.retest.sudo().write({"state": "done", "done_on": old})
        recent = self.env["cc.service.request"].create({"partner_id": self.customer.id})
        recent.sudo().write({"state": "closed", "closed_on": date(2026, 1, 1)})
        count = self.env["cc.service.request"].search_count([])
        with freeze_time("2026-12-01"):
            flagged = self.env["res.partner"]._cron_cc_archive_retention()
        self.assertEqual(flagged, 2)
        self.assertTrue(self.request.cc_past_retention)
        self.assertTrue(self.retest.cc_past_retention)
        self.assertFalse(recent.cc_past_retention)
        self.assertTrue(self.request.exists() and self.retest.exists())
        self.assertEqual(self.env["cc.service.request"].search_count([]), count)
        manager = self.env.ref("base.user_admin")
        activity = company.partner_id.activity_ids.filtered(
            lambda a: a.user_id == manager
        )
        self.assertTrue(activity)
        self.assertIn(self.request.name, activity.note)
        # a second run lists nothing new
        with freeze_time("2026-12-01"):
            self.assertEqual(self.env["res.partner"]._cron_cc_archive_retention(), 0)
