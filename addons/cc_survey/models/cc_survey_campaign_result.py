from odoo import api, fields, models


class CcSurveyCampaignResult(models.Model):
    """Index of a campaign for one dimension (or overall), with its trend."""

    _name = "cc.survey.campaign.result"
    _description = "Satisfaction Campaign Result"
    _order = "campaign_id desc, sequence, id"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "cc.survey.campaign", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, precompute=True
    )
    dimension_id = fields.Many2one(
        "cc.survey.dimension",
        string="Dimension",
        ondelete="cascade",
        help="Empty on the overall index.",
    )
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    name = fields.Char(compute="_compute_name", string="Dimension Name")
    score = fields.Float(digits=(5, 2), string="Index")
    response_count = fields.Integer(string="Responses")
    has_previous = fields.Boolean()
    previous_score = fields.Float(digits=(5, 2), string="Previous Index")
    trend = fields.Float(
        compute="_compute_trend",
        store=True,
        digits=(5, 2),
        help="Change against the previous campaign.",
    )

    @api.depends("dimension_id.sequence")
    def _compute_sequence(self):
        for result in self:
            result.sequence = (
                result.dimension_id.sequence if result.dimension_id else 10000
            )

    @api.depends("dimension_id")
    def _compute_name(self):
        for result in self:
            result.name = result.dimension_id.name or self.env._("Overall index")

    @api.depends("score", "previous_score", "has_previous")
    def _compute_trend(self):
        for result in self:
            result.trend = (
                result.score - result.previous_score if result.has_previous else 0.0
            )
