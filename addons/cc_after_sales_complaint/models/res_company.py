from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cc_as_failure_claim = fields.Boolean(
        string="Failed Dispatch Raises a Claim",
        default=True,
        help="A failed commissioning or repair raises a customer claim, and the "
        "unit's return goes through it; otherwise the unit is returned at once "
        "into nonconforming stock.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cc_as_failure_claim = fields.Boolean(
        related="company_id.cc_as_failure_claim", readonly=False
    )
