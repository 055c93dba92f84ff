from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimSecurity(CcComplaintCommon):
    def test_salesperson_isolation(self):
        mine = self._create_claim()
        theirs = self._create_claim(
            partner_id=self.other_customer,
            with_documents=False,
            user=self.user_sales2,
            lines=[],
        )
        Claim = self.env["cc.claim"]
        visible = Claim.with_user(self.user_sales).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_sales).read(["name"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_sales).write({"customer_summary": "x"})
        self.assertIn(theirs, Claim.with_user(self.user_sales2).search([]))
        # a claim filed by someone else for my customer is mine to see
        by_office = Claim.with_user(self.user_gm_office).create(
            {"partner_id": self.customer.id, "user_id": self.user_gm_office.id}
        )
        self.assertIn(by_office, Claim.with_user(self.user_sales).search([]))
        # lines follow their claim
        self.assertFalse(
            self.env["cc.claim.line"]
            .with_user(self.user_sales2)
            .search([("claim_id", "=", mine.id)])
        )
        # departments and managers see everything
        for user in (
            self.user_qa,
            self.user_gm_office,
            self.user_manager,
            self.user_gm,
        ):
            self.assertIn(theirs, Claim.with_user(user).search([]), user.login)

    def test_multi_company(self):
        claim = self._create_claim()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="cc_outsider",
            groups="base.group_user,cc_complaint.group_cc_complaint_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertNotIn(claim, self.env["cc.claim"].with_user(outsider).search([]))
        with self.assertRaises(AccessError):
            claim.with_user(outsider).read(["name"])
