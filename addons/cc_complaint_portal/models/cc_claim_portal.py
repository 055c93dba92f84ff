from urllib.parse import urlencode

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import float_compare, format_date, plaintext2html
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# The only claim fields a portal user may read: the internal claim form
# (investigation, responsibility, penalties, internal notes, amounts) is never
# shown to the customer.
PORTAL_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "name",
        "state",
        "partner_id",
        "commercial_partner_id",
        "company_id",
        "date_claim",
        "sale_order_id",
        "line_ids",
        "customer_summary",
        "customer_request",
        "customer_response",
        "customer_response_date",
        "customer_response_name",
        "access_url",
        "access_token",
        "access_warning",
        "create_date",
        "write_date",
        "message_ids",
        "website_message_ids",
        "message_partner_ids",
        "message_follower_ids",
        "message_is_follower",
        "message_attachment_count",
        "message_main_attachment_id",
        "has_message",
        "message_needaction",
        "message_needaction_counter",
        "message_has_error",
        "message_has_error_counter",
    }
)
PORTAL_STATES = {
    "draft": _lt("Submitted"),
    "registered": _lt("Under Review"),
    "investigation": _lt("Under Review"),
    "countermeasure": _lt("Under Review"),
    "proposal": _lt("Under Review"),
    "approval": _lt("Under Review"),
    "negotiation": _lt("Resolution Proposed"),
    "execution": _lt("Being Resolved"),
    "done": _lt("Closed"),
    "rejected": _lt("Closed: Not Substantiated"),
    "cancel": _lt("Cancelled"),
}
PORTAL_ACTIONS = ("return", "exchange", "allowance", "compensation", "repair")
PORTAL_MAX_FILES = 10
PORTAL_MAX_FILE_SIZE = 10 * 1024 * 1024
PORTAL_MIMETYPES = ("image/", "application/pdf")


def portal_check_fields(records, check, operation, field_names, allowed):
    """``check_field_access_rights`` for portal users: only ``allowed``."""
    if not field_names:
        return [name for name in check(operation, field_names) if name in allowed]
    hidden = [
        name for name in field_names if name in records._fields and name not in allowed
    ]
    if hidden:
        raise AccessError(
            _(
                "The fields %(fields)s of %(model)s are internal and not readable "
                "from the portal.",
                fields=", ".join(hidden),
                model=records._description,
            )
        )
    return check(operation, field_names)


def portal_fetch_field(records, field, allowed):
    """``_fetch_field`` for portal users: prefetch the allowed fields only."""
    records.check_field_access_rights("read", [field.name])
    fnames = [
        name
        for name in allowed
        if name in records._fields
        and records._fields[name].prefetch
        and records._fields[name].prefetch == field.prefetch
        and records._fields[name].is_accessible(records.env)
    ]
    if field.name not in fnames:
        fnames.append(field.name)
    records.fetch(fnames)


class CcClaim(models.Model):
    _name = "cc.claim"
    _inherit = ["cc.claim", "portal.mixin"]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_access_url(self):
        res = super()._compute_access_url()
        for claim in self:
            claim.access_url = f"/my/claims/{claim.id}"
        return res

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _cc_portal_restricted(self):
        return not self.env.su and self.env.user.share

    @api.model
    def check_field_access_rights(self, operation, field_names):
        if not self._cc_portal_restricted():
            return super().check_field_access_rights(operation, field_names)
        return portal_check_fields(
            self,
            super().check_field_access_rights,
            operation,
            field_names,
            PORTAL_FIELDS,
        )

    def _fetch_field(self, field):
        if not self._cc_portal_restricted():
            return super()._fetch_field(field)
        return portal_fetch_field(self, field, PORTAL_FIELDS)

    # ------------------------------------------------------------------
    # Business methods: portal
    # ------------------------------------------------------------------
    @api.model
    def _cc_portal_domain(self, partner):
        return [("commercial_partner_id", "=", partner.commercial_partner_id.id)]

    def _cc_portal_values(self):
        """The whitelisted values the customer sees, read as superuser."""
        self.ensure_one()
        # the portal user may read only whitelisted fields: the values below
        # are those, returned as plain values, never the records
        claim = self.sudo()
        actions = dict(
            claim.line_ids._fields["requested_action"]._description_selection(self.env)
        )
        responses = dict(
            claim._fields["customer_response"]._description_selection(self.env)
        )
        registered = not claim._cc_is_placeholder(claim.name)
        return {
            "id": claim.id,
            "name": claim._cc_portal_reference(),
            "registered": registered,
            "state": claim.state,
            "status": str(PORTAL_STATES.get(claim.state, claim.state)),
            "date_claim": claim.date_claim,
            "sale_order": claim.sale_order_id.name or "",
            "customer_summary": claim.customer_summary or "",
            "customer_request": actions.get(claim.customer_request, ""),
            "decision": claim.decision or ""
            if claim.state in ("negotiation", "execution", "done", "rejected")
            else "",
            "customer_response": responses.get(claim.customer_response, ""),
            "customer_response_date": claim.customer_response_date,
            "customer_response_name": claim.customer_response_name or "",
            "can_respond": claim.state == "negotiation" and not claim.customer_response,
            "lines": [
                {
                    "product": line.product_id.display_name,
                    "qty": line.requested_qty or line.defect_qty,
                    "uom": line.product_id.uom_id.name,
                    "action": actions.get(line.requested_action, ""),
                }
                for line in claim.line_ids
            ],
        }

    def _cc_portal_reference(self):
        """The claim number, or, before the GM office registers the claim and
        gives it one, a reference built on the record id and submission date."""
        self.ensure_one()
        # name and date only, returned as text
        claim = self.sudo()
        if not claim._cc_is_placeholder(claim.name):
            return claim.name
        return _(
            "Request #%(id)s of %(date)s",
            id=claim.id,
            date=format_date(self.env, claim.date_claim),
        )

    def _cc_portal_url(self, **params):
        """Portal URL of the claim (with its access token) plus ``params`` as
        extra query parameters: one well-formed query string."""
        self.ensure_one()
        query = urlencode({key: value for key, value in params.items() if value})
        # the access token is not readable by the portal user; a URL is returned
        return self.sudo().get_portal_url(query_string=f"&{query}" if query else None)

    @api.model
    def _cc_portal_can_file(self, partner):
        """Whether the customer of ``partner`` can file a complaint from the
        portal: it has confirmed orders (or claims already)."""
        commercial = partner.commercial_partner_id
        # counts only, over the orders and claims of the customer's company
        return bool(
            self.env["sale.order"]
            .sudo()
            .search_count(
                [("partner_id", "child_of", commercial.id), ("state", "=", "sale")],
                limit=1,
            )
            # sudo: a count only; the portal contact may not read every claim
            or self.sudo().search_count(self._cc_portal_domain(partner), limit=1)
        )

    @api.model
    def _cc_portal_sale_orders(self, partner):
        """The customer company's confirmed orders, as superuser (a portal
        contact does not follow every order of the company).

        Private to this model: the records never leave it; the controller gets
        the plain values of ``_cc_portal_orders`` and ``_cc_portal_products``."""
        # sudo: a portal contact does not follow every order of the company;
        # private to this model, the records never reach the controller
        return (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                    ("state", "=", "sale"),
                ],
                order="date_order desc",
                limit=100,
            )
        )

    @api.model
    def _cc_portal_order_lines(self, order):
        """The lines of ``order`` (one of ``_cc_portal_sale_orders``) a
        customer may complain about: goods (storable or consumable products)
        with a delivered quantity.

        Superuser lines (portal users do not read sale lines), private to this
        model like the orders they come from."""
        # sudo: portal users do not read sale lines; private to this model
        return order.sudo().order_line.filtered(
            lambda line: not line.display_type
            and line.product_id.type == "consu"
            and float_compare(
                line.qty_delivered,
                0.0,
                precision_rounding=line.product_uom.rounding or 0.01,
            )
            > 0
        )

    @api.model
    def _cc_portal_orders(self, partner):
        """The portal form's order choices: id, name and date of the customer
        company's confirmed orders, as plain values."""
        return [
            {"id": order.id, "name": order.name, "date": order.date_order}
            for order in self._cc_portal_sale_orders(partner)
        ]

    @api.model
    def _cc_portal_products(self, order, partner=None):
        """Product choices of the portal form for ``order`` (a record or an
        id, among the orders of ``partner``, by default the user's): one per
        delivered product, with the quantity delivered, as plain values."""
        order_id = order.id if isinstance(order, models.BaseModel) else order
        partner = partner or self.env.user.partner_id
        order = self._cc_portal_sale_orders(partner).filtered(
            lambda o: o.id == order_id
        )
        products = {}
        for line in self._cc_portal_order_lines(order):
            entry = products.setdefault(
                line.product_id.id,
                {
                    "id": line.product_id.id,
                    "name": line.product_id.display_name,
                    "qty_delivered": 0.0,
                    "uom": line.product_uom.name,
                },
            )
            entry["qty_delivered"] += line.qty_delivered
        return list(products.values())

    @api.model
    def _cc_portal_create(
        self, partner, order_id, description, lines, files, action="return"
    ):
        """A complaint submitted by a customer from the portal: a draft claim,
        channel portal, with the uploaded photos attached.

        :param lines: list of (product id, quantity)
        :param files: list of (file name, content bytes, mimetype)
        """
        description = (description or "").strip()
        if not description:
            raise UserError(_("Describe the problem (Description is required)."))
        order = self._cc_portal_sale_orders(partner).filtered(
            lambda o: o.id == order_id
        )
        if not order:
            raise UserError(_("Choose one of your confirmed orders (Order)."))
        if action not in PORTAL_ACTIONS:
            raise UserError(_("Choose what you ask for (Request)."))
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
        order_lines = self._cc_portal_order_lines(order)
        line_commands = []
        for product_id, qty in lines:
            sale_lines = order_lines.filtered(
                lambda cl, p=product_id: cl.product_id.id == p
            )
            sale_line = sale_lines[:1]
            if not sale_line:
                raise UserError(
                    _(
                        "Choose products delivered on order %(order)s (Product).",
                        order=order.name,
                    )
                )
            if qty <= 0:
                raise UserError(
                    _(
                        "%(product)s: the Quantity must be positive.",
                        product=sale_line.product_id.display_name,
                    )
                )
            if (
                float_compare(
                    qty,
                    sale_line.qty_delivered,
                    precision_rounding=sale_line.product_uom.rounding or 0.01,
                )
                > 0
            ):
                raise UserError(
                    _(
                        "%(product)s: %(delivered)s %(uom)s were delivered on order "
                        "%(order)s; the Quantity cannot exceed it.",
                        product=sale_line.product_id.display_name,
                        delivered=sale_line.qty_delivered,
                        uom=sale_line.product_uom.name,
                        order=order.name,
                    )
                )
            line_commands.append(
                Command.create(
                    {
                        "product_id": sale_line.product_id.id,
                        "sale_line_id": sale_line.id,
                        "defect_qty": qty,
                        "requested_qty": qty,
                        "requested_action": action,
                    }
                )
            )
        # portal users may not create claims: the claim is made as superuser
        # from the checked values above, and handed back without superuser
        claim = (
            self.sudo()
            .with_company(order.company_id)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": order.company_id.id,
                    "user_id": order.user_id.id
                    or partner.commercial_partner_id.user_id.id,
                    "team_id": order.team_id.id,
                    "channel": "portal",
                    "sale_order_id": order.id,
                    "customer_summary": description,
                    "customer_request": action,
                    "description": plaintext2html(description),
                    "line_ids": line_commands,
                }
            )
        )
        claim.message_subscribe(partner_ids=partner.ids)
        claim.message_post(
            body=Markup("<p>%s</p>")
            % _("Complaint submitted from the customer portal."),
            author_id=partner.id,
            attachments=[(name, content) for name, content, _mimetype in files],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return claim.sudo(False)

    def _cc_portal_respond(self, partner, response, name):
        """The customer accepts or rejects the proposed resolution online."""
        self.ensure_one()
        # portal users may not write claims: the answer is recorded as
        # superuser once the state allows it; nothing is returned
        claim = self.sudo()
        if claim.state != "negotiation" or claim.customer_response:
            raise UserError(
                _(
                    "Claim %(name)s has no resolution waiting for your answer.",
                    name=claim.name,
                )
            )
        if response not in ("accept", "reject"):
            raise UserError(_("Answer accept or reject."))
        name = (name or "").strip()
        if not name:
            raise UserError(_("Type your name to sign the answer (Name)."))
        claim.write(
            {
                "customer_response_name": name,
                "customer_response_date": fields.Datetime.now(),
            }
        )
        claim.message_post(
            body=_(
                "%(name)s %(answer)s the proposed resolution on the customer portal.",
                name=name,
                answer=_("accepted") if response == "accept" else _("rejected"),
            ),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if response == "accept":
            claim.action_customer_accept()
        else:
            claim.action_customer_reject()
        return True
