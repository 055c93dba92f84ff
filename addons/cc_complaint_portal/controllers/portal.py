import base64

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.cc_claim_portal import (
    PORTAL_MAX_FILE_SIZE,
    PORTAL_MAX_FILES,
    PORTAL_MIMETYPES,
)


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

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        user = request.env.user
        values["cc_claim_can_file"] = bool(
            user.share
            and not user._is_public()
            and request.env["cc.claim"]._cc_portal_can_file(user.partner_id)
        )
        return values

    def _cc_claim_form_values(self, order_id=0, rows=None, files=None, **values):
        """Values of the new complaint form: the customer's confirmed orders,
        the chosen one and its delivered products, and what was entered."""
        Claim = request.env["cc.claim"]
        partner = request.env.user.partner_id
        # plain values (ids, names, dates): no superuser record reaches here
        orders = Claim._cc_portal_orders(partner)
        if not order_id and len(orders) == 1:
            order_id = orders[0]["id"]
        order = next((o for o in orders if o["id"] == order_id), {})
        rows = list(rows or [])
        rows += [{"product_id": 0, "quantity": ""}] * max(3 - len(rows), 0)
        values.update(
            page_name="cc_claim_new",
            orders=orders,
            order_id=order.get("id", False),
            order_name=order.get("name", ""),
            products=Claim._cc_portal_products(order["id"], partner) if order else [],
            rows=rows,
            kept_files=[
                {
                    "name": name,
                    "mimetype": mimetype,
                    "data": base64.b64encode(content).decode(),
                }
                for name, content, mimetype in (files or [])
            ],
        )
        values.setdefault("description", "")
        values.setdefault("requested_action", "return")
        return values

    @staticmethod
    def _cc_posted_files():
        """Uploaded files, plus the files kept from a previous attempt (sent
        back as hidden fields when the form was shown again)."""
        form = request.httprequest.form
        files = []
        for name, mimetype, data in zip(
            form.getlist("kept_file_name"),
            form.getlist("kept_file_type"),
            form.getlist("kept_file_data"),
            strict=False,
        ):
            try:
                files.append((name, base64.b64decode(data, validate=True), mimetype))
            except (ValueError, TypeError):
                continue
        files += [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]
        return files

    @staticmethod
    def _cc_keepable_files(files):
        """The files worth sending back with the form: acceptable ones only."""
        kept = [
            (name, content, mimetype)
            for name, content, mimetype in files
            if len(content) <= PORTAL_MAX_FILE_SIZE
            and (mimetype or "").startswith(PORTAL_MIMETYPES)
        ]
        return kept[:PORTAL_MAX_FILES]

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
                # the URL carries the access token the portal user may not read
                dict(claim._cc_portal_values(), url=claim.sudo().get_portal_url())
                for claim in claims
            ],
        )
        return request.render("cc_complaint_portal.portal_my_cc_claims", values)

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
        return request.render("cc_complaint_portal.portal_my_cc_claim", values)

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
        try:
            claim_sudo._cc_portal_respond(request.env.user.partner_id, response, name)
        except (UserError, ValidationError) as exc:
            return request.redirect(claim_sudo._cc_portal_url(error=exc.args[0]))
        return request.redirect(
            claim_sudo._cc_portal_url(message=_("Thank you, your answer is recorded."))
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
        try:
            order_id = int(post.get("order_id") or 0)
        except ValueError:
            order_id = 0
        if request.httprequest.method != "POST":
            return request.render(
                "cc_complaint_portal.portal_cc_claim_new",
                self._cc_claim_form_values(order_id=order_id, **values),
            )
        form = request.httprequest.form
        rows = [
            {"product_id": int(product) if product.isdigit() else 0, "quantity": qty}
            for product, qty in zip(
                form.getlist("product_id"), form.getlist("quantity"), strict=False
            )
            if product or qty
        ]
        files = self._cc_posted_files()
        values.update(
            description=post.get("description", ""),
            requested_action=post.get("requested_action") or "return",
        )
        if post.get("cc_reload"):
            # the customer chose another order: show its products, keep the rest
            return request.render(
                "cc_complaint_portal.portal_cc_claim_new",
                self._cc_claim_form_values(
                    order_id=order_id,
                    rows=rows if post.get("products_order_id") == str(order_id) else [],
                    files=self._cc_keepable_files(files),
                    **values,
                ),
            )
        try:
            lines = []
            for row in rows:
                if not row["product_id"]:
                    raise UserError(_("Choose the product of each quantity (Product)."))
                lines.append((row["product_id"], float(row["quantity"] or 0)))
            with request.env.cr.savepoint():
                claim = request.env["cc.claim"]._cc_portal_create(
                    request.env.user.partner_id,
                    order_id,
                    post.get("description"),
                    lines,
                    files,
                    action=values["requested_action"],
                )
        except (UserError, ValidationError, ValueError) as exc:
            values["error"] = exc.args[0] if exc.args else str(exc)
            return request.render(
                "cc_complaint_portal.portal_cc_claim_new",
                self._cc_claim_form_values(
                    order_id=order_id,
                    rows=rows,
                    files=self._cc_keepable_files(files),
                    **values,
                ),
            )
        return request.redirect(
            claim._cc_portal_url(message=_("Thank you, your complaint is submitted."))
        )
