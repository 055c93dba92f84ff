from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import freeze_time

from .common import CcCommon


@tagged("post_install", "-at_install")
class TestVisitReport(CcCommon):
    def test_deadline_two_days_and_overdue(self):
        report = (
            self.env["cc.visit.report"]
            .with_user(self.salesperson)
            .create({"partner_id": self.customer.id, "visit_date": date(2026, 3, 5)})
        )
        self.assertTrue(report.name.startswith("VR"))
        self.assertEqual(report.deadline, date(2026, 3, 7))
        Visit = self.env["cc.visit.report"]
        Visit._cron_cc_mark_overdue(today=date(2026, 3, 7))
        self.assertFalse(report.is_overdue)
        Visit._cron_cc_mark_overdue(today=date(2026, 3, 8))
        self.assertTrue(report.is_overdue)
        self.assertTrue(
            report.activity_ids.filtered(lambda a: a.user_id == self.salesperson),
            "the salesperson is reminded",
        )
        report.action_submit()
        Visit._cron_cc_mark_overdue(today=date(2026, 3, 9))
        self.assertFalse(report.is_overdue, "a submitted report is no longer overdue")

    def test_scores(self):
        with Form(self.env["cc.visit.report"].with_user(self.salesperson)) as form:
            form.partner_id = self.customer
            form.visit_date = date(2026, 3, 5)
            form.quality_score = "90"
            form.service_score = "30"
            self.assertEqual(form.score_total, 120)
            self.assertEqual(form.score_average, 60.0)
            form.renown_score = "50"
        report = form.record
        self.assertEqual(report.score_total, 170)
        self.assertAlmostEqual(report.score_average, 56.7, places=1)
        report.service_score = "0"
        self.assertEqual(report.score_total, 140)
        with self.assertRaises(ValueError):
            report.write({"quality_score": "55"})
        with self.assertRaises(ValueError):
            report.write({"service_score": "60"})

    def test_future_visit_rejected(self):
        with (
            freeze_time("2026-03-05"),
            self.assertRaisesRegex(ValidationError, "Visit Date"),
        ):
            self.env["cc.visit.report"].create(
                {"partner_id": self.customer.id, "visit_date": date(2026, 3, 6)}
            )

    def test_urgent_report_notifies_managers(self):
        with self.assertRaisesRegex(ValidationError, "Urgent Type"):
            self.env["cc.visit.report"].create(
                {
                    "partner_id": self.customer.id,
                    "visit_date": date(2026, 3, 5),
                    "is_urgent": True,
                }
            )
        report = (
            self.env["cc.visit.report"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "visit_date": date(2026, 3, 5),
                    "is_urgent": True,
                    "urgent_type": "product_defect",
                    "urgent_note": "Cracks on the housing of batch 2603",
                }
            )
        )
        self.assertTrue(report.urgent_notified_date)
        message = report.message_ids.filtered(lambda m: m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(self.manager.partner_id, message.partner_ids)
        self.assertNotIn(self.salesperson.partner_id, message.partner_ids)
        self.assertIn("Major Defect", str(message.body))
        self.assertIn(
            self.manager, report.activity_ids.user_id, "each manager gets an activity"
        )
        # notified once only
        report.write({"urgent_type": "other"})
        self.assertEqual(len(report.message_ids.filtered(lambda m: m.partner_ids)), 1)

    def test_urgent_flag_set_later_notifies(self):
        report = self.env["cc.visit.report"].create(
            {"partner_id": self.customer.id, "visit_date": date(2026, 3, 5)}
        )
        self.assertFalse(report.urgent_notified_date)
        report.write({"is_urgent": True, "urgent_type": "competitor_product"})
        self.assertTrue(report.urgent_notified_date)
        self.assertIn(self.manager, report.activity_ids.user_id)

    def test_promises_create_activities(self):
        report = (
            self.env["cc.visit.report"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "visit_date": date(2026, 3, 5),
                    "promise_ids": [
                        Command.create(
                            {
                                "name": "Send the Spanish manual",
                                "due_date": date(2026, 3, 10),
                                "user_id": self.salesperson_2.id,
                            }
                        )
                    ],
                }
            )
        )
        promise = report.promise_ids
        self.assertTrue(promise.activity_id)
        self.assertEqual(promise.activity_id.user_id, self.salesperson_2)
        self.assertEqual(promise.activity_id.date_deadline, date(2026, 3, 10))
        self.assertEqual(promise.activity_id.res_id, report.id)
        self.assertFalse(promise.done)
        promise.activity_id.sudo().action_feedback(feedback="Sent")
        promise.invalidate_recordset()
        self.assertTrue(promise.done)

    def test_state_flow(self):
        report = (
            self.env["cc.visit.report"]
            .with_user(self.salesperson)
            .create({"partner_id": self.customer.id, "visit_date": date(2026, 3, 5)})
        )
        with self.assertRaises(UserError):
            report.action_review()
        report.action_submit()
        with self.assertRaises(UserError):
            report.action_review()  # not a manager
        report.with_user(self.manager).action_review()
        self.assertEqual(report.state, "reviewed")
        with self.assertRaises(UserError):
            report.action_cancel()


@tagged("post_install", "-at_install")
class TestVisitPlan(CcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = (
            cls.env["cc.visit.plan"]
            .with_user(cls.salesperson)
            .create(
                {
                    "date_start": date(2026, 4, 1),
                    "line_ids": [
                        Command.create(
                            {
                                "partner_id": cls.customer.id,
                                "planned_date": date(2026, 4, 8),
                                "purpose": "new_product",
                                "items_requested": "Samples",
                                "expense_amount": 300,
                            }
                        ),
                        Command.create(
                            {
                                "partner_id": cls.customer.id,
                                "planned_date": date(2026, 4, 22),
                                "purpose": "payment",
                                "expense_amount": 120,
                            }
                        ),
                    ],
                }
            )
        )

    def test_plan_form(self):
        with Form(self.env["cc.visit.plan"].with_user(self.salesperson_2)) as form:
            form.date_start = date(2026, 5, 17)
            with form.line_ids.new() as line:
                line.partner_id = self.customer_2
                line.planned_date = date(2026, 5, 20)
                line.purpose = "relationship"
                line.expense_amount = 80
        plan = form.record
        self.assertEqual(
            plan.date_start, date(2026, 5, 1), "the month starts on the 1st"
        )
        self.assertEqual(plan.user_id, self.salesperson_2)
        self.assertIn("2026-05", plan.name)
        self.assertEqual(plan.expense_total, 80)

    def test_totals_and_month(self):
        self.assertEqual(self.plan.line_count, 2)
        self.assertEqual(self.plan.expense_total, 420)
        self.assertEqual(self.plan.date_end, date(2026, 4, 30))
        with self.assertRaisesRegex(ValidationError, "Planned Date"):
            self.plan.line_ids[0].planned_date = date(2026, 5, 1)

    def test_tier_approval(self):
        plan = self.plan
        self.assertTrue(plan.need_validation)
        # the salesperson cannot approve without a review
        with self.assertRaises(ValidationError):
            plan.action_approve()
        self.assertEqual(plan.state, "draft")
        plan.request_validation()
        plan.invalidate_recordset()
        self.assertEqual(plan.validation_status, "waiting")
        self.assertIn(self.manager, plan.reviewer_ids)
        self.assertNotIn(self.salesperson, plan.reviewer_ids)
        # planned visits are locked while under review
        with self.assertRaises(UserError):
            plan.line_ids[0].expense_amount = 1000
        # a non-reviewer (the salesperson himself) cannot validate
        self.assertFalse(plan.can_review)
        plan.validate_tier()
        self.assertEqual(plan.state, "draft")
        self.assertNotEqual(plan.validation_status, "validated")
        with self.assertRaises(ValidationError):
            plan.action_approve()
        # the manager validates: the plan is approved at once
        plan_as_manager = plan.with_user(self.manager)
        self.assertTrue(plan_as_manager.can_review)
        plan_as_manager.validate_tier()
        self.assertEqual(plan.validation_status, "validated")
        self.assertEqual(plan.state, "approved")
        plan.action_done()
        self.assertEqual(plan.state, "done")

    def test_tier_rejection(self):
        self.plan.request_validation()
        self.plan.with_user(self.manager).reject_tier()
        self.assertEqual(self.plan.validation_status, "rejected")
        with self.assertRaises(ValidationError):
            self.plan.action_approve()
        self.assertEqual(self.plan.state, "draft")

    def test_report_from_planned_visit(self):
        self.plan.request_validation()
        self.plan.with_user(self.manager).validate_tier()
        line = self.plan.line_ids[0]
        with freeze_time("2026-04-09"):
            with Form(self.env["cc.visit.report"].with_user(self.salesperson)) as form:
                form.plan_line_id = line
                self.assertEqual(form.partner_id, self.customer)
                self.assertEqual(form.purpose, "new_product")
                self.assertEqual(form.visit_date, date(2026, 4, 8))
        self.assertTrue(form.record.is_planned)
        self.assertTrue(line.visited)
        self.assertFalse(self.plan.line_ids[1].visited)
