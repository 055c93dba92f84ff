"""The customer's new-complaint form on the portal: which products it offers,
what it keeps when the submission is refused, where it sends the customer
afterwards, and the /my entry that leads there."""

from urllib.parse import parse_qs, urlsplit

from odoo import Command, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .test_portal_claims import PNG, CcClaimPortalCommon


class CcClaimPortalNewCommon(CcClaimPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env["product.product"].create(
            {"name": "Installation service", "type": "service", "list_price": 50.0}
        )
        cls.undelivered = cls.env["product.product"].create(
            {"name": "Stencil (not shipped yet)", "type": "consu", "list_price": 20.0}
        )
        # one order: a delivered storable product, a service, a product still
        # to ship (its picking is left open), a section line
        cls.mixed_order = cls.env["sale.order"].create(
            dict(
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.user_sales.id,
                    "company_id": cls.company.id,
                    "order_line": [
                        Command.create(
                            {"display_type": "line_section", "name": "Boards"}
                        ),
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 40.0,
                                "price_unit": 100.0,
                            }
                        ),
                        Command.create(
                            {
                                "product_id": cls.service.id,
                                "product_uom_qty": 1.0,
                                "price_unit": 50.0,
                            }
                        ),
                        Command.create(
                            {
                                "product_id": cls.undelivered.id,
                                "product_uom_qty": 5.0,
                                "price_unit": 20.0,
                            }
                        ),
                    ],
                },
                **cls._cc_order_vals(),
            )
        )
        cls.mixed_order.action_confirm()
        cls._cc_deliver_products(cls.mixed_order, {cls.product: 40.0})


@tagged("post_install", "-at_install")
class TestClaimPortalNew(CcClaimPortalNewCommon):
    def test_created_claim_handed_back_without_superuser(self):
        Claim = self.env["cc.claim"].with_user(self.portal_user)
        claim = Claim._cc_portal_create(
            self.portal_user.partner_id,
            self.mixed_order.id,
            "Two boards delaminated",
            [(self.product.id, 2.0)],
            [],
        )
        self.assertTrue(claim)
        self.assertFalse(claim.env.su)
        self.assertEqual(claim.env.user, self.portal_user)
        self.assertEqual(claim.line_ids.sudo().defect_qty, 2.0)

    def test_product_choices_are_delivered_goods_of_the_order(self):
        Claim = self.env["cc.claim"].with_user(self.portal_user)
        products = Claim._cc_portal_products(self.mixed_order)
        self.assertEqual([p["id"] for p in products], [self.product.id])
        self.assertEqual(products[0]["qty_delivered"], 40.0)
        # per order: the fixture order delivered 1000 of the same product
        self.assertEqual(
            [p["qty_delivered"] for p in Claim._cc_portal_products(self.order)],
            [1000.0],
        )

    def test_portal_refuses_service_undelivered_and_excess(self):
        Claim = self.env["cc.claim"].with_user(self.portal_user)
        partner = self.portal_user.partner_id
        count = self.env["cc.claim"].search_count([])
        for product, qty in (
            (self.service, 1.0),
            (self.undelivered, 1.0),
            (self.product, 41.0),
        ):
            with self.assertRaises(UserError, msg=product.name):
                Claim._cc_portal_create(
                    partner, self.mixed_order.id, "Broken", [(product.id, qty)], []
                )
        self.assertEqual(self.env["cc.claim"].search_count([]), count)
        claim = Claim._cc_portal_create(
            partner, self.mixed_order.id, "Broken", [(self.product.id, 40.0)], []
        )
        self.assertEqual(claim.line_ids.shipped_qty, 40.0)

    def test_request_kept_without_product_rows(self):
        claim = (
            self.env["cc.claim"]
            .with_user(self.portal_user)
            ._cc_portal_create(
                self.portal_user.partner_id,
                self.mixed_order.id,
                "Everything arrived wet.",
                [],
                [],
                action="compensation",
            )
        )
        self.assertFalse(claim.line_ids)
        self.assertEqual(claim.customer_request, "compensation")
        values = claim.with_user(self.portal_user)._cc_portal_values()
        self.assertEqual(values["customer_request"], "Compensation")

    def test_reference_before_registration(self):
        claim = (
            self.env["cc.claim"]
            .with_user(self.portal_user)
            ._cc_portal_create(
                self.portal_user.partner_id,
                self.mixed_order.id,
                "Boards bent.",
                [(self.product.id, 2.0)],
                [],
            )
        )
        values = claim._cc_portal_values()
        self.assertFalse(values["registered"])
        self.assertIn(f"#{claim.id}", values["name"])
        self.assertNotIn("New", values["name"])
        claim.with_user(self.user_gm_office).action_register()
        values = claim._cc_portal_values()
        self.assertTrue(values["registered"])
        self.assertEqual(values["name"], claim.name)

    def test_portal_url_has_one_query_string(self):
        claim = self._portal_claim()
        url = claim._cc_portal_url(message="Thank you?&")
        self.assertEqual(url.count("?"), 1)
        query = parse_qs(urlsplit(url).query)
        self.assertEqual(query["access_token"], [claim.access_token])
        self.assertEqual(query["message"], ["Thank you?&"])

    def test_can_file_without_claims(self):
        Claim = self.env["cc.claim"]
        self.assertFalse(Claim.search_count(Claim._cc_portal_domain(self.customer)))
        self.assertTrue(Claim._cc_portal_can_file(self.portal_user.partner_id))
        stranger = self.env["res.partner"].create({"name": "No orders"})
        self.assertFalse(Claim._cc_portal_can_file(stranger))


@tagged("post_install", "-at_install")
class TestClaimPortalNewHttp(HttpCase, CcClaimPortalNewCommon):
    """Runs with pytest-odoo's --odoo-http (or Odoo's own test runner)."""

    def _post(self, data, files=None):
        return self.url_open(
            "/my/claims/new",
            data={"csrf_token": http.Request.csrf_token(self), **data},
            files=files,
            allow_redirects=False,
        )

    def test_my_home_shows_complaints_without_claims(self):
        self.authenticate("cc_portal_buyer", "cc_portal_buyer")
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn('href="/my/claims/new"', response.text)
        # the complaints card is visible (not hidden until a first claim exists)
        self.assertRegex(
            response.text,
            r'class="o_portal_index_card col-md-6 order-2">\s*<a href="/my/claims"',
        )

    def test_form_lists_delivered_products_of_the_chosen_order(self):
        self.authenticate("cc_portal_buyer", "cc_portal_buyer")
        response = self.url_open(f"/my/claims/new?order_id={self.mixed_order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.product.display_name, response.text)
        self.assertNotIn(self.service.display_name, response.text)
        self.assertNotIn(self.undelivered.display_name, response.text)
        # reloading for another order keeps the description
        response = self._post(
            {
                "order_id": self.order.id,
                "cc_reload": "1",
                "description": "Kept while reloading",
            }
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Kept while reloading", response.text)
        self.assertIn(self.product.display_name, response.text)

    def test_error_keeps_entered_values(self):
        self.authenticate("cc_portal_buyer", "cc_portal_buyer")
        response = self._post(
            {
                "order_id": self.mixed_order.id,
                "products_order_id": self.mixed_order.id,
                "description": "Twelve boards warped",
                "requested_action": "exchange",
                "product_id": self.product.id,
                "quantity": "99",
            },
            files={"attachments": ("warp.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("alert-danger", html)
        self.assertLess(
            html.index("alert-danger"), html.index('action="/my/claims/new"')
        )
        self.assertIn("Twelve boards warped", html)
        self.assertRegex(html, r'value="exchange"\s+selected')
        self.assertRegex(html, rf'value="{self.product.id}"\s+selected')
        self.assertIn('value="99"', html)
        self.assertRegex(html, rf'value="{self.mixed_order.id}"\s+selected')
        self.assertIn('name="kept_file_name" value="warp.png"', html)
        self.assertFalse(
            self.env["cc.claim"].search(
                [("customer_summary", "=", "Twelve boards warped")]
            )
        )

    def test_submission_redirects_to_thank_you(self):
        self.authenticate("cc_portal_buyer", "cc_portal_buyer")
        response = self._post(
            {
                "order_id": self.mixed_order.id,
                "description": "Boards bent in transport",
                "requested_action": "repair",
                "product_id": self.product.id,
                "quantity": "3",
            },
            files={"attachments": ("bent.png", PNG, "image/png")},
        )
        self.assertIn(response.status_code, (302, 303))
        location = response.headers["Location"]
        self.assertEqual(location.count("?"), 1, location)
        claim = self.env["cc.claim"].search(
            [("customer_summary", "=", "Boards bent in transport")]
        )
        self.assertEqual(claim.line_ids.requested_action, "repair")
        self.assertEqual(claim.customer_request, "repair")
        self.assertEqual(
            parse_qs(urlsplit(location).query)["access_token"], [claim.access_token]
        )
        page = self.url_open(location)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Thank you, your complaint is submitted.", page.text)
        self.assertIn(f"#{claim.id}", page.text)
        self.assertNotIn("Complaint New", page.text)
