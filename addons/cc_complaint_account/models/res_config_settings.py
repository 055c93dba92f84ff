from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_compensation_product_id = fields.Many2one(
        related="company_id.cc_compensation_product_id", readonly=False
    )
    cc_compensation_account_id = fields.Many2one(
        related="company_id.cc_compensation_account_id", readonly=False
    )
    cc_claim_booking_requires_signed_proof = fields.Boolean(
        related="company_id.cc_claim_booking_requires_signed_proof", readonly=False
    )
