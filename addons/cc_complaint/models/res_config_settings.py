from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cc_claim_limit_sales_manager = fields.Monetary(
        related="company_id.cc_claim_limit_sales_manager",
        readonly=False,
        currency_field="currency_id",
    )
    cc_claim_limit_deputy_gm = fields.Monetary(
        related="company_id.cc_claim_limit_deputy_gm",
        readonly=False,
        currency_field="currency_id",
    )
    cc_claim_answer_days_general = fields.Integer(
        related="company_id.cc_claim_answer_days_general", readonly=False
    )
    cc_claim_answer_days_major = fields.Integer(
        related="company_id.cc_claim_answer_days_major", readonly=False
    )
    cc_claim_answer_days_max = fields.Integer(
        related="company_id.cc_claim_answer_days_max", readonly=False
    )
    cc_claim_close_days_domestic = fields.Integer(
        related="company_id.cc_claim_close_days_domestic", readonly=False
    )
    cc_claim_close_days_foreign = fields.Integer(
        related="company_id.cc_claim_close_days_foreign", readonly=False
    )
    cc_claim_days_registered = fields.Integer(
        related="company_id.cc_claim_days_registered", readonly=False
    )
    cc_claim_days_countermeasure = fields.Integer(
        related="company_id.cc_claim_days_countermeasure", readonly=False
    )
    cc_claim_days_proposal = fields.Integer(
        related="company_id.cc_claim_days_proposal", readonly=False
    )
    cc_claim_days_approval = fields.Integer(
        related="company_id.cc_claim_days_approval", readonly=False
    )
    cc_claim_days_negotiation = fields.Integer(
        related="company_id.cc_claim_days_negotiation", readonly=False
    )
    cc_claim_days_execution = fields.Integer(
        related="company_id.cc_claim_days_execution", readonly=False
    )
    cc_claim_loss_basis = fields.Selection(
        related="company_id.cc_claim_loss_basis", readonly=False
    )
    cc_claim_close_days_unit = fields.Selection(
        related="company_id.cc_claim_close_days_unit", readonly=False
    )
    cc_claim_reply_hours = fields.Float(
        related="company_id.cc_claim_reply_hours", readonly=False
    )
    cc_claim_plan_hours = fields.Float(
        related="company_id.cc_claim_plan_hours", readonly=False
    )
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
