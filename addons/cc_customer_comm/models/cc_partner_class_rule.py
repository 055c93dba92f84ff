from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CUSTOMER_CLASSES = [
    ("a", "A"),
    ("b", "B"),
    ("c", "C"),
    ("d", "D"),
]
# nature of the customer (经销商, 零售商, 委托加工工厂, 消费者)
CUSTOMER_NATURES = [
    ("distributor", "Distributor"),
    ("retailer", "Retailer"),
    ("processor", "Contract Manufacturer"),
    ("consumer", "End User"),
]
# size of the customer's business, smallest first
COMPANY_SIZES = [
    ("micro", "Micro"),
    ("small", "Small"),
    ("medium", "Medium"),
    ("large", "Large"),
]
# trend of the last twelve months' revenue against the twelve before, worst first
REVENUE_TRENDS = [
    ("declining", "Declining"),
    ("stable", "Stable"),
    ("growing", "Growing"),
]
SIZE_RANK = {key: rank for rank, (key, _label) in enumerate(COMPANY_SIZES)}
TREND_RANK = {key: rank for rank, (key, _label) in enumerate(REVENUE_TRENDS)}


class CcPartnerClassRule(models.Model):
    """Criteria of one customer class in one company: nature, size, sales
    volume and revenue trend of the customer (篇8 第四条).

    A customer falls in the best class one of whose rules it meets: its
    trailing twelve-month invoiced revenue (company currency, untaxed,
    refunds deducted) reaches the threshold, its size and revenue trend are
    at least those of the rule, and the rule is for its nature or for any.
    A class may have one rule per nature and one for any nature.
    """

    _name = "cc.partner.class.rule"
    _description = "Customer Class Rule"
    _order = "company_id, partner_class, customer_nature, min_revenue desc, id"
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
        help="Visits per month a customer of this class is due; fewer visits in "
        "the month flag the customer as visits due and remind its salesperson."
    )
    customer_nature = fields.Selection(
        CUSTOMER_NATURES,
        help="The rule applies to customers of this nature only; empty for any "
        "nature.",
    )
    min_company_size = fields.Selection(
        COMPANY_SIZES,
        string="Minimum Company Size",
        help="The customer's company size must be at least this; empty for any "
        "size (customers of unknown size included).",
    )
    min_revenue_trend = fields.Selection(
        REVENUE_TRENDS,
        string="Minimum Revenue Trend",
        help="The trend of the customer's last twelve months of revenue against "
        "the twelve before must be at least this; empty for any trend.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "class_company_uniq",
            "unique(partner_class, company_id, customer_nature)",
            "Each class can have only one rule per company and customer nature.",
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

    @api.constrains("partner_class", "company_id", "customer_nature", "active")
    def _check_one_rule_for_any_nature(self):
        for rule in self.filtered(lambda r: r.active and not r.customer_nature):
            if self.search_count(
                [
                    ("id", "!=", rule.id),
                    ("partner_class", "=", rule.partner_class),
                    ("company_id", "=", rule.company_id.id),
                    ("customer_nature", "=", False),
                ]
            ):
                raise ValidationError(
                    _(
                        "Class %(cls)s already has a rule for any customer nature "
                        "in %(company)s; set a Customer Nature on this one.",
                        cls=rule.partner_class.upper(),
                        company=rule.company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_criteria(self):
        self.ensure_one()
        return (
            self.partner_class,
            self.min_revenue,
            self.customer_nature or False,
            SIZE_RANK.get(self.min_company_size, -1),
            TREND_RANK.get(self.min_revenue_trend, -1),
        )

    @api.model
    def _cc_thresholds(self, company):
        """Return the criteria of the rules of ``company``, best class first:
        ``[(class, min_revenue, nature, min_size_rank, min_trend_rank)]``."""
        # called by the class evaluation (Customer Service users, who read the
        # rules, or the scheduler)
        rules = self.search([("company_id", "=", company.id)])
        return sorted(
            (rule._cc_criteria() for rule in rules),
            key=lambda item: (item[0], -item[1]),
        )

    @api.model
    def _cc_class_for(self, revenue, thresholds, nature=False, size=False, trend=False):
        """The best class whose rule the customer meets, or False."""
        size_rank = SIZE_RANK.get(size, -1)
        trend_rank = TREND_RANK.get(trend, -1)
        for partner_class, min_revenue, rule_nature, min_size, min_trend in thresholds:
            if (
                revenue >= min_revenue
                and (not rule_nature or rule_nature == nature)
                and size_rank >= min_size
                and trend_rank >= min_trend
            ):
                return partner_class
        return False

    @api.model
    def _cc_visit_policy(self, company):
        """``{class: visits per month}`` of ``company`` (the most of its rules)."""
        policy = {}
        # read by the customer's visit counters, which any internal user may
        # display without Customer Service rights; only numbers are returned
        for rule in self.sudo().search([("company_id", "=", company.id)]):
            policy[rule.partner_class] = max(
                policy.get(rule.partner_class, 0), rule.visits_per_month
            )
        return policy
