from odoo import _, api, fields, models
from odoo.exceptions import UserError

CLAIM_CLOSED_STATES = ("done", "rejected", "cancel")


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_claim_id = fields.Many2one(
        "cc.claim",
        string="Customer Claim",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
        tracking=True,
        help="Claim this credit note was made for.",
    )
    cc_claim_credit_kind = fields.Selection(
        [("allowance", "Allowance / Compensation"), ("return", "Returned Goods")],
        string="Claim Credit Kind",
        copy=False,
        readonly=True,
    )
    cc_claim_responsibility_id = fields.Many2one(
        "cc.claim.responsibility",
        string="Claim Responsibility",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Supplier responsibility this vendor credit note charges back.",
    )
    cc_claim_ids = fields.One2many(
        "cc.claim",
        "invoice_id",
        string="Claims on this Invoice",
        readonly=True,
        # whoever may read claims (accountants included); others still read
        # the invoice
        groups="cc_customer_comm.group_cc_user,account.group_account_invoice",
    )
    cc_claim_count = fields.Integer(
        compute="_compute_cc_claim_count", compute_sudo=True, string="Claims"
    )
    cc_amount_under_claim = fields.Monetary(
        string="Under Claim",
        compute="_compute_cc_amount_under_claim",
        compute_sudo=True,
        currency_field="currency_id",
        help="Tax-included amount of the invoice lines named by claims still open; "
        "excluded from the salesperson's receivable-collection bonus.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("cc_claim_ids")
    def _compute_cc_claim_count(self):
        groups = self.env["cc.claim"]._read_group(
            [("invoice_id", "in", self.ids)], ["invoice_id"], ["__count"]
        )
        counts = {invoice.id: count for invoice, count in groups}
        for move in self:
            move.cc_claim_count = counts.get(move.id, 0)

    @api.depends("cc_claim_ids.state", "cc_claim_ids.line_ids.invoice_line_id")
    def _compute_cc_amount_under_claim(self):
        amounts = self._cc_amounts_under_claim()
        for move in self:
            move.cc_amount_under_claim = amounts.get(move.id, 0.0)

    def _cc_amounts_under_claim(self):
        """{invoice id: tax-included amount of its lines named by open claims}.

        A claim line points at its invoice line; a line without one counts the
        lines of the claim's invoice with the same product. Each invoice line
        counts once, however many open claims name it.
        """
        invoices = self.filtered(lambda m: m.move_type == "out_invoice" and m.id)
        if not invoices:
            return {}
        # the accountant reading an invoice may not read every claim (record
        # rules per salesperson); only the amounts under claim are returned
        claim_lines = (
            self.env["cc.claim.line"]
            .sudo()
            .search(
                [
                    ("claim_id.state", "not in", CLAIM_CLOSED_STATES),
                    "|",
                    ("invoice_line_id.move_id", "in", invoices.ids),
                    ("claim_id.invoice_id", "in", invoices.ids),
                ]
            )
        )
        claimed = self.env["account.move.line"]
        for line in claim_lines:
            if line.invoice_line_id:
                claimed |= line.invoice_line_id
            else:
                claimed |= line.claim_id.invoice_id.invoice_line_ids.filtered(
                    lambda aml, p=line.product_id: aml.product_id == p
                )
        amounts = {}
        for aml in claimed.filtered(lambda aml: aml.move_id in invoices):
            amounts[aml.move_id.id] = amounts.get(aml.move_id.id, 0.0) + aml.price_total
        return amounts

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _post(self, soft=True):
        claim_notes = self.filtered(
            lambda m: m.cc_claim_id and m.move_type == "out_refund"
        )
        claim_notes._cc_check_signed_proof()
        claim_notes._cc_check_claim_amount()
        return super()._post(soft=soft)

    def action_view_cc_claim(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.claim",
            "res_id": self.cc_claim_id.id,
            "view_mode": "form",
            "name": self.cc_claim_id.display_name,
        }

    def action_view_cc_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_complaint.cc_claim_action"
        )
        action["domain"] = [("invoice_id", "=", self.id)]
        action["context"] = {
            "default_invoice_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_check_signed_proof(self):
        """Booking waits for the certificate signed by the customer where the
        company requires it (篇4 第十三条)."""
        for move in self.filtered("company_id.cc_claim_booking_requires_signed_proof"):
            # the accountant posting may not read the claim: only its date is read
            claim = move.cc_claim_id.sudo()
            if not claim.signed_proof_date:
                raise UserError(
                    _(
                        "Credit note %(move)s cannot be booked yet: claim %(claim)s "
                        "has no Signed Proof Returned On date. Record the "
                        "certificate signed by the customer on the claim first "
                        "(required by the company's settings).",
                        move=move.name
                        if move.name and move.name != "/"
                        else move.display_name,
                        claim=claim.name,
                    )
                )

    def _cc_check_claim_amount(self):
        """A claim credit note must credit exactly what the claim approved.

        Amounts compare untaxed (see ``cc.claim._cc_expected_credit_amount``):
        the VAT follows from the taxes of the credited lines.
        """
        for move in self:
            # posting is the accountant's; the claim's approved amounts are read
            # to compare them, nothing of the claim is written or returned
            claim = move.cc_claim_id.sudo()
            expected = claim._cc_expected_credit_amount(
                move.cc_claim_credit_kind or "allowance",
                move.reversed_entry_id or claim.invoice_id,
            )
            if move.currency_id.compare_amounts(move.amount_untaxed, expected) != 0:
                raise UserError(
                    _(
                        "Credit note %(move)s credits %(amount)s untaxed but claim "
                        "%(claim)s approved %(expected)s: correct the credit note "
                        "lines before posting.",
                        move=move.name
                        if move.name and move.name != "/"
                        else move.display_name,
                        amount=move.currency_id.format(move.amount_untaxed),
                        claim=claim.name,
                        expected=move.currency_id.format(expected),
                    )
                )
