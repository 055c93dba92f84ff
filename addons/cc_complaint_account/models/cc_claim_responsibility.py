from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command


class CcClaimResponsibility(models.Model):
    _inherit = "cc.claim.responsibility"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    vendor_refund_id = fields.Many2one(
        "account.move",
        string="Supplier Credit Note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="Draft vendor credit note charging the amount back to the supplier.",
    )
    can_create_vendor_refund = fields.Boolean(
        compute="_compute_can_create_vendor_refund", compute_sudo=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("supplier_id", "chargeback_amount", "vendor_refund_id.state")
    def _compute_can_create_vendor_refund(self):
        for line in self:
            line.can_create_vendor_refund = bool(
                line.supplier_id
                and line.chargeback_amount > 0
                and (
                    not line.vendor_refund_id or line.vendor_refund_id.state == "cancel"
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_create_vendor_refund(self):
        """Charge-back (篇4 第九条(十二)): a draft vendor credit note of the
        amount charged back, for the supplier; once per responsibility line."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(
            "account.group_account_invoice"
        ):
            raise AccessError(
                _("Only accounting (Invoicing) can make the supplier credit note.")
            )
        if not self.supplier_id or self.chargeback_amount <= 0:
            raise UserError(
                _(
                    "Claim %(claim)s: set the Raw-material Supplier and a positive "
                    "amount Charged Back to Supplier before making the supplier "
                    "credit note.",
                    claim=self.claim_id.name,
                )
            )
        # a second click, or a concurrent one, waits for the first and then
        # finds its credit note (see cc.claim._cc_lock_for_documents)
        self.claim_id._cc_lock_for_documents()
        self.invalidate_recordset(["vendor_refund_id"])
        refund = self.vendor_refund_id
        if not refund or refund.state == "cancel":
            refund = self._cc_create_vendor_refund()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": refund.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_move_type": "in_refund"},
        }

    def action_view_vendor_refund(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.vendor_refund_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_vendor_refund_account(self, journal):
        company = self.claim_id.company_id
        account = journal.default_account_id
        if not account:
            account = (
                self.env["product.category"]
                .with_company(company)
                .search([], limit=1)
                .property_account_expense_categ_id
            )
        if not account:
            raise UserError(
                _(
                    "Claim %(claim)s: the purchase journal %(journal)s has no default "
                    "account to book the charge-back on.",
                    claim=self.claim_id.name,
                    journal=journal.display_name,
                )
            )
        return account

    def _cc_create_vendor_refund(self):
        self.ensure_one()
        claim = self.claim_id
        company = claim.company_id
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
                ("type", "=", "purchase"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                _(
                    "Company %(company)s has no purchase journal for the supplier "
                    "credit note of claim %(claim)s.",
                    company=company.name,
                    claim=claim.name,
                )
            )
        today = fields.Date.context_today(self)
        refund = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "in_refund",
                    "partner_id": self.supplier_id.id,
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "currency_id": claim.currency_id.id,
                    "invoice_date": today,
                    "date": today,
                    "ref": _(
                        "Claim %(claim)s: charge-back to the raw-material supplier",
                        claim=claim.name,
                    ),
                    "cc_claim_responsibility_id": self.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": _(
                                    "Charge-back of claim %(claim)s (%(ratio)s%% of "
                                    "the loss)",
                                    claim=claim.name,
                                    ratio=round(self.ratio, 2),
                                ),
                                "account_id": self._cc_vendor_refund_account(
                                    journal
                                ).id,
                                "quantity": 1.0,
                                "price_unit": self.chargeback_amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        # the link is technical bookkeeping of the accountant's document, who
        # may only read the responsibility
        self.sudo().vendor_refund_id = refund
        refund.message_post(
            body=_("Charge-back of claim %(claim)s.", claim=claim._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        # sudo: the accountant may only read the claim; the note is posted for them
        claim.sudo().message_post(
            body=_(
                "Draft supplier credit note %(refund)s for %(supplier)s: %(amount)s.",
                refund=refund._get_html_link(),
                supplier=self.supplier_id.display_name,
                amount=claim.currency_id.format(self.chargeback_amount),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return refund
