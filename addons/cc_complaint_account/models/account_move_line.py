from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_claim_line_id = fields.Many2one(
        "cc.claim.line",
        string="Claim Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
