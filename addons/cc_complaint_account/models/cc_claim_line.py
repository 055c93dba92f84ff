from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CcClaimLine(models.Model):
    _inherit = "cc.claim.line"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    credit_line_ids = fields.One2many(
        "account.move.line",
        "cc_claim_line_id",
        string="Credit Note Lines",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly,"
        "sales_team.group_sale_salesman",
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

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
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
        # credit notes of other claims, which the user may not read: only their
        # total is used
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
