from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

MANAGER = "cc_after_sales.group_cc_as_manager"


class StockLot(models.Model):
    """Warranty status of a unit (三包), computed from its first delivery to a
    customer and the product's warranty months, never typed.

    The status is not stored: it changes with the calendar (a unit leaves its
    warranty on a date nobody writes anything), so a stored flag would need a
    daily recompute of every unit. It is computed for a batch of units with
    one query and searchable through SQL.
    """

    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    cc_delivery_date = fields.Date(
        string="Delivered On",
        compute="_compute_cc_warranty",
        help="Date of the unit's first validated delivery to a customer.",
    )
    cc_warranty_end = fields.Date(
        string="Warranty Until",
        compute="_compute_cc_warranty",
        help="Delivery date plus the product's warranty months.",
    )
    cc_under_warranty = fields.Boolean(
        string="Under Warranty",
        compute="_compute_cc_warranty",
        search="_search_cc_under_warranty",
        help="From the delivery date and the warranty months, unless an "
        "after-sales manager overrode it.",
    )
    cc_warranty_override = fields.Selection(
        [("in", "Under Warranty"), ("out", "Out of Warranty")],
        string="Warranty Override",
        tracking=True,
        copy=False,
        help="Set by an after-sales manager, with the reason, when the computed "
        "status does not apply (goodwill, contract extension, misuse...).",
    )
    cc_warranty_override_reason = fields.Text(
        string="Override Reason", tracking=True, copy=False
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _cc_first_delivery_dates(self):
        """{lot id: date} of the first done move line of each unit into a
        customer location, in the user's time zone."""
        ids = [lot_id for lot_id in self.ids if isinstance(lot_id, int)]
        if not ids:
            return {}
        self.env["stock.move.line"].flush_model(
            ["lot_id", "state", "location_dest_id", "date"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT ml.lot_id, MIN(ml.date)
                  FROM stock_move_line ml
                  JOIN stock_location loc ON loc.id = ml.location_dest_id
                 WHERE ml.lot_id IN %(ids)s
                   AND ml.state = 'done'
                   AND loc.usage = 'customer'
              GROUP BY ml.lot_id
                """,
                ids=tuple(ids),
            )
        )
        return {
            lot_id: fields.Datetime.context_timestamp(self, first).date()
            for lot_id, first in self.env.cr.fetchall()
        }

    @api.depends(
        "cc_warranty_override", "product_id.product_tmpl_id.cc_warranty_months"
    )
    @api.depends_context("tz")
    def _compute_cc_warranty(self):
        today = fields.Date.context_today(self)
        delivered = self._cc_first_delivery_dates()
        for lot in self:
            delivery = delivered.get(lot.id)
            months = lot.product_id.cc_warranty_months
            end = delivery and months and delivery + relativedelta(months=months)
            lot.cc_delivery_date = delivery
            lot.cc_warranty_end = end or False
            if lot.cc_warranty_override:
                lot.cc_under_warranty = lot.cc_warranty_override == "in"
            else:
                lot.cc_under_warranty = bool(end and today <= end)

    def _search_cc_under_warranty(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        positive = (operator == "=") == bool(value)
        today = fields.Date.context_today(self)
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        self.env["stock.move.line"].flush_model(
            ["lot_id", "state", "location_dest_id", "date"]
        )
        self.flush_model(["cc_warranty_override", "product_id"])
        self.env["product.template"].flush_model(["cc_warranty_months"])
        query = SQL(
            """
            SELECT lot.id
              FROM stock_lot lot
              JOIN product_product pp ON pp.id = lot.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE lot.cc_warranty_override = 'in'
                OR (lot.cc_warranty_override IS NULL
                    AND COALESCE(pt.cc_warranty_months, 0) > 0
                    AND %(today)s <= (
                        SELECT (
                            MIN(ml.date) AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s
                        )::date
                          FROM stock_move_line ml
                          JOIN stock_location loc ON loc.id = ml.location_dest_id
                         WHERE ml.lot_id = lot.id
                           AND ml.state = 'done'
                           AND loc.usage = 'customer'
                    ) + make_interval(months => pt.cc_warranty_months))
            """,
            today=today,
            tz=tz,
        )
        # a subquery: the units are never loaded in Python
        return [("id", "in" if positive else "not in", SQL("(%s)", query))]

    # ------------------------------------------------------------------
    # Constraints and override
    # ------------------------------------------------------------------
    @api.constrains("cc_warranty_override", "cc_warranty_override_reason")
    def _check_cc_warranty_override_reason(self):
        for lot in self:
            if (
                lot.cc_warranty_override
                and not (lot.cc_warranty_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Unit %(lot)s: give the Override Reason of the warranty "
                        "override.",
                        lot=lot.display_name,
                    )
                )

    def _cc_check_warranty_override_rights(self, vals):
        if (
            {"cc_warranty_override", "cc_warranty_override_reason"} & set(vals)
            and not self.env.su
            and not self.env.user.has_group(MANAGER)
        ):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager may override the warranty status "
                    "of a unit (Warranty Override)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("cc_warranty_override") or vals.get(
                "cc_warranty_override_reason"
            ):
                self._cc_check_warranty_override_rights(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._cc_check_warranty_override_rights(vals)
        return super().write(vals)
