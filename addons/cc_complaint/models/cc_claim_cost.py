from odoo import fields, models


class CcClaimCost(models.Model):
    _name = "cc.claim.cost"
    _description = "Claim Cost Line"
    _order = "claim_id, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    claim_id = fields.Many2one(
        "cc.claim", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", related="claim_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="claim_id.currency_id", store=True)
    cost_type = fields.Selection(
        [
            ("freight", "Freight"),
            ("compensation", "Compensation"),
            ("rework", "Rework / Sorting"),
            ("travel", "Travel / On-site Visit"),
            ("other", "Other"),
        ],
        required=True,
        default="freight",
    )
    name = fields.Char(string="Description")
    amount = fields.Monetary(required=True, default=0.0)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A claim cost cannot be negative."),
    ]
