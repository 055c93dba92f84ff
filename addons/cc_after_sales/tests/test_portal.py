"""The customer portal of after-sales service: the customer's requests and
engineer visits, a new request with photos (also from a unit's QR label),
the receipt signed online, the answer to a resolution and a re-test request."""

import base64
import unittest
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from odoo import Command, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
SECRET_GUIDANCE = "EXPERT-ONLY-CHECK-BOARD-REV-C"
SECRET_REVIEW = "REVIEWER-NOTE-ENGINEER-SLOPPY"
SECRET_NOTE = "INTERNAL-NOTE-COST-1234"


class CcAfterSalesPortalCommon(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.phone = "+86 400 800 1234"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Suzhou Plating Co.", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Buyer Wang",
                "parent_id": cls.customer.id,
                "email": "buyer.wang@example.com",
                "phone": "+86 512 1111",
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Wuxi Other Ltd.", "is_company": True}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="cc_as_portal",
            password="cc_as_portal",
            name="Buyer Wang",
            groups="base.group_portal",
            partner_id=cls.contact.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="cc_as_portal_other",
            password="cc_as_portal_other",
            groups="base.group_portal",
            partner_id=cls.other_customer.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Plating Line Controller",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.lot = cls._deliver(cls.customer, "PLC-0001")
        cls.other_lot = cls._deliver(cls.other_customer, "PLC-0002")

    @classmethod
    def _deliver(cls, partner, serial):
        """A validated delivery of one serial-numbered unit to ``partner``."""
        stock = cls.warehouse.lot_stock_id
        customers = cls.env.ref("stock.stock_location_customers")
        lot = cls.env["stock.lot"].create(
            {"name": serial, "product_id": cls.product.id, "company_id": cls.company.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, stock, 1.0, lot_id=lot
        )
        picking = cls.env["stock.picking"].create(
            {
                "partner_id": partner.id,
                "picking_type_id": cls.warehouse.out_type_id.id,
                "location_id": stock.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": cls.product.name,
                            "product_id": cls.product.id,
                            "product_uom_qty": 1.0,
                            "product_uom": cls.product.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        assert picking.state == "done" and picking.move_line_ids.lot_id == lot
        return lot

    @classmethod
    def _request(cls, partner, lot, **vals):
        return cls.env["cc.service.request"].create(
            {
                "partner_id": partner.id,
                "lot_id": lot.id,
                "product_id": lot.product_id.id,
                "request_type": "repair",
                "description": "<p>The controller resets every hour.</p>",
                "channel": "hotline",
                **vals,
            }
        )

    def _confirm_request(self, partner=None, lot=None):
        """A request whose resolution waits for the customer's answer, with
        internal text the customer must never see."""
        service = self._request(partner or self.contact, lot or self.lot)
        service.action_acknowledge()
        service.action_start()
        service.write(
            {
                "resolution": "<p>Firmware updated to 2.4, resets stopped.</p>",
                "expert_guidance": f"<p>{SECRET_GUIDANCE}</p>",
            }
        )
        service.action_submit_review()
        service.action_review_pass(note=SECRET_REVIEW)
        service.message_post(body=SECRET_NOTE, subtype_xmlid="mail.mt_note")
        self.assertEqual(service.state, "confirm")
        return service

    def _dispatch(self, service):
        location = self.env["fsm.location"]._cc_for_partner(service.partner_id)
        return self.env["fsm.order"].create(
            {
                "cc_request_id": service.id,
                "location_id": location.id,
                "cc_lot_ids": [Command.set(service.lot_id.ids)],
                "cc_findings": "<p>Pump seal leaking.</p>",
                "resolution": "<p>Replaced the pump seal.</p>",
            }
        )

    def _post(self, url, data, files=None):
        return self.url_open(
            url,
            data={"csrf_token": http.Request.csrf_token(self), **data},
            files=files,
            allow_redirects=False,
        )


@tagged("post_install", "-at_install")
class TestServicePortal(CcAfterSalesPortalCommon):
    def test_customer_sees_own_requests_only(self):
        own = self._confirm_request()
        foreign = self._request(self.other_customer, self.other_lot)
        own_dispatch = self._dispatch(own)
        foreign_dispatch = self._dispatch(foreign)
        self.authenticate("cc_as_portal", "cc_as_portal")
        page = self.url_open("/my/service")
        self.assertEqual(page.status_code, 200)
        self.assertIn(own.name, page.text)
        self.assertNotIn(foreign.name, page.text)
        # filters and sorting keep to the customer's requests
        page = self.url_open("/my/service?filterby=confirm&sortby=name&search=PLC-0001")
        self.assertIn(own.name, page.text)
        page = self.url_open("/my/service?filterby=closed")
        self.assertNotIn(own.name, page.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["cc_service_count", "cc_dispatch_count"]}
        )
        self.assertEqual(counters, {"cc_service_count": 1, "cc_dispatch_count": 1})
        # the request page: whitelisted values only
        page = self.url_open(f"/my/service/{own.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Firmware updated to 2.4", page.text)
        self.assertIn("Waiting for Your Confirmation", page.text)
        self.assertIn("PLC-0001", page.text)
        self.assertIn(own_dispatch.name, page.text)
        for secret in (SECRET_GUIDANCE, SECRET_REVIEW, SECRET_NOTE, "Accurate"):
            self.assertNotIn(secret, page.text)
        # another customer's request and visit: back to /my
        for url in (
            f"/my/service/{foreign.id}",
            f"/my/service/dispatch/{foreign_dispatch.id}",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303), url)
            self.assertEqual(urlsplit(response.headers["Location"]).path, "/my")
        page = self.url_open("/my/service/dispatches")
        self.assertIn(own_dispatch.name, page.text)
        self.assertNotIn(foreign_dispatch.name, page.text)

    def test_portal_user_cannot_read_internal_fields(self):
        service = self._confirm_request()
        as_portal = service.with_user(self.portal_user)
        as_portal.check_access("read")
        self.assertEqual(as_portal.name, service.name)
        self.assertIn("Firmware updated", as_portal.resolution)
        for field in ("expert_guidance", "review_note", "review_verdict", "user_id"):
            service.invalidate_recordset()
            with self.assertRaises(AccessError, msg=field):
                as_portal.read([field])
        with self.assertRaises(AccessError):
            as_portal.search_read([("id", "=", service.id)], ["review_note"])
        values = as_portal.read([])[0]
        self.assertNotIn("expert_guidance", values)
        self.assertNotIn("review_note", values)
        # the chatter data route gives a token holder no attachments/followers
        store = Store()
        service.message_post(
            body="internal",
            subtype_xmlid="mail.mt_note",
            attachments=[("cost_sheet.pdf", b"%PDF-1.4")],
        )
        as_portal._thread_to_store(
            store, request_list=["attachments", "followers", "activities"]
        )
        result = str(store.get_result())
        self.assertNotIn("cost_sheet.pdf", result)
        self.assertNotIn("followersCount", result)

    def test_access_token_opens_request(self):
        service = self._confirm_request()
        self.assertNotEqual(
            self.url_open(
                f"/my/service/{service.id}", allow_redirects=False
            ).status_code,
            200,
        )
        page = self.url_open(service.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(service.name, page.text)
        self.assertNotIn(SECRET_GUIDANCE, page.text)

    def test_resolution_hidden_until_reviewed(self):
        service = self._request(self.contact, self.lot)
        service.write({"resolution": "<p>Draft: maybe the firmware.</p>"})
        self.authenticate("cc_as_portal", "cc_as_portal")
        page = self.url_open(f"/my/service/{service.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("maybe the firmware", page.text)
        self.assertNotIn('name="cc_confirm"', page.text)

    def test_create_request_with_photo(self):
        self.authenticate("cc_as_portal", "cc_as_portal")
        form = self.url_open("/my/service/new")
        self.assertEqual(form.status_code, 200)
        self.assertIn("PLC-0001", form.text)
        self.assertNotIn("PLC-0002", form.text)
        response = self._post(
            "/my/service/new",
            {
                "request_type": "repair",
                "lot_id": self.lot.id,
                "description": "Display flickers after power-on.",
                "contact_phone": "+86 138 0000 0000",
            },
            files=[
                ("attachments", ("flicker.png", PNG, "image/png")),
                ("attachments", ("panel.png", PNG, "image/png")),
            ],
        )
        self.assertEqual(response.status_code, 303)
        service = self.env["cc.service.request"].search(
            [("contact_phone", "=", "+86 138 0000 0000")]
        )
        self.assertEqual(len(service), 1)
        self.assertEqual(service.channel, "portal")
        self.assertEqual(service.state, "new")
        self.assertEqual(service.partner_id, self.contact)
        self.assertEqual(service.commercial_partner_id, self.customer)
        self.assertEqual(service.lot_id, self.lot)
        self.assertEqual(service.product_id, self.product)
        self.assertEqual(service.picking_id.partner_id, self.customer)
        self.assertFalse(service.user_id)
        self.assertIn("Display flickers", service.description)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "cc.service.request"), ("res_id", "=", service.id)]
        )
        self.assertEqual(
            sorted(attachments.mapped("name")), ["flicker.png", "panel.png"]
        )
        self.assertIn(self.contact, service.message_partner_ids)
        location = response.headers["Location"]
        self.assertEqual(urlsplit(location).path, f"/my/service/{service.id}")
        self.assertEqual(
            parse_qs(urlsplit(location).query)["access_token"], [service.access_token]
        )
        self.assertIn("your service request is submitted", self.url_open(location).text)

    def test_create_request_bad_input_saves_nothing(self):
        self.authenticate("cc_as_portal", "cc_as_portal")
        Request = self.env["cc.service.request"]
        count = Request.search_count([])
        cases = [
            # another customer's unit
            (
                {"lot_id": self.other_lot.id, "description": "Broken"},
                None,
                "was not delivered to Suzhou Plating Co.",
            ),
            (
                {"lot_id": self.lot.id, "description": "  "},
                None,
                "Description is required",
            ),
            (
                {
                    "lot_id": self.lot.id,
                    "description": "Broken",
                    "request_type": "retest",
                },
                None,
                "(Type)",
            ),
            (
                {"lot_id": self.lot.id, "description": "Broken"},
                [("attachments", ("virus.exe", b"MZ", "application/x-msdownload"))],
                "only images and PDF files",
            ),
        ]
        for data, files, message in cases:
            response = self._post(
                "/my/service/new", {"request_type": "repair", **data}, files=files
            )
            self.assertEqual(response.status_code, 400, message)
            self.assertIn(message, response.text)
        self.assertEqual(Request.search_count([]), count)
        # what the customer typed is kept
        response = self._post(
            "/my/service/new",
            {
                "lot_id": self.other_lot.id,
                "description": "Kept text",
                "request_type": "repair",
            },
        )
        self.assertIn("Kept text", response.text)

    def test_confirm_resolution(self):
        service = self._confirm_request()
        self.authenticate("cc_as_portal", "cc_as_portal")
        response = self._post(f"/my/service/{service.id}/confirm", {})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(service.state, "followup")
        self.assertTrue(service.confirmed_on)
        self.assertTrue(service.followup_due)
        self.assertTrue(
            service.message_ids.filtered(
                lambda m: m.author_id == self.contact and "confirmed" in (m.body or "")
            )
        )
        # answering twice is refused with a message, nothing changes
        response = self._post(f"/my/service/{service.id}/confirm", {})
        self.assertIn(
            "no resolution waiting",
            parse_qs(urlsplit(response.headers["Location"]).query)["error"][0],
        )
        self.assertEqual(service.state, "followup")

    def test_reject_resolution(self):
        service = self._confirm_request()
        self.authenticate("cc_as_portal", "cc_as_portal")
        response = self._post(f"/my/service/{service.id}/reject", {"reason": "  "})
        self.assertIn(
            "(Reason)",
            response.headers["Location"].replace("%28", "(").replace("%29", ")"),
        )
        self.assertEqual(service.state, "confirm")
        response = self._post(
            f"/my/service/{service.id}/reject", {"reason": "Still resets at night."}
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(service.state, "in_progress")
        self.assertEqual(service.customer_reject_reason, "Still resets at night.")
        self.assertEqual(service.rehandle_count, 1)
        # another customer cannot answer
        other = self._confirm_request()
        self.authenticate("cc_as_portal_other", "cc_as_portal_other")
        response = self._post(f"/my/service/{other.id}/reject", {"reason": "Hijack"})
        self.assertEqual(urlsplit(response.headers["Location"]).path, "/my")
        self.assertEqual(other.state, "confirm")

    def test_sign_receipt_twice_refused(self):
        service = self._request(self.contact, self.lot)
        order = self._dispatch(service)
        self.authenticate("cc_as_portal", "cc_as_portal")
        page = self.url_open(f"/my/service/dispatch/{order.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Pump seal leaking", page.text)
        self.assertIn("o_cc_receipt_sign", page.text)
        url = f"/my/service/dispatch/{order.id}/sign"
        result = self.make_jsonrpc_request(
            url, {"name": "Buyer Wang", "signature": base64.b64encode(PNG).decode()}
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertTrue(order.cc_receipt_signed)
        self.assertEqual(order.signed_by, "Buyer Wang")
        result = self.make_jsonrpc_request(
            url, {"name": "Someone Else", "signature": base64.b64encode(PNG).decode()}
        )
        self.assertIn("already signed", result["error"])
        self.assertEqual(order.signed_by, "Buyer Wang")
        # no signature, or another customer's dispatch: an error for the widget
        other_order = self._dispatch(self._request(self.other_customer, self.other_lot))
        result = self.make_jsonrpc_request(
            f"/my/service/dispatch/{other_order.id}/sign",
            {"name": "Buyer Wang", "signature": base64.b64encode(PNG).decode()},
        )
        self.assertEqual(result, {"error": "Invalid dispatch."})
        self.assertFalse(other_order.cc_receipt_signed)
        # the signed page: no signature form, the receipt to download
        page = self.url_open(f"/my/service/dispatch/{order.id}")
        self.assertNotIn("modalcc_receipt_sign", page.text)
        self.assertIn("report_type=pdf", page.text)
        report = self.url_open(f"/my/service/dispatch/{order.id}?report_type=html")
        self.assertEqual(report.status_code, 200)
        self.assertIn("Buyer Wang", report.text)

    def test_sign_receipt_tour(self):
        service = self._request(self.contact, self.lot)
        order = self._dispatch(service)
        self.start_tour(
            f"/my/service/dispatch/{order.id}",
            "cc_after_sales_portal_sign_tour",
            login="cc_as_portal",
        )
        self.assertTrue(order.cc_receipt_signed)
        self.assertEqual(order.signed_by, "Buyer Wang")
        self.assertTrue(order.signature)
        self.assertTrue(
            order.message_ids.attachment_ids.filtered(lambda a: a.name.endswith(".pdf"))
        )


@tagged("post_install", "-at_install")
class TestServiceQrLabel(CcAfterSalesPortalCommon):
    def test_label_url_and_report(self):
        url = self.lot._cc_portal_qr_url()
        query = parse_qs(urlsplit(url).query)
        self.assertEqual(urlsplit(url).path, "/my/service/new")
        self.assertEqual(query["lot"], [str(self.lot.id)])
        Lot = self.env["stock.lot"]
        self.assertEqual(
            Lot._cc_portal_qr_lot(self.lot.id, query["token"][0]), self.lot
        )
        # the token of one unit does not open another
        self.assertFalse(Lot._cc_portal_qr_lot(self.other_lot.id, query["token"][0]))
        self.assertFalse(Lot._cc_portal_qr_lot("x", query["token"][0]))
        self.assertFalse(Lot._cc_portal_qr_lot(self.lot.id, None))
        Report = self.env["ir.actions.report"]
        html = str(
            Report._render_qweb_html(
                "cc_after_sales.action_report_cc_unit_qr_label", self.lot.ids
            )[0]
        )
        self.assertIn("PLC-0001", html)
        self.assertIn("+86 400 800 1234", html)
        self.assertIn("data:image/png;base64,", html)
        picking = (
            self.env["stock.move.line"]
            .search([("lot_id", "=", self.lot.id)], limit=1)
            .picking_id
        )
        html = str(
            Report._render_qweb_html(
                "cc_after_sales.action_report_cc_unit_qr_label_picking", picking.ids
            )[0]
        )
        self.assertIn("PLC-0001", html)
        self.assertNotIn("PLC-0002", html)

    def test_qr_link_prefills_form(self):
        url = self.lot._cc_portal_qr_url()
        path = urlsplit(url).path + "?" + urlsplit(url).query
        # not logged in: the login page first, back to the form afterwards
        response = self.url_open(path, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        location = urlsplit(response.headers["Location"])
        self.assertEqual(location.path, "/web/login")
        self.assertIn("token", parse_qs(location.query)["redirect"][0])
        self.authenticate("cc_as_portal", "cc_as_portal")
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertRegex(
            page.text, rf'<option value="{self.lot.id}" selected="[^"]+">\s*PLC-0001'
        )
        # a wrong token: refused, nothing prefilled
        page = self.url_open(f"/my/service/new?lot={self.lot.id}&token=forged")
        self.assertEqual(page.status_code, 403)
        self.assertIn("This service link is not valid", page.text)
        lot_select = page.text.split('name="lot_id"')[1].split("</select>")[0]
        self.assertNotIn("selected=", lot_select)
        # the right token of another customer's unit: refused too
        other_url = urlsplit(self.other_lot._cc_portal_qr_url())
        page = self.url_open(f"{other_url.path}?{other_url.query}")
        self.assertEqual(page.status_code, 403)
        self.assertIn("was not delivered to Suzhou Plating Co.", page.text)


@tagged("post_install", "-at_install")
class TestServicePortalRetest(CcAfterSalesPortalCommon):
    def test_retest_request_from_portal(self):
        if "cc.service.retest" not in self.env:
            raise unittest.SkipTest("cc.service.retest is not part of the module yet")
        service = self._request(self.contact, self.lot, request_type="interpretation")
        Retest = self.env["cc.service.retest"]
        count = Retest.search_count([])
        self.authenticate("cc_as_portal", "cc_as_portal")
        page = self.url_open(f"/my/service/{service.id}")
        self.assertIn("Request a re-test", page.text)
        report_date = service.date_request.date()
        response = self._post(
            f"/my/service/{service.id}/retest",
            {
                "report_reference": "TR-2026-001",
                "report_date": report_date.isoformat(),
                "reason": "Thickness seems off.",
                "item_name": "Coating thickness",
                "item_original_value": "12,5",
                "item_tolerance": "0.5",
                "item_unit": "µm",
            },
        )
        self.assertEqual(response.status_code, 303)
        query = parse_qs(urlsplit(response.headers["Location"]).query)
        self.assertNotIn("error", query, query)
        retest = Retest.search([("request_id", "=", service.id)])
        self.assertEqual(len(retest), 1)
        self.assertEqual(retest.state, "submitted")
        self.assertEqual(retest.channel, "portal")
        self.assertEqual(retest.partner_id, self.contact)
        self.assertEqual(retest.line_ids.name, "Coating thickness")
        self.assertEqual(retest.line_ids.original_value, 12.5)
        self.assertEqual(retest.line_ids.tolerance, 0.5)
        self.assertEqual(retest.line_ids.unit, "µm")
        page = self.url_open(f"/my/service/{service.id}")
        self.assertIn("TR-2026-001", page.text)
        # bad input: a clear error, nothing saved
        for data, message in (
            (
                {
                    "report_reference": "TR-2",
                    "report_date": "31/02/2026",
                    "reason": "x",
                    "item_name": "A",
                    "item_original_value": "1",
                },
                "(Report Date)",
            ),
            (
                {
                    "report_reference": "TR-2",
                    "report_date": report_date.isoformat(),
                    "reason": "x",
                    "item_name": "A",
                    "item_original_value": "about 3",
                },
                "Original Value must be a number",
            ),
            (
                {
                    "report_reference": "TR-2",
                    "report_date": report_date.isoformat(),
                    "reason": "x",
                    "item_name": "A",
                    "item_tolerance": "-1",
                },
                "Tolerance cannot be negative",
            ),
        ):
            response = self._post(f"/my/service/{service.id}/retest", data)
            query = parse_qs(urlsplit(response.headers["Location"]).query)
            self.assertIn(message, query["error"][0])
        self.assertEqual(Retest.search_count([]), count + 1)
        # after the window: recorded, refused with the date it was due
        response = self._post(
            f"/my/service/{service.id}/retest",
            {
                "report_reference": "TR-2025-OLD",
                "report_date": (report_date - timedelta(days=120)).isoformat(),
                "reason": "Late.",
                "item_name": "Coating thickness",
                "item_original_value": "12.5",
            },
        )
        query = parse_qs(urlsplit(response.headers["Location"]).query)
        self.assertIn("was due by", query["error"][0])
        late = Retest.search([("report_reference", "=", "TR-2025-OLD")])
        self.assertEqual(late.state, "refused")
        # another customer cannot file on this request
        self.authenticate("cc_as_portal_other", "cc_as_portal_other")
        response = self._post(
            f"/my/service/{service.id}/retest",
            {
                "report_reference": "HIJACK",
                "report_date": report_date.isoformat(),
                "reason": "x",
                "item_name": "A",
            },
        )
        self.assertEqual(urlsplit(response.headers["Location"]).path, "/my")
        self.assertFalse(Retest.search([("report_reference", "=", "HIJACK")]))


@tagged("post_install", "-at_install")
class TestFieldServicePortalCounter(CcAfterSalesPortalCommon):
    def test_home_counts_only_the_customers_own_orders(self):
        """fieldservice_portal counted the orders on the portal home as
        superuser (every customer's): the count is the customer's own, as
        its list at /my/fsm_orders shows them."""
        own = self._dispatch(self._request(self.contact, self.lot))
        foreign = self._dispatch(self._request(self.other_customer, self.other_lot))
        visible = [("stage_id.portal_visible", "=", True)]
        Order = self.env["fsm.order"]
        expected = Order.with_user(self.portal_user).search(visible)
        self.assertIn(own, expected)
        self.assertNotIn(foreign, expected)
        self.assertLess(len(expected), Order.search_count(visible))
        self.authenticate("cc_as_portal", "cc_as_portal")
        result = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["fsm_order_count", "cc_dispatch_count"]}
        )
        self.assertEqual(
            result, {"fsm_order_count": len(expected), "cc_dispatch_count": 1}
        )
        # fieldservice_portal's own list still opens and shows the same orders
        page = self.url_open("/my/fsm_orders?filterby=all&groupby=none")
        self.assertEqual(page.status_code, 200)
        self.assertIn(own.name, page.text)
        self.assertNotIn(foreign.name, page.text)
        # the other customer counts its own order only
        self.authenticate("cc_as_portal_other", "cc_as_portal_other")
        result = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["fsm_order_count"]}
        )
        self.assertEqual(
            result["fsm_order_count"],
            Order.with_user(self.other_portal_user).search_count(visible),
        )

    def test_home_counter_internal_user_without_field_service(self):
        """An internal user without field-service rights gets 0, no error."""
        new_test_user(self.env, login="cc_as_nofsm", groups="base.group_user")
        self.authenticate("cc_as_nofsm", "cc_as_nofsm")
        result = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["fsm_order_count"]}
        )
        self.assertEqual(result, {"fsm_order_count": 0})
