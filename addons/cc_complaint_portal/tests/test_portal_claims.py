import base64

from odoo import Command, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cc_complaint.tests.common import CcClaimExecutionCommon

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
SECRET = "LAMINATION-PRESS-7-OPERATOR-WANG"
INTERNAL = "GM-OFFICE-ONLY-OPINION"


class CcClaimPortalCommon(CcClaimExecutionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="cc_portal_buyer",
            password="cc_portal_buyer",
            name="Buyer Li",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="cc_portal_other",
            password="cc_portal_other",
            groups="base.group_portal",
            partner_id=cls.other_customer.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _portal_claim(self, state="negotiation", partner=None):
        claim = self._create_execution_claim([("allowance", 0.0, 120.0)], state=state)
        claim.sudo().write(
            {
                "partner_id": (partner or self.customer).id,
                "root_cause": SECRET,
                "gm_office_opinion": INTERNAL,
                "proposal_note": INTERNAL,
                "decision": "We grant a price allowance of 120 on invoice.",
            }
        )
        return claim


@tagged("post_install", "-at_install")
class TestClaimPortal(CcClaimPortalCommon):
    def test_portal_reads_only_whitelisted_fields(self):
        claim = self._portal_claim()
        as_portal = claim.with_user(self.portal_user)
        as_portal.check_access("read")
        self.assertEqual(as_portal.name, claim.name)
        self.assertEqual(as_portal.customer_summary, "Boards delaminate after reflow.")
        for field in (
            "root_cause",
            "gm_office_opinion",
            "proposal_note",
            "amount_total",
            "loss_amount",
        ):
            claim.invalidate_recordset()
            with self.assertRaises(AccessError, msg=field):
                as_portal.read([field])
        with self.assertRaises(AccessError):
            as_portal.search_read([("id", "=", claim.id)], ["root_cause"])
        with self.assertRaises(AccessError):
            claim.line_ids.with_user(self.portal_user).write({"approved_qty": 1.0})
        lines = claim.line_ids.with_user(self.portal_user)
        self.assertEqual(lines.product_id, self.product)
        for field in ("amount", "approved_qty", "loss_amount", "unit_cost"):
            with self.assertRaises(AccessError, msg=field):
                lines.read([field])

    def test_portal_sees_only_own_claims(self):
        own = self._portal_claim()
        foreign = self._portal_claim(partner=self.other_customer)
        Claim = self.env["cc.claim"].with_user(self.portal_user)
        found = Claim.search(Claim._cc_portal_domain(self.portal_user.partner_id))
        self.assertIn(own, found)
        self.assertNotIn(foreign, found)
        self.assertFalse(Claim.search([("id", "=", foreign.id)]))
        with self.assertRaises(AccessError):
            foreign.with_user(self.portal_user).check_access("read")

    def test_portal_page_shows_no_internal_text(self):
        claim = self._portal_claim()
        values = claim.with_user(self.portal_user)._cc_portal_values()
        self.assertTrue(values["can_respond"])
        html = str(
            self.env["ir.qweb"]._render(
                "cc_complaint_portal.portal_cc_claim_content", {"claim": values}
            )
        )
        self.assertIn(claim.name, html)
        self.assertIn("Boards delaminate after reflow.", html)
        self.assertIn("price allowance of 120", html)
        self.assertIn("Resolution Proposed", html)
        self.assertNotIn(SECRET, html)
        self.assertNotIn(INTERNAL, html)
        self.assertNotIn("Investigation", html)

    def test_decision_hidden_before_negotiation(self):
        claim = self._portal_claim(state="investigation")
        values = claim._cc_portal_values()
        self.assertEqual(values["decision"], "")
        self.assertEqual(values["status"], "Under Review")
        self.assertFalse(values["can_respond"])

    def test_portal_submits_complaint(self):
        Claim = self.env["cc.claim"].with_user(self.portal_user)
        claim = Claim._cc_portal_create(
            self.portal_user.partner_id,
            self.order.id,
            "Ten boards warp after reflow.\nPhotos attached.",
            [(self.product.id, 10.0)],
            [("warp.png", PNG, "image/png")],
            action="exchange",
        )
        self.assertEqual(claim.state, "draft")
        self.assertEqual(claim.channel, "portal")
        self.assertEqual(claim.partner_id, self.customer_contact)
        self.assertEqual(claim.commercial_partner_id, self.customer)
        self.assertEqual(claim.sale_order_id, self.order)
        self.assertEqual(claim.user_id, self.order.user_id)
        self.assertEqual(claim.line_ids.product_id, self.product)
        self.assertEqual(claim.line_ids.requested_qty, 10.0)
        self.assertEqual(claim.line_ids.requested_action, "exchange")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "cc.claim"), ("res_id", "=", claim.id)]
        )
        self.assertEqual(attachment.name, "warp.png")
        self.assertIn(attachment, claim.message_ids.attachment_ids)
        self.assertIn(self.customer_contact, claim.message_partner_ids)

    def test_portal_submission_bad_input(self):
        other_order, _d, _i = self._sell(self.other_customer, 5.0, 10.0)
        Claim = self.env["cc.claim"].with_user(self.portal_user)
        partner = self.portal_user.partner_id
        count = self.env["cc.claim"].search_count([])
        cases = [
            (other_order.id, "Broken", [(self.product.id, 1.0)], []),
            (self.order.id, "  ", [(self.product.id, 1.0)], []),
            (self.order.id, "Broken", [(self.product.id, -1.0)], []),
            (
                self.order.id,
                "Broken",
                [(self.product.id, 1.0)],
                [("x.exe", b"MZ", "application/x-msdownload")],
            ),
        ]
        for order_id, description, lines, files in cases:
            with self.assertRaises(UserError):
                Claim._cc_portal_create(partner, order_id, description, lines, files)
        self.assertEqual(self.env["cc.claim"].search_count([]), count)

    def test_portal_accepts_resolution(self):
        claim = self._portal_claim()
        claim.with_user(self.portal_user)._cc_portal_respond(
            self.portal_user.partner_id, "accept", "Buyer Li"
        )
        self.assertEqual(claim.customer_response, "accept")
        self.assertEqual(claim.customer_response_name, "Buyer Li")
        self.assertTrue(claim.customer_response_date)
        self.assertEqual(claim.state, "execution")
        self.assertTrue(
            claim.message_ids.filtered(
                lambda m: "Buyer Li accepted" in (m.body or "")
                and m.author_id == self.customer_contact
            )
        )
        with self.assertRaises(UserError):
            claim._cc_portal_respond(self.portal_user.partner_id, "accept", "Buyer Li")

    def test_portal_respond_needs_name(self):
        claim = self._portal_claim()
        with self.assertRaises(UserError):
            claim._cc_portal_respond(self.portal_user.partner_id, "accept", " ")
        self.assertEqual(claim.state, "negotiation")


@tagged("post_install", "-at_install")
class TestClaimPortalHttp(HttpCase, CcClaimPortalCommon):
    """Runs with pytest-odoo's --odoo-http (or Odoo's own test runner)."""

    def test_portal_pages(self):
        own = self._portal_claim()
        foreign = self._portal_claim(partner=self.other_customer)
        self.authenticate("cc_portal_buyer", "cc_portal_buyer")
        response = self.url_open("/my/claims")
        self.assertEqual(response.status_code, 200)
        self.assertIn(own.name, response.text)
        self.assertNotIn(foreign.name, response.text)
        response = self.url_open(f"/my/claims/{own.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("price allowance of 120", response.text)
        self.assertNotIn(SECRET, response.text)
        self.assertNotIn(INTERNAL, response.text)
        response = self.url_open(f"/my/claims/{foreign.id}", allow_redirects=False)
        self.assertIn(response.status_code, (303, 302))
        self.assertNotIn(foreign.name, response.text)
        # counter on /my
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["cc_claim_count"]}
        )
        self.assertEqual(counters["cc_claim_count"], 1)
        # new complaint with a photo
        response = self.url_open(
            "/my/claims/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "order_id": self.order.id,
                "description": "Boards bent in transport",
                "requested_action": "return",
                "product_id": self.product.id,
                "quantity": "3",
            },
            files={"attachments": ("bent.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        new = self.env["cc.claim"].search(
            [("customer_summary", "=", "Boards bent in transport")]
        )
        self.assertEqual(new.channel, "portal")
        self.assertEqual(new.state, "draft")
        self.assertTrue(
            self.env["ir.attachment"].search(
                [("res_model", "=", "cc.claim"), ("res_id", "=", new.id)]
            )
        )
        # accept online
        response = self.url_open(
            f"/my/claims/{own.id}/respond",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "response": "accept",
                "name": "Buyer Li",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(own.customer_response, "accept")
