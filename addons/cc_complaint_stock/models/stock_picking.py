from odoo import _, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    cc_claim_id = fields.Many2one(
        "cc.claim",
        string="Customer Claim",
        index="btree_not_null",
        check_company=True,
        readonly=True,
        help="Claim this return or replacement was made for.",
    )
    cc_claim_picking_kind = fields.Selection(
        [("return", "Claim Return"), ("replacement", "Claim Replacement")],
        string="Claim Document",
        readonly=True,
    )
    cc_inspection_ids = fields.One2many(
        "cc.claim.inspection",
        "picking_id",
        string="Claim Inspections",
        # whoever may read inspections; a salesperson still reads the picking
        groups="cc_customer_comm.group_cc_user,stock.group_stock_user,"
        "account.group_account_invoice",
    )
    cc_inspection_count = fields.Integer(compute="_compute_cc_inspection_count")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_cc_inspection_count(self):
        groups = self.env["cc.claim.inspection"]._read_group(
            [("picking_id", "in", self.ids)], ["picking_id"], ["__count"]
        )
        counts = {picking.id: count for picking, count in groups}
        for picking in self:
            picking.cc_inspection_count = counts.get(picking.id, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _action_done(self):
        res = super()._action_done()
        returns = self.filtered(
            lambda p: p.cc_claim_id
            and p.cc_claim_picking_kind == "return"
            and p.state == "done"
        )
        if returns:
            # whoever validates the return (warehouse staff may only read the
            # inspections), the inspections are made for QA; none is returned
            returns.sudo()._cc_create_inspections()
        for picking in self.filtered(lambda p: p.cc_claim_id and p.state == "done"):
            # the warehouse keeper may not read the claim: the receipt is only
            # logged on its chatter
            picking.cc_claim_id.sudo().message_post(
                body=_(
                    "%(kind)s %(picking)s done: %(moves)s.",
                    kind=dict(self._fields["cc_claim_picking_kind"].selection).get(
                        picking.cc_claim_picking_kind, _("Transfer")
                    ),
                    picking=picking._get_html_link(),
                    moves=", ".join(
                        f"{move.product_id.display_name} × {move.quantity:g}"
                        for move in picking.move_ids
                        if move.state == "done"
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return res

    def action_view_cc_claim(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.claim",
            "res_id": self.cc_claim_id.id,
            "view_mode": "form",
            "name": self.cc_claim_id.display_name,
        }

    def action_view_cc_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_complaint_stock.cc_claim_inspection_action"
        )
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = {
            "default_picking_id": self.id,
            "default_claim_id": self.cc_claim_id.id,
        }
        if self.cc_inspection_count == 1:
            action.update(
                view_mode="form", res_id=self.cc_inspection_ids.id, views=False
            )
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_create_inspections(self):
        """One draft inspection per received product, for the QA inspector."""
        vals_list = []
        for picking in self:
            done_moves = picking.move_ids.filtered(
                lambda m: m.state == "done" and m.quantity
            )
            for product, moves in done_moves.grouped("product_id").items():
                if picking.cc_inspection_ids.filtered(
                    lambda i, p=product: i.product_id == p
                ):
                    continue
                vals_list.append(
                    {
                        "claim_id": picking.cc_claim_id.id,
                        "picking_id": picking.id,
                        "product_id": product.id,
                        "claim_line_id": moves.cc_claim_line_id[:1].id,
                        "received_qty": sum(
                            m.product_uom._compute_quantity(m.quantity, product.uom_id)
                            for m in moves
                        ),
                        "company_id": picking.company_id.id,
                    }
                )
        return self.env["cc.claim.inspection"].create(vals_list)
