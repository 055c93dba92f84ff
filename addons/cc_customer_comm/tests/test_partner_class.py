from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import freeze_time

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
        """The button on the customer file evaluates the selected customer with
        today's date: 8000 + 4000 (its contact's) invoiced in the last twelve
        months is class A; the other customers are left alone."""
        with freeze_time("2026-06-15"):
            self.big.action_cc_evaluate_class()
        self.assertEqual(self.big.cc_class_computed, "a")
        self.assertEqual(self.big.cc_class, "a")
        self.assertEqual(self.big.cc_last_evaluation_date, self.today)
        self.assertEqual(self.big.cc_next_evaluation_date, date(2026, 7, 1))
        self.assertFalse(self.mid.cc_class, "only the selected customer")
        self.assertFalse(self.mid.cc_last_evaluation_date)
        # from the contact's form the button evaluates its company
        with freeze_time("2027-01-05"):
            self.big_contact.action_cc_evaluate_class()
        self.assertEqual(
            self.big.cc_class, "b", "on 2027-01-05 only the 8000 of 2026-01-10 count"
        )

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
        """The queries of a re-evaluation do not depend on how many customers
        change class: the same for 10 as for 40 (one batch)."""
        Partner = self.env["res.partner"]
        company = self.env.company

        def queries_to_classify(count):
            partners = Partner.create(
                [
                    {"name": f"Batch {count} Customer {i}", "customer_rank": 1}
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            changes = Partner._cc_evaluate_classes(
                company, today=self.today, partner_ids=partners.ids
            )
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - start
            self.assertEqual(len(changes), count)
            self.assertEqual(set(partners.mapped("cc_class")), {"d"})
            self.assertEqual(
                len(
                    partners.message_ids.filtered(
                        lambda m: "Customer class" in str(m.body)
                    )
                ),
                count,
                "one note per customer changed",
            )
            return queries

        queries_to_classify(5)  # warm the caches
        self.assertEqual(queries_to_classify(10), queries_to_classify(40))

    def test_rules_on_nature_size_and_trend(self):
        Rule = self.env["cc.partner.class.rule"]
        company = self.env.company
        rules = {
            rule.partner_class: rule
            for rule in Rule.search([("company_id", "=", company.id)])
        }
        # class A also requires a large company, class C a revenue not declining
        rules["a"].min_company_size = "large"
        rules["c"].min_revenue_trend = "stable"
        # distributors reach class B from 3000
        Rule.create(
            {
                "partner_class": "b",
                "customer_nature": "distributor",
                "min_revenue": 3000,
                "company_id": company.id,
            }
        )
        with self.assertRaises(ValidationError) as error:
            Rule.create(
                {"partner_class": "b", "min_revenue": 1, "company_id": company.id}
            )
        self.assertIn("already has a rule", str(error.exception))
        Partner = self.env["res.partner"]
        Partner._cron_cc_evaluate_classes(today=self.today)
        self.assertEqual(self.big.cc_class, "b", "12000 but of unknown size")
        self.assertEqual(self.big.cc_revenue_trend, "growing")
        self.assertEqual(self.mid.cc_class, "c")
        self.big.cc_company_size = "large"
        self.mid.cc_customer_nature = "distributor"
        # the monthly run evaluates each customer once a month; the manager's
        # evaluation (the button) evaluates again
        self.assertFalse(Partner._cron_cc_evaluate_classes(today=self.today))
        self.assertEqual(self.big.cc_class, "b", "already evaluated this month")
        Partner._cc_evaluate_classes(self.env.company, today=self.today)
        self.assertEqual(self.big.cc_class, "a")
        self.assertEqual(self.mid.cc_class, "b", "4500 is class B for a distributor")
        self.assertEqual(self.old.cc_revenue_trend, "declining")
        self.assertEqual(self.old.cc_class, "d")
        # 9000 in the twelve months before: the 4500 of now is a declining trend
        self.init_invoice(
            "out_invoice",
            partner=self.mid,
            invoice_date=date(2025, 3, 1),
            amounts=[9000],
            taxes=[],
            post=True,
        )
        self.mid.cc_customer_nature = "retailer"
        Partner._cc_evaluate_classes(self.env.company, today=self.today)
        self.assertEqual(self.mid.cc_revenue_trend, "declining")
        self.assertEqual(
            self.mid.cc_class, "d", "class C requires a stable or growing revenue"
        )
        self.assertFalse(self.idle.cc_revenue_trend, "no revenue in either period")

    def test_visits_due_by_class_policy(self):
        """Class A is due two visits a month, a key customer one visit a
        quarter: the daily cron flags them and reminds the salesperson once,
        and closes the reminder when the visits are reported."""
        salesperson = new_test_user(
            self.env,
            login="cc_class_sales",
            name="Class Salesperson",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        Rule = self.env["cc.partner.class.rule"]
        Rule.search([("company_id", "=", self.env.company.id)]).write(
            {"visits_per_month": 0}
        )
        Rule.search(
            [("company_id", "=", self.env.company.id), ("partner_class", "=", "a")]
        ).visits_per_month = 2
        Partner = self.env["res.partner"]
        Partner._cron_cc_evaluate_classes(today=self.today)
        (self.big | self.idle).user_id = salesperson
        self.idle.cc_is_key_customer = True
        self.mid.user_id = salesperson
        cron = self.env.ref("cc_customer_comm.ir_cron_cc_visits_due")
        self.assertEqual(cron.code, "model._cron_cc_visits_due()")
        activity_type = self.env.ref("cc_customer_comm.mail_activity_type_cc_visit_due")

        def reminders(partner):
            return partner.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )

        with freeze_time("2026-06-15"):
            Partner._cron_cc_visits_due()
            self.assertTrue(self.big.cc_visits_due)
            self.assertTrue(self.idle.cc_visits_due, "key customer not visited in Q2")
            self.assertFalse(self.mid.cc_visits_due, "class C is due no visit")
            self.assertEqual(reminders(self.big).user_id, salesperson)
            self.assertEqual(reminders(self.big).date_deadline, date(2026, 6, 30))
            self.assertIn("0 of 2 visits", reminders(self.big).summary)
            self.assertIn("quarter", reminders(self.idle).summary)
            self.assertFalse(reminders(self.mid))
            self.assertEqual(self.big.cc_visits_checked_on, self.today)
        with freeze_time("2026-06-16"):
            # the next day's run reminds nobody twice
            Partner._cron_cc_visits_due()
            self.assertEqual(len(reminders(self.big)), 1)
            Visit = self.env["cc.visit.report"].with_user(salesperson)
            Visit.create(
                [
                    {"partner_id": self.big.id, "visit_date": date(2026, 6, 2)},
                    {"partner_id": self.idle.id, "visit_date": date(2026, 4, 20)},
                ]
            )
            self.assertEqual(self.big.with_user(salesperson).cc_visits_this_month, 1)
            self.assertEqual(self.big.cc_visits_per_month, 2)
            # checked once a day: the visits count from the next run
            Partner._cron_cc_visits_due()
            self.assertTrue(self.idle.cc_visits_due)
        with freeze_time("2026-06-17"):
            Partner._cron_cc_visits_due()
            self.assertTrue(self.big.cc_visits_due, "one visit of two")
            self.assertFalse(self.idle.cc_visits_due, "visited in April, same quarter")
            self.assertFalse(reminders(self.idle))
            Visit.create(
                {"partner_id": self.big_contact.id, "visit_date": date(2026, 6, 12)}
            )
        with freeze_time("2026-06-18"):
            Partner._cron_cc_visits_due()
            self.assertFalse(
                self.big.cc_visits_due, "a visit to its contact counts for it"
            )
            self.assertFalse(reminders(self.big))
            self.assertTrue(
                self.big.message_ids.filtered(
                    lambda m: "Visited as the class requires" in str(m.body)
                ),
                "the reminder is marked done",
            )
        with freeze_time("2026-07-02"):
            Partner._cron_cc_visits_due()
            self.assertTrue(self.big.cc_visits_due, "a new month")
            self.assertTrue(self.idle.cc_visits_due, "a new quarter")
            self.assertEqual(reminders(self.idle).date_deadline, date(2026, 9, 30))
