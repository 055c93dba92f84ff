from odoo import fields, models


class CcClaimCause(models.Model):
    _name = "cc.claim.cause"
    _description = "Claim Cause Category"
    _order = "sequence, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    claim_type = fields.Selection(
        [("quality", "Quality"), ("non_quality", "Non-quality (human cause)")],
        string="Classification",
        help="Default classification of claims with this cause.",
    )
    description = fields.Text()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The cause code must be unique per company.",
        ),
    ]
