from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SANCTIONS = [
    ("none", "None"),
    ("warning", "Warning"),
    ("minor_demerit", "Minor Demerit"),
    ("major_demerit", "Major Demerit"),
    ("demotion", "Demotion"),
    ("dismissal", "Dismissal"),
]


class CcClaimPenaltyRule(models.Model):
    """Penalty basis (客诉罚扣判定基准): severity × cause → amount or % of loss."""

    _name = "cc.claim.penalty.rule"
    _description = "Claim Penalty Rule"
    _order = "sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    severity = fields.Selection(
        [("general", "General"), ("major", "Major"), ("critical", "Critical")],
        help="Empty: any severity.",
    )
    cause_id = fields.Many2one(
        "cc.claim.cause",
        string="Cause Category",
        check_company=True,
        help="Empty: any cause.",
    )
    amount_type = fields.Selection(
        [("fixed", "Fixed Amount"), ("percent", "Percentage of Loss")],
        required=True,
        default="percent",
    )
    amount = fields.Monetary(help="Fixed penalty for the whole claim, split by ratio.")
    percent = fields.Float(
        string="% of Loss", help="Share of the claim's loss charged, split by ratio."
    )
    max_amount = fields.Monetary(
        string="Cap", help="Maximum penalty per claim (0: no cap)."
    )
    sanction = fields.Selection(
        SANCTIONS, default="none", required=True, string="Administrative Sanction"
    )

    _sql_constraints = [
        (
            "values_positive",
            "CHECK(amount >= 0 AND percent >= 0 AND max_amount >= 0)",
            "Penalty amounts and percentages cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("percent")
    def _check_percent(self):
        for rule in self:
            if rule.percent > 100:
                raise ValidationError(
                    _(
                        "Penalty rule %(name)s: the percentage cannot exceed 100%%.",
                        name=rule.name,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _cc_find_rule(self, claim):
        """Most specific active rule of the claim's company (severity and cause
        match beat one match, which beats a catch-all), then by sequence."""
        rules = self.search(
            [
                ("company_id", "=", claim.company_id.id),
                "|",
                ("severity", "=", False),
                ("severity", "=", claim.severity),
                "|",
                ("cause_id", "=", False),
                ("cause_id", "=", claim.cause_id.id or 0),
            ]
        )
        if not rules:
            return rules
        return rules.sorted(
            lambda r: (-(bool(r.severity) + bool(r.cause_id)), r.sequence, r.id)
        )[:1]

    def _cc_claim_penalty(self, claim):
        """Penalty of the whole claim under this rule (before ratio split)."""
        self.ensure_one()
        if self.amount_type == "fixed":
            total = self.amount
        else:
            total = claim.loss_amount * self.percent / 100.0
        if self.max_amount:
            total = min(total, self.max_amount)
        return claim.currency_id.round(total)
