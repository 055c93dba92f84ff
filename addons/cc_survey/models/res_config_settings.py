from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cc_survey_sample_rate = fields.Float(
        related="company_id.cc_survey_sample_rate", readonly=False
    )
    cc_survey_target_midyear = fields.Float(
        related="company_id.cc_survey_target_midyear", readonly=False
    )
    cc_survey_target_yearend = fields.Float(
        related="company_id.cc_survey_target_yearend", readonly=False
    )
    cc_survey_reminder_days = fields.Integer(
        related="company_id.cc_survey_reminder_days", readonly=False
    )
    cc_survey_plan_threshold = fields.Float(
        related="company_id.cc_survey_plan_threshold", readonly=False
    )
    cc_survey_card_days = fields.Integer(
        related="company_id.cc_survey_card_days", readonly=False
    )
    cc_survey_card_survey_id = fields.Many2one(
        related="company_id.cc_survey_card_survey_id", readonly=False
    )

    def action_cc_survey_dimensions(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "cc_survey.cc_survey_dimension_action"
        )
