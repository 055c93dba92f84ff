from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.modules.migration import load_script
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import freeze_time

from .common import CcCommon

# a 1x1 transparent PNG
SIGNATURE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8"
    "AAAAASUVORK5CYII="
)


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

    def test_score_scales_of_the_form(self):
        """Quality 100/90/85/80/70/60, service 100/90/85/80/30/0, renown
        100/90/85/80/70/60/50: the grades of the paper form, no more."""
        Visit = self.env["cc.visit.report"]

        def keys(fname):
            return [key for key, _label in Visit._fields[fname].selection]

        self.assertEqual(keys("quality_score"), ["100", "90", "85", "80", "70", "60"])
        self.assertEqual(keys("service_score"), ["100", "90", "85", "80", "30", "0"])
        self.assertEqual(
            keys("renown_score"), ["100", "90", "85", "80", "70", "60", "50"]
        )
        report = Visit.create(
            {"partner_id": self.customer.id, "visit_date": date(2026, 3, 5)}
        )
        with self.assertRaises(ValueError):
            report.write({"quality_score": "50"})
        with self.assertRaises(ValueError):
            report.write({"service_score": "70"})

    def test_migration_moves_removed_grades(self):
        Visit = self.env["cc.visit.report"]
        old, kept = Visit.create(
            [
                {"partner_id": self.customer.id, "visit_date": date(2026, 3, 5)},
                {
                    "partner_id": self.customer.id,
                    "visit_date": date(2026, 3, 5),
                    "quality_score": "70",
                    "service_score": "30",
                    "renown_score": "50",
                },
            ]
        )
        self.env.flush_all()
        # answers stored by the previous version's scales
        self.env.cr.execute(
            "UPDATE cc_visit_report SET quality_score = '50', service_score = '70',"
            " renown_score = '60', score_total = 180, score_average = 60"
            " WHERE id = %s",
            [old.id],
        )
        self.env.invalidate_all()
        script = load_script(
            "cc_customer_comm/migrations/18.0.1.1.0/post-migration.py",
            "cc_customer_comm_post_migration_18_0_1_1_0",
        )
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(old.quality_score, "60", "unacceptable (50) becomes fail (60)")
        self.assertEqual(old.service_score, "80", "acceptable (70) becomes fair (80)")
        self.assertEqual(old.renown_score, "60")
        self.assertEqual(old.score_total, 200)
        self.assertAlmostEqual(old.score_average, 66.7, places=1)
        note = old.message_ids.filtered(lambda m: "Score scale" in str(m.body))
        self.assertEqual(len(note), 1)
        self.assertIn("50 → 60", str(note.body))
        self.assertIn("70 → 80", str(note.body))
        self.assertEqual(
            (kept.quality_score, kept.service_score, kept.score_total),
            ("70", "30", 150),
            "answers of the form's grades are left as they are",
        )
        self.assertFalse(
            kept.message_ids.filtered(lambda m: "Score scale" in str(m.body))
        )
        # a fresh install has nothing to migrate
        self.assertIsNone(script.migrate(self.env.cr, None))

    def test_paper_form_fields_and_signature(self):
        """The fields of the paper form: legal representative, the contact's
        position, phone and mobile, the customer's signature; in the PDF."""
        self.customer.cc_legal_representative = "张伟"
        contact = self.env["res.partner"].create(
            {
                "name": "李娜",
                "parent_id": self.customer.id,
                "function": "采购经理",
                "phone": "+86 21 5555 0101",
                "mobile": "+86 138 0000 0101",
            }
        )
        with freeze_time("2026-03-06"):
            with Form(self.env["cc.visit.report"].with_user(self.salesperson)) as form:
                form.partner_id = self.customer
                self.assertEqual(form.legal_representative, "张伟")
                form.contact_id = contact
                self.assertEqual(form.contact_name, "李娜")
                self.assertEqual(form.contact_function, "采购经理")
                self.assertEqual(form.contact_phone, "+86 21 5555 0101")
                self.assertEqual(form.contact_mobile, "+86 138 0000 0101")
                form.contact_mobile = "+86 139 0000 0202"
                form.visit_date = date(2026, 3, 5)
                form.quality_score = "70"
                form.customer_signed_by = "李娜"
                form.customer_signature = SIGNATURE_PNG
        report = form.record
        self.assertEqual(report.contact_mobile, "+86 139 0000 0202")
        self.assertEqual(
            contact.mobile, "+86 138 0000 0101", "the contact itself is unchanged"
        )
        self.assertTrue(report.customer_signature)
        self.assertTrue(report.customer_signed_on)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.salesperson)
            ._render_qweb_html("cc_customer_comm.cc_visit_report_pdf", report.ids)[0]
            .decode()
        )
        for text in ("张伟", "李娜", "采购经理", "+86 139 0000 0202", "Pass (70)"):
            self.assertIn(text, html)
        self.assertIn("data:image/png;base64", html, "the signature is printed")

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
        # the salespeople's sales team, led by the manager (who approves their
        # visit plans as team leader)
        cls.sales_team = cls.env["crm.team"].create(
            {
                "name": "CC Test Sales Team",
                "user_id": cls.manager.id,
                "member_ids": [
                    Command.link(cls.salesperson.id),
                    Command.link(cls.salesperson_2.id),
                ],
            }
        )
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
        self.assertEqual(plan.team_id, self.sales_team)
        self.assertEqual(plan.team_leader_id, self.manager)
        self.assertTrue(plan.need_validation)
        # the salesperson cannot approve without a review
        with self.assertRaises(ValidationError):
            plan.action_approve()
        self.assertEqual(plan.state, "draft")
        plan.request_validation()
        plan.invalidate_recordset()
        self.assertEqual(plan.validation_status, "waiting")
        self.assertEqual(plan.review_ids.reviewer_ids, self.manager)
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
        # the team leader validates: the plan is approved at once
        plan_as_leader = plan.with_user(self.manager)
        self.assertTrue(plan_as_leader.can_review)
        plan_as_leader.validate_tier()
        self.assertEqual(plan.validation_status, "validated")
        self.assertEqual(plan.state, "approved")
        plan.action_done()
        self.assertEqual(plan.state, "done")

    def test_own_team_leader_approves_not_any_manager(self):
        """A plan goes to the leader of the salesperson's own team, even a
        plain Customer Service user; another team's leader or a Customer
        Service manager cannot approve it."""
        leader = self.department_head
        salesperson = new_test_user(
            self.env,
            login="cc_sales_3",
            name="CC Sales Three",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        self.env["crm.team"].create(
            {
                "name": "CC East Team",
                "user_id": leader.id,
                "member_ids": [Command.link(salesperson.id)],
            }
        )
        with Form(self.env["cc.visit.plan"].with_user(salesperson)) as form:
            form.date_start = date(2026, 4, 1)
            with form.line_ids.new() as line:
                line.partner_id = self.customer_2
                line.planned_date = date(2026, 4, 9)
        plan = form.record
        self.assertEqual(plan.team_leader_id, leader)
        plan.request_validation()
        self.assertEqual(plan.review_ids.reviewer_ids, leader)
        self.assertFalse(
            self.env["cc.visit.plan"]
            .with_user(self.salesperson)
            .search([("id", "=", plan.id)]),
            "another salesperson does not see the plan",
        )
        self.assertIn(
            plan,
            self.env["cc.visit.plan"]
            .with_user(leader)
            .search([("team_leader_id", "=", leader.id)]),
            "the team leader sees the plans of the team",
        )
        plan.with_user(self.manager).invalidate_recordset()
        self.assertFalse(plan.with_user(self.manager).can_review)
        plan.with_user(self.manager).validate_tier()
        self.assertEqual(plan.state, "draft", "a manager of another team cannot")
        plan.with_user(leader).validate_tier()
        self.assertEqual(plan.state, "approved")

    def test_migration_moves_approval_to_team_leader(self):
        definition = self.env.ref(
            "cc_customer_comm.tier_definition_cc_visit_plan_manager"
        )
        self.assertEqual(definition.review_type, "field")
        self.assertEqual(definition.reviewer_field_id.name, "team_leader_id")
        # as shipped by the previous version (noupdate: not changed by an update)
        manager_group = self.env.ref("cc_customer_comm.group_cc_manager")
        definition.write(
            {
                "review_type": "group",
                "reviewer_field_id": False,
                "reviewer_group_id": manager_group.id,
            }
        )
        script = load_script(
            "cc_customer_comm/migrations/18.0.1.1.0/post-migration.py",
            "cc_customer_comm_post_migration_18_0_1_1_0",
        )
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(definition.review_type, "field")
        self.assertFalse(definition.reviewer_group_id)
        self.assertEqual(definition.reviewer_field_id.name, "team_leader_id")
        self.plan.request_validation()
        self.assertEqual(self.plan.review_ids.reviewer_ids, self.manager)

    def test_request_without_team_leader_refused(self):
        loner = new_test_user(
            self.env,
            login="cc_sales_loner",
            name="CC Lone Salesperson",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        plan = (
            self.env["cc.visit.plan"]
            .with_user(loner)
            .create(
                {
                    "date_start": date(2026, 4, 1),
                    "line_ids": [
                        Command.create(
                            {
                                "partner_id": self.customer_2.id,
                                "planned_date": date(2026, 4, 3),
                            }
                        )
                    ],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Sales Team Leader is required"):
            plan.request_validation()
        self.assertFalse(plan.review_ids)

    def test_quarterly_and_annual_patrol_plans(self):
        Plan = self.env["cc.visit.plan"].with_user(self.salesperson_2)
        with Form(Plan) as form:
            form.plan_type = "quarterly"
            form.is_patrol = True
            form.date_start = date(2026, 5, 17)
            with form.line_ids.new() as line:
                line.partner_id = self.customer
                line.planned_date = date(2026, 6, 20)
        quarterly = form.record
        self.assertEqual(quarterly.date_start, date(2026, 4, 1))
        self.assertEqual(quarterly.date_end, date(2026, 6, 30))
        self.assertEqual(quarterly.deadline, date(2026, 3, 31))
        self.assertIn("2026-Q2", quarterly.name)
        self.assertIn("Patrol", quarterly.name)
        annual = Plan.create(
            {
                "plan_type": "annual",
                "is_patrol": True,
                "date_start": date(2027, 3, 3),
                "line_ids": [
                    Command.create(
                        {
                            "partner_id": self.customer.id,
                            "planned_date": date(2027, 11, 2),
                        }
                    )
                ],
            }
        )
        self.assertEqual(annual.date_start, date(2027, 1, 1))
        self.assertEqual(annual.date_end, date(2027, 12, 31))
        self.assertEqual(annual.deadline, date(2026, 12, 31))
        with self.assertRaisesRegex(ValidationError, "Planned Date"):
            annual.line_ids.planned_date = date(2028, 1, 2)
        # a monthly plan of the same salesperson for April is another plan
        monthly = Plan.create({"date_start": date(2026, 4, 1)})
        self.assertEqual(monthly.date_end, date(2026, 4, 30))

    def test_patrol_visitor_is_not_the_salesperson(self):
        Plan = self.env["cc.visit.plan"].with_user(self.salesperson)
        with self.assertRaises(ValidationError) as error:
            Plan.create(
                {
                    "plan_type": "quarterly",
                    "is_patrol": True,
                    "date_start": date(2026, 7, 1),
                    "line_ids": [
                        Command.create(
                            {
                                "partner_id": self.customer.id,
                                "planned_date": date(2026, 7, 8),
                            }
                        )
                    ],
                }
            )
        self.assertIn("patrol visitor", str(error.exception))
        # a monthly plan of the salesperson visits their own customers
        self.assertEqual(self.plan.line_ids.partner_id, self.customer)
        with self.assertRaises(ValidationError) as error:
            self.plan.is_patrol = True
        self.assertIn("patrol visitor", str(error.exception))
        patrol = Plan.create(
            {
                "plan_type": "quarterly",
                "is_patrol": True,
                "date_start": date(2026, 7, 1),
                "line_ids": [
                    Command.create(
                        {
                            "partner_id": self.customer_2.id,
                            "planned_date": date(2026, 7, 8),
                        }
                    )
                ],
            }
        )
        with self.assertRaises(ValidationError) as error:
            patrol.line_ids.partner_id = self.customer
        self.assertIn("patrol visitor", str(error.exception))

    def test_submission_reminder_and_overdue(self):
        Plan = self.env["cc.visit.plan"]
        plan = Plan.with_user(self.salesperson).create(
            {
                "date_start": date(2026, 5, 1),
                "line_ids": [
                    Command.create(
                        {
                            "partner_id": self.customer.id,
                            "planned_date": date(2026, 5, 6),
                        }
                    )
                ],
            }
        )
        self.assertEqual(plan.deadline, date(2026, 4, 30), "due at the month end")
        cron = self.env.ref("cc_customer_comm.ir_cron_cc_visit_plan_reminders")
        with freeze_time("2026-04-26"):
            cron.method_direct_trigger()
        self.assertFalse(plan.activity_ids)
        with freeze_time("2026-04-28"):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.assertEqual(len(plan.activity_ids), 1, "reminded once")
        self.assertEqual(plan.activity_ids.user_id, self.salesperson)
        self.assertEqual(plan.activity_ids.date_deadline, date(2026, 4, 30))
        self.assertIn("Submit the visit plan", plan.activity_ids.summary)
        self.assertFalse(plan.is_overdue)
        with freeze_time("2026-05-01"):
            cron.method_direct_trigger()
        self.assertTrue(plan.is_overdue)
        plan.request_validation()
        self.assertFalse(plan.is_overdue, "submitted: no longer late")
        with freeze_time("2026-05-02"):
            cron.method_direct_trigger()
        self.assertFalse(plan.is_overdue)

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
