from urllib.parse import urlencode

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class CustomerPortal(portal.CustomerPortal):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cc_claim_count" in counters:
            Claim = request.env["cc.claim"]
            values["cc_claim_count"] = (
                Claim.search_count(Claim._cc_portal_domain(request.env.user.partner_id))
                if Claim.has_access("read")
                else 0
            )
        return values

    def _cc_claim_form_values(self, **values):
        partner = request.env.user.partner_id
        orders = request.env["cc.claim"]._cc_portal_orders(partner)
        values.update(
            page_name="cc_claim_new",
            orders=[
                {
                    "id": order.id,
                    "name": order.name,
                    "date": order.date_order,
                    "products": [
                        {"id": line.product_id.id, "name": line.product_id.display_name}
                        for line in order.order_line
                        if line.product_id and not line.display_type
                    ],
                }
                for order in orders
            ],
        )
        return values

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    @http.route(
        ["/my/claims", "/my/claims/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cc_claims(self, page=1, **kw):
        Claim = request.env["cc.claim"]
        domain = Claim._cc_portal_domain(request.env.user.partner_id)
        values = self._prepare_portal_layout_values()
        pager = portal_pager(
            url="/my/claims",
            total=Claim.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        claims = Claim.search(
            domain,
            order="date_claim desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_cc_claims_history"] = claims.ids[:100]
        values.update(
            page_name="cc_claim",
            pager=pager,
            default_url="/my/claims",
            claims=[
                dict(claim._cc_portal_values(), url=claim.sudo().get_portal_url())
                for claim in claims
            ],
        )
        return request.render("cc_complaint.portal_my_cc_claims", values)

    @http.route(["/my/claims/<int:claim_id>"], type="http", auth="public", website=True)
    def portal_my_cc_claim(
        self, claim_id, access_token=None, message=None, error=None, **kw
    ):
        try:
            claim_sudo = self._document_check_access(
                "cc.claim", claim_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            claim_sudo, access_token, {}, "my_cc_claims_history", False, **kw
        )
        values.update(
            page_name="cc_claim",
            claim=claim_sudo._cc_portal_values(),
            message=message,
            error=error,
        )
        return request.render("cc_complaint.portal_my_cc_claim", values)

    @http.route(
        ["/my/claims/<int:claim_id>/respond"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_cc_claim_respond(
        self, claim_id, access_token=None, response=None, name=None, **kw
    ):
        try:
            claim_sudo = self._document_check_access(
                "cc.claim", claim_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        url = claim_sudo.get_portal_url()
        try:
            claim_sudo._cc_portal_respond(request.env.user.partner_id, response, name)
        except (UserError, ValidationError) as exc:
            return request.redirect(
                f"{url}{'&' if '?' in url else '?'}{self._cc_query(error=exc.args[0])}"
            )
        return request.redirect(
            f"{url}{'&' if '?' in url else '?'}"
            + self._cc_query(message=_("Thank you, your answer is recorded."))
        )

    @http.route(
        ["/my/claims/new"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_my_cc_claim_new(self, **post):
        values = self._prepare_portal_layout_values()
        if request.httprequest.method != "POST":
            return request.render(
                "cc_complaint.portal_cc_claim_new", self._cc_claim_form_values(**values)
            )
        files = [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]
        lines = []
        products = request.httprequest.form.getlist("product_id")
        quantities = request.httprequest.form.getlist("quantity")
        try:
            for product, qty in zip(products, quantities, strict=False):
                if product:
                    lines.append((int(product), float(qty or 0)))
            order_id = int(post.get("order_id") or 0)
            with request.env.cr.savepoint():
                claim = request.env["cc.claim"]._cc_portal_create(
                    request.env.user.partner_id,
                    order_id,
                    post.get("description"),
                    lines,
                    files,
                    action=post.get("requested_action") or "return",
                )
        except (UserError, ValidationError, ValueError) as exc:
            values.update(
                error=exc.args[0] if exc.args else str(exc),
                description=post.get("description", ""),
            )
            return request.render(
                "cc_complaint.portal_cc_claim_new", self._cc_claim_form_values(**values)
            )
        return request.redirect(
            f"{claim.get_portal_url()}?"
            + self._cc_query(message=_("Thank you, your complaint is registered."))
        )

    @staticmethod
    def _cc_query(**params):
        return urlencode(params)
