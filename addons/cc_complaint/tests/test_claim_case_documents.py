from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CcComplaintCommon


class _RaisesMixin:
    def assertRaisesMessage(self, exception, regex):  # noqa: N802
        """``assertRaises`` (rolled back to a savepoint) checking the message."""
        return _RaisesChecking(self, exception, regex)


class _RaisesChecking:
    def __init__(self, case, exception, regex):
        self.case, self.regex = case, regex
        self.cm = case.assertRaises(exception)

    def __enter__(self):
        self.result = self.cm.__enter__()
        return self.result

    def __exit__(self, *exc):
        res = self.cm.__exit__(*exc)
        self.case.assertRegex(str(self.result.exception), self.regex)
        return res


@tagged("post_install", "-at_install")
class TestClaimResponsibilityDecisions(_RaisesMixin, CcComplaintCommon):
    """Supplier responsibility with a charge-back (第九条(十二)) and the
    "human negligence, not tracked" decision (第九条(六))."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Resin Supplier 原料供应商", "company_id": cls.company.id}
        )
        cls.env["cc.claim.penalty.rule"].create(
            {
                "name": "Any claim: 10% of loss, warning",
                "amount_type": "percent",
                "percent": 10.0,
                "sanction": "warning",
                "company_id": cls.company.id,
            }
        )

    def _investigating_claim(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_gm_office).action_start_investigation()
        return claim

    def test_supplier_charge_back_on_responsibility_form(self):
        claim = self._investigating_claim()
        with Form(claim.with_user(self.user_qa)) as form:
            with form.responsibility_ids.new() as line:
                line.supplier_id = self.supplier
                line.ratio = 40.0
                line.chargeback_amount = 250.0
            with form.responsibility_ids.new() as line:
                line.department_id = self.department_production
                line.ratio = 60.0
        supplier_line = claim.sudo().responsibility_ids.filtered("supplier_id")
        self.assertEqual(supplier_line.supplier_id, self.supplier)
        self.assertEqual(supplier_line.chargeback_amount, 250.0)
        self.assertAlmostEqual(
            supplier_line.loss_share, claim.loss_amount * 0.4, places=2
        )
        self.assertEqual(claim.responsibility_total, 100.0)

    def test_charge_back_needs_supplier_and_positive_amount(self):
        claim = self._investigating_claim()
        as_qa = claim.with_user(self.user_qa)
        with self.assertRaisesMessage(ValidationError, "Raw-material Supplier"):
            as_qa.write(
                {
                    "responsibility_ids": [
                        Command.create(
                            {
                                "department_id": self.department_production.id,
                                "ratio": 50.0,
                                "chargeback_amount": 100.0,
                            }
                        )
                    ]
                }
            )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            as_qa.write(
                {
                    "responsibility_ids": [
                        Command.create(
                            {
                                "supplier_id": self.supplier.id,
                                "ratio": 50.0,
                                "chargeback_amount": -1.0,
                            }
                        )
                    ]
                }
            )
            self.env.flush_all()
        self.assertFalse(claim.sudo().responsibility_ids)

    def test_negligence_not_tracked_needs_reason_and_has_no_penalty(self):
        claim = self._investigating_claim()
        as_qa = claim.with_user(self.user_qa)
        with self.assertRaisesMessage(ValidationError, "Reason Not Tracked"):
            as_qa.write(
                {
                    "responsibility_ids": [
                        Command.create(
                            {
                                "employee_id": self.employee_operator.id,
                                "ratio": 100.0,
                                "decision": "negligence_untracked",
                                "decision_reason": "   ",
                            }
                        )
                    ]
                }
            )
        as_qa.write(
            {
                "responsibility_ids": [
                    Command.create(
                        {"employee_id": self.employee_operator.id, "ratio": 100.0}
                    )
                ]
            }
        )
        line = claim.sudo().responsibility_ids.with_user(self.user_gm_office)
        self.assertGreater(line.penalty_amount, 0.0)
        self.assertEqual(line.sanction, "warning")
        line.write(
            {
                "decision": "negligence_untracked",
                "decision_reason": "One-off slip by a new operator.",
            }
        )
        self.assertEqual(line.penalty_amount, 0.0)
        self.assertEqual(line.sanction, "none")
        self.assertFalse(line.penalty_rule_id)


@tagged("post_install", "-at_install")
class TestClaimSiteInspection(_RaisesMixin, CcComplaintCommon):
    def test_joint_inspection_concluded_and_logged_on_claim(self):
        claim = self._create_claim()
        form = Form(
            self.env["cc.claim.site.inspection"]
            .with_user(self.user_qa)
            .with_context(default_claim_id=claim.id)
        )
        form.site = "Customer's SMT line 3"
        form.customer_participants = "Incoming QC supervisor"
        form.findings = "<p>12 boards delaminated, lot 2411.</p>"
        inspection = form.save()
        self.assertTrue(inspection.name.startswith("SI/"))
        self.assertEqual(inspection.partner_id, self.customer)
        self.assertEqual(inspection.company_id, claim.company_id)
        with self.assertRaisesMessage(UserError, "Our Participants.*Conclusion"):
            inspection.action_done()
        with Form(inspection) as form:
            form.participant_ids.add(self.user_qa)
            form.participant_ids.add(self.user_sales)
            form.conclusion = "confirmed"
        inspection.action_done()
        self.assertEqual(inspection.state, "done")
        self.assertEqual(claim.site_inspection_count, 1)
        self.assertIn(
            inspection.name,
            claim.message_ids[:1].body,
            "the conclusion is logged on the claim",
        )
        action = claim.action_view_site_inspections()
        self.assertEqual(action["res_id"], inspection.id)
        # only the GM office reopens a concluded inspection
        with self.assertRaises(AccessError):
            inspection.action_reopen()
        inspection.with_user(self.user_gm_office).action_reopen()
        self.assertEqual(inspection.state, "draft")

    def test_salesperson_sees_only_own_claims_inspections(self):
        claim = self._create_claim()
        inspection = self.env["cc.claim.site.inspection"].create(
            {"claim_id": claim.id, "site": "Customer plant"}
        )
        self.assertTrue(
            self.env["cc.claim.site.inspection"]
            .with_user(self.user_sales)
            .search([("id", "=", inspection.id)])
        )
        self.assertFalse(
            self.env["cc.claim.site.inspection"]
            .with_user(self.user_sales2)
            .search([("id", "=", inspection.id)])
        )


@tagged("post_install", "-at_install")
class TestClaimObjectionMemo(_RaisesMixin, CcComplaintCommon):
    def test_objection_memo_ruled_by_gm_and_logged(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_gm_office).action_start_investigation()
        claim.with_user(self.user_qa).write(
            {
                "responsibility_ids": [
                    Command.create(
                        {"department_id": self.department_production.id, "ratio": 100}
                    )
                ]
            }
        )
        form = Form(
            self.env["cc.claim.objection"]
            .with_user(self.user_production)
            .with_context(default_claim_id=claim.id)
        )
        form.responsibility_id = claim.sudo().responsibility_ids
        form.department_id = self.department_production
        form.reason = "The resin lot was released by incoming inspection."
        memo = form.save()
        self.assertTrue(memo.name.startswith("MEMO/"))
        memo.action_submit()
        self.assertEqual(memo.state, "submitted")
        # the production department does not rule on its own memo
        with self.assertRaises(AccessError):
            memo.action_rule()
        as_gm = memo.with_user(self.user_gm)
        with self.assertRaisesMessage(UserError, "GM Ruling"):
            as_gm.action_rule()
        as_gm.write(
            {
                "ruling": "dismissed",
                "ruling_note": "Incoming inspection is sampling; production owns it.",
            }
        )
        as_gm.action_rule()
        self.assertEqual(memo.state, "ruled")
        self.assertEqual(memo.ruled_by_id, self.user_gm)
        self.assertTrue(memo.ruled_date)
        self.assertEqual(claim.objection_count, 1)
        self.assertIn("GM ruling", claim.message_ids[:1].body)
        with self.assertRaises(UserError):
            memo.action_cancel()

    def test_objection_needs_department_and_reason(self):
        claim = self._create_claim()
        form = Form(
            self.env["cc.claim.objection"]
            .with_user(self.user_production)
            .with_context(default_claim_id=claim.id)
        )
        with self.assertRaises(AssertionError):
            form.save()


@tagged("post_install", "-at_install")
class TestClaimAbnormalitySlip(_RaisesMixin, CcComplaintCommon):
    def test_draft_claim_without_loss_becomes_abnormality_slip(self):
        claim = self._create_claim()
        action = claim.with_user(self.user_sales).action_handle_as_abnormality()
        slip = self.env["cc.claim.abnormality"].browse(action["res_id"])
        self.assertEqual(claim.state, "cancel")
        self.assertEqual(claim.abnormality_id, slip)
        self.assertEqual(slip.claim_id, claim)
        self.assertEqual(slip.partner_id, self.customer)
        self.assertEqual(slip.product_id, self.product)
        self.assertTrue(slip.name.startswith("AB/"))
        as_sales = slip.with_user(self.user_sales)
        with self.assertRaisesMessage(UserError, "Department to Improve"):
            as_sales.action_send()
        as_sales.department_id = self.department_production
        as_sales.action_send()
        self.assertEqual(slip.state, "sent")
        # the department answers; sales cannot close it for them
        with self.assertRaises(AccessError):
            as_sales.action_done()
        as_production = slip.with_user(self.user_production)
        with self.assertRaisesMessage(UserError, "Improvement"):
            as_production.action_done()
        as_production.improvement = "Carton corner protectors added."
        as_production.action_done()
        self.assertEqual(slip.state, "done")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cc_complaint.action_report_cc_claim_abnormality", slip.ids
            )[0]
            .decode()
        )
        self.assertIn(slip.name, html)
        self.assertIn("Carton corner protectors added.", html)

    def test_registered_claim_is_not_turned_into_a_slip(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        with self.assertRaisesMessage(UserError, "only a draft claim"):
            claim.with_user(self.user_sales).action_handle_as_abnormality()
        self.assertFalse(self.env["cc.claim.abnormality"].search([]))

    def test_slip_state_only_through_buttons(self):
        slip = (
            self.env["cc.claim.abnormality"]
            .with_user(self.user_sales)
            .create({"partner_id": self.customer.id, "description": "Dented cartons."})
        )
        with self.assertRaises(UserError):
            slip.write({"state": "done"})
