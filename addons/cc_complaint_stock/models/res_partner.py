from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_over_acceptance_ratio = fields.Float(
        string="Over-acceptance Ratio (%)",
        digits=(16, 2),
        help="Over-acceptance ratio stated by the customer when ordering: a "
        "returned quantity within the approved quantity ± this ratio is credited "
        "as actually returned. Zero: the company's ratio applies.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("cc_over_acceptance_ratio")
    def _check_cc_over_acceptance_ratio(self):
        for partner in self:
            if not 0.0 <= partner.cc_over_acceptance_ratio <= 100.0:
                raise ValidationError(
                    _(
                        "Over-acceptance Ratio (%(value)s %%) must lie between 0 and "
                        "100 %%.",
                        value=partner.cc_over_acceptance_ratio,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["cc_over_acceptance_ratio"]

    def _cc_over_acceptance_ratio(self, company):
        """Ratio (%) of the commercial partner, else the company's default."""
        self.ensure_one()
        return self.commercial_partner_id.cc_over_acceptance_ratio or (
            company.cc_over_acceptance_ratio
        )
