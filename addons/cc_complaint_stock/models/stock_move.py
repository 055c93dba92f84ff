from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_claim_line_id = fields.Many2one(
        "cc.claim.line",
        string="Claim Line",
        index="btree_not_null",
        readonly=True,
        help="Claim line whose goods this move returns or replaces (kept on "
        "backorders and splits).",
    )
