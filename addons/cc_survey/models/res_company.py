from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cc_survey_sample_rate = fields.Float(
        string="Default Sample Rate (%)",
        default=20.0,
        help="Share of the population a sampled satisfaction campaign invites "
        "at least (1-100 %).",
    )
    cc_survey_target_midyear = fields.Float(
        string="Response Target Mid-Year (%)", default=50.0
    )
    cc_survey_target_yearend = fields.Float(
        string="Response Target Year-End (%)", default=30.0
    )
    cc_survey_reminder_days = fields.Integer(
        string="Reminder Interval (Days)",
        default=7,
        help="Non-respondents get a reminder every this many days until the "
        "campaign's deadline.",
    )
    cc_survey_plan_threshold = fields.Float(
        string="Improvement Threshold",
        default=60.0,
        help="A response whose overall index or any dimension score is below "
        "this value (0-100) proposes an improvement plan.",
    )
    cc_survey_card_days = fields.Integer(
        string="Opinion Card Delay (Days)",
        default=30,
        help="The new-customer opinion card is sent this many days after the "
        "customer's first delivery.",
    )
    cc_survey_card_survey_id = fields.Many2one(
        "survey.survey",
        string="Opinion Card Questionnaire",
        help="Short questionnaire sent to new customers after their first "
        "delivery (needs the Inventory app).",
    )

    @api.constrains(
        "cc_survey_sample_rate",
        "cc_survey_target_midyear",
        "cc_survey_target_yearend",
        "cc_survey_plan_threshold",
    )
    def _check_cc_survey_rates(self):
        for company in self:
            for fname in (
                "cc_survey_sample_rate",
                "cc_survey_target_midyear",
                "cc_survey_target_yearend",
                "cc_survey_plan_threshold",
            ):
                value = company[fname]
                low = 1.0 if fname == "cc_survey_sample_rate" else 0.0
                if not low <= value <= 100.0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s must lie between %(low)s and 100, not "
                            "%(value)s.",
                            field=company._fields[fname].string,
                            low=low,
                            value=value,
                        )
                    )
            if company.cc_survey_reminder_days < 1 or company.cc_survey_card_days < 0:
                raise ValidationError(
                    self.env._(
                        "Reminder Interval (Days) must be at least 1 and Opinion "
                        "Card Delay (Days) at least 0."
                    )
                )
