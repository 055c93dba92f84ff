from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimPenalty(CcComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["cc.claim.penalty.rule"]
        cls.rule_generic = Rule.create(
            {
                "name": "Any claim: 5% of loss",
                "amount_type": "percent",
                "percent": 5.0,
                "company_id": cls.company.id,
                "sequence": 50,
            }
        )
        cls.rule_major_process = Rule.create(
            {
                "name": "Major process defect: 20% of loss, warning",
                "severity": "major",
                "cause_id": cls.cause_process.id,
                "amount_type": "percent",
                "percent": 20.0,
                "sanction": "warning",
                "company_id": cls.company.id,
            }
        )
        cls.rule_critical = Rule.create(
            {
                "name": "Critical: fixed 3,000 capped at 2,500",
                "severity": "critical",
                "amount_type": "fixed",
                "amount": 3000.0,
                "max_amount": 2500.0,
                "sanction": "minor_demerit",
                "company_id": cls.company.id,
            }
        )

    def test_penalty_by_rule_and_ratio(self):
        claim = self._create_claim()
        claim.with_user(self.user_sales).write(
            {"cost_ids": [Command.create({"cost_type": "freight", "amount": 400.0})]}
        )
        self._claim_to_proposal(claim, severity="major")
        # loss = 10 × 60 + 400 freight
        self.assertAlmostEqual(claim.loss_amount, 1000.0)
        production, operator = claim.responsibility_ids.sorted("ratio", reverse=True)
        self.assertEqual(production.penalty_rule_id, self.rule_major_process)
        self.assertAlmostEqual(production.penalty_amount, 1000.0 * 0.20 * 0.70)
        self.assertAlmostEqual(operator.penalty_amount, 1000.0 * 0.20 * 0.30)
        self.assertEqual(production.sanction, "warning")
        self.assertAlmostEqual(production.loss_share, 700.0)
        # a general claim falls back on the generic rule
        claim.with_user(self.user_qa).severity = "general"
        self.assertEqual(production.penalty_rule_id, self.rule_generic)
        self.assertAlmostEqual(production.penalty_amount, 1000.0 * 0.05 * 0.70)
        # critical: fixed amount, capped
        claim.with_user(self.user_qa).severity = "critical"
        self.assertAlmostEqual(production.penalty_amount, 2500.0 * 0.70)

    def test_notices_on_done_approved_by_gm(self):
        claim = self._create_claim()
        self._claim_to_execution(claim, disposition="allowance", amount=100.0)
        claim.with_user(self.user_sales).action_done()
        notices = claim.sudo().penalty_notice_ids
        self.assertEqual(len(notices), 2, "one notice per responsible party")
        self.assertEqual(set(notices.mapped("state")), {"to_approve"})
        self.assertEqual(
            notices.mapped("department_id")
            | notices.mapped("employee_id").department_id,
            self.department_production,
        )
        notice = notices[0]
        with self.assertRaises(UserError):
            notice.with_user(self.user_gm_office).action_approve()
        self.assertFalse(notice.with_user(self.user_gm_office).can_review)
        self._review(notice.with_user(self.user_gm), "validate")
        self.assertEqual(notice.state, "approved")

    def test_penalties_hidden_from_sales(self):
        claim = self._create_claim()
        self._claim_to_proposal(claim)
        with self.assertRaises(AccessError):
            claim.with_user(self.user_sales).read(["responsibility_ids"])
        with self.assertRaises(AccessError):
            claim.with_user(self.user_sales).read(["root_cause"])
        with self.assertRaises(AccessError):
            self.env["cc.claim.penalty.rule"].with_user(self.user_sales).search([])
        with self.assertRaises(AccessError):
            self.env["cc.claim.responsibility"].with_user(self.user_sales).search([])
        # QA sees the responsibility split, not the money
        resp = claim.with_user(self.user_qa).responsibility_ids
        self.assertEqual(len(resp), 2)
        with self.assertRaises(AccessError):
            resp.read(["penalty_amount"])
        self.assertTrue(resp.with_user(self.user_gm_office).read(["penalty_amount"]))

    def test_ratio_bounds(self):
        claim = self._create_claim()
        with self.assertRaises(ValidationError):
            self._claim_to_proposal(
                claim,
                responsibility=[
                    (self.department_production, False, 80.0),
                    (self.department_qa, False, 40.0),
                ],
            )
