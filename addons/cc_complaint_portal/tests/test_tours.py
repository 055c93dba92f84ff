from odoo.tests import HttpCase, tagged

from .test_portal_claims import CcClaimPortalCommon


@tagged("post_install", "-at_install")
class TestClaimTours(HttpCase, CcClaimPortalCommon):
    """Browser tours of the customer portal (need Chromium
    and pytest-odoo's --odoo-http, which ./setup/test provides)."""

    def test_portal_submit_with_photo(self):
        self.start_tour(
            "/my/claims/new",
            "cc_complaint_portal_submit_tour",
            login="cc_portal_buyer",
        )
        claim = self.env["cc.claim"].search(
            [("customer_summary", "=", "Tour: boards bent in transport")]
        )
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.channel, "portal")
        self.assertEqual(claim.sale_order_id.partner_id, self.customer)
        self.assertEqual(claim.line_ids.product_id, self.product)
        self.assertEqual(claim.line_ids.requested_qty, 3.0)
        self.assertEqual(claim.line_ids.requested_action, "exchange")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "cc.claim"), ("res_id", "=", claim.id)]
        )
        self.assertEqual(attachment.mapped("name"), ["tour_photo.png"])

    def test_portal_accept_resolution(self):
        claim = self._portal_claim()
        self.start_tour(
            f"/my/claims/{claim.id}",
            "cc_complaint_portal_accept_tour",
            login="cc_portal_buyer",
        )
        self.assertEqual(claim.customer_response, "accept")
        self.assertEqual(claim.customer_response_name, "Buyer Li")
        self.assertEqual(claim.state, "execution")
