import base64
import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import freeze_time

from .common import CcCommon


class CcRelationsCommon(CcCommon):
    """Management roles, a sales team with its leader and the office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="cc_rep",
            name="CC Management Representative",
            email="cc.rep@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_management_rep",
        )
        cls.gm = new_test_user(
            cls.env,
            login="cc_gm",
            name="CC General Manager",
            email="cc.gm@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_gm",
        )
        cls.leader = new_test_user(
            cls.env,
            login="cc_leader",
            name="CC Team Leader",
            email="cc.leader@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        cls.office_head = new_test_user(
            cls.env,
            login="cc_office",
            name="CC Office Head",
            email="cc.office@example.com",
            groups="base.group_user,cc_customer_comm.group_cc_user",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "CC Relations Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.link(cls.salesperson.id)],
            }
        )
        cls.office = cls.env["cc.communication.department"].create(
            {"name": "Test Office", "user_id": cls.office_head.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "CC Sample Pump", "type": "consu"}
        )


@tagged("post_install", "-at_install")
class TestCompanyVisit(CcRelationsCommon):
    def _new_visit(self, user=None, **values):
        user = user or self.salesperson
        with Form(self.env["cc.company.visit"].with_user(user)) as form:
            form.partner_id = self.customer
            form.visitor_names = "Mr Wang, purchasing manager"
            form.visitor_count = 2
            form.purpose = "Audit the assembly line"
            form.date_arrival = datetime(2026, 4, 8, 1, 0)
            form.date_departure = datetime(2026, 4, 9, 9, 0)
            form.office_id = self.office
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def test_flow_request_approve_arrange_file(self):
        visit = self._new_visit(lodging_needed=True)
        self.assertTrue(visit.name.startswith("CV"))
        self.assertEqual(visit.state, "draft")
        # no approval without the review
        with self.assertRaises(ValidationError):
            visit.action_approve()
        visit.request_validation()
        reviewers = visit.review_ids.reviewer_ids
        self.assertIn(self.rep, reviewers)
        self.assertIn(self.gm, reviewers)
        self.assertNotIn(self.manager, reviewers)
        self.assertNotIn(self.salesperson, reviewers)
        # the requester is no reviewer
        visit.validate_tier()
        self.assertEqual(visit.state, "draft")
        # a plain manager is no management representative either
        visit.with_user(self.manager).validate_tier()
        self.assertEqual(visit.state, "draft")
        visit.with_user(self.rep).validate_tier()
        self.assertEqual(visit.state, "approved")
        self.assertEqual(len(visit.review_ids), 1, "no second review")
        # the office is asked to arrange the reception
        activity = visit.activity_ids
        self.assertEqual(activity.user_id, self.office_head)
        self.assertIn("lodging", str(activity.note))

        office_visit = visit.with_user(self.office_head)
        office_visit.programme = "Presentation, line tour, meeting"
        with self.assertRaisesRegex(UserError, "Lodging Arrangement"):
            office_visit.action_arrange()
        self.assertEqual(visit.state, "approved")
        office_visit.lodging = "Two rooms, one night"
        office_visit.action_arrange()
        self.assertEqual(visit.state, "arranged")
        self.assertEqual(visit.arranged_by_id, self.office_head)
        self.assertFalse(visit.activity_ids, "the office's activity is done")

        with self.assertRaisesRegex(UserError, "Presentation Given"):
            visit.action_done()
        attachment = self.env["ir.attachment"].create(
            {"name": "customer_spec.pdf", "raw": b"%PDF-1.4 spec"}
        )
        with Form(visit) as form:
            form.presentation = "Company profile, production and quality"
            with form.question_ids.new() as line:
                line.question = "Monthly capacity?"
                line.answer = "1,200 units"
                line.department_id = self.department
            form.material_ids.add(attachment)
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.done_date)
        self.assertEqual(len(visit.question_ids), 1)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("cc.company.visit", visit.id)
        )
        with self.assertRaises(UserError):
            visit.unlink()

    def test_arrange_only_by_office_head(self):
        visit = self._new_visit(programme="Tour")
        visit.request_validation()
        visit.with_user(self.gm).validate_tier()
        self.assertEqual(visit.state, "approved")
        with self.assertRaisesRegex(AccessError, "Test Office"):
            visit.action_arrange()
        self.assertEqual(visit.state, "approved")
        visit.with_user(self.manager).action_arrange()
        self.assertEqual(visit.state, "arranged")

    def test_refusals(self):
        with self.assertRaisesRegex(ValidationError, "Departure"):
            self._new_visit(date_departure=datetime(2026, 4, 7, 9, 0))
        with self.assertRaisesRegex(ValidationError, "Number of Visitors"):
            self._new_visit(visitor_count=0)
        visit = self._new_visit()
        with self.assertRaises(UserError):
            visit.write({"state": "approved"})
        with self.assertRaises(UserError):
            visit.action_done()

    def test_cancel_and_reset(self):
        visit = self._new_visit(programme="Tour")
        visit.request_validation()
        visit.with_user(self.rep).validate_tier()
        visit.action_cancel()
        self.assertEqual(visit.state, "cancel")
        self.assertFalse(visit.activity_ids)
        visit.action_draft()
        self.assertEqual(visit.state, "draft")
        self.assertFalse(visit.review_ids, "a new approval is needed")

    def test_access_rights(self):
        visit = self._new_visit()
        # another salesperson sees neither the visit nor its questions
        with self.assertRaises(AccessError):
            visit.with_user(self.salesperson_2).read(["name"])
        # the office head sees the visits their office receives
        self.assertEqual(
            visit.with_user(self.office_head).read(["name"])[0]["name"], visit.name
        )
        other = (
            self.env["cc.company.visit"]
            .with_company(self.other_company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "visitor_names": "X",
                    "purpose": "Y",
                    "date_arrival": datetime(2026, 4, 8),
                    "date_departure": datetime(2026, 4, 8),
                    "office_id": self.env["cc.communication.department"]
                    .with_company(self.other_company)
                    .create({"name": "Other Office"})
                    .id,
                    "user_id": self.manager.id,
                    "company_id": self.other_company.id,
                }
            )
        )
        visible = (
            self.env["cc.company.visit"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=self.company.ids)
            .search([])
            .ids
        )
        self.assertNotIn(other.id, visible, "another company's visit is hidden")
        self.assertIn(visit.id, visible)


@tagged("post_install", "-at_install")
class TestDevelopmentPlan(CcRelationsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technical = cls.env["cc.communication.department"].create(
            {"name": "Test Technical", "user_id": cls.department_head.id}
        )

    def _new_plan(self, **values):
        with Form(self.env["cc.development.plan"].with_user(self.salesperson)) as form:
            form.partner_id = self.customer
            form.research = "Imports 3,000 pumps a year"
            form.objective = "Become the second supplier"
            form.date_start = date(2026, 1, 1)
            form.date_end = date(2026, 6, 30)
            form.expected_revenue = 100000
            with form.support_ids.new() as line:
                line.department_id = self.technical
                line.support = "Adapt the flange"
                line.deadline = date(2026, 2, 15)
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def _approve(self, plan):
        plan.request_validation()
        plan.with_user(self.leader).validate_tier()
        plan.with_user(self.rep).validate_tier()

    def test_two_tiers_in_sequence(self):
        plan = self._new_plan()
        self.assertEqual(plan.team_id, self.team)
        self.assertEqual(plan.department_head_id, self.leader)
        self.assertEqual(plan.support_ids.user_id, self.department_head)
        plan.request_validation()
        reviews = plan.review_ids.sorted("sequence")
        self.assertEqual(len(reviews), 2)
        self.assertEqual(reviews[0].reviewer_ids, self.leader)
        self.assertIn(self.rep, reviews[1].reviewer_ids)
        self.assertNotIn(self.leader, reviews[1].reviewer_ids)
        # the management meeting waits for the department head
        plan.with_user(self.rep).validate_tier()
        self.assertNotIn("approved", reviews.mapped("status"))
        self.assertEqual(plan.state, "draft")
        # the specialist approves nothing
        plan.validate_tier()
        self.assertNotIn("approved", reviews.mapped("status"))
        plan.with_user(self.leader).validate_tier()
        self.assertEqual(reviews[0].status, "approved")
        self.assertNotEqual(reviews[1].status, "approved")
        self.assertEqual(plan.state, "draft")
        # the team leader is not the management meeting
        plan.with_user(self.leader).validate_tier()
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.rep).validate_tier()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.review_ids, reviews, "no second set of reviews")
        # the supporting department is asked for its support
        activity = plan.activity_ids.filtered(
            lambda a: a.user_id == self.department_head
        )
        self.assertEqual(activity.date_deadline, date(2026, 2, 15))
        plan.action_done()
        self.assertEqual(plan.state, "done")

    def test_refusals(self):
        with self.assertRaisesRegex(ValidationError, "Target Date"):
            self._new_plan(date_end=date(2025, 12, 31))
        with self.assertRaisesRegex(ValidationError, "Expected Annual Revenue"):
            self._new_plan(expected_revenue=-1)
        plan = self._new_plan(department_head_id=self.env["res.users"])
        with self.assertRaisesRegex(UserError, "Department Head"):
            plan.request_validation()
        self.assertFalse(plan.review_ids)
        # no progress on an unapproved plan
        with self.assertRaisesRegex(ValidationError, "approved development plans"):
            self.env["cc.development.progress"].create(
                {"plan_id": plan.id, "progress": 10, "achievements": "Met them"}
            )

    def test_progress_and_monthly_report(self):
        plan = self._new_plan()
        self._approve(plan)
        Progress = self.env["cc.development.progress"].with_user(self.salesperson)
        first = Progress.create(
            {
                "plan_id": plan.id,
                "month": date(2026, 2, 17),
                "progress": 30,
                "achievements": "Drawings received",
            }
        )
        self.assertEqual(first.month, date(2026, 2, 1), "stored as its month")
        with self.assertRaises(ValidationError) as error:
            Progress.create(
                {
                    "plan_id": plan.id,
                    "month": date(2026, 4, 1),
                    "progress": 120,
                    "achievements": "Too much",
                }
            )
        self.assertIn("between 0 and 100", str(error.exception))
        Progress.create(
            {
                "plan_id": plan.id,
                "month": date(2026, 3, 5),
                "progress": 55,
                "achievements": "Samples delivered",
                "difficulties": "Lead time",
            }
        )
        self.assertEqual(plan.last_progress, 55)
        self.assertEqual(plan.progress_count, 2)
        action = plan.action_view_progress()
        self.assertEqual(action["domain"], [("plan_id", "=", plan.id)])

        with freeze_time("2026-04-01"):
            schedule = self.env["cc.report.schedule"].create(
                {
                    "name": "Development progress",
                    "report_id": self.env.ref(
                        "cc_customer_comm.cc_development_progress_xlsx"
                    ).id,
                    "frequency": "monthly",
                    "day_of_month": 5,
                    "period": "previous_month",
                    "user_ids": [Command.link(self.manager.id)],
                }
            )
            self.assertEqual(schedule.next_run, date(2026, 4, 5))
        Schedule = self.env["cc.report.schedule"]
        runs = Schedule._cron_cc_send_due_reports(today=date(2026, 4, 5)).filtered(
            lambda r: r.schedule_id == schedule
        )
        self.assertEqual(runs.state, "success")
        workbook = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(runs.mail_id.attachment_ids.datas))
        )
        rows = [
            row
            for row in workbook["Development Progress"].iter_rows(
                min_row=5, values_only=True
            )
            if row[0] == plan.name
        ]
        # March only: February's entry is out of the period
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][5], "2026-03")
        self.assertEqual(rows[0][6], 55)
        self.assertEqual(rows[0][7], "Samples delivered")
        self.assertIn("Adapt the flange", rows[0][10])

    def test_access_rights(self):
        plan = self._new_plan()
        with self.assertRaises(AccessError):
            plan.with_user(self.salesperson_2).read(["name"])
        # the department head and the supporting owner see it
        plan.with_user(self.leader).read(["name"])
        plan.with_user(self.department_head).read(["name"])


@tagged("post_install", "-at_install")
class TestGiftRequest(CcRelationsCommon):
    def _new_request(self, user=None, **values):
        with Form(
            self.env["cc.gift.request"].with_user(user or self.salesperson)
        ) as form:
            form.partner_id = self.customer
            form.gifts = "Two boxes of tea"
            form.reason = "Customer's anniversary"
            form.amount = 800
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def test_superior_approves(self):
        request = self._new_request()
        self.assertTrue(request.name.startswith("GB"))
        self.assertEqual(request.approver_id, self.leader)
        self.assertEqual(request.currency_id, self.env.company.currency_id)
        request.request_validation()
        self.assertEqual(request.review_ids.reviewer_ids, self.leader)
        # neither the requester, another salesperson nor a manager approves
        request.validate_tier()
        request.with_user(self.manager).validate_tier()
        self.assertEqual(request.state, "draft")
        with self.assertRaises(ValidationError):
            request.action_approve()
        request.with_user(self.leader).validate_tier()
        self.assertEqual(request.state, "approved")
        request.amount_spent = 760
        request.action_done()
        self.assertEqual(request.state, "done")

    def test_refusals(self):
        with self.assertRaisesRegex(ValidationError, "Budget"):
            self._new_request(amount=0)
        with self.assertRaisesRegex(ValidationError, "Superior"):
            self._new_request(approver_id=self.salesperson)
        # a salesperson without a team leader names the superior
        request = self._new_request(user=self.salesperson_2, partner_id=self.customer_2)
        request.approver_id = False
        with self.assertRaisesRegex(UserError, "Superior"):
            request.request_validation()
        request.approver_id = self.manager
        request.request_validation()
        request.with_user(self.manager).validate_tier()
        self.assertEqual(request.state, "approved")

    def test_access_rights(self):
        request = self._new_request()
        with self.assertRaises(AccessError):
            request.with_user(self.salesperson_2).read(["name"])
        request.with_user(self.leader).read(["name"])


@tagged("post_install", "-at_install")
class TestSampleRequest(CcRelationsCommon):
    def _new_request(self, quantity=2.0):
        with Form(self.env["cc.sample.request"].with_user(self.salesperson)) as form:
            form.partner_id = self.customer
            form.reason = "Tests the new series"
            form.date = date(2026, 3, 2)
            if quantity is not None:
                with form.line_ids.new() as line:
                    line.product_id = self.product
                    line.quantity = quantity
        return form.record

    def test_declared_approved_sent(self):
        request = self._new_request()
        self.assertTrue(request.name.startswith("SR"))
        # nothing leaves before the approval
        with self.assertRaisesRegex(UserError, "not approved"):
            request.action_send()
        request.request_validation()
        request.validate_tier()
        request.with_user(self.salesperson_2).validate_tier()
        self.assertEqual(request.state, "draft")
        with self.assertRaisesRegex(UserError, "not approved"):
            request.action_send()
        request.with_user(self.manager).validate_tier()
        self.assertEqual(request.state, "approved")
        with self.assertRaises(UserError):
            request.write({"state": "sent"})
        with freeze_time("2026-03-04"):
            request.action_send()
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.date_sent, date(2026, 3, 4))
        with self.assertRaises(UserError):
            request.action_cancel()

    def test_refusals(self):
        with self.assertRaisesRegex(ValidationError, "Quantity"):
            self._new_request(quantity=0)
        request = self._new_request(quantity=None)
        with self.assertRaisesRegex(UserError, "at least one item"):
            request.request_validation()
        request = self._new_request()
        request.request_validation()
        request.with_user(self.manager).validate_tier()
        request.date_sent = date(2026, 3, 1)
        with self.assertRaisesRegex(UserError, "Sent On"):
            request.action_send()
        self.assertEqual(request.state, "approved")

    def test_access_rights(self):
        request = self._new_request()
        with self.assertRaises(AccessError):
            request.with_user(self.salesperson_2).read(["name"])
        with self.assertRaises(AccessError):
            request.line_ids.with_user(self.salesperson_2).read(["quantity"])


@tagged("post_install", "-at_install")
class TestGmEscalation(CcRelationsCommon):
    def _answered(self):
        communication = self._create_communication(department_id=self.department.id)
        communication.action_route()
        communication.result = "Price list sent"
        communication.with_user(self.department_head).action_answer()
        self.assertEqual(communication.state, "answered")
        return communication

    def _wizard(self, user, communication, text, mode="escalate"):
        return (
            self.env["cc.communication.escalate"]
            .with_user(user)
            .create({"communication_id": communication.id, "text": text, "mode": mode})
        )

    def test_escalate_and_decide(self):
        communication = self._answered()
        self.assertFalse(communication.with_user(self.salesperson).can_escalate_gm)
        self.assertTrue(communication.with_user(self.rep).can_escalate_gm)
        action = communication.with_user(self.rep).action_open_escalate_gm()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.rep)
            .with_context(**action["context"])
        ) as form:
            form.text = "Price concession on the whole contract"
        self.assertEqual(form.record.communication_id, communication)
        form.record.action_confirm()
        self.assertTrue(communication.gm_escalated)
        self.assertEqual(communication.gm_escalated_by_id, self.rep)
        self.assertEqual(
            communication.gm_escalation_reason, "Price concession on the whole contract"
        )
        activity = communication.activity_ids.filtered(lambda a: a.user_id == self.gm)
        self.assertEqual(len(activity), 1)
        self.assertIn(self.gm.partner_id, communication.message_partner_ids)
        for fname in ("gm_escalated", "gm_escalated_by_id", "gm_decided_by_id"):
            self.assertTrue(communication._fields[fname].tracking, fname)
        # escalated once
        with self.assertRaisesRegex(UserError, "already escalated"):
            communication.with_user(self.rep)._cc_escalate_gm("Again")
        # the representative does not decide
        with self.assertRaises(AccessError):
            self._wizard(self.rep, communication, "OK", "decide").action_confirm()
        self.assertTrue(communication.with_user(self.gm).can_decide_gm)
        self._wizard(self.gm, communication, "Grant 3 %", "decide").action_confirm()
        self.assertEqual(communication.gm_decision, "Grant 3 %")
        self.assertEqual(communication.gm_decided_by_id, self.gm)
        self.assertFalse(
            communication.activity_ids.filtered(lambda a: a.user_id == self.gm)
        )
        self.assertFalse(communication.with_user(self.gm).can_decide_gm)

    def test_refusals(self):
        communication = self._answered()
        # a salesperson may not even open the wizard
        with self.assertRaises(AccessError):
            self._wizard(self.salesperson, communication, "Please")
        with self.assertRaises(AccessError):
            communication.with_user(self.manager)._cc_escalate_gm("Please")
        with self.assertRaisesRegex(UserError, "Escalation Reason"):
            communication.with_user(self.rep)._cc_escalate_gm("  ")
        draft = self._create_communication()
        with self.assertRaisesRegex(UserError, "draft"):
            draft.with_user(self.rep)._cc_escalate_gm("Please")
        with self.assertRaisesRegex(UserError, "not waiting"):
            communication.with_user(self.gm)._cc_gm_decide("OK")
        self.assertFalse(communication.gm_escalated)
        # nobody in the GM group: refused rather than sent to nobody
        self.env.ref("cc_customer_comm.group_cc_gm").users = [Command.clear()]
        with self.assertRaisesRegex(UserError, "General Manager"):
            communication.with_user(self.rep)._cc_escalate_gm("Please")
