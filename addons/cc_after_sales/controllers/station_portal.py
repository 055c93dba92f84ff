from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20
TEXT_LIMIT = 5000


class CcStationPortal(portal.CustomerPortal):
    """The portal of an authorized service station: its users list the
    station's work orders and record new ones (findings, work done, units,
    customer); the customer signs the receipt on the dispatch page."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cc_station_order_count" in counters:
            station = self._cc_station()
            values["cc_station_order_count"] = (
                request.env["fsm.order"].search_count(
                    [("cc_station_id", "=", station.id)]
                )
                if station
                else 0
            )
        return values

    @staticmethod
    def _cc_station():
        """The station of the logged-in portal user, or an empty recordset."""
        user = request.env.user
        partner = user.partner_id.commercial_partner_id.sudo()
        if not user.share or user._is_public() or not partner.cc_is_service_station:
            return request.env["res.partner"]
        return partner

    @http.route(
        ["/my/station/orders", "/my/station/orders/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cc_station_orders(self, page=1, **kw):
        station = self._cc_station()
        if not station:
            return request.redirect("/my")
        Order = request.env["fsm.order"]
        domain = [("cc_station_id", "=", station.id)]
        total = Order.search_count(domain)
        pager = portal_pager(
            url="/my/station/orders", total=total, page=page, step=PAGE_SIZE
        )
        orders = Order.search(
            domain,
            order="cc_station_work_date desc, id desc",
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="cc_station_orders",
            station=station,
            orders=orders,
            pager=pager,
            message=kw.get("message"),
        )
        return request.render("cc_after_sales.portal_my_cc_station_orders", values)

    @staticmethod
    def _cc_station_form_values(post):
        def text(name):
            return (post.get(name) or "").strip()[:TEXT_LIMIT]

        return {
            "customer": text("customer"),
            "service_type": post.get("service_type") or "repair",
            "work_date": text("work_date"),
            "units": text("units"),
            "findings": text("findings"),
            "work_done": text("work_done"),
        }

    def _cc_station_prepare_order(self, station, form):
        """Whitelisted work order values from the portal form; UserError on
        bad input."""
        env = request.env
        if not form["customer"]:
            raise UserError(env._("Enter the customer's name (field “Customer”)."))
        if form["service_type"] not in ("commissioning", "repair"):
            raise UserError(
                env._("Choose Commissioning or Repair (field “Service Type”).")
            )
        try:
            work_date = fields.Date.to_date(form["work_date"])
        except ValueError:
            work_date = None
        if not work_date:
            raise UserError(
                env._("Enter the day of the work as YYYY-MM-DD (field “Work Date”).")
            )
        if work_date > fields.Date.context_today(env.user):
            raise UserError(
                env._(
                    "The work date %(date)s is in the future (field “Work Date”).",
                    date=work_date,
                )
            )
        if not form["work_done"]:
            raise UserError(env._("Describe the work done (field “Work Done”)."))
        serials = [s.strip() for s in form["units"].replace(",", "\n").split() if s]
        lots = env["stock.lot"].sudo().search([("name", "in", serials)])
        unknown = sorted(set(serials) - set(lots.mapped("name")))
        if unknown:
            raise UserError(
                env._(
                    "Unknown serial number(s): %(serials)s (field “Units”).",
                    serials=", ".join(unknown),
                )
            )
        moment = fields.Datetime.to_datetime(work_date).replace(hour=12)
        return {
            "cc_station_id": station.id,
            "cc_station_customer": form["customer"],
            "cc_service_type": form["service_type"],
            "location_id": env["fsm.location"]._cc_for_partner(station).id,
            "scheduled_date_start": moment,
            "date_start": moment,
            "date_end": moment,
            "cc_lot_ids": [fields.Command.set(lots.ids)],
            "cc_findings": plaintext2html(form["findings"])
            if form["findings"]
            else False,
            "resolution": plaintext2html(form["work_done"]),
            "company_id": env.company.id,
        }

    @http.route(
        ["/my/station/orders/new"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_my_cc_station_order_new(self, **post):
        station = self._cc_station()
        if not station:
            return request.redirect("/my")
        form = self._cc_station_form_values(post)
        error = None
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    vals = self._cc_station_prepare_order(station, form)
                    order = request.env["fsm.order"].sudo().create(vals)
                    order.message_post(
                        body=request.env._(
                            "Work order recorded on the portal by %(user)s.",
                            user=request.env.user.name,
                        ),
                        author_id=request.env.user.partner_id.id,
                    )
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
            else:
                return request.redirect(order.get_portal_url())
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="cc_station_order_new",
            station=station,
            form=form,
            error=error,
            today=fields.Date.context_today(request.env.user),
        )
        return request.render("cc_after_sales.portal_cc_station_order_new", values)

    @http.route(
        ["/my/station/orders/<int:order_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cc_station_order(self, order_id, **kw):
        station = self._cc_station()
        try:
            order = self._document_check_access("fsm.order", order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not station or order.cc_station_id != station:
            return request.redirect("/my")
        return request.redirect(order.get_portal_url())
