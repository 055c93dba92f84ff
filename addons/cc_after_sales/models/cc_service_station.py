from odoo import api, fields, models
from odoo.exceptions import ValidationError

AFTER_SALES = "cc_after_sales.group_cc_as_engineer"
STATION_SERVICE_TYPES = [("commissioning", "Commissioning"), ("repair", "Repair")]


class ResPartner(models.Model):
    """An authorized service station (授权服务站) is a partner flagged as
    such: its after-sales region (``cc_service_region_id``, as for any
    partner), its contract labour rates per service type, its own field
    workers and the portal users who record its work orders."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    cc_is_service_station = fields.Boolean(
        string="Authorized Service Station",
        index="btree_not_null",
        tracking=True,
        help="A company that does commissioning and repairs for us under "
        "contract and is paid a labour fee per work order every month.",
    )
    cc_station_rate_ids = fields.One2many(
        "cc.service.station.rate",
        "station_id",
        string="Labour Rates",
        groups=AFTER_SALES,
    )
    cc_station_worker_ids = fields.One2many(
        "fsm.person",
        compute="_compute_cc_station_people",
        string="Station Workers",
        groups=AFTER_SALES,
    )
    cc_station_user_ids = fields.Many2many(
        "res.users",
        compute="_compute_cc_station_people",
        string="Portal Users",
        groups=AFTER_SALES,
        help="The station's contacts with a portal account: they record the "
        "station's work orders on the portal.",
    )
    cc_station_order_count = fields.Integer(
        string="Station Work Orders",
        compute="_compute_cc_station_order_count",
        groups=AFTER_SALES,
    )

    def _compute_cc_station_people(self):
        stations = self.filtered("cc_is_service_station").commercial_partner_id
        workers = self.env["fsm.person"].search(
            [("commercial_partner_id", "in", stations.ids)]
        )
        users = self.env["res.users"].search(
            [
                ("partner_id.commercial_partner_id", "in", stations.ids),
                ("share", "=", True),
            ]
        )
        for partner in self:
            station = partner.commercial_partner_id
            if not partner.cc_is_service_station:
                partner.cc_station_worker_ids = False
                partner.cc_station_user_ids = False
                continue
            partner.cc_station_worker_ids = workers.filtered(
                lambda w, s=station: w.commercial_partner_id == s
            )
            partner.cc_station_user_ids = users.filtered(
                lambda u, s=station: u.partner_id.commercial_partner_id == s
            )

    def _compute_cc_station_order_count(self):
        counts = dict(
            self.env["fsm.order"]._read_group(
                [("cc_station_id", "in", self.ids)], ["cc_station_id"], ["__count"]
            )
        )
        for partner in self:
            partner.cc_station_order_count = counts.get(partner, 0)

    @api.constrains("cc_is_service_station", "is_company", "parent_id")
    def _check_cc_service_station(self):
        for partner in self.filtered("cc_is_service_station"):
            if partner.parent_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a contact of %(parent)s: only a company "
                        "can be an authorized service station (field "
                        "“Authorized Service Station”).",
                        partner=partner.display_name,
                        parent=partner.parent_id.display_name,
                    )
                )

    def action_cc_station_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.fsm_order_action_cc_station"
        )
        action["domain"] = [("cc_station_id", "=", self.id)]
        action["context"] = {"default_cc_station_id": self.id}
        return action


class CcServiceStationRate(models.Model):
    """The labour fee a station is paid per work order of a service type,
    as agreed in its contract for a period."""

    _name = "cc.service.station.rate"
    _description = "Service Station Labour Rate"
    _order = "station_id, service_type, date_from desc, id desc"
    _check_company_auto = True

    station_id = fields.Many2one(
        "res.partner",
        string="Station",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('cc_is_service_station', '=', True)]",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    service_type = fields.Selection(STATION_SERVICE_TYPES, required=True)
    amount = fields.Monetary(string="Fee per Work Order", required=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    date_from = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(
        string="Valid Until", help="Empty: valid until a new rate replaces it."
    )
    note = fields.Char(string="Contract Reference")

    @api.constrains("amount")
    def _check_amount(self):
        for rate in self:
            if rate.currency_id.compare_amounts(rate.amount, 0.0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The labour rate of %(station)s for %(type)s must be "
                        "greater than zero (field “Fee per Work Order”: "
                        "%(amount)s).",
                        station=rate.station_id.display_name,
                        type=rate._cc_type_label(),
                        amount=rate.amount,
                    )
                )

    @api.constrains("station_id", "service_type", "date_from", "date_to", "company_id")
    def _check_period(self):
        for rate in self:
            if rate.date_to and rate.date_to < rate.date_from:
                raise ValidationError(
                    self.env._(
                        "The labour rate of %(station)s ends (%(end)s) before it "
                        "starts (%(start)s).",
                        station=rate.station_id.display_name,
                        end=rate.date_to,
                        start=rate.date_from,
                    )
                )
            others = self.search(
                [
                    ("id", "!=", rate.id),
                    ("station_id", "=", rate.station_id.id),
                    ("service_type", "=", rate.service_type),
                    ("company_id", "=", rate.company_id.id),
                ]
            )
            for other in others:
                if rate._cc_overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "%(station)s already has a %(type)s labour rate "
                            "valid from %(start)s to %(end)s: the validity "
                            "periods of two rates may not overlap.",
                            station=rate.station_id.display_name,
                            type=rate._cc_type_label(),
                            start=other.date_from,
                            end=other.date_to or "-",
                        )
                    )

    def _cc_overlaps(self, other):
        far = fields.Date.to_date("9999-12-31")
        return self.date_from <= (other.date_to or far) and other.date_from <= (
            self.date_to or far
        )

    def _cc_type_label(self):
        return dict(self._fields["service_type"]._description_selection(self.env))[
            self.service_type
        ]

    def _cc_applies(self, service_type, day):
        return (
            self.service_type == service_type
            and self.date_from <= day
            and (not self.date_to or day <= self.date_to)
        )

    @api.depends("station_id", "service_type", "amount", "currency_id")
    def _compute_display_name(self):
        for rate in self:
            rate.display_name = (
                f"{rate.station_id.display_name} · {rate._cc_type_label()}"
                if rate.service_type
                else rate.station_id.display_name or ""
            )
