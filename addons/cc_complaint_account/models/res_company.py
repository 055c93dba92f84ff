from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_compensation_product_id = fields.Many2one(
        "product.product",
        string="Claim Compensation Product",
        domain="[('type', '=', 'service')]",
        help="Product (income account, taxes) used on claim credit notes for "
        "compensation. Empty: the compensation account below, else the original "
        "invoice line's product.",
    )
    cc_compensation_account_id = fields.Many2one(
        "account.account",
        string="Claim Compensation Account",
        domain="[('account_type', 'in', ('income', 'income_other', 'expense'))]",
        help="Account booked by compensation lines of claim credit notes when no "
        "compensation product is set (no taxes).",
    )
    cc_claim_booking_requires_signed_proof = fields.Boolean(
        string="Booking Waits for the Signed Proof",
        help="A claim credit note is posted only once the certificate signed by "
        "the customer is recorded on the claim.",
    )
