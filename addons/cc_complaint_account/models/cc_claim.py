from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command


class CcClaim(models.Model):
    _inherit = "cc.claim"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    credit_note_ids = fields.One2many(
        "account.move",
        "cc_claim_id",
        string="Credit Notes",
        domain=[("move_type", "=", "out_refund")],
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly,"
        "sales_team.group_sale_salesman",
    )
    credit_note_count = fields.Integer(
        compute="_compute_credit_note_count", compute_sudo=True
    )
    can_create_allowance_note = fields.Boolean(
        compute="_compute_can_create_allowance_note", compute_sudo=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("credit_note_ids")
    def _compute_credit_note_count(self):
        for claim in self:
            claim.credit_note_count = len(claim.credit_note_ids)

    @api.depends("state", "line_ids.disposition", "credit_note_ids.state")
    def _compute_can_create_allowance_note(self):
        for claim in self:
            notes = claim.credit_note_ids.filtered(lambda m: m.state != "cancel")
            claim.can_create_allowance_note = (
                claim.state == "execution"
                and bool(claim._cc_lines("allowance"))
                and not notes.filtered(lambda m: m.cc_claim_credit_kind == "allowance")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_create_allowance_credit_note(self):
        """Allowance (折让) and compensation (赔款) lines → one draft credit note
        per original invoice, linked to the claim."""
        self.ensure_one()
        self._cc_check_executing(_("Creating the allowance credit note"))
        lines = self._cc_lines("allowance")
        if not lines:
            raise UserError(
                _(
                    "Claim %(name)s has no allowance or compensation line with an "
                    "amount to credit.",
                    name=self.name,
                )
            )
        self._cc_check_credit_lines(lines, "allowance")
        self._cc_lock_for_documents()
        existing = self._cc_credit_notes("allowance")
        if not existing:
            existing = self._cc_create_credit_notes(lines, "allowance")
        return self._cc_action_view(existing, "account.action_move_out_refund_type")

    def action_view_credit_notes(self):
        self.ensure_one()
        return self._cc_action_view(
            self.credit_note_ids, "account.action_move_out_refund_type"
        )

    def action_print_sales_allowance(self):
        self.ensure_one()
        if not self._cc_lines("allowance"):
            raise UserError(
                _(
                    "Claim %(name)s has no allowance or compensation to certify.",
                    name=self.name,
                )
            )
        return self.env.ref(
            "cc_complaint_account.action_report_cc_sales_allowance"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Business methods: hooks of the claim workflow
    # ------------------------------------------------------------------
    def _cc_close_problems(self):
        problems = super()._cc_close_problems()
        # the claim's own credit notes, read as superuser whoever closes it;
        # only their names are kept
        drafts = self.sudo().credit_note_ids.filtered(lambda m: m.state == "draft")
        if drafts:
            problems.append(
                _("credit notes still draft: %(docs)s", docs=self._cc_names(drafts))
            )
        return problems

    def _cancel_documents(self):
        # The claim's own credit notes follow it whoever cancels the claim (sales
        # may not cancel invoices themselves): read and cancel them as superuser,
        # once the claim is known cancellable; nothing is returned.
        claims = self.sudo()
        for claim in claims:
            posted = claim.credit_note_ids.filtered(lambda m: m.state == "posted")
            if posted:
                raise UserError(
                    _(
                        "Claim %(name)s cannot be cancelled: %(docs)s already booked. "
                        "Reverse or return them first.",
                        name=claim.name,
                        docs=claim._cc_names(posted),
                    )
                )
        res = super()._cancel_documents()
        claims.credit_note_ids.filtered(lambda m: m.state == "draft").button_cancel()
        return res

    # ------------------------------------------------------------------
    # Business methods: credit notes
    # ------------------------------------------------------------------
    def _cc_document_fields(self):
        return super()._cc_document_fields() + ["credit_note_ids"]

    def _cc_credit_notes(self, kind):
        self.ensure_one()
        return self.credit_note_ids.filtered(
            lambda m: m.state != "cancel" and m.cc_claim_credit_kind == kind
        )

    def _cc_check_credit_lines(self, lines, kind):
        """Refuse, before anything is written, lines that cannot be credited."""
        self.ensure_one()
        for line in lines:
            invoice_line = line._cc_invoice_line()
            if not invoice_line and not (
                kind == "allowance"
                and line.disposition == "compensation"
                and self.invoice_id
            ):
                raise UserError(
                    _(
                        "Claim %(name)s, %(product)s: a %(disposition)s is credited on "
                        "the "
                        "original customer invoice; set the Invoice of the claim (a "
                        "posted customer invoice of %(product)s) first.",
                        name=self.name,
                        product=line.product_id.display_name,
                        disposition=dict(line._fields["disposition"].selection)[
                            line.disposition
                        ],
                    )
                )
            invoice = invoice_line.move_id or self.invoice_id
            if invoice.state != "posted" or invoice.move_type != "out_invoice":
                raise UserError(
                    _(
                        "Claim %(name)s: invoice %(invoice)s must be a posted customer "
                        "invoice to be credited.",
                        name=self.name,
                        invoice=invoice.display_name,
                    )
                )
            if kind == "allowance" and line.disposition == "allowance":
                limit = line._cc_allowance_limit()
                if line.currency_id.compare_amounts(line.amount, limit) > 0:
                    raise ValidationError(
                        _(
                            "%(product)s: the allowance Disposition Amount "
                            "(%(amount)s) "
                            "cannot exceed the untaxed invoiced amount of invoice "
                            "%(invoice)s still open to allowances (%(limit)s).",
                            product=line.product_id.display_name,
                            amount=line.currency_id.format(line.amount),
                            invoice=invoice.name,
                            limit=line.currency_id.format(limit),
                        )
                    )

    def _cc_credit_invoice(self, line):
        return line._cc_invoice_line().move_id or self.invoice_id

    def _cc_credit_line_vals(self, line, kind, invoice):
        """Values of the credit note line of a claim line.

        - returned goods: the invoice line (product, account, taxes, unit price,
          discount, sale line) for the quantity actually returned, so the sale
          order's invoiced quantity follows the return;
        - allowance: a price reduction on the invoiced product, quantity 1 ×
          the approved amount, not linked to the sale line (the goods stay sold
          and delivered; one line of exactly the approved amount avoids the
          rounding of amount / quantity);
        - compensation: the company's compensation product or account when set,
          else like an allowance.
        """
        invoice_line = line._cc_invoice_line()
        company = self.company_id
        currency = invoice.currency_id
        vals = {
            "cc_claim_line_id": line.id,
            "analytic_distribution": invoice_line.analytic_distribution,
        }
        amount = self.currency_id._convert(
            line.amount, currency, company, invoice.invoice_date or invoice.date
        )
        product = invoice_line.product_id
        taxes = invoice_line.tax_ids
        account = invoice_line.account_id
        label = _(
            "Sales allowance on %(qty)s %(uom)s %(product)s of %(invoice)s (claim "
            "%(claim)s)",
            qty=line.approved_qty or line.defect_qty,
            uom=line.product_id.uom_id.name,
            product=line.product_id.display_name,
            invoice=invoice.name,
            claim=self.name,
        )
        if line.disposition == "compensation":
            label = _(
                "Compensation for %(product)s (claim %(claim)s)",
                product=line.product_id.display_name,
                claim=self.name,
            )
            if company.cc_compensation_product_id:
                product = company.cc_compensation_product_id
                taxes = invoice.fiscal_position_id.map_tax(
                    product.taxes_id._filter_taxes_by_company(company)
                )
                account = product._get_product_accounts()["income"] or account
            elif company.cc_compensation_account_id:
                product = self.env["product.product"]
                taxes = self.env["account.tax"]
                account = company.cc_compensation_account_id
        price_unit = amount
        if taxes.filtered("price_include"):
            price_unit = taxes.compute_all(
                amount,
                currency,
                1.0,
                product=product,
                partner=invoice.partner_id,
                is_refund=True,
                handle_price_include=False,
            )["total_included"]
        vals.update(
            product_id=product.id,
            name=label,
            account_id=account.id,
            tax_ids=[Command.set(taxes.ids)],
            quantity=1.0,
            price_unit=price_unit,
            discount=0.0,
        )
        if product:
            vals["product_uom_id"] = product.uom_id.id
        return vals

    def _cc_expected_credit_amount(self, kind, invoice):
        """Untaxed amount, in the invoice's currency, the claim credits on
        ``invoice`` for a kind of credit note.

        Claim amounts are untaxed (approved quantity × the net invoice price,
        or the allowance granted); the credit note adds the VAT of the credited
        lines on top, as the original invoice did. Comparing untaxed amounts
        keeps both sides on the same basis.
        """
        self.ensure_one()
        lines = self._cc_lines("allowance").filtered(
            lambda cl: self._cc_credit_invoice(cl) == invoice
        )
        return sum(
            self.currency_id._convert(
                line.amount,
                invoice.currency_id,
                self.company_id,
                invoice.invoice_date or invoice.date,
            )
            for line in lines
        )

    def _cc_create_credit_notes(self, lines, kind):
        """Draft credit notes through ``account.move._reverse_moves`` (Odoo's
        reversal, as its wizard does), restricted to the claim's lines."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        by_invoice = {}
        for line in lines:
            by_invoice.setdefault(self._cc_credit_invoice(line), []).append(line)
        notes = self.env["account.move"]
        for invoice, invoice_lines in by_invoice.items():
            default = {
                "ref": _(
                    "Claim %(claim)s: %(kind)s, reversal of %(invoice)s",
                    claim=self.name,
                    kind=_("returned goods")
                    if kind == "return"
                    else _("sales allowance"),
                    invoice=invoice.name,
                ),
                "date": today,
                "invoice_date": today,
                "invoice_date_due": today,
                "journal_id": invoice.journal_id.id,
                "invoice_user_id": invoice.invoice_user_id.id,
                "invoice_payment_term_id": False,
                "auto_post": "no",
                "cc_claim_id": self.id,
                "cc_claim_credit_kind": kind,
                "line_ids": [
                    Command.create(self._cc_credit_line_vals(line, kind, invoice))
                    for line in invoice_lines
                ],
            }
            note = invoice._reverse_moves([default], cancel=False)
            expected = self._cc_expected_credit_amount(kind, invoice)
            if note.currency_id.compare_amounts(note.amount_untaxed, expected) != 0:
                raise UserError(
                    _(
                        "Claim %(claim)s: the credit note would credit %(amount)s "
                        "untaxed "
                        "instead of the approved %(expected)s.",
                        claim=self.name,
                        amount=note.currency_id.format(note.amount_untaxed),
                        expected=note.currency_id.format(expected),
                    )
                )
            notes |= note
        for note in notes:
            note.message_post(
                body=_(
                    "Credit note made for claim %(claim)s.", claim=self._get_html_link()
                ),
                subtype_xmlid="mail.mt_note",
            )
        # the accountant making the note may only read the claim: the note is
        # logged on the claim's chatter as superuser
        self.sudo().message_post(
            body=_(
                "Draft credit note %(notes)s created for the accountant.",
                notes=Markup(", ").join(note._get_html_link() for note in notes),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return notes

    # customer-signed allowance proof

    signed_proof_date = fields.Date(
        string="Signed Proof Returned On",
        tracking=True,
        copy=False,
        help="Date the certificate sealed or signed by the customer came back.",
    )
    signed_proof_by = fields.Char(
        string="Signed By", copy=False, help="The customer's signatory."
    )
    signed_proof_file = fields.Binary(
        string="Signed Proof", attachment=True, copy=False
    )
    signed_proof_filename = fields.Char(copy=False)
    signed_proof_required = fields.Boolean(
        related="company_id.cc_claim_booking_requires_signed_proof"
    )

    @api.constrains("signed_proof_date")
    def _check_signed_proof_date(self):
        today = fields.Date.context_today(self)
        for claim in self:
            if claim.signed_proof_date and claim.signed_proof_date > today:
                raise ValidationError(
                    _(
                        "Claim %(name)s: the Signed Proof Returned On date "
                        "(%(date)s) cannot be in the future.",
                        name=claim.name,
                        date=claim.signed_proof_date,
                    )
                )
