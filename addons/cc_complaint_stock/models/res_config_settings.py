from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_over_acceptance_ratio = fields.Float(
        related="company_id.cc_over_acceptance_ratio", readonly=False
    )
