from collections import defaultdict
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .cc_survey_campaign import CHANNELS, LEVELS, satisfaction_level


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    cc_campaign_id = fields.Many2one(
        "cc.survey.campaign",
        string="Satisfaction Campaign",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    cc_campaign_line_id = fields.Many2one(
        "cc.survey.campaign.line",
        string="Campaign Customer",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )
    cc_channel = fields.Selection(
        CHANNELS,
        string="Answered Through",
        tracking=True,
        help="E-mail when the customer answered through the invitation link; "
        "phone, fax or face to face when a staff member entered the answers "
        "on the customer's behalf.",
    )
    cc_entered_by_id = fields.Many2one(
        "res.users", string="Entered By", readonly=True, tracking=True
    )
    cc_salesperson_id = fields.Many2one(
        related="partner_id.commercial_partner_id.user_id", string="Salesperson"
    )
    cc_product_categ_id = fields.Many2one(
        "product.category",
        string="Product Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The product category the customer bought most (untaxed amount of "
        "its confirmed sale orders) in the 12 months before the campaign's "
        "period and during it: the product line its answers speak about.",
    )
    cc_index = fields.Float(
        string="Satisfaction Index", digits=(5, 2), readonly=True, copy=False
    )
    cc_level = fields.Selection(
        LEVELS, string="Satisfaction Level", readonly=True, copy=False, index=True
    )
    cc_score_ids = fields.One2many(
        "cc.survey.score", "user_input_id", string="Dimension Scores"
    )
    cc_plan_ids = fields.One2many(
        "cc.survey.improvement.plan", "user_input_id", string="Improvement Plans"
    )

    _sql_constraints = [
        (
            "cc_campaign_line_uniq",
            "unique(cc_campaign_line_id)",
            "A campaign customer is invited only once.",
        ),
    ]

    # ------------------------------------------------------------------
    # Engine hooks
    # ------------------------------------------------------------------
    def _mark_done(self):
        res = super()._mark_done()
        campaign_answers = self.filtered("cc_campaign_id")
        if campaign_answers:
            # core hook: the respondent (public or portal through the survey
            # controller, or an internal user without satisfaction rights)
            # cannot write the scores; nothing is returned
            campaign_answers.sudo()._cc_compute_scores()
        return res

    # ------------------------------------------------------------------
    # Satisfaction index
    # ------------------------------------------------------------------
    def _cc_answer_values(self):
        """Normalised answers ``{user_input_id: {dimension_id: [0-100, ...]}}``.

        One query over the answer lines: a scale answer is placed on 0-100
        between the question's minimum and maximum; a choice or a matrix cell
        gives the satisfaction score of the chosen answer (column); a matrix
        row may name a dimension of its own. The engine's scoring
        (``answer_score``, ``scoring_percentage``) is not used: it ignores
        scale and matrix questions.
        """
        values = defaultdict(lambda: defaultdict(list))
        if not self:
            return values
        self.env["survey.user_input.line"].flush_model()
        self.env["survey.question"].flush_model(
            ["question_type", "scale_min", "scale_max", "cc_dimension_id"]
        )
        self.env["survey.question.answer"].flush_model(
            ["cc_dimension_id", "cc_score", "cc_not_applicable"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT l.user_input_id,
                          COALESCE(r.cc_dimension_id, q.cc_dimension_id),
                          CASE WHEN q.question_type = 'scale'
                               THEN (l.value_scale - q.scale_min) * 100.0
                                    / NULLIF(q.scale_max - q.scale_min, 0)
                               ELSE c.cc_score END
                     FROM survey_user_input_line l
                     JOIN survey_question q ON q.id = l.question_id
                LEFT JOIN survey_question_answer c ON c.id = l.suggested_answer_id
                LEFT JOIN survey_question_answer r ON r.id = l.matrix_row_id
                    WHERE l.user_input_id IN %s
                      AND NOT COALESCE(l.skipped, FALSE)
                      AND COALESCE(r.cc_dimension_id, q.cc_dimension_id) IS NOT NULL
                      AND (
                          (q.question_type = 'scale' AND l.value_scale IS NOT NULL)
                          OR (q.question_type IN ('simple_choice', 'matrix')
                              AND l.answer_type = 'suggestion'
                              AND c.id IS NOT NULL
                              AND NOT COALESCE(c.cc_not_applicable, FALSE))
                      )""",
                tuple(self.ids),
            )
        )
        for user_input_id, dimension_id, value in self.env.cr.fetchall():
            if value is not None:
                values[user_input_id][dimension_id].append(
                    min(max(float(value), 0.0), 100.0)
                )
        self._cc_add_extra_values(values)
        return values

    def _cc_add_extra_values(self, values):
        """Hook: add values from other apps (after-sales follow-up scores)."""
        return values

    def _cc_product_window(self):
        """``(date_from, date_to)``: the purchases a response speaks about,
        those of the 12 months before its campaign's period and during it
        (without a campaign, the 12 months before the answer)."""
        self.ensure_one()
        campaign = self.cc_campaign_id
        if campaign:
            return campaign.date_start - relativedelta(months=12), campaign.date_end
        day = (self.end_datetime or self.create_date or fields.Datetime.now()).date()
        return day - relativedelta(months=12), day

    def _cc_product_lines(self):
        """``{user_input_id: product category id}``: the product line of each
        response, the category of the products its customer bought for the
        largest untaxed amount (in company currency) in its purchase window;
        ties go to the lowest category id. One query per purchase window."""
        result = {}
        if not self:
            return result
        for key in ("sale.order", "sale.order.line", "product.product"):
            self.env[key].flush_model()
        self.env["product.template"].flush_model(["categ_id"])
        windows = defaultdict(lambda: self.browse())
        for answer in self:
            company = answer.cc_campaign_id.company_id or self.env.company
            windows[(answer._cc_product_window(), company.id)] |= answer
        for ((date_from, date_to), company_id), answers in windows.items():
            partner_of = {
                answer.id: answer.partner_id.commercial_partner_id.id
                for answer in answers
            }
            partner_ids = [pid for pid in set(partner_of.values()) if pid]
            if not partner_ids:
                continue
            self.env.cr.execute(
                SQL(
                    """SELECT DISTINCT ON (p.commercial_partner_id)
                              p.commercial_partner_id, pt.categ_id
                         FROM sale_order_line sol
                         JOIN sale_order so ON so.id = sol.order_id
                         JOIN res_partner p ON p.id = so.partner_id
                         JOIN product_product pp ON pp.id = sol.product_id
                         JOIN product_template pt ON pt.id = pp.product_tmpl_id
                        WHERE so.state = 'sale'
                          AND so.company_id = %s
                          AND so.date_order >= %s AND so.date_order <= %s
                          AND p.commercial_partner_id = ANY(%s)
                          AND pt.categ_id IS NOT NULL
                     GROUP BY p.commercial_partner_id, pt.categ_id
                     ORDER BY p.commercial_partner_id,
                              sum(sol.price_subtotal
                                  / COALESCE(NULLIF(so.currency_rate, 0), 1)) DESC,
                              pt.categ_id""",
                    company_id,
                    datetime.combine(date_from, time.min),
                    datetime.combine(date_to, time.max),
                    partner_ids,
                )
            )
            categ_of = dict(self.env.cr.fetchall())
            for answer_id, partner_id in partner_of.items():
                if categ_of.get(partner_id):
                    result[answer_id] = categ_of[partner_id]
        return result

    def _cc_compute_scores(self):
        """Store the dimension scores and the overall index of the responses.

        A dimension score is the mean of its normalised answers; the overall
        index is the mean of the dimension scores weighted by the dimension
        weights (those of the dimensions the response answered).
        """
        if not self:
            return True
        dimensions = self.env["cc.survey.dimension"].with_context(active_test=False)
        weights = {dim.id: dim.weight for dim in dimensions.search([])}
        values = self._cc_answer_values()
        product_lines = self._cc_product_lines()
        Score = self.env["cc.survey.score"]
        Score.search([("user_input_id", "in", self.ids)]).unlink()
        vals_list = []
        for answer in self:
            partner = answer.partner_id.commercial_partner_id
            common = {
                "user_input_id": answer.id,
                "campaign_id": answer.cc_campaign_id.id,
                "partner_id": partner.id,
                "cc_class": partner.cc_class,
                "user_id": partner.user_id.id,
                "product_categ_id": product_lines.get(answer.id, False),
                "date": (answer.end_datetime or answer.create_date).date(),
                "company_id": (answer.cc_campaign_id.company_id or self.env.company).id,
            }
            scores = {
                dim_id: sum(dim_values) / len(dim_values)
                for dim_id, dim_values in values.get(answer.id, {}).items()
                if dim_values
            }
            total_weight = sum(weights.get(dim_id, 0.0) for dim_id in scores)
            index = (
                sum(
                    score * weights.get(dim_id, 0.0) for dim_id, score in scores.items()
                )
                / total_weight
                if total_weight
                else None
            )
            for dim_id, score in scores.items():
                vals_list.append(
                    dict(
                        common,
                        dimension_id=dim_id,
                        score=score,
                        level=satisfaction_level(score),
                    )
                )
            if index is not None:
                vals_list.append(
                    dict(
                        common,
                        dimension_id=False,
                        is_index=True,
                        score=index,
                        level=satisfaction_level(index),
                    )
                )
            answer.cc_index = index or 0.0
            answer.cc_level = satisfaction_level(index)
            answer.cc_product_categ_id = product_lines.get(answer.id, False)
        Score.create(vals_list)
        return True

    def _cc_low_dimensions(self, threshold):
        """Dimension scores of the response below ``threshold``."""
        self.ensure_one()
        return self.cc_score_ids.filtered(
            lambda s: s.dimension_id and s.score < threshold
        ).sorted("score")

    def _cc_propose_plans(self):
        """Propose a draft improvement plan for each response whose index or a
        dimension is below the company's threshold, unless one exists."""
        Plan = self.env["cc.survey.improvement.plan"]
        vals_list = []
        has_plan = set(
            Plan.search([("user_input_id", "in", self.ids)]).user_input_id.ids
        )
        for answer in self:
            if answer.id in has_plan or not answer.cc_level:
                continue
            company = answer.cc_campaign_id.company_id or self.env.company
            threshold = company.cc_survey_plan_threshold
            low = answer._cc_low_dimensions(threshold)
            if answer.cc_index >= threshold and not low:
                continue
            weakest = low[:1]
            problem = self.env._(
                "%(customer)s: overall index %(index).1f (threshold %(threshold).0f).",
                customer=answer.partner_id.display_name,
                index=answer.cc_index,
                threshold=threshold,
            )
            if low:
                problem += "\n" + "\n".join(
                    self.env._(
                        "%(dimension)s: %(score).1f",
                        dimension=score.dimension_id.name,
                        score=score.score,
                    )
                    for score in low
                )
            vals_list.append(
                {
                    "campaign_id": answer.cc_campaign_id.id,
                    "user_input_id": answer.id,
                    "partner_id": answer.partner_id.commercial_partner_id.id,
                    "dimension_id": weakest.dimension_id.id,
                    "score": weakest.score if weakest else answer.cc_index,
                    "problem": problem,
                    "user_id": answer.cc_campaign_id.user_id.id or self.env.uid,
                    "company_id": company.id,
                }
            )
        return Plan.create(vals_list)

    @api.model
    def _cc_portal_pending_domain(self, partner):
        """Surveys still waiting for the customer ``partner`` in the portal."""
        return [
            ("partner_id", "child_of", partner.commercial_partner_id.id),
            ("cc_campaign_id.state", "=", "running"),
            ("state", "!=", "done"),
            "|",
            ("deadline", "=", False),
            ("deadline", ">=", fields.Datetime.now()),
        ]
