from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.float_utils import float_compare


class CcSurveyDimension(models.Model):
    """A dimension of customer satisfaction (quality, delivery, service...).

    Scale questions, matrix rows and choice questions of a questionnaire point
    at a dimension; the satisfaction index of a response is the weighted mean
    of its dimension scores, with the weights set here (they sum to 100 %).
    """

    _name = "cc.survey.dimension"
    _description = "Satisfaction Dimension"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key used by integrations (quality, delivery, service...).",
    )
    sequence = fields.Integer(default=10)
    weight = fields.Float(
        string="Weight (%)",
        digits=(5, 2),
        default=0.0,
        help="Share of this dimension in the overall satisfaction index. The "
        "weights of the active dimensions sum to 100 %.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_uniq",
            "unique(code)",
            "The code of a satisfaction dimension is unique.",
        ),
    ]

    @api.constrains("weight")
    def _check_weight(self):
        for dimension in self:
            if not 0.0 <= dimension.weight <= 100.0:
                raise ValidationError(
                    self.env._(
                        "Weight (%%) of dimension %(name)s must lie between 0 and "
                        "100 %%, not %(weight)s.",
                        name=dimension.name,
                        weight=dimension.weight,
                    )
                )

    @api.model
    def _cc_check_weights(self):
        """Raise unless the weights of the active dimensions sum to 100 %."""
        dimensions = self.search([("active", "=", True)])
        total = sum(dimensions.mapped("weight"))
        if float_compare(total, 100.0, precision_digits=2) != 0:
            raise ValidationError(
                self.env._(
                    "The dimension weights (field “Weight (%%)”) must sum to "
                    "100 %%; they sum to %(total)s %% (%(detail)s).",
                    total=round(total, 2),
                    detail=", ".join(
                        f"{dim.name} {dim.weight:g}" for dim in dimensions
                    ),
                )
            )
        return True
