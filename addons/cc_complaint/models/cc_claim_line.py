from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .cc_claim import ACTIONS


class CcClaimLine(models.Model):
    _name = "cc.claim.line"
    _description = "Customer Claim Line"
    _order = "claim_id, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    claim_id = fields.Many2one(
        "cc.claim", required=True, ondelete="cascade", index=True, check_company=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        related="claim_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    currency_id = fields.Many2one(related="claim_id.currency_id", store=True)
    state = fields.Selection(related="claim_id.state", string="Claim State")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
        index=True,
    )
    product_uom_id = fields.Many2one(
        "uom.uom", related="product_id.uom_id", string="Unit"
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sale Order Line",
        compute="_compute_sale_line_id",
        store=True,
        readonly=False,
        check_company=True,
        index="btree_not_null",
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice Line",
        compute="_compute_invoice_line_id",
        store=True,
        readonly=False,
        check_company=True,
        index="btree_not_null",
    )
    shipped_qty = fields.Float(
        compute="_compute_shipped_qty",
        store=True,
        readonly=False,
        digits="Product Unit of Measure",
    )
    defect_qty = fields.Float(digits="Product Unit of Measure")
    defect_rate = fields.Float(
        string="Defect Rate (%)",
        compute="_compute_defect_rate",
        store=True,
        digits=(16, 2),
    )
    requested_action = fields.Selection(ACTIONS, default="return", required=True)
    requested_qty = fields.Float(digits="Product Unit of Measure")
    qty_undetermined = fields.Boolean(
        string="Qty Not Yet Determined",
        help="The customer is still processing the goods: the quantity is not known "
        "yet.",
    )
    price_unit = fields.Monetary(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        help="Net unit price of the original invoice line, in company currency.",
    )
    unit_cost = fields.Monetary(
        compute="_compute_unit_cost",
        store=True,
        readonly=False,
        help="Unit basis of the loss: product cost or invoice price (Settings).",
    )
    disposition = fields.Selection(ACTIONS + [("none", "None")])
    approved_qty = fields.Float(digits="Product Unit of Measure")
    amount = fields.Monetary(
        string="Disposition Amount",
        compute="_compute_amount",
        store=True,
        readonly=False,
        help="Allowance/compensation: the money granted; return/exchange: approved "
        "quantity × unit price.",
    )
    loss_amount = fields.Monetary(compute="_compute_loss_amount", store=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "qty_positive",
            "CHECK(defect_qty >= 0 AND requested_qty >= 0 AND approved_qty >= 0 "
            "AND shipped_qty >= 0)",
            "Claim line quantities cannot be negative.",
        ),
        (
            "amount_positive",
            "CHECK(amount >= 0)",
            "A disposition amount cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("product_id", "claim_id.sale_order_id")
    def _compute_sale_line_id(self):
        for line in self:
            order = line.claim_id.sale_order_id
            if not line.product_id or not order:
                line.sale_line_id = line.sale_line_id if order else False
                continue
            if line.sale_line_id.product_id == line.product_id:
                continue
            line.sale_line_id = order.order_line.filtered(
                lambda sol, p=line.product_id: sol.product_id == p
            )[:1]

    @api.depends("product_id", "claim_id.invoice_id", "sale_line_id")
    def _compute_invoice_line_id(self):
        for line in self:
            invoice = line.claim_id.invoice_id
            candidates = self.env["account.move.line"]
            if invoice:
                candidates = invoice.invoice_line_ids.filtered(
                    lambda aml, p=line.product_id: aml.product_id == p
                )
            elif line.sale_line_id:
                candidates = line.sale_line_id.invoice_lines.filtered(
                    lambda aml: aml.move_id.move_type == "out_invoice"
                    and aml.parent_state == "posted"
                )
            if line.invoice_line_id in candidates:
                continue
            if line.sale_line_id and candidates.sale_line_ids:
                preferred = candidates.filtered(
                    lambda aml, sl=line.sale_line_id: sl in aml.sale_line_ids
                )
                candidates = preferred or candidates
            line.invoice_line_id = candidates[:1]

    @api.depends("product_id", "sale_line_id.qty_delivered")
    def _compute_shipped_qty(self):
        for line in self:
            if line.sale_line_id:
                line.shipped_qty = line.sale_line_id.qty_delivered
            else:
                line.shipped_qty = line.shipped_qty or 0.0

    @api.depends("defect_qty", "shipped_qty")
    def _compute_defect_rate(self):
        for line in self:
            line.defect_rate = (
                100.0 * line.defect_qty / line.shipped_qty if line.shipped_qty else 0.0
            )

    @api.depends("invoice_line_id", "sale_line_id")
    def _compute_price_unit(self):
        for line in self:
            aml = line.invoice_line_id
            if aml and aml.quantity:
                line.price_unit = abs(aml.balance) / aml.quantity
            elif line.sale_line_id:
                sol = line.sale_line_id
                company = line.claim_id.company_id or self.env.company
                line.price_unit = sol.currency_id._convert(
                    sol.price_reduce_taxexcl,
                    company.currency_id,
                    company,
                    sol.order_id.date_order or fields.Date.today(),
                )
            else:
                line.price_unit = line.price_unit or 0.0

    @api.depends("product_id", "price_unit", "claim_id.company_id.cc_claim_loss_basis")
    def _compute_unit_cost(self):
        for line in self:
            company = line.claim_id.company_id or self.env.company
            if company.cc_claim_loss_basis == "price":
                line.unit_cost = line.price_unit
            else:
                line.unit_cost = line.product_id.with_company(company).standard_price

    @api.depends("disposition", "approved_qty", "price_unit")
    def _compute_amount(self):
        for line in self:
            if line.disposition in ("return", "exchange"):
                line.amount = line.approved_qty * line.price_unit
            elif line.disposition in ("allowance", "compensation", "repair"):
                line.amount = line.amount or 0.0
            else:
                line.amount = 0.0

    @api.depends("defect_qty", "unit_cost")
    def _compute_loss_amount(self):
        for line in self:
            line.loss_amount = line.defect_qty * line.unit_cost

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("defect_qty", "shipped_qty", "requested_qty", "qty_undetermined")
    def _check_quantities(self):
        for line in self:
            digits = line.product_id.uom_id.rounding or 0.01
            if (
                float_compare(
                    line.defect_qty, line.shipped_qty, precision_rounding=digits
                )
                > 0
            ):
                raise ValidationError(
                    _(
                        "%(product)s: the defect quantity (%(defect)s) cannot exceed "
                        "the shipped quantity (%(shipped)s).",
                        product=line.product_id.display_name,
                        defect=line.defect_qty,
                        shipped=line.shipped_qty,
                    )
                )
            if (
                not line.qty_undetermined
                and float_compare(
                    line.requested_qty, line.shipped_qty, precision_rounding=digits
                )
                > 0
            ):
                raise ValidationError(
                    _(
                        "%(product)s: the requested quantity (%(requested)s) cannot "
                        "exceed the shipped quantity (%(shipped)s).",
                        product=line.product_id.display_name,
                        requested=line.requested_qty,
                        shipped=line.shipped_qty,
                    )
                )
