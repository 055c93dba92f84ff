from odoo import fields, models

from odoo.addons.cc_customer_comm.models.cc_partner_class_rule import (
    CUSTOMER_CLASSES,
)

from .cc_survey_campaign import LEVELS


class CcSurveyScore(models.Model):
    """Satisfaction score of one response for one dimension, or its overall
    index (no dimension), with the customer's class and salesperson at the
    time: the source of the pivot and graph analyses."""

    _name = "cc.survey.score"
    _description = "Satisfaction Score"
    _order = "date desc, user_input_id, dimension_id"
    _check_company_auto = True
    _rec_name = "partner_id"

    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Response",
        required=True,
        ondelete="cascade",
        index=True,
    )
    campaign_id = fields.Many2one(
        "cc.survey.campaign", ondelete="cascade", index=True, check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, readonly=True
    )
    cc_class = fields.Selection(
        CUSTOMER_CLASSES,
        string="Customer Class",
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", index=True, readonly=True
    )
    product_categ_id = fields.Many2one(
        "product.category",
        string="Product Line",
        index=True,
        readonly=True,
        help="The product category the customer bought most in the 12 months "
        "before the campaign's period and during it.",
    )
    dimension_id = fields.Many2one(
        "cc.survey.dimension",
        string="Dimension",
        ondelete="cascade",
        index=True,
        readonly=True,
        help="Empty on the overall index of the response.",
    )
    is_index = fields.Boolean(string="Overall Index", readonly=True)
    score = fields.Float(digits=(5, 2), aggregator="avg", readonly=True)
    level = fields.Selection(LEVELS, readonly=True)
    date = fields.Date(index=True, readonly=True)
    channel = fields.Selection(related="user_input_id.cc_channel", string="Channel")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
