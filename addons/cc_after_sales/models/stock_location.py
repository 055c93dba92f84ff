from odoo import _, api, fields, models
from odoo.tools import SQL


class StockLocation(models.Model):
    _inherit = "stock.location"

    cc_as_nonconforming = fields.Boolean(
        string="After-Sales Nonconforming",
        help="Units returned after a failed commissioning or repair go here, "
        "under nonconforming-product control.",
    )

    @api.model
    def _cc_nonconforming_location(self, company):
        """The company's nonconforming location, created under its first
        warehouse on first use (companies that never fail a dispatch get
        none).

        Two dispatches failing at once create one location: the no-op
        update of the company row makes the second transaction fail with a
        serialization error, which Odoo retries; the retry finds the location.
        """
        location = self.sudo().search(
            [("cc_as_nonconforming", "=", True), ("company_id", "=", company.id)],
            limit=1,
        )
        if location:
            return location
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET write_date = write_date WHERE id = %s",
                company.id,
            )
        )
        warehouse = self.env["stock.warehouse"].sudo().search(
            [("company_id", "=", company.id)], limit=1
        )
        return self.sudo().create(
            {
                "name": _("Nonconforming (After-Sales)"),
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
                "company_id": company.id,
                "cc_as_nonconforming": True,
            }
        )
