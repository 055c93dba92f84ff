from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimSanctionList(CcComplaintCommon):
    """篇4 第十二条: the previous month's administrative sanctions go to HR by
    the 10th; HR records the publication."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_hr = new_test_user(
            cls.env,
            login="cc_hr",
            name="HR Officer",
            email="hr@example.com",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.List = cls.env["cc.claim.sanction.list"]
        # claims closed in January, February and March 2031
        cls.notice_feb = cls._closed_claim_notice("2031-02-14", "major_demerit")
        cls.notice_feb_none = cls._closed_claim_notice("2031-02-20", "none")
        cls.notice_jan = cls._closed_claim_notice("2031-01-31", "warning")
        cls.notice_mar = cls._closed_claim_notice("2031-03-01", "warning")

    @classmethod
    def _closed_claim_notice(cls, date_closed, sanction):
        # set up as superuser: the closing flow is covered elsewhere
        claim = (
            cls.env["cc.claim"]
            .sudo()
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company.id,
                    "state": "done",
                    "date_registered": date_closed,
                    "date_closed": date_closed,
                }
            )
        )
        return (
            cls.env["cc.claim.penalty.notice"]
            .sudo()
            .create(
                {
                    "claim_id": claim.id,
                    "company_id": cls.company.id,
                    "employee_id": cls.employee_operator.id,
                    "amount": 100.0,
                    "sanction": sanction,
                    "state": "approved",
                }
            )
        )

    def _company_lists(self):
        return self.List.search([("company_id", "=", self.company.id)])

    def test_monthly_list_sent_by_the_10th_once(self):
        with freeze_time("2031-03-05"):
            self.List._cron_cc_sanction_lists()
        sanction_list = self._company_lists()
        self.assertEqual(len(sanction_list), 1)
        self.assertEqual(sanction_list.state, "draft", "prepared, not sent yet")
        self.assertEqual(sanction_list.name, "2031-02")
        self.assertEqual(sanction_list.date_due, date(2031, 3, 10))
        self.assertEqual(sanction_list.notice_ids, self.notice_feb)
        with freeze_time("2031-03-10"):
            self.List._cron_cc_sanction_lists()
        self.assertEqual(sanction_list.state, "sent")
        self.assertEqual(sanction_list.date_sent, date(2031, 3, 10))
        self.assertFalse(sanction_list.sent_late)
        sent_message = sanction_list.message_ids.filtered(
            lambda m: self.user_hr.partner_id in m.partner_ids
        )
        self.assertEqual(len(sent_message), 1, "HR is told once")
        self.assertEqual(len(sanction_list.activity_ids), 1)
        self.assertTrue(
            sanction_list.activity_ids.user_id.has_group("hr.group_hr_user")
        )
        messages = len(sanction_list.message_ids)
        for day in ("2031-03-10", "2031-03-11", "2031-03-25"):
            with freeze_time(day):
                self.List._cron_cc_sanction_lists()
        self.assertEqual(self._company_lists(), sanction_list, "one list a month")
        self.assertEqual(len(sanction_list.message_ids), messages, "sent once")

    def test_sent_early_by_gm_office(self):
        with freeze_time("2031-03-02"):
            self.List._cron_cc_sanction_lists()
            sanction_list = self._company_lists()
            sanction_list.with_user(self.user_gm_office).action_send()
        self.assertEqual(sanction_list.date_sent, date(2031, 3, 2))
        self.assertEqual(sanction_list.sent_by_id, self.user_gm_office)
        with freeze_time("2031-03-10"):
            self.List._cron_cc_sanction_lists()
        self.assertEqual(sanction_list.date_sent, date(2031, 3, 2))

    def test_no_sanction_no_list(self):
        self.notice_feb.sudo().sanction = "none"
        with freeze_time("2031-03-10"):
            self.List._cron_cc_sanction_lists()
        self.assertFalse(self._company_lists())

    def test_hr_publication(self):
        with freeze_time("2031-03-10"):
            self.List._cron_cc_sanction_lists()
        sanction_list = self._company_lists()
        # the GM office does not publish; sales do not see the list
        with self.assertRaises(AccessError):
            sanction_list.with_user(self.user_gm_office).action_publish()
        with self.assertRaises(AccessError):
            self.List.with_user(self.user_sales).search([])
        as_hr = sanction_list.with_user(self.user_hr)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            as_hr.notice_ids = self.notice_jan
        self.assertEqual(sanction_list.notice_ids, self.notice_feb)
        with self.assertRaisesRegex(UserError, "Published Where"):
            as_hr.action_publish()
        as_hr.write(
            {
                "date_published": "2031-03-09",
                "publication_method": "board",
                "publication_place": "Canteen notice board",
            }
        )
        with self.assertRaisesRegex(ValidationError, "Date Published"):
            as_hr.action_publish()
        with Form(as_hr) as form:
            form.date_published = date(2031, 3, 12)
            form.publication_ref = "HR-2031-007"
        as_hr.action_publish()
        self.assertEqual(sanction_list.state, "published")
        self.assertEqual(sanction_list.published_by_id, self.user_hr)
        self.assertFalse(sanction_list.activity_ids)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "Sanctions List Day"):
            self.company.cc_sanction_list_day = 31
        sanction_list = self.List.with_user(self.user_gm_office).create(
            {"date_from": "2031-04-01", "date_to": "2031-04-30"}
        )
        with self.assertRaisesRegex(UserError, "no sanction"):
            sanction_list.with_user(self.user_gm_office).action_send()
        self.assertEqual(sanction_list.state, "draft")
