import base64
import io

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestReportScheduleOwner(CcComplaintCommon):
    """A scheduled statistics report renders with its owner's rights.

    The scheduler runs as the cron user; the administrative sanctions sheet is
    only written for GM office and HR, so the e-mailed report holds it exactly
    when the schedule's owner (Run As) may see it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cc.claim.penalty.rule"].create(
            {
                "name": "Any claim: 10% of loss, warning",
                "amount_type": "percent",
                "percent": 10.0,
                "sanction": "warning",
                "company_id": cls.company.id,
            }
        )
        cls.report = cls.env.ref("cc_complaint.cc_claim_statistics_xlsx_report")
        cls.user_hr = new_test_user(
            cls.env,
            login="cc_hr_officer",
            name="HR Officer",
            email="cc_hr_officer@example.com",
            groups="base.group_user,hr.group_hr_user,"
            "cc_complaint.group_cc_complaint_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def setUp(self):
        super().setUp()
        with freeze_time("2031-05-20"):
            self.claim = self._create_claim()
            self._claim_to_execution(self.claim, disposition="allowance", amount=100.0)
            self.claim.with_user(self.user_sales).action_done()
        self.notices = self.claim.sudo().penalty_notice_ids.sorted("id")

    def _schedule(self, owner, name, recipients=None):
        return self.env["cc.report.schedule"].create(
            {
                "name": name,
                "report_id": self.report.id,
                "user_id": owner.id,
                "frequency": "monthly",
                "day_of_month": 1,
                "period": "previous_month",
                "user_ids": [Command.set((recipients or self.user_gm_office).ids)],
                "company_id": self.company.id,
                "next_run": "2031-06-01",
            }
        )

    def _run_cron(self, schedule):
        """Run the scheduler as its cron user on the 1st of June."""
        cron = self.env.ref("cc_customer_comm.ir_cron_cc_report_schedule")
        with freeze_time("2031-06-01 02:00:00"):
            runs = (
                self.env["cc.report.schedule"]
                .with_user(cron.user_id)
                ._cron_cc_send_due_reports("2031-06-01")
            )
        return runs.filtered(lambda run: run.schedule_id == schedule)

    def _book(self, run):
        self.assertEqual(run.state, "success", run.error_message)
        content = base64.b64decode(run.attachment_id.datas)
        return load_workbook(io.BytesIO(content), read_only=True)

    def test_default_owner_is_creator(self):
        schedule = (
            self.env["cc.report.schedule"]
            .with_user(self.user_gm_office)
            .sudo(False)
            .new({"name": "Mine"})
        )
        self.assertEqual(schedule.user_id, self.user_gm_office)

    def test_gm_office_owner_gets_sanctions_sheet(self):
        self.assertEqual(len(self.notices), 2)
        schedule = self._schedule(self.user_gm_office, "Claims to GM office")
        run = self._run_cron(schedule)
        self.assertEqual(len(run), 1)
        book = self._book(run)
        self.assertIn("Penalties and Sanctions", book.sheetnames)
        rows = list(
            book["Penalties and Sanctions"].iter_rows(min_row=4, values_only=True)
        )
        self.assertEqual([row[0] for row in rows], self.notices.mapped("name"))
        self.assertEqual({row[2] for row in rows}, {self.claim.name})
        self.assertEqual({row[6] for row in rows}, {"Warning"})
        self.assertEqual(
            [row[5] for row in rows], [notice.amount for notice in self.notices]
        )
        claims = list(book["Claims"].iter_rows(min_row=4, values_only=True))
        self.assertEqual([row[0] for row in claims], [self.claim.name])
        self.assertEqual(schedule.last_run.isoformat(), "2031-06-01")

    def test_hr_owner_gets_sanctions_sheet(self):
        schedule = self._schedule(self.user_hr, "Sanctions to HR")
        book = self._book(self._run_cron(schedule))
        rows = list(
            book["Penalties and Sanctions"].iter_rows(min_row=4, values_only=True)
        )
        self.assertEqual([row[0] for row in rows], self.notices.mapped("name"))

    def test_owner_without_claim_rights_fails_the_run(self):
        """Never silently less: a report the owner cannot read is not sent."""
        hr_only = new_test_user(
            self.env,
            login="cc_hr_only",
            groups="base.group_user,hr.group_hr_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        schedule = self._schedule(hr_only, "HR without claims")
        run = self._run_cron(schedule)
        self.assertEqual(run.state, "failed")
        self.assertFalse(run.attachment_id)
        self.assertFalse(run.mail_id)

    def test_sales_owner_gets_no_sanctions_sheet(self):
        schedule = self._schedule(self.user_sales, "Claims to sales")
        book = self._book(self._run_cron(schedule))
        self.assertNotIn("Penalties and Sanctions", book.sheetnames)
        self.assertIn("Claims", book.sheetnames)

    def test_archived_owner_fails_the_run(self):
        schedule = self._schedule(self.user_gm_office, "Owner left", self.user_gm)
        self.user_gm_office.active = False
        run = self._run_cron(schedule)
        self.assertEqual(run.state, "failed")
        self.assertIn(self.user_gm_office.name, run.error_message)
        self.assertFalse(run.attachment_id)
        self.assertFalse(schedule.last_run)

    def test_owner_must_be_internal_user_of_the_company(self):
        other_company = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        outsider = new_test_user(
            self.env,
            login="cc_outsider",
            groups="base.group_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        with self.assertRaises(ValidationError):
            self._schedule(outsider, "Wrong owner")
        portal = new_test_user(
            self.env,
            login="cc_portal_owner",
            groups="base.group_portal",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(ValidationError):
            self._schedule(portal, "Portal owner")
