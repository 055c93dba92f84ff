from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Settings of the GM instruction steps, the management meeting and the
    monthly sanctions list."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    cc_claim_qa_report_days = fields.Integer(
        string="QA Report Days",
        default=3,
        help="Working days after registration for QA to send its report to the GM.",
    )
    cc_claim_gm_opinion_days = fields.Integer(
        string="GM Office Opinion Days",
        default=1,
        help="Working days for the GM office's comprehensive opinion after the "
        "sales proposal is submitted.",
    )
    cc_claim_negotiation_review = fields.Boolean(
        string="Supervisor Reviews the Negotiation Result",
        help="The sales supervisor (sales team leader) must approve the "
        "negotiation result before the claim's documents are booked or the "
        "claim is closed.",
    )

    cc_sanction_list_day = fields.Integer(
        string="Sanctions List Day",
        default=10,
        help="Day of the month by which the previous month's administrative "
        "sanctions are sent to HR.",
    )

    cc_claim_meeting_severity = fields.Selection(
        [
            ("major", "Major and Critical Claims"),
            ("critical", "Critical Claims Only"),
            ("none", "No Claim"),
        ],
        string="Claims for the Management Meeting",
        default="major",
        required=True,
        help="Claims of these severities need a management meeting decision "
        "before they close.",
    )

    _sql_constraints = [
        (
            "cc_claim_qa_report_days_positive",
            "CHECK(cc_claim_qa_report_days >= 0)",
            "The QA report days cannot be negative.",
        ),
        (
            "cc_claim_gm_opinion_days_positive",
            "CHECK(cc_claim_gm_opinion_days >= 0)",
            "The GM office opinion days cannot be negative.",
        ),
    ]

    @api.constrains("cc_sanction_list_day")
    def _check_cc_sanction_list_day(self):
        for company in self:
            if not 1 <= company.cc_sanction_list_day <= 28:
                raise ValidationError(
                    _(
                        "Sanctions List Day must be between 1 and 28 (%(day)s given).",
                        day=company.cc_sanction_list_day,
                    )
                )
