from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CcClaimStockAccountingCommon


@tagged("post_install", "-at_install")
class TestClaimTours(HttpCase, CcClaimStockAccountingCommon):
    """Browser tours of the claim form (need Chromium and pytest-odoo's
    --odoo-http, which ./setup/test provides)."""

    def test_claim_form_to_investigation(self):
        clerk = new_test_user(
            self.env,
            login="cc_tour_clerk",
            password="cc_tour_clerk",
            name="Tour Clerk",
            email="cc.tour.clerk@example.com",
            # GM office staff entering a claim for any salesperson's customer
            groups="base.group_user,cc_complaint.group_cc_complaint_user,"
            "cc_complaint.group_cc_complaint_gm_office,"
            "sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        # a name the tour can type
        self.sale_order.name = "TOUR-SO-1"
        self.start_tour(
            "/odoo/action-cc_complaint.cc_claim_action/new",
            "cc_complaint_claim_form_tour",
            login=clerk.login,
        )
        claim = self.env["cc.claim"].search(
            [("create_uid", "=", clerk.id)], order="id desc", limit=1
        )
        self.assertEqual(claim.state, "investigation")
        self.assertEqual(claim.channel, "email")
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.sale_order_id, self.sale_order)
        self.assertEqual(claim.picking_id, self.picking)
        self.assertEqual(claim.line_ids.product_id, self.product)
        self.assertEqual(claim.line_ids.defect_qty, 10.0)
        self.assertRegex(claim.name, r"^\d{4}-\d{4}$")

    def test_submit_for_approval_shows_banner(self):
        claim = self._create_claim()
        self._claim_to_proposal(claim)
        self._set_disposition(claim, "return")
        self.start_tour(
            f"/odoo/action-cc_complaint.cc_claim_action/{claim.id}",
            "cc_complaint_submit_approval_tour",
            login=self.user_sales.login,
        )
        self.assertEqual(claim.state, "approval")
        self.assertTrue(claim.review_ids)
