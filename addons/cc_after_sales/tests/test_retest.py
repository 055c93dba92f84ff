from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRetest(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.cc_as_retest_days = 5

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                email=f"{login}@example.com",
                groups="base.group_user," + groups,
            )

        cls.engineer = user("rt_engineer", "cc_after_sales.group_cc_as_engineer")
        cls.reviewer = user("rt_reviewer", "cc_after_sales.group_cc_as_reviewer")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Re-test Customer", "is_company": True, "email": "lab@example.com"}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Lab Contact",
                "parent_id": cls.customer.id,
                "email": "c@example.com",
            }
        )
        cls.Retest = cls.env["cc.service.retest"]
        # a Monday: the window of 5 working days ends on the next Monday
        cls.report_date = date(2026, 11, 2)

    def _retest(self, request_date=None, **vals):
        values = {
            "partner_id": self.customer.id,
            "report_reference": "R-2026-0012",
            "report_date": self.report_date,
            "request_date": request_date or self.report_date + timedelta(days=2),
            "reason": "pH looks too high",
            "line_ids": [
                Command.create({"name": "pH", "original_value": 7.0, "tolerance": 0.2}),
                Command.create(
                    {
                        "name": "Chloride",
                        "unit": "mg/L",
                        "original_value": 1.0,
                        "tolerance": 0.05,
                    }
                ),
            ],
        }
        values.update(vals)
        return self.Retest.with_user(self.engineer).create(values)

    def test_accepted_done_report_mailed_and_quality_notified(self):
        retest = self._retest()
        self.assertTrue(retest.name.startswith("RT/"))
        self.assertFalse(retest.is_late)
        retest.action_submit()
        self.assertEqual(retest.state, "submitted")
        # only the reviewer accepts
        with self.assertRaises(AccessError):
            retest.action_accept()
        retest.with_user(self.reviewer).action_accept()
        self.assertEqual(retest.state, "accepted")
        self.assertEqual(retest.reviewer_id, self.reviewer)
        with self.assertRaisesRegex(UserError, "Scheduled Date"):
            retest.action_schedule()
        retest.write(
            {"scheduled_date": "2026-11-12 08:00:00", "engineer_id": self.engineer.id}
        )
        retest.action_schedule()
        self.assertEqual(retest.state, "scheduled")
        self.assertEqual(retest.deadline, date(2026, 11, 12))
        ph, chloride = retest.line_ids.sorted("id")
        ph.retest_value = 7.1
        chloride.retest_value = 1.2
        self.assertAlmostEqual(ph.deviation, 0.1)
        self.assertTrue(ph.consistent)
        self.assertAlmostEqual(chloride.deviation, 0.2)
        self.assertFalse(chloride.consistent)
        self.assertFalse(retest.all_consistent)
        # the customer's items are fixed once submitted
        with self.assertRaises(UserError):
            ph.original_value = 6.0
        with self.assertRaisesRegex(UserError, "Conclusion"):
            retest.action_done()
        retest.write(
            {
                "conclusion": "<p>Chloride out of tolerance</p>",
                "original_report_wrong": True,
            }
        )
        retest.action_done()
        self.assertEqual(retest.state, "done")
        self.assertTrue(retest.done_on)
        # the re-test report, with both values, deviation and tolerance
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("cc_after_sales.report_cc_service_retest", retest.ids)[0]
            .decode()
        )
        for text in (
            retest.name,
            "R-2026-0012",
            "Chloride",
            "7.1000",
            "0.2000",
            "1.2000",
            "0.0500",
            "Chloride out of tolerance",
        ):
            self.assertIn(text, html)
        # mailed to the customer with the PDF attached
        sent = retest.message_ids.filtered(
            lambda m: self.customer in m.partner_ids and m.attachment_ids
        )
        self.assertTrue(sent)
        # (under test, Odoo renders the PDF report as HTML)
        self.assertRegex(
            sent[0].attachment_ids.name,
            r"^Re-test {}\.(pdf|html)$".format(retest.name.replace("/", "-")),
        )
        # internal notice to the quality reviewers
        activity = retest.activity_ids.filtered(lambda a: a.user_id == self.reviewer)
        self.assertTrue(activity)
        self.assertIn("R-2026-0012", activity.summary)
        self.assertTrue(
            retest.message_ids.filtered(lambda m: "Quality notice" in (m.body or ""))
        )

    def test_refused_reason_mailed(self):
        retest = self._retest()
        retest.action_submit()
        with self.assertRaisesRegex(UserError, "Refusal Reason"):
            retest.with_user(self.reviewer).action_refuse()
        retest.with_user(self.reviewer).action_refuse("The sample was used up.")
        self.assertEqual(retest.state, "refused")
        mail = retest.message_ids.filtered(
            lambda m: self.customer in m.partner_ids
            and "The sample was used up." in (m.body or "")
        )
        self.assertTrue(mail)

    def test_late_request_refused_with_due_date(self):
        retest = self._retest(request_date=date(2026, 11, 10))
        self.assertEqual(retest.window_end, date(2026, 11, 9))
        self.assertTrue(retest.is_late)
        action = retest.action_submit()
        self.assertEqual(retest.state, "refused")
        self.assertIn("2026-11-09", retest.refuse_reason)
        self.assertIn("2026-11-09", action["params"]["message"])
        self.assertTrue(
            retest.message_ids.filtered(
                lambda m: self.customer in m.partner_ids
                and "2026-11-09" in (m.body or "")
            )
        )
        # cannot be accepted, with the due date in the message
        with self.assertRaisesRegex(UserError, "2026-11-09"):
            retest.with_user(self.reviewer).action_accept()

    def test_accepting_late_submitted_request_raises(self):
        retest = self._retest()
        retest.action_submit()
        # the report date was wrong: corrected, the request is now late
        retest.sudo().report_date = date(2026, 10, 1)
        with self.assertRaisesRegex(UserError, "due by"):
            retest.with_user(self.reviewer).action_accept()
        self.assertEqual(retest.state, "submitted")

    def test_portal_create(self):
        request = self.env["cc.service.request"].create(
            {"partner_id": self.contact.id, "request_type": "retest"}
        )
        retest = self.Retest.sudo()._cc_portal_create(
            self.contact,
            {
                "request_id": request.id,
                "report_reference": "R-77",
                "report_date": self.report_date,
                "request_date": self.report_date + timedelta(days=1),
                "reason": "Please check",
                "lines": [{"name": "Lead", "original_value": 0.5, "tolerance": 0.1}],
            },
        )
        self.assertEqual(retest.state, "submitted")
        self.assertEqual(retest.channel, "portal")
        self.assertEqual(retest.request_id, request)
        self.assertEqual(request.retest_count, 1)
        self.assertEqual(retest.line_ids.name, "Lead")
        other = self.env["res.partner"].create({"name": "Someone Else"})
        with self.assertRaises(AccessError):
            self.Retest.sudo()._cc_portal_create(
                other,
                {
                    "request_id": request.id,
                    "report_reference": "R-77",
                    "report_date": self.report_date,
                    "reason": "x",
                    "lines": [{"name": "Lead"}],
                },
            )
        with self.assertRaisesRegex(UserError, "Items"):
            self.Retest.sudo()._cc_portal_create(
                self.contact,
                {
                    "report_reference": "R-77",
                    "report_date": self.report_date,
                    "reason": "x",
                    "lines": [],
                },
            )

    def test_create_linked_request(self):
        retest = self._retest()
        retest.action_create_request()
        self.assertEqual(retest.request_id.request_type, "retest")
        self.assertEqual(retest.request_id.commercial_partner_id, self.customer)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "Tolerance"):
            self._retest(line_ids=[Command.create({"name": "pH", "tolerance": -0.1})])
        with self.assertRaisesRegex(ValidationError, "Report Date"):
            self._retest(request_date=self.report_date - timedelta(days=1))
        empty = self._retest(line_ids=[])
        with self.assertRaisesRegex(UserError, "items"):
            empty.action_submit()
        # the state moves only through the buttons
        with self.assertRaises(UserError):
            empty.write({"state": "done"})
