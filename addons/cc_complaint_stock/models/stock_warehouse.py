from odoo import _, api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        help="Internal location receiving goods returned under a customer claim "
        "until they are inspected.",
    )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get(
            "company_id", self.default_get(["company_id"])["company_id"]
        )
        values["cc_quarantine_location_id"] = {
            "name": _("Quarantine"),
            "active": True,
            "usage": "internal",
            "scrap_location": False,
            "replenish_location": False,
            "barcode": self._valid_barcode(code + "QUARANTINE", company_id),
        }
        return values

    @api.model
    def _cc_create_quarantine_locations(self):
        """Give every warehouse lacking one its quarantine location (install)."""
        self.with_context(active_test=False).search(
            [("cc_quarantine_location_id", "=", False)]
        )._create_missing_locations({})
        return True

    def _cc_get_quarantine_location(self):
        """The warehouse's quarantine location, created when missing."""
        self.ensure_one()
        if (
            not self.cc_quarantine_location_id
            or not self.cc_quarantine_location_id.active
        ):
            if self.cc_quarantine_location_id:
                self.cc_quarantine_location_id.active = True
            else:
                self.env.cr.execute(
                    "SELECT id FROM stock_warehouse WHERE id = %s FOR NO KEY UPDATE",
                    [self.id],
                )
                self.invalidate_recordset(["cc_quarantine_location_id"])
                if not self.cc_quarantine_location_id:
                    # the quarantine location is made on first use by whoever
                    # makes a return; stock locations are the stock manager's
                    self.sudo()._create_missing_locations({})
        return self.cc_quarantine_location_id
