from odoo import api, fields, models
from odoo.tools import float_compare, float_round


class CcClaimLine(models.Model):
    _inherit = "cc.claim.line"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    move_ids = fields.One2many(
        "stock.move",
        "cc_claim_line_id",
        string="Stock Moves",
        readonly=True,
        groups="stock.group_stock_user,sales_team.group_sale_salesman,"
        "account.group_account_invoice",
    )
    returned_qty = fields.Float(
        string="Returned",
        compute="_compute_stock_qty",
        compute_sudo=True,
        digits="Product Unit of Measure",
        help="Quantity actually received back from the customer (done returns).",
    )
    replaced_qty = fields.Float(
        string="Replaced",
        compute="_compute_stock_qty",
        compute_sudo=True,
        digits="Product Unit of Measure",
        help="Quantity shipped to the customer as replacement (done deliveries).",
    )
    tolerance_state = fields.Selection(
        [
            ("na", "Not Applicable"),
            ("within", "Within Tolerance"),
            ("outside", "Outside Tolerance"),
        ],
        compute="_compute_tolerance_state",
        compute_sudo=True,
        help="Actually returned quantity compared with the approved quantity ± the "
        "customer's over-acceptance ratio.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("lot_id", "claim_id.picking_id")
    def _compute_shipped_qty(self):
        """The delivery of the claim, when set, gives the shipped quantity (of
        the lot when one is named); else the sale line's delivered quantity."""
        with_picking = self.filtered(
            lambda line: line.claim_id.picking_id and line.product_id
        )
        for line in with_picking:
            moves = line.claim_id.picking_id.move_ids.filtered(
                lambda m, p=line.product_id: m.product_id == p and m.state == "done"
            )
            if line.lot_id:
                move_lines = moves.move_line_ids.filtered(
                    lambda ml, lot=line.lot_id: ml.lot_id == lot
                )
                line.shipped_qty = sum(move_lines.mapped("quantity"))
            else:
                line.shipped_qty = sum(moves.mapped("quantity"))
        return super(CcClaimLine, self - with_picking)._compute_shipped_qty()

    @api.depends(
        "move_ids.state",
        "move_ids.quantity",
        "move_ids.location_id.usage",
        "move_ids.location_dest_id.usage",
    )
    def _compute_stock_qty(self):
        for line in self:
            returned = replaced = 0.0
            uom = line.product_id.uom_id
            for move in line.move_ids.filtered(lambda m: m.state == "done"):
                qty = move.product_uom._compute_quantity(move.quantity, uom)
                if move.location_id.usage == "customer":
                    returned += qty
                elif move.location_dest_id.usage == "customer":
                    replaced += qty
            line.returned_qty = returned
            line.replaced_qty = replaced

    @api.depends("disposition", "approved_qty", "returned_qty", "claim_id.partner_id")
    def _compute_tolerance_state(self):
        for line in self:
            if line.disposition != "return" or not line.approved_qty:
                line.tolerance_state = "na"
            else:
                line.tolerance_state = (
                    "within" if line._cc_within_tolerance() else "outside"
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_tolerance_bounds(self):
        """(lowest, highest) returned quantity booked without a manager."""
        self.ensure_one()
        claim = self.claim_id
        ratio = claim.partner_id._cc_over_acceptance_ratio(claim.company_id) / 100.0
        rounding = self.product_id.uom_id.rounding or 0.01
        return (
            float_round(self.approved_qty * (1.0 - ratio), precision_rounding=rounding),
            float_round(self.approved_qty * (1.0 + ratio), precision_rounding=rounding),
        )

    def _cc_within_tolerance(self):
        self.ensure_one()
        low, high = self._cc_tolerance_bounds()
        rounding = self.product_id.uom_id.rounding or 0.01
        return (
            float_compare(self.returned_qty, low, precision_rounding=rounding) >= 0
            and float_compare(self.returned_qty, high, precision_rounding=rounding) <= 0
        )

    def _cc_returnable_moves(self):
        """Done deliveries of this line's goods to the customer, original claim
        delivery first."""
        self.ensure_one()
        claim = self.claim_id
        moves = self.env["stock.move"]
        if self.sale_line_id:
            moves = self.sale_line_id.move_ids
        if claim.picking_id:
            moves |= claim.picking_id.move_ids.filtered(
                lambda m: m.product_id == self.product_id
                and (
                    not self.sale_line_id
                    or m.sale_line_id in (self.sale_line_id, False)
                )
            )
        moves = moves.filtered(
            lambda m: m.state == "done"
            and m.product_id == self.product_id
            and m.location_dest_id.usage == "customer"
            and not m.origin_returned_move_id
        )
        return moves.sorted(lambda m: (m.picking_id != claim.picking_id, m.date, m.id))

    @staticmethod
    def _cc_move_returnable_qty(move):
        """Delivered quantity of ``move`` not yet returned (product UoM)."""
        uom = move.product_id.uom_id
        delivered = move.product_uom._compute_quantity(move.quantity, uom)
        returned = 0.0
        for ret in move.returned_move_ids.filtered(lambda m: m.state != "cancel"):
            qty = ret.quantity if ret.state == "done" else ret.product_uom_qty
            returned += ret.product_uom._compute_quantity(qty, uom)
        return delivered, returned
