from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cc_as_hours_simple = fields.Float(
        string="Simple requests: response within (working hours)",
        default=0.0,
        help="Zero means answered on the spot.",
    )
    cc_as_hours_general = fields.Float(
        string="General requests: response within (working hours)", default=4.0
    )
    cc_as_hours_complex = fields.Float(
        string="Complex requests: expert within (working hours)", default=8.0
    )
    cc_as_followup_days = fields.Integer(
        string="Follow-up after (working days)",
        default=3,
        help="Working days after the customer confirms the resolution.",
    )
    cc_as_retest_days = fields.Integer(
        string="Re-test window (working days)",
        default=15,
        help="Working days after the report date within which a customer may "
        "request a re-test.",
    )
    cc_as_retention_years = fields.Integer(
        string="Service archive retention (years)", default=10
    )

    _sql_constraints = [
        (
            "cc_as_hours_positive",
            "CHECK(cc_as_hours_simple >= 0 AND cc_as_hours_general >= 0 "
            "AND cc_as_hours_complex >= 0)",
            "Response targets cannot be negative.",
        ),
        (
            "cc_as_days_positive",
            "CHECK(cc_as_followup_days >= 0 AND cc_as_retest_days >= 0 "
            "AND cc_as_retention_years > 0)",
            "Follow-up and re-test days cannot be negative; retention is at "
            "least one year.",
        ),
    ]

    cc_as_region_class1_units = fields.Float(
        string="Class 1 Region From (units a year)",
        default=200000.0,
        help="A region whose customers bought at least this many units in "
        "twelve months is class 1.",
    )
    cc_as_region_class2_units = fields.Float(
        string="Class 2 Region From (units a year)",
        default=100000.0,
        help="From this many units a region is class 2, and class 1 when it "
        "buys high-failure models; below it is class 3.",
    )

    @api.constrains("cc_as_region_class1_units", "cc_as_region_class2_units")
    def _check_cc_as_region_thresholds(self):
        for company in self:
            if not (
                0
                < company.cc_as_region_class2_units
                < company.cc_as_region_class1_units
            ):
                raise ValidationError(
                    _(
                        "Region classes: the class-2 volume (%(class2)s units) "
                        "must be positive and below the class-1 volume "
                        "(%(class1)s units).",
                        class2=company.cc_as_region_class2_units,
                        class1=company.cc_as_region_class1_units,
                    )
                )
