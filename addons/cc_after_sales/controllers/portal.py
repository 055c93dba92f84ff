import binascii
from itertools import zip_longest
from urllib.parse import urlencode

from markupsafe import Markup

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PORTAL_MAX_FILES = 10
PORTAL_MAX_FILE_SIZE = 10 * 1024 * 1024
PORTAL_MIMETYPES = ("image/", "application/pdf")
# the types a customer may ask for on the form (a re-test has its own form)
PORTAL_REQUEST_TYPES = (
    "repair",
    "commissioning",
    "consultation",
    "interpretation",
    "other",
)
# states whose resolution the customer may read: after the quality review
RESOLUTION_STATES = ("confirm", "followup", "closed")
RETEST_MODEL = "cc.service.retest"


def _portal_states():
    """The customer's names of the request states: the internal steps
    (quality review) are not shown."""
    return {
        "new": _("Submitted"),
        "acknowledged": _("Received"),
        "in_progress": _("In Progress"),
        "review": _("In Progress"),
        "confirm": _("Waiting for Your Confirmation"),
        "followup": _("Resolved"),
        "closed": _("Closed"),
        "cancel": _("Cancelled"),
    }


class CcAfterSalesPortal(portal.CustomerPortal):
    # ------------------------------------------------------------------
    # Home and layout
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        if "cc_service_count" in counters:
            Request = request.env["cc.service.request"]
            values["cc_service_count"] = (
                Request.search_count(self._cc_request_domain(partner))
                if Request.has_access("read")
                else 0
            )
        if "cc_dispatch_count" in counters:
            values["cc_dispatch_count"] = (
                request.env["fsm.order"]
                .sudo()
                .search_count(self._cc_dispatch_domain(partner))
            )
        return values

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        user = request.env.user
        values["cc_service_can_request"] = bool(user.share and not user._is_public())
        return values

    # ------------------------------------------------------------------
    # Domains and whitelisted values
    # ------------------------------------------------------------------
    @staticmethod
    def _cc_request_domain(partner):
        return [("commercial_partner_id", "=", partner.commercial_partner_id.id)]

    @staticmethod
    def _cc_dispatch_domain(partner):
        return [
            ("cc_partner_id", "=", partner.commercial_partner_id.id),
            ("cc_request_id", "!=", False),
        ]

    @staticmethod
    def _cc_selection_label(record, field_name):
        field = record._fields[field_name]
        return dict(field._description_selection(record.env)).get(
            record[field_name], ""
        )

    def _cc_request_values(self, service):
        """The only request values the customer sees: never the internal
        notes, expert guidance, review verdict or costs."""
        service = service.sudo()
        show_resolution = service.state in RESOLUTION_STATES
        return {
            "id": service.id,
            "name": service.name,
            "state": service.state,
            "status": _portal_states().get(service.state, ""),
            "date_request": service.date_request,
            "request_type": self._cc_selection_label(service, "request_type"),
            "lot": service.lot_id.name or "",
            "product": service.product_id.display_name or "",
            "description": service.description or "",
            "resolution": service.resolution if show_resolution else "",
            "confirmed_on": service.confirmed_on,
            "reject_reason": service.customer_reject_reason or "",
            "can_answer": service.state == "confirm",
            "url": service.get_portal_url(),
            "dispatches": [
                self._cc_dispatch_summary(order)
                for order in service.dispatch_ids.sorted("id")
            ],
        }

    def _cc_dispatch_summary(self, order):
        order = order.sudo()
        return {
            "id": order.id,
            "name": order.name,
            "service_type": self._cc_selection_label(order, "cc_service_type"),
            "scheduled": order.scheduled_date_start,
            "stage": order.stage_id.name or "",
            "signed": order.cc_receipt_signed,
            "signed_by": order.signed_by or "",
            "signed_on": order.signed_on,
            "request": order.cc_request_id.name or "",
            "url": order.get_portal_url(),
        }

    def _cc_dispatch_values(self, order):
        """The work report of a dispatch as the customer sees it: findings,
        work done, units and parts used, without prices."""
        order = order.sudo()
        cancelled = order.stage_id == request.env.ref(
            "fieldservice.fsm_stage_cancelled", raise_if_not_found=False
        )
        parts = order.cc_repair_ids.move_ids.filtered(
            lambda move: move.repair_line_type == "add"
        )
        return dict(
            self._cc_dispatch_summary(order),
            date_start=order.date_start,
            date_end=order.date_end,
            engineers=", ".join((order.person_id | order.person_ids).mapped("name")),
            findings=order.cc_findings or "",
            work_done=order.resolution or "",
            result=self._cc_selection_label(order, "cc_result"),
            units=[
                {"serial": lot.name, "product": lot.product_id.display_name}
                for lot in order.cc_lot_ids
            ],
            parts=[
                {
                    "product": move.product_id.display_name,
                    "qty": move.product_uom_qty,
                    "uom": move.product_uom.name,
                    "warranty": move.repair_id.under_warranty,
                }
                for move in parts
            ],
            signature=order.signature,
            cancelled=cancelled,
            can_sign=not order.cc_receipt_signed and not cancelled,
            request_url=order.cc_request_id.get_portal_url()
            if order.cc_request_id
            else "",
            partner_name=order.cc_partner_id.name or "",
        )

    def _cc_retest_values(self, service):
        """The customer's re-test requests on ``service``: reference, dates,
        status and the reason of a refusal."""
        if RETEST_MODEL not in request.env:
            return []
        retests = (
            request.env[RETEST_MODEL]
            .sudo()
            .search([("request_id", "=", service.id)], order="id desc")
        )
        return [
            {
                "name": retest.name,
                "report_reference": retest.report_reference or "",
                "request_date": retest.request_date,
                "status": self._cc_selection_label(retest, "state"),
                "refuse_reason": retest.refuse_reason
                if retest.state == "refused"
                else "",
            }
            for retest in retests
        ]

    @staticmethod
    def _cc_portal_url(record, **params):
        """Portal URL of ``record`` with its access token and ``params``."""
        query = urlencode({key: value for key, value in params.items() if value})
        return record.sudo().get_portal_url(query_string=f"&{query}" if query else None)

    # ------------------------------------------------------------------
    # Units delivered to the customer
    # ------------------------------------------------------------------
    @staticmethod
    def _cc_delivered_move_lines_domain(partner):
        return [
            ("lot_id", "!=", False),
            ("state", "=", "done"),
            ("location_dest_id.usage", "=", "customer"),
            ("picking_id.partner_id", "child_of", partner.commercial_partner_id.id),
        ]

    def _cc_delivered_lots(self, partner):
        """The units (lots/serials) delivered to the customer, as superuser."""
        groups = (
            request.env["stock.move.line"]
            .sudo()
            ._read_group(
                self._cc_delivered_move_lines_domain(partner),
                ["lot_id"],
                limit=1000,
            )
        )
        lots = request.env["stock.lot"].sudo().concat(*(lot for (lot,) in groups))
        return lots.sorted(lambda lot: (lot.product_id.display_name, lot.name))

    def _cc_last_delivery(self, partner, lot):
        return (
            request.env["stock.move.line"]
            .sudo()
            .search(
                expression.AND(
                    [
                        self._cc_delivered_move_lines_domain(partner),
                        [("lot_id", "=", lot.id)],
                    ]
                ),
                order="date desc, id desc",
                limit=1,
            )
            .picking_id
        )

    # ------------------------------------------------------------------
    # Lists
    # ------------------------------------------------------------------
    @http.route(
        ["/my/service", "/my/service/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cc_service(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw
    ):
        Request = request.env["cc.service.request"]
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        searchbar_sortings = {
            "date": {"label": _("Newest"), "order": "date_request desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc, id desc"},
            "state": {"label": _("Status"), "order": "state, date_request desc"},
        }
        searchbar_filters = {
            "all": {"label": _("All"), "domain": []},
            "open": {
                "label": _("Open"),
                "domain": [("state", "not in", ("closed", "cancel"))],
            },
            "confirm": {
                "label": _("Waiting for Your Confirmation"),
                "domain": [("state", "=", "confirm")],
            },
            "closed": {
                "label": _("Closed"),
                "domain": [("state", "in", ("followup", "closed", "cancel"))],
            },
        }
        searchbar_inputs = {
            "all": {"input": "all", "label": _("Search in All")},
            "name": {"input": "name", "label": _("Search in Reference")},
            "lot": {"input": "lot", "label": _("Search in Serial Number")},
        }
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "all"
        search_in = search_in if search_in in searchbar_inputs else "all"
        domain = expression.AND(
            [self._cc_request_domain(partner), searchbar_filters[filterby]["domain"]]
        )
        if search:
            search_domains = []
            if search_in in ("all", "name"):
                search_domains.append([("name", "ilike", search)])
            if search_in in ("all", "lot"):
                # serial numbers are not readable by portal users as such
                lots = (
                    request.env["stock.lot"].sudo()._search([("name", "ilike", search)])
                )
                search_domains.append([("lot_id", "in", lots)])
            domain = expression.AND([domain, expression.OR(search_domains)])
        pager = portal_pager(
            url="/my/service",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            },
            total=Request.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        services = Request.search(
            domain,
            order=searchbar_sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_cc_service_history"] = services.ids[:100]
        values.update(
            page_name="cc_service",
            pager=pager,
            default_url="/my/service",
            searchbar_sortings=searchbar_sortings,
            searchbar_filters=searchbar_filters,
            searchbar_inputs=searchbar_inputs,
            sortby=sortby,
            filterby=filterby,
            search=search,
            search_in=search_in,
            services=[self._cc_request_values(service) for service in services],
        )
        return request.render("cc_after_sales.portal_my_cc_service", values)

    @http.route(
        ["/my/service/dispatches", "/my/service/dispatches/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cc_dispatches(self, page=1, filterby=None, **kw):
        Order = request.env["fsm.order"].sudo()
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        searchbar_filters = {
            "all": {"label": _("All"), "domain": []},
            "to_sign": {
                "label": _("Receipt to Sign"),
                "domain": [
                    ("cc_receipt_signed", "=", False),
                    ("is_closed", "=", False),
                ],
            },
            "signed": {
                "label": _("Signed"),
                "domain": [("cc_receipt_signed", "=", True)],
            },
        }
        filterby = filterby if filterby in searchbar_filters else "all"
        domain = expression.AND(
            [self._cc_dispatch_domain(partner), searchbar_filters[filterby]["domain"]]
        )
        pager = portal_pager(
            url="/my/service/dispatches",
            url_args={"filterby": filterby},
            total=Order.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        orders = Order.search(
            domain, order="id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_cc_dispatch_history"] = orders.ids[:100]
        values.update(
            page_name="cc_dispatch",
            pager=pager,
            default_url="/my/service/dispatches",
            searchbar_filters=searchbar_filters,
            filterby=filterby,
            dispatches=[self._cc_dispatch_summary(order) for order in orders],
        )
        return request.render("cc_after_sales.portal_my_cc_dispatches", values)

    # ------------------------------------------------------------------
    # Request page and the customer's answers
    # ------------------------------------------------------------------
    @http.route(
        ["/my/service/<int:request_id>"], type="http", auth="public", website=True
    )
    def portal_my_cc_service_request(
        self, request_id, access_token=None, message=None, error=None, **kw
    ):
        try:
            service_sudo = self._document_check_access(
                "cc.service.request", request_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            service_sudo, access_token, {}, "my_cc_service_history", False, **kw
        )
        values.update(
            page_name="cc_service",
            service=self._cc_request_values(service_sudo),
            message=message,
            error=error,
            retest_enabled=RETEST_MODEL in request.env
            and service_sudo.state != "cancel",
            retest_today=fields.Date.context_today(service_sudo),
            retests=self._cc_retest_values(service_sudo),
        )
        return request.render("cc_after_sales.portal_my_cc_service_request", values)

    def _cc_answer(self, request_id, access_token, method, *args):
        try:
            service_sudo = self._document_check_access(
                "cc.service.request", request_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return None, request.redirect("/my")
        if service_sudo.state != "confirm":
            return service_sudo, request.redirect(
                self._cc_portal_url(
                    service_sudo,
                    error=_(
                        "%(request)s has no resolution waiting for your answer.",
                        request=service_sudo.name,
                    ),
                )
            )
        try:
            with request.env.cr.savepoint():
                getattr(service_sudo, method)(*args)
        except (UserError, ValidationError) as exc:
            return service_sudo, request.redirect(
                self._cc_portal_url(service_sudo, error=exc.args[0])
            )
        return service_sudo, None

    def _cc_author(self, record):
        user = request.env.user
        if user._is_public():
            return record.partner_id
        return user.partner_id

    @http.route(
        ["/my/service/<int:request_id>/confirm"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_cc_service_confirm(self, request_id, access_token=None, **kw):
        service_sudo, refused = self._cc_answer(
            request_id, access_token, "action_customer_confirm"
        )
        if refused:
            return refused
        service_sudo.message_post(
            body=_("The customer confirmed the resolution on the portal."),
            author_id=self._cc_author(service_sudo).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return request.redirect(
            self._cc_portal_url(
                service_sudo, message=_("Thank you, your confirmation is recorded.")
            )
        )

    @http.route(
        ["/my/service/<int:request_id>/reject"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_cc_service_reject(
        self, request_id, access_token=None, reason=None, **kw
    ):
        reason = (reason or "").strip()
        if not reason:
            try:
                service_sudo = self._document_check_access(
                    "cc.service.request", request_id, access_token=access_token
                )
            except (AccessError, MissingError):
                return request.redirect("/my")
            return request.redirect(
                self._cc_portal_url(
                    service_sudo,
                    error=_("Tell us why the resolution does not suit you (Reason)."),
                )
            )
        service_sudo, refused = self._cc_answer(
            request_id, access_token, "action_customer_reject", reason
        )
        if refused:
            return refused
        service_sudo.message_post(
            body=Markup("<p>%s</p>%s")
            % (
                _("The customer rejected the resolution on the portal:"),
                plaintext2html(reason),
            ),
            author_id=self._cc_author(service_sudo).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return request.redirect(
            self._cc_portal_url(
                service_sudo,
                message=_("Your answer is recorded: we will handle the request again."),
            )
        )

    @http.route(
        ["/my/service/<int:request_id>/retest"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_cc_service_retest(self, request_id, access_token=None, **post):
        try:
            service_sudo = self._document_check_access(
                "cc.service.request", request_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if RETEST_MODEL not in request.env:
            return request.redirect(service_sudo.get_portal_url())
        try:
            lines = self._cc_retest_lines()
            report_date = fields.Date.to_date(post.get("report_date") or None)
        except UserError as exc:
            return request.redirect(
                self._cc_portal_url(service_sudo, error=exc.args[0])
            )
        except ValueError:
            return request.redirect(
                self._cc_portal_url(
                    service_sudo,
                    error=_("Enter the report date as YYYY-MM-DD (Report Date)."),
                )
            )
        partner = (
            service_sudo.partner_id
            if request.env.user._is_public()
            else request.env.user.partner_id
        )
        try:
            with request.env.cr.savepoint():
                retest = (
                    request.env[RETEST_MODEL]
                    .sudo()
                    ._cc_portal_create(
                        partner,
                        {
                            "request_id": service_sudo.id,
                            "report_reference": (
                                post.get("report_reference") or ""
                            ).strip(),
                            "report_date": report_date,
                            "reason": (post.get("reason") or "").strip(),
                            "lines": lines,
                        },
                    )
                )
        except (AccessError, UserError, ValidationError) as exc:
            return request.redirect(
                self._cc_portal_url(service_sudo, error=exc.args[0])
            )
        if retest.state == "refused":
            # too late: recorded, and refused at once with the date it was due
            return request.redirect(
                self._cc_portal_url(service_sudo, error=retest.refuse_reason)
            )
        return request.redirect(
            self._cc_portal_url(
                service_sudo, message=_("Thank you, your re-test request is submitted.")
            )
        )

    @staticmethod
    def _cc_retest_lines():
        """The items of the re-test form; values and tolerances are numbers."""
        form = request.httprequest.form
        lines = []
        for name, original, tolerance, unit in zip_longest(
            form.getlist("item_name"),
            form.getlist("item_original_value"),
            form.getlist("item_tolerance"),
            form.getlist("item_unit"),
            fillvalue="",
        ):
            name, original, tolerance, unit = (
                value.strip() for value in (name, original, tolerance, unit)
            )
            if not (name or original or tolerance or unit):
                continue
            if not name:
                raise UserError(_("Name each item to re-test (Item)."))
            values = {}
            for key, text, label in (
                ("original_value", original, _("Original Value")),
                ("tolerance", tolerance, _("Tolerance")),
            ):
                try:
                    values[key] = float(text.replace(",", ".")) if text else 0.0
                except ValueError:
                    raise UserError(
                        _(
                            "Item %(item)s: the %(field)s must be a number, not "
                            "“%(value)s”.",
                            item=name,
                            field=label,
                            value=text,
                        )
                    ) from None
            if values["tolerance"] < 0:
                raise UserError(
                    _("Item %(item)s: the Tolerance cannot be negative.", item=name)
                )
            lines.append(dict(values, name=name, unit=unit))
        return lines

    # ------------------------------------------------------------------
    # New request (also opened from a unit's QR label)
    # ------------------------------------------------------------------
    @staticmethod
    def _cc_posted_files():
        return [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]

    @staticmethod
    def _cc_check_files(files):
        if len(files) > PORTAL_MAX_FILES:
            raise UserError(
                _("Attach at most %(count)s files (Photos).", count=PORTAL_MAX_FILES)
            )
        for name, content, mimetype in files:
            if len(content) > PORTAL_MAX_FILE_SIZE:
                raise UserError(
                    _(
                        "%(file)s is larger than %(size)s MB (Photos).",
                        file=name,
                        size=PORTAL_MAX_FILE_SIZE // (1024 * 1024),
                    )
                )
            if not (mimetype or "").startswith(PORTAL_MIMETYPES):
                raise UserError(
                    _(
                        "%(file)s: only images and PDF files are accepted (Photos).",
                        file=name,
                    )
                )

    def _cc_request_form_values(self, partner, **values):
        Request = request.env["cc.service.request"]
        lots = self._cc_delivered_lots(partner)
        types = dict(
            Request._fields["request_type"]._description_selection(request.env)
        )
        values.update(
            page_name="cc_service_new",
            request_types=[(key, types[key]) for key in PORTAL_REQUEST_TYPES],
            lots=[
                {
                    "id": lot.id,
                    "name": lot.name,
                    "product": lot.product_id.display_name,
                }
                for lot in lots
            ],
            products=[
                {"id": product.id, "name": product.display_name}
                for product in lots.product_id.sorted("display_name")
            ],
        )
        values.setdefault("request_type", "repair")
        values.setdefault("lot_id", 0)
        values.setdefault("product_id", 0)
        values.setdefault("description", "")
        values.setdefault("contact_phone", partner.phone or partner.mobile or "")
        return values

    @staticmethod
    def _cc_int(value):
        try:
            return int(value or 0)
        except (TypeError, ValueError):
            return 0

    def _cc_create_request(self, partner, post, files):
        """Validate the form and create the request (as superuser): the unit
        must have been delivered to the customer."""
        request_type = post.get("request_type") or "repair"
        if request_type not in PORTAL_REQUEST_TYPES:
            raise UserError(_("Choose the type of service you need (Type)."))
        description = (post.get("description") or "").strip()
        if not description:
            raise UserError(_("Describe the problem (Description is required)."))
        self._cc_check_files(files)
        Lot = request.env["stock.lot"].sudo()
        lot = Lot.browse(self._cc_int(post.get("lot_id"))).exists()
        if post.get("lot_id") and not (lot and lot in self._cc_delivered_lots(partner)):
            raise UserError(
                _(
                    "This unit was not delivered to %(customer)s: choose one of "
                    "your units (Unit).",
                    customer=partner.commercial_partner_id.name,
                )
            )
        product = request.env["product.product"].sudo()
        product_id = self._cc_int(post.get("product_id"))
        if lot:
            product = lot.product_id
            if product_id and product_id != product.id:
                raise UserError(
                    _(
                        "Unit %(lot)s is a %(product)s: choose that product or "
                        "leave the Product empty.",
                        lot=lot.name,
                        product=product.display_name,
                    )
                )
        elif product_id:
            product = self._cc_delivered_lots(partner).product_id.filtered(
                lambda p: p.id == product_id
            )
            if not product:
                raise UserError(
                    _("Choose one of the products delivered to you (Product).")
                )
        picking = self._cc_last_delivery(partner, lot) if lot else lot.browse()
        company = lot.company_id or request.env.company
        service = (
            request.env["cc.service.request"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "channel": "portal",
                    "request_type": request_type,
                    "lot_id": lot.id,
                    "product_id": product.id,
                    "picking_id": picking.id,
                    "sale_order_id": picking.sale_id.id,
                    "description": plaintext2html(description),
                    "contact_name": partner.name,
                    "contact_phone": (post.get("contact_phone") or "").strip(),
                    "email_from": partner.email,
                    "user_id": False,
                }
            )
        )
        service.message_subscribe(partner_ids=partner.ids)
        service.message_post(
            body=Markup("<p>%s</p>") % _("Request submitted from the customer portal."),
            author_id=partner.id,
            attachments=[(name, content) for name, content, _mimetype in files],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return service

    @http.route(
        ["/my/service/new"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_my_cc_service_new(self, lot=None, token=None, **post):
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        if request.httprequest.method != "POST":
            status = 200
            if lot:
                # opened from a unit's QR label
                # sudo: a customer does not read units; the token proves the
                # label, the delivery check below the customer
                qr_lot = request.env["stock.lot"].sudo()._cc_portal_qr_lot(lot, token)
                if not qr_lot:
                    values["error"] = _(
                        "This service link is not valid: scan the label on the unit "
                        "again or choose the unit below."
                    )
                    status = 403
                elif qr_lot not in self._cc_delivered_lots(partner):
                    values["error"] = _(
                        "Unit %(lot)s was not delivered to %(customer)s: please call "
                        "our service hotline.",
                        lot=qr_lot.name,
                        customer=partner.commercial_partner_id.name,
                    )
                    status = 403
                else:
                    values.update(lot_id=qr_lot.id, product_id=qr_lot.product_id.id)
            return request.render(
                "cc_after_sales.portal_cc_service_new",
                self._cc_request_form_values(partner, **values),
                status=status,
            )
        files = self._cc_posted_files()
        try:
            with request.env.cr.savepoint():
                service = self._cc_create_request(partner, post, files)
        except (UserError, ValidationError) as exc:
            values.update(
                error=exc.args[0],
                request_type=post.get("request_type") or "repair",
                lot_id=self._cc_int(post.get("lot_id")),
                product_id=self._cc_int(post.get("product_id")),
                description=post.get("description") or "",
                contact_phone=post.get("contact_phone") or "",
            )
            return request.render(
                "cc_after_sales.portal_cc_service_new",
                self._cc_request_form_values(partner, **values),
                status=400,
            )
        return request.redirect(
            self._cc_portal_url(
                service, message=_("Thank you, your service request is submitted.")
            )
        )

    # ------------------------------------------------------------------
    # Dispatch: work report and receipt signature
    # ------------------------------------------------------------------
    @http.route(
        ["/my/service/dispatch/<int:order_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_cc_dispatch(
        self,
        order_id,
        access_token=None,
        report_type=None,
        download=False,
        message=None,
        **kw,
    ):
        try:
            order_sudo = self._document_check_access(
                "fsm.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=order_sudo,
                report_type=report_type,
                report_ref="cc_after_sales.action_report_cc_service_receipt",
                download=download,
            )
        values = self._get_page_view_values(
            order_sudo, access_token, {}, "my_cc_dispatch_history", False, **kw
        )
        values.update(
            page_name="cc_dispatch",
            dispatch=self._cc_dispatch_values(order_sudo),
            message=message,
            sign_url=order_sudo.get_portal_url(suffix="/sign"),
            receipt_url=order_sudo.get_portal_url(report_type="pdf", download=True),
        )
        return request.render("cc_after_sales.portal_my_cc_dispatch", values)

    @http.route(
        ["/my/service/dispatch/<int:order_id>/sign"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_my_cc_dispatch_sign(
        self, order_id, access_token=None, name=None, signature=None
    ):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access(
                "fsm.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return {"error": _("Invalid dispatch.")}
        if not signature:
            return {"error": _("Signature is missing.")}
        try:
            with request.env.cr.savepoint():
                order_sudo._cc_sign_receipt(name, signature)
        except (UserError, ValidationError) as exc:
            return {"error": exc.args[0]}
        except (TypeError, binascii.Error):
            return {"error": _("Invalid signature data.")}
        return {
            "force_refresh": True,
            "redirect_url": order_sudo.get_portal_url(query_string="&message=sign_ok"),
        }
