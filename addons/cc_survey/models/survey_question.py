from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    cc_dimension_id = fields.Many2one(
        "cc.survey.dimension",
        string="Satisfaction Dimension",
        ondelete="restrict",
        help="Scale, choice and matrix answers of this question count towards "
        "this dimension of the satisfaction index. A matrix row may name a "
        "dimension of its own.",
    )


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    cc_dimension_id = fields.Many2one(
        "cc.survey.dimension",
        string="Satisfaction Dimension",
        ondelete="restrict",
        help="For a matrix row: the dimension its answer counts towards "
        "(the question's dimension when empty).",
    )
    cc_score = fields.Float(
        string="Satisfaction Score",
        digits=(5, 2),
        help="For a choice or a matrix column: the satisfaction it expresses, "
        "from 0 (very dissatisfied) to 100 (very satisfied).",
    )
    cc_not_applicable = fields.Boolean(
        string="Not Applicable",
        help="A choice or matrix column that carries no satisfaction score "
        "(“not applicable”, “no opinion”): left out of the index.",
    )

    @api.constrains("cc_score")
    def _check_cc_score(self):
        for answer in self:
            if not 0 <= answer.cc_score <= 100:
                raise ValidationError(
                    self.env._(
                        "Satisfaction Score of %(answer)s must lie between 0 and "
                        "100, not %(score)s.",
                        answer=answer.display_name,
                        score=answer.cc_score,
                    )
                )
