from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import float_compare, float_is_zero


class CcClaim(models.Model):
    _inherit = "cc.claim"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('state', '=', 'done'), "
        "('partner_id.commercial_partner_id', '=', commercial_partner_id)]",
        index="btree_not_null",
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
    can_create_return = fields.Boolean(
        compute="_compute_can_documents", compute_sudo=True
    )
    can_create_return_note = fields.Boolean(
        compute="_compute_can_create_return_note", compute_sudo=True
    )
    cannot_create_return_note_reason = fields.Char(
        compute="_compute_can_create_return_note", compute_sudo=True
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
    @api.depends("claim_picking_ids.cc_claim_picking_kind", "inspection_ids")
    def _compute_document_counts(self):
        for claim in self:
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
        "line_ids.approved_qty",
        "credit_note_ids.state",
        "claim_picking_ids.state",
        "return_check",
    )
    def _compute_can_create_return_note(self):
        for claim in self:
            reason = ""
            if claim.state != "execution":
                reason = _(
                    "Claim %(name)s: returned goods are credited while the claim "
                    "is executed.",
                    name=claim.name,
                )
            elif claim._cc_credit_notes("return"):
                reason = _(
                    "Claim %(name)s: the returned goods are credited already.",
                    name=claim.name,
                )
            else:
                reason = claim._cc_return_note_blocker()
            claim.can_create_return_note = not reason
            claim.cannot_create_return_note_reason = reason

    @api.depends(
        "state",
        "line_ids.disposition",
        "claim_picking_ids.state",
        "return_check",
    )
    @api.depends_context("uid")
    def _compute_can_documents(self):
        is_manager = self.env.user.has_group("cc_complaint.group_cc_complaint_manager")
        for claim in self:
            executing = claim.state == "execution"
            pickings = claim.claim_picking_ids.filtered(lambda p: p.state != "cancel")
            claim.can_create_return = (
                executing
                and bool(claim._cc_lines("stock_return"))
                and not pickings.filtered(lambda p: p.cc_claim_picking_kind == "return")
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
    # Onchanges
    # ------------------------------------------------------------------
    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        res = super()._onchange_sale_order_id()
        pickings = self.sale_order_id.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        if pickings and self.picking_id not in pickings:
            self.picking_id = pickings[:1]
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
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
            # sales may not create transfers: once the claim is known writable,
            # the return is made as superuser and handed back without it
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
                % self.env._(
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
        over-acceptance ratio or approved by a manager): allowed when the
        button's ``can_create_return_note`` is, else refused with its reason."""
        self.ensure_one()
        self._cc_check_executing(_("Creating the returned-goods credit note"))
        existing = self._cc_credit_notes("return")
        if not existing and not self.can_create_return_note:
            raise UserError(self.cannot_create_return_note_reason)
        lines = self._cc_returned_lines()
        if not existing:
            self._cc_check_credit_lines(lines, "return")
        self._cc_lock_for_documents()
        existing = self._cc_credit_notes("return")
        if not existing:
            existing = self._cc_create_credit_notes(lines, "return")
        return self._cc_action_view(existing, "account.action_move_out_refund_type")

    def _cc_return_note_blocker(self):
        """Why the goods returned under the claim cannot be credited, or an
        empty string; read by the "Credit Returned Goods" button's compute and
        by its action."""
        self.ensure_one()
        lines = self._cc_lines("return")
        if not lines:
            return _(
                "Claim %(name)s has no return line with an approved quantity.",
                name=self.name,
            )
        returns = self._cc_pickings("return")
        if not returns:
            return _(
                "Claim %(name)s: create and receive the return before crediting " "it.",
                name=self.name,
            )
        waiting = returns.filtered(lambda p: p.state not in ("done", "cancel"))
        if waiting:
            return _(
                "Claim %(name)s: the return %(pickings)s is not received yet; the "
                "credit note follows the actually returned quantity.",
                name=self.name,
                pickings=", ".join(waiting.mapped("name")),
            )
        if self.return_check == "waiting":
            return _(
                "Claim %(name)s: the returned quantity lies outside the "
                "over-acceptance ratio (%(ratio)s %%); a complaints manager must "
                "approve it first (%(lines)s).",
                name=self.name,
                ratio=self.over_acceptance_ratio,
                lines=", ".join(
                    self.env._(
                        "%(product)s approved %(approved)s, returned %(returned)s",
                        product=line.product_id.display_name,
                        approved=line.approved_qty,
                        returned=line.returned_qty,
                    )
                    for line in lines.filtered(lambda cl: not cl._cc_within_tolerance())
                ),
            )
        if not self._cc_returned_lines():
            return _(
                "Claim %(name)s: nothing was actually returned; nothing to credit.",
                name=self.name,
            )
        return ""

    def _cc_returned_lines(self):
        """Return lines with a quantity actually received back."""
        self.ensure_one()
        return self._cc_lines("return").filtered(
            lambda cl: not float_is_zero(
                cl.returned_qty,
                precision_rounding=cl.product_id.uom_id.rounding or 0.01,
            )
        )

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
            # sales may not create transfers: once the claim is known writable,
            # the delivery is made as superuser and handed back without it
            existing = self.sudo()._cc_create_replacement(lines, warehouse).sudo(False)
        return self._cc_action_view(existing, "stock.action_picking_tree_all")

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
            self.inspection_ids, "cc_complaint_stock.cc_claim_inspection_action"
        )
        action["context"] = {"default_claim_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Business methods: hooks of the claim workflow
    # ------------------------------------------------------------------
    def _cc_close_problems(self):
        problems = super()._cc_close_problems()
        # the claim's transfers are read as superuser whoever closes the claim
        # (sales may not read every transfer); only their names are kept
        claim = self.sudo()
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
        return problems

    def _cancel_documents(self):
        # The claim's own transfers follow it whoever cancels the claim (sales
        # may not cancel transfers themselves): read and cancel them as
        # superuser, once the claim is known cancellable; nothing is returned.
        claims = self.sudo()
        for claim in claims:
            done = claim.claim_picking_ids.filtered(lambda p: p.state == "done")
            if done:
                raise UserError(
                    _(
                        "Claim %(name)s cannot be cancelled: %(docs)s already booked. "
                        "Reverse or return them first.",
                        name=claim.name,
                        docs=claim._cc_names(done),
                    )
                )
        res = super()._cancel_documents()
        claims.claim_picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        claims.inspection_ids.filtered(lambda i: i.state == "draft").unlink()
        return res

    # ------------------------------------------------------------------
    # Business methods: returns and replacements
    # ------------------------------------------------------------------
    def _cc_document_fields(self):
        return super()._cc_document_fields() + ["claim_picking_ids"]

    def _cc_pickings(self, kind):
        self.ensure_one()
        return self.claim_picking_ids.filtered(
            lambda p: p.state != "cancel" and p.cc_claim_picking_kind == kind
        )

    def _cc_check_credit_lines(self, lines, kind):
        super()._cc_check_credit_lines(lines, kind)
        if kind != "return":
            return
        for line in lines:
            invoice_line = line._cc_invoice_line()
            invoice = invoice_line.move_id or self.invoice_id
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

    def _cc_credit_line_vals(self, line, kind, invoice):
        """Returned goods: the invoice line (product, account, taxes, unit
        price, discount, sale line) for the quantity actually returned, so the
        sale order's invoiced quantity follows the return."""
        if kind != "return":
            return super()._cc_credit_line_vals(line, kind, invoice)
        invoice_line = line._cc_invoice_line()
        vals = {
            "cc_claim_line_id": line.id,
            "analytic_distribution": invoice_line.analytic_distribution,
        }
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
            quantity=line.product_id.uom_id._compute_quantity(line.returned_qty, uom),
            price_unit=invoice_line.price_unit,
            discount=invoice_line.discount,
            # the accountant may not read sale orders: only the sale line ids are
            # copied, so the order's invoiced quantity follows the return
            sale_line_ids=[Command.set(invoice_line.sudo().sale_line_ids.ids)],
        )
        return vals

    def _cc_expected_credit_amount(self, kind, invoice):
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
        return super()._cc_expected_credit_amount(kind, invoice)

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
        # logged on the claim's chatter whoever makes the return
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
                                "name": self.env._(
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
        # logged on the claim's chatter whoever makes the delivery
        self.sudo().message_post(
            body=_(
                "Replacement delivery %(picking)s created, free of charge.",
                picking=picking._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return picking

    # ------------------------------------------------------------------
    # Demo data helpers (called by demo/the demo files only)
    # ------------------------------------------------------------------
    @api.model
    def _cc_demo_deliver(self, order_ids):
        """Ship the demo orders in full: the warehouse picks the ordered
        quantities and validates each delivery."""
        orders = self.env["sale.order"].browse(order_ids)
        pickings = orders.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()
        return True

    def _cc_demo_approve(self):
        """Every approval tier validated by the demo administrator, who holds
        the approver groups in the demo (as the comment wizard does)."""
        admin = self.env.ref("base.user_admin")
        for claim in self:
            for _tier in range(3):
                # need_validation (no dependencies) is cached from before the
                # reviews were requested: read everything afresh
                self.env.invalidate_all()
                if claim.state != "approval":
                    break
                # as the administrator, past the record rules (the demo loads as
                # superuser; the reviews must stay visible to the tier checks)
                as_admin = claim.with_user(admin).sudo()
                sequences = as_admin._get_sequences_to_approve(admin)
                reviews = as_admin.review_ids.filtered(
                    lambda r, seqs=sequences: r.sequence in seqs
                )
                if not reviews:
                    break
                reviews.write({"comment": "Approved"})
                as_admin._validate_tier(reviews)
        return True

    # sales-return certificate

    def action_print_sales_return(self):
        """Sales Return Certificate (销货退回证明单, 篇4 第十三条): the
        returned quantities, to be sealed by the buyer and sent back."""
        self.ensure_one()
        if not self._cc_pickings("return").filtered(lambda p: p.state == "done"):
            raise UserError(
                _(
                    "Claim %(name)s has no return received yet: the Sales Return "
                    "Certificate lists the quantities actually returned.",
                    name=self.name,
                )
            )
        return self.env.ref(
            "cc_complaint_stock.action_report_cc_sales_return"
        ).report_action(self)
