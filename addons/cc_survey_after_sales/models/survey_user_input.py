from odoo import models
from odoo.tools import SQL

from odoo.addons.cc_after_sales.models.cc_service_request import (
    SCORE_MAX,
    SCORE_MIN,
)


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    def _cc_add_extra_values(self, values):
        """Each follow-up score (1-5) of the customer's service requests in
        the 12 months before the campaign's period, or during it, counts as
        one more answer of the service dimension, placed on 0-100."""
        values = super()._cc_add_extra_values(values)
        service = self.env["cc.survey.dimension"].search(
            [("code", "=", "service")], limit=1
        )
        answers = self.filtered("cc_campaign_id")
        if not service or not answers:
            return values
        self.env["cc.service.request"].flush_model(
            [
                "commercial_partner_id",
                "company_id",
                "followup_score",
                "followup_date",
                "closed_on",
            ]
        )
        self.env.cr.execute(
            SQL(
                """SELECT ui.id, r.followup_score
                     FROM survey_user_input ui
                     JOIN res_partner p ON p.id = ui.partner_id
                     JOIN cc_survey_campaign c ON c.id = ui.cc_campaign_id
                     JOIN cc_service_request r
                       ON r.commercial_partner_id = p.commercial_partner_id
                      AND r.company_id = c.company_id
                    WHERE ui.id IN %s
                      AND r.followup_score BETWEEN %s AND %s
                      AND COALESCE(r.followup_date, r.closed_on)
                          >= c.date_start - INTERVAL '12 months'
                      AND COALESCE(r.followup_date, r.closed_on)
                          < c.date_end + INTERVAL '1 day'""",
                tuple(answers.ids),
                SCORE_MIN,
                SCORE_MAX,
            )
        )
        span = float(SCORE_MAX - SCORE_MIN)
        for answer_id, score in self.env.cr.fetchall():
            values[answer_id][service.id].append((score - SCORE_MIN) * 100.0 / span)
        return values
