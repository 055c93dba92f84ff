from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimRoleRights(CcComplaintCommon):
    """Each role runs its own step of a claim with its own rights: what the
    steps do as superuser (stage log, restricted investigation fields, the
    notices and reviews raised on closing) never reaches the caller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cc.claim.penalty.rule"].create(
            {
                "name": "Any claim: 5% of loss",
                "amount_type": "percent",
                "percent": 5.0,
                "company_id": cls.company.id,
            }
        )

    def test_each_role_runs_its_step(self):
        claim = self._create_claim()  # sales, through the form
        self.assertFalse(claim.env.su)
        # GM office registers, QA investigates, production answers
        self._claim_to_proposal(claim)
        self._set_disposition(claim, "allowance", amount=100.0)
        claim.with_user(self.user_sales).action_submit_approval()
        self._approve_all(claim)  # the approvers, tier by tier
        self.assertEqual(claim.state, "negotiation")
        claim.with_user(self.user_sales).action_customer_accept()
        claim.with_user(self.user_sales).action_done()
        self.assertEqual(claim.state, "done")
        # closing by sales raised the notices, which only the GM office reads
        Notice = self.env["cc.claim.penalty.notice"]
        notices = Notice.with_user(self.user_gm_office).search(
            [("claim_id", "=", claim.id)]
        )
        self.assertEqual(len(notices), 2)
        self.assertFalse(notices.env.su)
        with self.assertRaises(AccessError):
            Notice.with_user(self.user_sales).search([("claim_id", "=", claim.id)])
        # the stage log the workflow wrote is readable, not writable, by sales
        logs = claim.with_user(self.user_sales).stage_log_ids
        self.assertTrue(logs)
        with self.assertRaises(AccessError):
            logs.write({"overdue_days": 0})

    def test_reclaim_and_capa_with_own_rights(self):
        claim = self._create_claim()
        self._claim_to_execution(claim, disposition="allowance", amount=100.0)
        claim.with_user(self.user_sales).action_done()
        action = claim.with_user(self.user_sales).action_reclaim()
        new = self.env["cc.claim"].with_user(self.user_sales).browse(action["res_id"])
        self.assertEqual(new.origin_claim_id, claim)
        # the investigation fields stay hidden from sales on the re-claim
        with self.assertRaises(AccessError):
            new.read(["root_cause"])
        capa_action = claim.with_user(self.user_qa).action_create_capa()
        capa = self.env["cc.capa"].with_user(self.user_qa).browse(capa_action["res_id"])
        self.assertEqual(capa.root_cause, claim.sudo().root_cause)
