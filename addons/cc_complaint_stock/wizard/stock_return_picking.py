from odoo import _, fields, models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_claim_line_id = fields.Many2one("cc.claim.line", string="Claim Line")

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        # The copied delivery move may carry a claim line (return of a claim
        # replacement): only a claim return keeps one.
        vals["cc_claim_line_id"] = self.cc_claim_line_id.id
        return vals


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _prepare_picking_default_values(self):
        vals = super()._prepare_picking_default_values()
        claim_id = self.env.context.get("cc_claim_id")
        vals.update(
            cc_claim_id=claim_id or False,
            cc_claim_picking_kind="return" if claim_id else False,
        )
        quarantine_id = self.env.context.get("cc_quarantine_location_id")
        if claim_id and quarantine_id:
            vals["location_dest_id"] = quarantine_id
            claim = self.env["cc.claim"].browse(claim_id)
            vals["origin"] = _(
                "Return of %(picking)s (claim %(claim)s)",
                picking=self.picking_id.name,
                claim=claim.name,
            )
        return vals
