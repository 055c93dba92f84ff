from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import freeze_time

from .common import CcCommon


@tagged("post_install", "-at_install")
class TestQualification(CcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qualification = cls.env["cc.partner.qualification"].create(
            {
                "partner_id": cls.customer.id,
                "qualification_type": "business_license",
                "name": "91310000MA1TEST01",
                "issuer": "上海市市场监督管理局",
                "valid_from": date(2024, 1, 1),
                "valid_to": date(2026, 5, 31),
            }
        )

    def _reminders(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                ("summary", "ilike", "91310000MA1TEST01"),
            ]
        )

    def test_reminder_30_days_before_expiry_once(self):
        Qualification = self.env["cc.partner.qualification"]
        with freeze_time("2026-04-30"):
            Qualification._cron_cc_qualification_reminders()
            self.assertFalse(
                self._reminders(), "31 days before expiry: no reminder yet"
            )
            self.assertEqual(self.qualification.validity, "valid")
        with freeze_time("2026-05-01"):
            self.qualification.invalidate_recordset(["validity"])
            self.assertEqual(self.qualification.validity, "expiring")
            Qualification._cron_cc_qualification_reminders()
            reminder = self._reminders()
            self.assertEqual(len(reminder), 1)
            self.assertEqual(
                reminder.user_id,
                self.salesperson,
                "the customer's salesperson is reminded",
            )
            self.assertTrue(self.qualification.reminder_sent)
        with freeze_time("2026-05-02"):
            Qualification._cron_cc_qualification_reminders()
            self.assertEqual(
                len(self._reminders()), 1, "the reminder is sent only once"
            )
        with freeze_time("2026-06-01"):
            self.qualification.invalidate_recordset(["validity"])
            self.assertEqual(self.qualification.validity, "expired")
            self.assertIn(
                self.qualification,
                Qualification.search(
                    [
                        ("validity", "=", "expired"),
                        ("partner_id", "=", self.customer.id),
                    ]
                ),
            )

    def test_renewal_rearms_reminder(self):
        with freeze_time("2026-05-10"):
            self.env["cc.partner.qualification"]._cron_cc_qualification_reminders()
            self.assertTrue(self.qualification.reminder_sent)
            self.qualification.valid_to = date(2029, 5, 31)
            self.assertFalse(self.qualification.reminder_sent)
            self.qualification.invalidate_recordset(["validity"])
            self.assertEqual(self.qualification.validity, "valid")

    def test_valid_to_before_valid_from(self):
        with self.assertRaisesRegex(ValidationError, "Valid To"):
            self.qualification.write({"valid_to": date(2023, 12, 31)})

    def test_register_from_partner_form(self):
        with Form(self.customer) as partner_form:
            with partner_form.cc_qualification_ids.new() as line:
                line.qualification_type = "quality_certificate"
                line.name = "ISO9001-TEST"
                line.valid_from = date(2025, 1, 1)
                line.valid_to = date(2028, 1, 1)
        self.assertIn("ISO9001-TEST", self.customer.cc_qualification_ids.mapped("name"))
