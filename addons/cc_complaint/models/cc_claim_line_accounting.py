from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round

RETURN_DISPOSITIONS = ("return", "exchange", "repair")
REPLACEMENT_DISPOSITIONS = ("exchange", "repair")
ALLOWANCE_DISPOSITIONS = ("allowance", "compensation")


class CcClaimLine(models.Model):
    _inherit = "cc.claim.line"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    move_ids = fields.One2many(
        "stock.move",
        "cc_claim_line_id",
        string="Stock Moves",
        readonly=True,
        groups="stock.group_stock_user,sales_team.group_sale_salesman,"
        "account.group_account_invoice",
    )
    credit_line_ids = fields.One2many(
        "account.move.line",
        "cc_claim_line_id",
        string="Credit Note Lines",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly,"
        "sales_team.group_sale_salesman",
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
    booked_qty = fields.Float(
        string="Booked",
        compute="_compute_booked",
        compute_sudo=True,
        digits="Product Unit of Measure",
        help="Quantity credited on the claim's returned-goods credit notes.",
    )
    credited_amount = fields.Monetary(
        string="Credited",
        compute="_compute_booked",
        compute_sudo=True,
        help="Untaxed amount of the claim credit note lines of this line, in "
        "company currency.",
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

    @api.depends(
        "credit_line_ids.quantity",
        "credit_line_ids.balance",
        "credit_line_ids.parent_state",
        "credit_line_ids.move_id.cc_claim_credit_kind",
    )
    def _compute_booked(self):
        for line in self:
            credit_lines = line.credit_line_ids.filtered(
                lambda aml: aml.parent_state != "cancel"
            )
            line.booked_qty = sum(
                aml.product_uom_id._compute_quantity(
                    aml.quantity, line.product_id.uom_id
                )
                if aml.product_uom_id and line.product_id
                else aml.quantity
                for aml in credit_lines
                if aml.move_id.cc_claim_credit_kind == "return"
            )
            line.credited_amount = sum(credit_lines.mapped("balance"))

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
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("amount", "disposition", "invoice_line_id")
    def _check_cc_allowance_amount(self):
        for line in self.filtered(
            lambda cl: cl.disposition == "allowance" and cl.invoice_line_id
        ):
            limit = line._cc_allowance_limit()
            if line.currency_id.compare_amounts(line.amount, limit) > 0:
                raise ValidationError(
                    _(
                        "%(product)s: the allowance Disposition Amount (%(amount)s) "
                        "cannot exceed the untaxed invoiced amount of invoice line "
                        "%(invoice)s still open to allowances (%(limit)s).",
                        product=line.product_id.display_name,
                        amount=line.currency_id.format(line.amount),
                        invoice=line.invoice_line_id.move_id.name,
                        limit=line.currency_id.format(limit),
                    )
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

    def _cc_invoice_line(self):
        """The original invoice line this claim line is credited against."""
        self.ensure_one()
        if self.invoice_line_id:
            return self.invoice_line_id
        return self.claim_id.invoice_id.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.product_id
        )[:1]

    def _cc_allowance_limit(self):
        """Untaxed invoiced amount (company currency) of the invoice line, less
        what other claims already credited on it."""
        self.ensure_one()
        invoice_line = self._cc_invoice_line()
        if not invoice_line:
            return 0.0
        other_credits = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("cc_claim_line_id.invoice_line_id", "=", invoice_line.id),
                    ("cc_claim_line_id.claim_id", "!=", self.claim_id.id),
                    ("parent_state", "!=", "cancel"),
                ]
            )
        )
        return abs(invoice_line.balance) - sum(other_credits.mapped("balance"))

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
