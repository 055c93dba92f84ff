from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, float_compare, float_is_zero

from .cc_claim_line_accounting import (
    ALLOWANCE_DISPOSITIONS,
    REPLACEMENT_DISPOSITIONS,
    RETURN_DISPOSITIONS,
)


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
        compute="_compute_document_counts", compute_sudo=True
    )
    claim_picking_ids = fields.One2many(
        "stock.picking",
        "cc_claim_id",
        string="Claim Transfers",
        readonly=True,
        groups="stock.group_stock_user,sales_team.group_sale_salesman,"
        "account.group_account_invoice",
    )
    return_picking_count = fields.Integer(
        compute="_compute_document_counts", compute_sudo=True
    )
    replacement_picking_count = fields.Integer(
        compute="_compute_document_counts", compute_sudo=True
    )
    inspection_ids = fields.One2many(
        "cc.claim.inspection",
        "claim_id",
        string="Inspections",
        readonly=True,
        groups="cc_complaint.group_cc_complaint_user,cc_complaint.group_cc_complaint_qa,"
        "stock.group_stock_user",
    )
    inspection_count = fields.Integer(
        compute="_compute_document_counts", compute_sudo=True
    )
    over_acceptance_ratio = fields.Float(
        string="Over-acceptance Ratio (%)",
        compute="_compute_over_acceptance_ratio",
        compute_sudo=True,
        digits=(16, 2),
        help="The customer's ratio, else the company's.",
    )
    return_check = fields.Selection(
        [
            ("none", "No Return"),
            ("pending", "Awaiting Receipt"),
            ("within", "Within Tolerance"),
            ("waiting", "Awaiting Manager Approval"),
            ("approved", "Approved by Manager"),
        ],
        string="Returned Quantity Check",
        compute="_compute_return_check",
        compute_sudo=True,
    )
    return_approved_by_id = fields.Many2one(
        "res.users",
        string="Returned Qty Approved by",
        readonly=True,
        copy=False,
        tracking=True,
    )
    return_approved_date = fields.Datetime(
        string="Returned Qty Approved on", readonly=True, copy=False
    )
    last_document_date = fields.Datetime(
        string="Last Claim Document",
        readonly=True,
        copy=False,
        help="When the last credit note, return or replacement was made for the claim.",
    )
    can_create_allowance_note = fields.Boolean(
        compute="_compute_can_documents", compute_sudo=True
    )
    can_create_return = fields.Boolean(
        compute="_compute_can_documents", compute_sudo=True
    )
    can_create_return_note = fields.Boolean(
        compute="_compute_can_documents", compute_sudo=True
    )
    can_create_replacement = fields.Boolean(
        compute="_compute_can_documents", compute_sudo=True
    )
    can_approve_return_qty = fields.Boolean(
        compute="_compute_can_documents", compute_sudo=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "credit_note_ids", "claim_picking_ids.cc_claim_picking_kind", "inspection_ids"
    )
    def _compute_document_counts(self):
        for claim in self:
            claim.credit_note_count = len(claim.credit_note_ids)
            kinds = claim.claim_picking_ids.mapped("cc_claim_picking_kind")
            claim.return_picking_count = kinds.count("return")
            claim.replacement_picking_count = kinds.count("replacement")
            claim.inspection_count = len(claim.inspection_ids)

    @api.depends(
        "partner_id.commercial_partner_id.cc_over_acceptance_ratio",
        "company_id.cc_over_acceptance_ratio",
    )
    def _compute_over_acceptance_ratio(self):
        for claim in self:
            claim.over_acceptance_ratio = (
                claim.partner_id._cc_over_acceptance_ratio(claim.company_id)
                if claim.partner_id
                else claim.company_id.cc_over_acceptance_ratio
            )

    @api.depends(
        "line_ids.disposition",
        "line_ids.approved_qty",
        "line_ids.returned_qty",
        "claim_picking_ids.state",
        "return_approved_date",
    )
    def _compute_return_check(self):
        for claim in self:
            lines = claim._cc_lines("return")
            returns = claim._cc_pickings("return")
            if not lines or not returns:
                claim.return_check = "none"
            elif any(p.state not in ("done", "cancel") for p in returns):
                claim.return_check = "pending"
            elif all(line._cc_within_tolerance() for line in lines):
                claim.return_check = "within"
            elif claim.return_approved_date:
                claim.return_check = "approved"
            else:
                claim.return_check = "waiting"

    @api.depends(
        "state",
        "line_ids.disposition",
        "credit_note_ids.state",
        "claim_picking_ids.state",
        "return_check",
    )
    @api.depends_context("uid")
    def _compute_can_documents(self):
        is_manager = self.env.user.has_group("cc_complaint.group_cc_complaint_manager")
        for claim in self:
            executing = claim.state == "execution"
            notes = claim.credit_note_ids.filtered(lambda m: m.state != "cancel")
            pickings = claim.claim_picking_ids.filtered(lambda p: p.state != "cancel")
            claim.can_create_allowance_note = (
                executing
                and bool(claim._cc_lines("allowance"))
                and not notes.filtered(lambda m: m.cc_claim_credit_kind == "allowance")
            )
            claim.can_create_return = (
                executing
                and bool(claim._cc_lines("stock_return"))
                and not pickings.filtered(lambda p: p.cc_claim_picking_kind == "return")
            )
            claim.can_create_return_note = (
                executing
                and claim.return_check in ("within", "approved")
                and not notes.filtered(lambda m: m.cc_claim_credit_kind == "return")
            )
            claim.can_create_replacement = (
                executing
                and bool(claim._cc_lines("replacement"))
                and not pickings.filtered(
                    lambda p: p.cc_claim_picking_kind == "replacement"
                )
            )
            claim.can_approve_return_qty = (
                is_manager and claim.return_check == "waiting"
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

    def action_create_return(self):
        """Return / exchange / rework lines → return of the original delivery,
        made by Odoo's return wizard, into the warehouse's quarantine location."""
        self.ensure_one()
        self._cc_check_executing(_("Creating the return"))
        lines = self._cc_lines("stock_return")
        if not lines:
            raise UserError(
                _(
                    "Claim %(name)s has no return, exchange or rework line with an "
                    "approved quantity.",
                    name=self.name,
                )
            )
        allocation = self._cc_prepare_return_allocation(lines)
        self._cc_lock_for_documents()
        existing = self._cc_pickings("return")
        if not existing:
            # sales issue the return order (成品退货单); the warehouse receives it
            self.check_access("write")
            existing = self.sudo()._cc_create_returns(allocation).sudo(False)
        return self._cc_action_view(existing, "stock.action_picking_tree_all")

    def action_approve_return_qty(self):
        """Complaints manager: book the credit note on the actually returned
        quantity although it lies outside the over-acceptance ratio."""
        self._cc_check_groups(
            "cc_complaint.group_cc_complaint_manager",
            _("Approving a returned quantity outside the over-acceptance ratio"),
        )
        for claim in self:
            if claim.return_check != "waiting":
                raise UserError(
                    _(
                        "Claim %(name)s has no returned quantity awaiting approval.",
                        name=claim.name,
                    )
                )
        now = fields.Datetime.now()
        self.write({"return_approved_by_id": self.env.uid, "return_approved_date": now})
        for claim in self:
            details = Markup("").join(
                Markup("<li>%s</li>")
                % _(
                    "%(product)s: approved %(approved)s, returned %(returned)s "
                    "(tolerance %(low)s – %(high)s)",
                    product=line.product_id.display_name,
                    approved=line.approved_qty,
                    returned=line.returned_qty,
                    low=line._cc_tolerance_bounds()[0],
                    high=line._cc_tolerance_bounds()[1],
                )
                for line in claim._cc_lines("return")
            )
            claim.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    _(
                        "Returned quantity outside the over-acceptance ratio "
                        "(%(ratio)s %%) approved: the credit note is booked on the "
                        "actual quantity.",
                        ratio=claim.over_acceptance_ratio,
                    ),
                    details,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_create_return_credit_note(self):
        """Credit the quantity actually returned (receipt done, within the
        over-acceptance ratio or approved by a manager)."""
        self.ensure_one()
        self._cc_check_executing(_("Creating the returned-goods credit note"))
        lines = self._cc_lines("return")
        if not lines:
            raise UserError(
                _(
                    "Claim %(name)s has no return line with an approved quantity.",
                    name=self.name,
                )
            )
        returns = self._cc_pickings("return")
        if not returns:
            raise UserError(
                _(
                    "Claim %(name)s: create and receive the return before crediting "
                    "it.",
                    name=self.name,
                )
            )
        waiting = returns.filtered(lambda p: p.state not in ("done", "cancel"))
        if waiting:
            raise UserError(
                _(
                    "Claim %(name)s: the return %(pickings)s is not received yet; the "
                    "credit note follows the actually returned quantity.",
                    name=self.name,
                    pickings=", ".join(waiting.mapped("name")),
                )
            )
        if self.return_check == "waiting":
            raise UserError(
                _(
                    "Claim %(name)s: the returned quantity lies outside the "
                    "over-acceptance ratio (%(ratio)s %%); a complaints manager must "
                    "approve it first (%(lines)s).",
                    name=self.name,
                    ratio=self.over_acceptance_ratio,
                    lines=", ".join(
                        _(
                            "%(product)s approved %(approved)s, returned %(returned)s",
                            product=line.product_id.display_name,
                            approved=line.approved_qty,
                            returned=line.returned_qty,
                        )
                        for line in lines.filtered(
                            lambda cl: not cl._cc_within_tolerance()
                        )
                    ),
                )
            )
        lines = lines.filtered(
            lambda cl: not float_is_zero(
                cl.returned_qty,
                precision_rounding=cl.product_id.uom_id.rounding or 0.01,
            )
        )
        if not lines:
            raise UserError(
                _(
                    "Claim %(name)s: nothing was actually returned; nothing to credit.",
                    name=self.name,
                )
            )
        self._cc_check_credit_lines(lines, "return")
        self._cc_lock_for_documents()
        existing = self._cc_credit_notes("return")
        if not existing:
            existing = self._cc_create_credit_notes(lines, "return")
        return self._cc_action_view(existing, "account.action_move_out_refund_type")

    def action_create_replacement(self):
        """Exchange / rework lines → a free delivery of the goods to the customer
        (no sale line, nothing invoiced)."""
        self.ensure_one()
        self._cc_check_executing(_("Creating the replacement delivery"))
        lines = self._cc_lines("replacement")
        if not lines:
            raise UserError(
                _(
                    "Claim %(name)s has no exchange or rework line with an approved "
                    "quantity.",
                    name=self.name,
                )
            )
        warehouse = self._cc_warehouse()
        if not warehouse.out_type_id:
            raise UserError(
                _(
                    "Warehouse %(warehouse)s has no delivery operation type.",
                    warehouse=warehouse.name,
                )
            )
        self._cc_lock_for_documents()
        existing = self._cc_pickings("replacement")
        if not existing:
            self.check_access("write")
            existing = self.sudo()._cc_create_replacement(lines, warehouse).sudo(False)
        return self._cc_action_view(existing, "stock.action_picking_tree_all")

    def action_view_credit_notes(self):
        self.ensure_one()
        return self._cc_action_view(
            self.credit_note_ids, "account.action_move_out_refund_type"
        )

    def action_view_return_pickings(self):
        self.ensure_one()
        return self._cc_action_view(
            self.claim_picking_ids.filtered(
                lambda p: p.cc_claim_picking_kind == "return"
            ),
            "stock.action_picking_tree_all",
        )

    def action_view_replacement_pickings(self):
        self.ensure_one()
        return self._cc_action_view(
            self.claim_picking_ids.filtered(
                lambda p: p.cc_claim_picking_kind == "replacement"
            ),
            "stock.action_picking_tree_all",
        )

    def action_view_inspections(self):
        self.ensure_one()
        action = self._cc_action_view(
            self.inspection_ids, "cc_complaint.cc_claim_inspection_action"
        )
        action["context"] = {"default_claim_id": self.id}
        return action

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
            "cc_complaint.action_report_cc_sales_allowance"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Business methods: hooks of the claim workflow
    # ------------------------------------------------------------------
    def _check_can_close(self):
        res = super()._check_can_close()
        for claim in self.sudo():
            problems = []
            drafts = claim.credit_note_ids.filtered(lambda m: m.state == "draft")
            if drafts:
                problems.append(
                    _(
                        "credit notes still draft: %(docs)s",
                        docs=claim._cc_names(drafts),
                    )
                )
            for kind, label in (
                ("return", _("returns not received: %(docs)s")),
                ("replacement", _("replacements not delivered: %(docs)s")),
            ):
                open_pickings = claim._cc_pickings(kind).filtered(
                    lambda p: p.state != "done"
                )
                if open_pickings:
                    problems.append(label % {"docs": claim._cc_names(open_pickings)})
            if claim.return_check == "waiting":
                problems.append(
                    _(
                        "the returned quantity of %(docs)s lies outside the "
                        "over-acceptance ratio and awaits a manager's approval",
                        docs=claim._cc_names(claim._cc_pickings("return")),
                    )
                )
            elif (
                claim.return_check in ("within", "approved")
                and not claim._cc_credit_notes("return")
                and any(claim._cc_lines("return").mapped("returned_qty"))
            ):
                problems.append(
                    _(
                        "the goods received by %(docs)s are not credited yet",
                        docs=claim._cc_names(claim._cc_pickings("return")),
                    )
                )
            if problems:
                raise UserError(
                    _(
                        "Claim %(name)s cannot be closed: %(problems)s.",
                        name=claim.name,
                        problems="; ".join(problems),
                    )
                )
        return res

    def _cancel_documents(self):
        # The claim's own documents follow it whoever cancels the claim (sales
        # may not cancel invoices or transfers themselves): read and cancel them
        # as superuser, once the claim is known cancellable.
        claims = self.sudo()
        for claim in claims:
            posted = claim.credit_note_ids.filtered(lambda m: m.state == "posted")
            done = claim.claim_picking_ids.filtered(lambda p: p.state == "done")
            if posted or done:
                raise UserError(
                    _(
                        "Claim %(name)s cannot be cancelled: %(docs)s already booked. "
                        "Reverse or return them first.",
                        name=claim.name,
                        docs=", ".join(
                            filter(
                                None, [claim._cc_names(posted), claim._cc_names(done)]
                            )
                        ),
                    )
                )
        claims.credit_note_ids.filtered(lambda m: m.state == "draft").button_cancel()
        claims.claim_picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        claims.inspection_ids.filtered(lambda i: i.state == "draft").unlink()
        return super()._cancel_documents()

    # ------------------------------------------------------------------
    # Business methods: documents
    # ------------------------------------------------------------------
    def _cc_lines(self, kind):
        """Claim lines handled by a kind of document."""
        self.ensure_one()
        if kind == "allowance":
            return self.line_ids.filtered(
                lambda cl: cl.disposition in ALLOWANCE_DISPOSITIONS
                and not cl.currency_id.is_zero(cl.amount)
            )
        dispositions = {
            "return": ("return",),
            "stock_return": RETURN_DISPOSITIONS,
            "replacement": REPLACEMENT_DISPOSITIONS,
        }[kind]
        return self.line_ids.filtered(
            lambda cl: cl.disposition in dispositions
            and not float_is_zero(
                cl.approved_qty,
                precision_rounding=cl.product_id.uom_id.rounding or 0.01,
            )
        )

    def _cc_credit_notes(self, kind):
        self.ensure_one()
        return self.credit_note_ids.filtered(
            lambda m: m.state != "cancel" and m.cc_claim_credit_kind == kind
        )

    def _cc_pickings(self, kind):
        self.ensure_one()
        return self.claim_picking_ids.filtered(
            lambda p: p.state != "cancel" and p.cc_claim_picking_kind == kind
        )

    @api.model
    def _cc_names(self, records):
        return ", ".join(records.mapped("display_name"))

    def _cc_check_executing(self, action):
        self._cc_check_state(("execution",), action)
        for claim in self:
            if claim.customer_response == "reject":
                raise UserError(
                    _(
                        "Claim %(name)s: the customer rejected the decision.",
                        name=claim.name,
                    )
                )

    def _cc_lock_for_documents(self):
        """Serialize document creation per claim.

        The row lock makes a concurrent request wait; the write that follows
        gives the row a new version, so the waiting transaction (REPEATABLE
        READ) fails with a serialization error and Odoo retries it, and the
        retry then finds the documents made here instead of making them twice.
        """
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cc_claim WHERE id IN %s FOR NO KEY UPDATE",
                tuple(self.ids),
            )
        )
        # technical stamp: written as superuser, accountants only read claims
        self.sudo().write({"last_document_date": fields.Datetime.now()})
        self.sudo().flush_recordset(["last_document_date"])
        self.invalidate_recordset(["credit_note_ids", "claim_picking_ids"])

    def _cc_action_view(self, records, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        if len(records) == 1:
            form_view = [
                (view_id, mode)
                for view_id, mode in action.get("views", [])
                if mode == "form"
            ]
            action.update(
                view_mode="form",
                res_id=records.id,
                views=form_view or [(False, "form")],
            )
        return action

    # -- credit notes --------------------------------------------------
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
            if kind == "return":
                uom = line.product_id.uom_id
                invoiced = invoice_line.product_uom_id._compute_quantity(
                    invoice_line.quantity, uom
                )
                if (
                    float_compare(
                        line.returned_qty, invoiced, precision_rounding=uom.rounding
                    )
                    > 0
                ):
                    raise ValidationError(
                        _(
                            "%(product)s: the returned quantity to credit (%(qty)s) "
                            "exceeds the quantity invoiced on %(invoice)s (%(limit)s).",
                            product=line.product_id.display_name,
                            qty=line.returned_qty,
                            invoice=invoice.name,
                            limit=invoiced,
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
        if kind == "return":
            uom = invoice_line.product_uom_id or line.product_id.uom_id
            vals.update(
                product_id=invoice_line.product_id.id,
                name=_(
                    "%(product)s returned under claim %(claim)s",
                    product=invoice_line.name or line.product_id.display_name,
                    claim=self.name,
                ),
                account_id=invoice_line.account_id.id,
                tax_ids=[Command.set(invoice_line.tax_ids.ids)],
                product_uom_id=uom.id,
                quantity=line.product_id.uom_id._compute_quantity(
                    line.returned_qty, uom
                ),
                price_unit=invoice_line.price_unit,
                discount=invoice_line.discount,
                sale_line_ids=[Command.set(invoice_line.sudo().sale_line_ids.ids)],
            )
            return vals
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
        if kind == "return":
            lines = self._cc_lines("return").filtered(
                lambda cl: self._cc_credit_invoice(cl) == invoice
            )
            total = 0.0
            for line in lines:
                vals = self._cc_credit_line_vals(line, "return", invoice)
                invoice_line = line._cc_invoice_line()
                price = vals["price_unit"] * (1.0 - (vals["discount"] or 0.0) / 100.0)
                total += invoice.currency_id.round(
                    invoice_line.tax_ids.compute_all(
                        price,
                        invoice.currency_id,
                        vals["quantity"],
                        product=invoice_line.product_id,
                        partner=invoice.partner_id,
                        is_refund=True,
                    )["total_excluded"]
                )
            return total
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
        self.sudo().message_post(
            body=_(
                "Draft credit note %(notes)s created for the accountant.",
                notes=Markup(", ").join(note._get_html_link() for note in notes),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return notes

    # -- returns and replacements ---------------------------------------
    def _cc_prepare_return_allocation(self, lines):
        """{original picking: [(delivery move, quantity, claim line)]}, raising
        when a line asks back more than was delivered and not yet returned."""
        self.ensure_one()
        allocation = {}
        taken = {}
        for line in lines:
            rounding = line.product_id.uom_id.rounding or 0.01
            moves = line._cc_returnable_moves()
            if not moves:
                raise UserError(
                    _(
                        "Claim %(name)s, %(product)s: no done delivery of this product "
                        "to "
                        "the customer to return from; set the claim's Delivery or Sale "
                        "Order first.",
                        name=self.name,
                        product=line.product_id.display_name,
                    )
                )
            remaining = line.approved_qty
            delivered_total = returned_total = 0.0
            for move in moves:
                delivered, returned = line._cc_move_returnable_qty(move)
                delivered_total += delivered
                returned_total += returned + taken.get(move.id, 0.0)
                available = delivered - returned - taken.get(move.id, 0.0)
                qty = min(available, remaining)
                if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                    continue
                allocation.setdefault(move.picking_id, []).append((move, qty, line))
                taken[move.id] = taken.get(move.id, 0.0) + qty
                remaining -= qty
            if float_compare(remaining, 0.0, precision_rounding=rounding) > 0:
                raise ValidationError(
                    _(
                        "%(product)s: the Approved Quantity to return (%(qty)s) "
                        "exceeds "
                        "what can still be returned from %(pickings)s: delivered "
                        "%(delivered)s − already returned %(returned)s = %(limit)s.",
                        product=line.product_id.display_name,
                        qty=line.approved_qty,
                        pickings=self._cc_names(moves.picking_id),
                        delivered=delivered_total,
                        returned=returned_total,
                        limit=delivered_total - returned_total,
                    )
                )
        return allocation

    def _cc_warehouse(self):
        self.ensure_one()
        warehouse = (
            self.picking_id.picking_type_id.warehouse_id
            or self.sale_order_id.warehouse_id
            or self.env["stock.warehouse"].search(
                [("company_id", "=", self.company_id.id)], limit=1
            )
        )
        if not warehouse:
            raise UserError(
                _("Claim %(name)s: the company has no warehouse.", name=self.name)
            )
        return warehouse

    def _cc_create_returns(self, allocation):
        self.ensure_one()
        returns = self.env["stock.picking"]
        for picking, items in allocation.items():
            warehouse = picking.picking_type_id.warehouse_id or self._cc_warehouse()
            wizard = (
                self.env["stock.return.picking"]
                .with_context(
                    active_id=picking.id,
                    active_ids=picking.ids,
                    active_model="stock.picking",
                    cc_claim_id=self.id,
                    cc_quarantine_location_id=warehouse._cc_get_quarantine_location().id,
                )
                .create(
                    {
                        "picking_id": picking.id,
                        "product_return_moves": [
                            Command.create(
                                {
                                    "product_id": move.product_id.id,
                                    "move_id": move.id,
                                    "quantity": uom._compute_quantity(
                                        qty, move.product_uom
                                    ),
                                    "to_refund": line.disposition == "return",
                                    "cc_claim_line_id": line.id,
                                }
                            )
                            for move, qty, line in items
                            for uom in move.product_id.uom_id
                        ],
                    }
                )
            )
            returns |= wizard._create_return()
        self.sudo().message_post(
            body=_(
                "Return %(pickings)s created into quarantine for the approved "
                "quantities.",
                pickings=Markup(", ").join(p._get_html_link() for p in returns),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return returns

    def _cc_create_replacement(self, lines, warehouse):
        self.ensure_one()
        picking_type = warehouse.out_type_id
        partner = self.sale_order_id.partner_shipping_id or self.partner_id
        source = picking_type.default_location_src_id or warehouse.lot_stock_id
        destination = partner.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )
        picking = (
            self.env["stock.picking"]
            .with_context(default_company_id=self.company_id.id)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": partner.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "origin": self.name,
                    "company_id": self.company_id.id,
                    "cc_claim_id": self.id,
                    "cc_claim_picking_kind": "replacement",
                    "move_ids": [
                        Command.create(
                            {
                                "name": _(
                                    "Replacement of %(product)s (claim %(claim)s)",
                                    product=line.product_id.display_name,
                                    claim=self.name,
                                ),
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.approved_qty,
                                "product_uom": line.product_id.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                                "cc_claim_line_id": line.id,
                                "company_id": self.company_id.id,
                                "partner_id": partner.id,
                            }
                        )
                        for line in lines
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        self.sudo().message_post(
            body=_(
                "Replacement delivery %(picking)s created, free of charge.",
                picking=picking._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return picking
