from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cc_as_hours_simple = fields.Float(
        related="company_id.cc_as_hours_simple", readonly=False
    )
    cc_as_hours_general = fields.Float(
        related="company_id.cc_as_hours_general", readonly=False
    )
    cc_as_hours_complex = fields.Float(
        related="company_id.cc_as_hours_complex", readonly=False
    )
    cc_as_followup_days = fields.Integer(
        related="company_id.cc_as_followup_days", readonly=False
    )
    cc_as_retest_days = fields.Integer(
        related="company_id.cc_as_retest_days", readonly=False
    )
    cc_as_retention_years = fields.Integer(
        related="company_id.cc_as_retention_years", readonly=False
    )

    cc_as_region_class1_units = fields.Float(
        related="company_id.cc_as_region_class1_units", readonly=False
    )
    cc_as_region_class2_units = fields.Float(
        related="company_id.cc_as_region_class2_units", readonly=False
    )
