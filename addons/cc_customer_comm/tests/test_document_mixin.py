from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CcCommon


class DocumentMixinCase(CcCommon):
    """Helpers asserting the state guard of ``cc.document.mixin``."""

    def _db_state(self, record):
        """State of ``record`` as stored in the database."""
        record.invalidate_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT state FROM %s WHERE id = %s",
                SQL.identifier(record._table),
                record.id,
            )
        )
        db_state = self.env.cr.fetchone()[0]
        self.assertEqual(record.state, db_state)
        return db_state

    def assertStateWriteRefused(self, record, user, state):
        """``user`` writing ``state`` directly is refused by the guard (not by
        an access right) and leaves the row unchanged."""
        before = self._db_state(record)
        with self.assertRaisesRegex(UserError, "changes only through its buttons") as e:
            record.with_user(user).write({"state": state})
        self.assertNotIsInstance(e.exception, AccessError)
        self.assertEqual(self._db_state(record), before)

    def assertStateCreateRefused(self, model, user, vals):
        Model = self.env[model].with_user(user)
        count = Model.sudo().search_count([])
        with self.assertRaisesRegex(UserError, "changes only through its buttons") as e:
            Model.create(vals)
        self.assertNotIsInstance(e.exception, AccessError)
        self.assertEqual(Model.sudo().search_count([]), count)


@tagged("post_install", "-at_install")
class TestCommunicationGuard(DocumentMixinCase):
    def _communication(self, **values):
        return (
            self.env["cc.communication"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "summary": "Price of SP-200?",
                    "department_id": self.department.id,
                    **values,
                }
            )
        )

    def test_direct_write_refused(self):
        communication = self._communication()
        self.assertStateWriteRefused(communication, self.salesperson, "routed")
        self.assertStateWriteRefused(communication, self.manager, "verified")
        communication.action_route()
        communication.write({"result": "Quoted"})
        communication.action_answer()
        self.assertStateWriteRefused(communication, self.salesperson, "verified")
        self.assertStateWriteRefused(communication, self.manager, "verified")
        self.assertStateWriteRefused(communication, self.manager, "draft")

    def test_create_with_state_refused(self):
        vals = {
            "partner_id": self.customer.id,
            "summary": "Forged",
            "state": "verified",
        }
        self.assertStateCreateRefused("cc.communication", self.salesperson, vals)
        self.assertStateCreateRefused("cc.communication", self.manager, vals)
        # the default state may be given
        communication = self._communication(state="draft")
        self.assertEqual(communication.state, "draft")
        # a default sent in the context (as any RPC client can) is ignored
        forged = (
            self.env["cc.communication"]
            .with_user(self.manager)
            .with_context(default_state="verified")
            .create({"partner_id": self.customer.id, "summary": "Forged"})
        )
        self.assertEqual(forged.state, "draft")

    def test_actions_still_work(self):
        communication = self._communication()
        communication.action_route()
        self.assertEqual(self._db_state(communication), "routed")
        self.assertTrue(communication.deadline)
        communication.write({"result": "Quoted"})
        communication.action_answer()
        self.assertEqual(self._db_state(communication), "answered")
        self.assertTrue(communication.answered_date)
        with self.assertRaises(AccessError):
            communication.action_verify()
        communication.with_user(self.manager).action_verify()
        self.assertEqual(self._db_state(communication), "verified")
        self.assertEqual(communication.verified_by_id, self.manager)
        with self.assertRaises(UserError):
            communication.action_cancel()
        other = self._communication()
        other.action_cancel()
        self.assertEqual(self._db_state(other), "cancel")
        other.action_draft()
        self.assertEqual(self._db_state(other), "draft")

    def test_noop_write_and_sudo(self):
        communication = self._communication()
        communication.with_user(self.salesperson).write(
            {"state": "draft", "summary": "Same state"}
        )
        self.assertEqual(communication.summary, "Same state")
        communication.with_user(self.manager).write({"state": "draft"})
        communication.with_user(self.salesperson).sudo().write({"state": "verified"})
        self.assertEqual(self._db_state(communication), "verified")
        forged = (
            self.env["cc.communication"]
            .with_user(self.salesperson)
            .sudo()
            .create(
                {"partner_id": self.customer.id, "summary": "Import", "state": "routed"}
            )
        )
        self.assertEqual(self._db_state(forged), "routed")


@tagged("post_install", "-at_install")
class TestVisitReportGuard(DocumentMixinCase):
    def _report(self, **values):
        return (
            self.env["cc.visit.report"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "visit_date": date(2026, 3, 5),
                    **values,
                }
            )
        )

    def test_direct_write_refused(self):
        report = self._report()
        self.assertStateWriteRefused(report, self.salesperson, "submitted")
        self.assertStateWriteRefused(report, self.manager, "reviewed")
        report.action_submit()
        self.assertStateWriteRefused(report, self.salesperson, "reviewed")
        self.assertStateWriteRefused(report, self.manager, "reviewed")

    def test_create_with_state_refused(self):
        vals = {
            "partner_id": self.customer.id,
            "visit_date": date(2026, 3, 5),
            "state": "reviewed",
        }
        self.assertStateCreateRefused("cc.visit.report", self.salesperson, vals)
        self.assertStateCreateRefused("cc.visit.report", self.manager, vals)

    def test_actions_still_work(self):
        report = self._report()
        report.action_submit()
        self.assertEqual(self._db_state(report), "submitted")
        with self.assertRaises(AccessError):
            report.action_review()
        report.action_draft()
        self.assertEqual(self._db_state(report), "draft")
        report.action_submit()
        report.with_user(self.manager).action_review()
        self.assertEqual(self._db_state(report), "reviewed")
        with self.assertRaises(UserError):
            report.action_cancel()
        other = self._report()
        other.action_cancel()
        self.assertEqual(self._db_state(other), "cancel")

    def test_noop_write_and_sudo(self):
        report = self._report()
        report.with_user(self.salesperson).write({"state": "draft"})
        report.with_user(self.manager).write({"state": "draft"})
        report.with_user(self.salesperson).sudo().write({"state": "reviewed"})
        self.assertEqual(self._db_state(report), "reviewed")


@tagged("post_install", "-at_install")
class TestVisitPlanGuard(DocumentMixinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # visit plans are approved by the salesperson's team leader
        cls.env["crm.team"].create(
            {
                "name": "CC Guard Sales Team",
                "user_id": cls.manager.id,
                "member_ids": [Command.link(cls.salesperson.id)],
            }
        )
        cls.plan = cls._plan(date(2026, 4, 1))

    @classmethod
    def _plan(cls, month, **values):
        return (
            cls.env["cc.visit.plan"]
            .with_user(cls.salesperson)
            .create(
                {
                    "date_start": month,
                    "line_ids": [
                        Command.create(
                            {
                                "partner_id": cls.customer.id,
                                "planned_date": month,
                                "expense_amount": 100,
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    def test_direct_write_refused(self):
        plan = self.plan
        self.assertStateWriteRefused(plan, self.salesperson, "approved")
        self.assertStateWriteRefused(plan, self.manager, "approved")
        self.assertStateWriteRefused(plan, self.manager, "done")
        # refused even once the reviews are validated
        plan.request_validation()
        plan.invalidate_recordset()
        self.assertStateWriteRefused(plan, self.salesperson, "approved")
        self.assertStateWriteRefused(plan, self.manager, "approved")
        self.assertEqual(plan.validation_status, "waiting")

    def test_create_with_state_refused(self):
        vals = {"date_start": date(2026, 6, 1), "state": "approved"}
        self.assertStateCreateRefused("cc.visit.plan", self.salesperson, vals)
        self.assertStateCreateRefused("cc.visit.plan", self.manager, vals)

    def test_actions_still_work(self):
        plan = self.plan
        # tier validation still gates the approval
        with self.assertRaisesRegex(UserError, "validat"):
            plan.action_approve()
        self.assertEqual(self._db_state(plan), "draft")
        plan.request_validation()
        plan.with_user(self.manager).validate_tier()
        self.assertEqual(plan.validation_status, "validated")
        self.assertEqual(self._db_state(plan), "approved")
        self.assertEqual(plan.line_ids.state, "approved")
        plan.action_done()
        self.assertEqual(self._db_state(plan), "done")
        with self.assertRaises(UserError):
            plan.action_cancel()
        other = self._plan(date(2026, 5, 1))
        other.action_cancel()
        self.assertEqual(self._db_state(other), "cancel")
        other.action_draft()
        self.assertEqual(self._db_state(other), "draft")

    def test_noop_write_and_sudo(self):
        plan = self.plan
        plan.with_user(self.salesperson).write({"state": "draft"})
        plan.with_user(self.manager).write({"state": "draft"})
        plan.with_user(self.salesperson).sudo().write({"state": "cancel"})
        self.assertEqual(self._db_state(plan), "cancel")

    def test_line_state_is_readonly(self):
        field = self.env["cc.visit.plan.line"]._fields["state"]
        self.assertTrue(field.related)
        self.assertTrue(field.readonly)
        self.assertFalse(field.inverse, "writing the line never writes the plan")
        line = self.plan.line_ids
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            line.with_user(self.salesperson).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            line.with_user(self.manager).write({"state": "approved"})
        line.invalidate_recordset()
        self.assertEqual(line.state, "draft")
        self.assertEqual(self._db_state(self.plan), "draft")
        # no-op
        line.with_user(self.salesperson).write({"state": "draft", "note": "ok"})
        self.assertEqual(line.note, "ok")


@tagged("post_install", "-at_install")
class TestReportScheduleRunGuard(DocumentMixinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.schedule = (
            cls.env["cc.report.schedule"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Guard schedule",
                    "report_id": cls.env.ref("cc_customer_comm.cc_visit_daily_xlsx").id,
                    "frequency": "daily",
                    "period": "previous_day",
                    "user_ids": [Command.set(cls.manager.ids)],
                }
            )
        )

    def _send_now(self):
        self.schedule.with_user(self.manager).action_send_now()
        return self.schedule.run_ids.sorted("id")[-1:]

    def test_direct_write_refused(self):
        run = self._send_now()
        self.assertEqual(self._db_state(run), "success")
        # salespeople cannot write runs at all (refused by the guard, which
        # runs before the access rights, or by the access rights)
        with self.assertRaises(UserError):
            run.with_user(self.salesperson).write({"state": "failed"})
        with self.assertRaises(AccessError):
            run.with_user(self.salesperson).write({"error_message": "forged"})
        self.assertEqual(self._db_state(run), "success")
        # the managers, who may write runs, cannot forge their state
        self.assertStateWriteRefused(run, self.manager, "failed")

    def test_create_with_state_refused(self):
        vals = {
            "schedule_id": self.schedule.id,
            "date": date(2026, 3, 5),
            "state": "failed",
        }
        self.assertStateCreateRefused("cc.report.schedule.run", self.manager, vals)

    def test_actions_still_work(self):
        run = self._send_now()
        self.assertEqual(self._db_state(run), "success")
        self.assertTrue(run.attachment_id)

        def boom(self_report, workbook, data, objs):
            raise ValueError("disk full")

        with (
            patch.object(
                type(self.env["report.cc_customer_comm.visit_daily"]),
                "generate_xlsx_report",
                boom,
            ),
            self.assertRaisesRegex(UserError, "disk full"),
        ):
            self.schedule.with_user(self.manager).action_send_now()
        failed = self.schedule.run_ids.sorted("id")[-1:]
        self.assertNotEqual(failed, run)
        self.assertEqual(self._db_state(failed), "failed")
        self.assertIn("disk full", failed.error_message)

    def test_noop_write_and_sudo(self):
        run = self._send_now()
        run.with_user(self.manager).write({"state": "success"})
        run.with_user(self.manager).sudo().write({"state": "failed"})
        self.assertEqual(self._db_state(run), "failed")


@tagged("post_install", "-at_install")
class TestDocumentNumbering(DocumentMixinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Sequence = cls.env["ir.sequence"]
        for code, prefix in (("cc.communication", "OC-"), ("cc.visit.report", "OV-")):
            Sequence.create(
                {
                    "name": f"{code} of the other company",
                    "code": code,
                    "prefix": prefix,
                    "padding": 5,
                    "company_id": cls.other_company.id,
                }
            )
        cls.both_companies = (cls.company | cls.other_company).ids

    def _create(self, model, vals_list, company=None):
        Model = self.env[model].with_user(self.manager)
        if company:
            Model = Model.with_company(company)
        else:
            Model = Model.with_context(allowed_company_ids=self.both_companies)
        return Model.create(vals_list)

    def _check_numbering(self, model, vals, main_prefix, other_prefix):
        # no name, or a placeholder: numbered from the company of the record
        main = self._create(model, [dict(vals), dict(vals, name="/")])
        self.assertEqual(main.company_id, self.company)
        for record in main:
            self.assertTrue(record.name.startswith(main_prefix), record.name)
        other = self._create(
            model,
            [
                dict(vals, company_id=self.other_company.id),
                dict(vals, company_id=self.other_company.id, name="New"),
            ],
        )
        self.assertEqual(other.company_id, self.other_company)
        for record in other:
            self.assertTrue(record.name.startswith(other_prefix), record.name)
        # the company of the environment when the vals give none
        current = self._create(model, [dict(vals)], company=self.other_company)
        self.assertEqual(current.company_id, self.other_company)
        self.assertTrue(current.name.startswith(other_prefix), current.name)
        names = (main | other | current).mapped("name")
        self.assertEqual(len(set(names)), len(names), names)
        # an explicit number is kept
        kept = self._create(model, [dict(vals, name="IMPORTED-1")])
        self.assertEqual(kept.name, "IMPORTED-1")

    def test_communication_numbering(self):
        self._check_numbering(
            "cc.communication",
            {"partner_id": self.customer.id, "summary": "Numbered"},
            "CI",
            "OC-",
        )

    def test_visit_report_numbering(self):
        self._check_numbering(
            "cc.visit.report",
            {"partner_id": self.customer.id, "visit_date": date(2026, 3, 5)},
            "VR",
            "OV-",
        )
