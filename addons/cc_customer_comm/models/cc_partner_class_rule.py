from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CUSTOMER_CLASSES = [
    ("a", "A"),
    ("b", "B"),
    ("c", "C"),
    ("d", "D"),
]


class CcPartnerClassRule(models.Model):
    """Revenue threshold of one customer class in one company.

    A customer falls in the best class whose threshold its trailing
    twelve-month invoiced revenue (company currency, untaxed, refunds
    deducted) reaches.
    """

    _name = "cc.partner.class.rule"
    _description = "Customer Class Rule"
    _order = "company_id, min_revenue desc, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    partner_class = fields.Selection(
        CUSTOMER_CLASSES, string="Class", required=True, default="d"
    )
    min_revenue = fields.Monetary(
        string="Minimum 12-Month Revenue",
        currency_field="currency_id",
        help="Untaxed invoiced revenue of the last twelve months, refunds "
        "deducted, in the company currency, from which a customer is in this "
        "class.",
    )
    policy = fields.Text(
        help="Service policy for customers of this class (visit frequency, "
        "credit, priority...)."
    )
    visits_per_month = fields.Integer(
        help="Recommended number of visits per month for a customer of this class."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "class_company_uniq",
            "unique(partner_class, company_id)",
            "Each class can have only one rule per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("min_revenue")
    def _check_min_revenue(self):
        for rule in self:
            if rule.min_revenue < 0:
                raise ValidationError(
                    _(
                        "Minimum 12-Month Revenue of class %(cls)s must be zero "
                        "or more, not %(amount)s.",
                        cls=rule.partner_class.upper(),
                        amount=rule.min_revenue,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _cc_thresholds(self, company):
        """Return ``[(min_revenue, class)]`` of ``company``, best class first."""
        rules = self.sudo().search([("company_id", "=", company.id)])
        return sorted(
            ((rule.min_revenue, rule.partner_class) for rule in rules),
            key=lambda item: (-item[0], item[1]),
        )

    @api.model
    def _cc_class_for(self, revenue, thresholds):
        for min_revenue, partner_class in thresholds:
            if revenue >= min_revenue:
                return partner_class
        return False
