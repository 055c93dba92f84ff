from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_over_acceptance_ratio = fields.Float(
        string="Over-acceptance Ratio (%)",
        default=5.0,
        digits=(16, 2),
        help="When the quantity actually returned for a claim lies "
        "within the approved quantity ± this ratio, the credit note is booked on "
        "the actual quantity; outside it a complaints manager must approve first. "
        "Used for customers that have no ratio of their own.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("cc_over_acceptance_ratio")
    def _check_cc_over_acceptance_ratio(self):
        for company in self:
            if not 0.0 <= company.cc_over_acceptance_ratio <= 100.0:
                raise ValidationError(
                    _(
                        "Over-acceptance Ratio (%(value)s %%) must lie between 0 and "
                        "100 %%.",
                        value=company.cc_over_acceptance_ratio,
                    )
                )
