from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    cc_claim_qa_report_days = fields.Integer(
        related="company_id.cc_claim_qa_report_days", readonly=False
    )
    cc_claim_gm_opinion_days = fields.Integer(
        related="company_id.cc_claim_gm_opinion_days", readonly=False
    )
    cc_claim_negotiation_review = fields.Boolean(
        related="company_id.cc_claim_negotiation_review", readonly=False
    )

    cc_sanction_list_day = fields.Integer(
        related="company_id.cc_sanction_list_day", readonly=False
    )

    cc_claim_meeting_severity = fields.Selection(
        related="company_id.cc_claim_meeting_severity", readonly=False
    )
