from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.cc_complaint.tests.common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimPortalSecurity(CcComplaintCommon):
    def test_portal_sees_own_commercial_partner_only(self):
        mine = self._create_claim()
        theirs = self._create_claim(
            partner_id=self.other_customer,
            with_documents=False,
            user=self.user_sales2,
            lines=[],
        )
        portal = new_test_user(
            self.env,
            login="cc_portal",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        visible = self.env["cc.claim"].with_user(portal).search([])
        self.assertEqual(visible, mine)
        self.assertNotIn(theirs, visible)
        self.assertEqual(mine.with_user(portal).line_ids.product_id, self.product)
        with self.assertRaises(AccessError):
            mine.with_user(portal).write({"customer_summary": "hack"})
        with self.assertRaises(AccessError):
            mine.with_user(portal).read(["root_cause"])
