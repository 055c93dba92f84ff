from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestPartnerClass(AccountTestInvoicingCommon):
    """Class rules and the monthly re-evaluation through posted invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = date(2026, 6, 15)
        cls.env.user.groups_id = [
            Command.link(cls.env.ref("cc_customer_comm.group_cc_manager").id)
        ]
        company = cls.env.company
        Rule = cls.env["cc.partner.class.rule"]
        for partner_class, amount in (("a", 10000), ("b", 5000), ("c", 1000), ("d", 0)):
            Rule.create(
                {
                    "partner_class": partner_class,
                    "min_revenue": amount,
                    "company_id": company.id,
                }
            )
        Partner = cls.env["res.partner"]
        cls.big = Partner.create({"name": "Big Buyer Co", "is_company": True})
        cls.mid = Partner.create({"name": "中等客户有限公司", "is_company": True})
        cls.old = Partner.create({"name": "Old Buyer Ltd", "is_company": True})
        cls.idle = Partner.create(
            {"name": "Idle Prospect", "is_company": True, "customer_rank": 1}
        )
        cls.big_contact = Partner.create(
            {"name": "Buyer of Big", "parent_id": cls.big.id}
        )

        def invoice(move_type, partner, day, amount):
            return cls.init_invoice(
                move_type,
                partner=partner,
                invoice_date=day,
                amounts=[amount],
                taxes=[],
                post=True,
            )

        # the contact's invoice counts for its company
        invoice("out_invoice", cls.big, date(2026, 1, 10), 8000)
        invoice("out_invoice", cls.big_contact, date(2025, 7, 1), 4000)
        invoice("out_invoice", cls.mid, date(2026, 3, 1), 6000)
        invoice("out_refund", cls.mid, date(2026, 4, 1), 1500)
        # more than twelve months ago: not counted
        invoice("out_invoice", cls.old, date(2025, 6, 15), 20000)
        # a draft invoice does not count
        cls.init_invoice(
            "out_invoice",
            partner=cls.idle,
            invoice_date=date(2026, 6, 1),
            amounts=[50000],
            taxes=[],
        )

    def test_monthly_evaluation_from_invoices(self):
        changes = self.env["res.partner"]._cron_cc_evaluate_classes(today=self.today)
        self.assertEqual(self.big.cc_class, "a")
        self.assertEqual(
            self.mid.cc_class, "c", "6000 invoiced minus a 1500 refund is class C"
        )
        self.assertEqual(
            self.old.cc_class, "d", "an invoice of 13 months ago does not count"
        )
        self.assertEqual(self.idle.cc_class, "d", "draft invoices do not count")
        self.assertFalse(
            self.big_contact.cc_class, "only commercial partners are classified"
        )
        self.assertEqual(changes[self.big.id], (False, "a"))
        self.assertEqual(self.big.cc_last_evaluation_date, self.today)
        self.assertEqual(self.big.cc_next_evaluation_date, date(2026, 7, 1))
        message = self.big.message_ids.filtered(
            lambda m: "Customer class evaluated" in str(m.body)
        )
        self.assertTrue(message, "the change is posted on the customer's chatter")
        self.assertIn("12000", str(message[0].body).replace(",", "").replace(".00", ""))
        # a second run changes nothing and posts nothing more
        count = len(self.big.message_ids)
        self.assertFalse(
            self.env["res.partner"]._cron_cc_evaluate_classes(today=self.today)
        )
        self.assertEqual(len(self.big.message_ids), count)
        # a year later the revenue has expired
        self.env["res.partner"]._cron_cc_evaluate_classes(today=date(2027, 6, 15))
        self.assertEqual(self.big.cc_class, "d")

    def test_evaluate_now_button(self):
        self.big.action_cc_evaluate_class()
        # evaluated with today's date: the invoices of 2025-2026 may be out of the
        # trailing twelve months, but the customer is classified and dated
        self.assertTrue(self.big.cc_class)
        self.assertTrue(self.big.cc_last_evaluation_date)
        self.assertFalse(self.mid.cc_last_evaluation_date, "only the selected customer")

    def test_rule_thresholds_are_editable(self):
        rule_a = self.env["cc.partner.class.rule"].search(
            [("company_id", "=", self.env.company.id), ("partner_class", "=", "a")]
        )
        rule_a.min_revenue = 13000
        self.env["res.partner"]._cron_cc_evaluate_classes(today=self.today)
        self.assertEqual(self.big.cc_class, "b")
        with self.assertRaises(ValidationError):
            rule_a.min_revenue = -1

    def test_override_keeps_class(self):
        with self.assertRaisesRegex(ValidationError, "Override Reason"):
            self.mid.write({"cc_class_manual": "a"})
        self.mid.write(
            {"cc_class_manual": "a", "cc_class_manual_reason": "Strategic account"}
        )
        self.env["res.partner"]._cron_cc_evaluate_classes(today=self.today)
        self.assertEqual(self.mid.cc_class_computed, "c")
        self.assertEqual(
            self.mid.cc_class, "a", "the manual class wins over the evaluation"
        )
        self.mid.write({"cc_class_manual": False, "cc_class_manual_reason": False})
        self.assertEqual(self.mid.cc_class, "c")

    def test_evaluation_query_count_does_not_grow(self):
        Partner = self.env["res.partner"]
        few = Partner.create(
            [{"name": f"Few {i}", "customer_rank": 1} for i in range(2)]
        )
        many = Partner.create(
            [{"name": f"Many {i}", "customer_rank": 1} for i in range(30)]
        )
        company = self.env.company
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        Partner._cc_evaluate_classes(company, today=self.today, partner_ids=few.ids)
        self.env.flush_all()
        queries_few = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        Partner._cc_evaluate_classes(company, today=self.today, partner_ids=many.ids)
        self.env.flush_all()
        queries_many = self.env.cr.sql_log_count - start
        self.assertEqual(set(many.mapped("cc_class")), {"d"})
        self.assertLessEqual(queries_many, queries_few + 2)
