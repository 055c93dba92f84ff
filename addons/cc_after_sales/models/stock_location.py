from odoo import _, api, fields, models
from odoo.tools import SQL


class StockLocation(models.Model):
    _inherit = "stock.location"

    cc_as_nonconforming = fields.Boolean(
        string="After-Sales Nonconforming",
        help="Units returned after a failed commissioning or repair go here, "
        "under nonconforming-product control.",
    )
    cc_as_returned_parts = fields.Boolean(
        string="After-Sales Returned Parts",
        help="Replaced parts coming back from the field wait here for their "
        "analysis.",
    )
    cc_as_loaner = fields.Boolean(
        string="After-Sales Loaners",
        help="Units lent to service stations and customers (loaners) are moved "
        "here: still the company's stock, counted apart.",
    )

    @api.model
    def _cc_after_sales_location(self, company, flag, name):
        """The company's after-sales location marked by the boolean ``flag``,
        created under its first warehouse on first use (a company that never
        needs it gets none).

        Two first uses at once create one location: the no-op update of the
        company row makes the second transaction fail with a serialization
        error, which Odoo retries; the retry finds the location.
        """
        # sudo: the engineer lending a unit or returning one is a stock user,
        # who may not create locations, and ``company`` may be outside the
        # user's current companies; the location is returned in the caller's
        # environment
        Location = self.sudo()
        location = Location.search(
            [(flag, "=", True), ("company_id", "=", company.id)], limit=1
        )
        if location:
            return location.with_env(self.env)
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET write_date = write_date WHERE id = %s",
                company.id,
            )
        )
        warehouse = Location.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        return Location.create(
            {
                "name": name,
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
                "company_id": company.id,
                flag: True,
            }
        ).with_env(self.env)

    @api.model
    def _cc_nonconforming_location(self, company):
        return self._cc_after_sales_location(
            company, "cc_as_nonconforming", _("Nonconforming (After-Sales)")
        )

    @api.model
    def _cc_returned_parts_location(self, company):
        return self._cc_after_sales_location(
            company, "cc_as_returned_parts", _("Returned Parts")
        )

    @api.model
    def _cc_loaner_location(self, company):
        return self._cc_after_sales_location(company, "cc_as_loaner", _("Loaners"))
