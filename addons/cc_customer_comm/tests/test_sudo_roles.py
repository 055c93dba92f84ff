from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .test_customer_relations import CcRelationsCommon


@tagged("post_install", "-at_install")
class TestCustomerCommRightsPerRole(CcRelationsCommon):
    """The flows whose superuser calls were removed or kept, run by each role
    with its own rights: Customer Service user, Customer Service manager, and
    an internal user without Customer Service rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.core_user = new_test_user(
            cls.env,
            login="cc_core_only",
            email="cc.core.only@example.com",
            groups="base.group_user",
        )
        # the class rules of the company (data); the customer in the class
        # with the most visits a month
        Rule = cls.env["cc.partner.class.rule"]
        cls.policy = Rule._cc_visit_policy(cls.company)
        cls.thresholds = Rule._cc_thresholds(cls.company)
        cls.partner_class = max(cls.policy, key=cls.policy.get)
        cls.customer.write(
            {
                "cc_class_manual": cls.partner_class,
                "cc_class_manual_reason": "Strategic account",
            }
        )

    # Customer Service user ---------------------------------------------
    def test_cc_user_urgent_report_reaches_managers(self):
        Report = self.env["cc.visit.report"].with_user(self.salesperson)
        managers = Report._cc_manager_users(self.company)
        self.assertIn(self.manager, managers)
        self.assertFalse(managers.env.su, "the managers come back without superuser")
        report = Report.create(
            {
                "partner_id": self.customer.id,
                "visit_date": fields.Date.today(),
                "is_urgent": True,
                "urgent_type": "product_defect",
                "urgent_note": "Cracks on the housing",
            }
        )
        self.assertIn(self.manager, report.activity_ids.user_id)

    def test_cc_user_reads_class_rules(self):
        thresholds = (
            self.env["cc.partner.class.rule"]
            .with_user(self.salesperson)
            ._cc_thresholds(self.company)
        )
        self.assertTrue(thresholds)
        self.assertEqual(thresholds, self.thresholds)

    def test_cc_user_counts_colleagues_visits(self):
        """A salesperson's record rule hides a colleague's report; the visit
        counters of the customer still count it (kept superuser, counts only)."""
        self.env["cc.visit.report"].with_user(self.salesperson).create(
            {"partner_id": self.customer.id, "visit_date": fields.Date.today()}
        )
        colleague = self.customer.with_user(self.salesperson_2)
        self.assertFalse(
            self.env["cc.visit.report"]
            .with_user(self.salesperson_2)
            .search_count([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(colleague.cc_visits_this_month, 1)
        self.assertEqual(colleague.cc_visits_per_month, self.policy[self.partner_class])

    # Customer Service manager ------------------------------------------
    def test_cc_manager_sends_report_now(self):
        """Run, attachment and e-mail of "send now" with the manager's rights;
        the run comes back without superuser."""
        schedule = (
            self.env["cc.report.schedule"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Weekly visits",
                    "report_id": self.env.ref(
                        "cc_customer_comm.cc_visit_daily_xlsx"
                    ).id,
                    "frequency": "weekly",
                    "weekday": "4",
                    "period": "previous_week",
                    "user_ids": [Command.set(self.salesperson.ids)],
                    "user_id": self.manager.id,
                }
            )
        )
        run = schedule._cc_run_safely(fields.Date.today(), advance=False)
        self.assertFalse(run.env.su)
        self.assertEqual(run.state, "success", run.error_message)
        self.assertTrue(run.attachment_id)
        self.assertTrue(run.mail_id)
        self.assertFalse(schedule.last_run)

    def test_cc_manager_evaluates_class(self):
        """The manager's button writes class fields that only partner managers
        may write (kept superuser)."""
        self.assertFalse(
            self.manager.has_group("base.group_partner_manager"),
            "the evaluation must not rely on partner-manager rights",
        )
        self.customer.with_user(self.manager).action_cc_evaluate_class()
        self.assertEqual(self.customer.cc_last_evaluation_date, fields.Date.today())

    # Internal user without Customer Service rights -----------------------
    def test_core_user_reads_customer_counters(self):
        self.env["cc.visit.report"].with_user(self.salesperson).create(
            {"partner_id": self.customer.id, "visit_date": fields.Date.today()}
        )
        customer = self.customer.with_user(self.core_user)
        self.assertFalse(
            self.env["cc.partner.class.rule"]
            .with_user(self.core_user)
            .has_access("read")
        )
        self.assertEqual(customer.cc_visits_per_month, self.policy[self.partner_class])
        self.assertEqual(customer.cc_visits_this_month, 1)
        self.assertEqual(customer.cc_revenue_12m, 0.0)
