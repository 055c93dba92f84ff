from markupsafe import Markup

from odoo import Command, _, fields, models
from odoo.exceptions import UserError


class FsmOrder(models.Model):
    _inherit = "fsm.order"

    cc_claim_id = fields.Many2one(
        "cc.claim",
        string="Claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The customer claim raised when the commissioning or repair "
        "failed; the unit's return goes through it.",
    )

    def _cc_handle_failure(self):
        """With the complaint module, a failure raises a claim instead of a
        direct return: the claim's own flow (investigation, approval, return
        into quarantine, credit note) decides what happens to the unit."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if self.cc_return_picking_id or not company.cc_as_failure_claim:
            return super()._cc_handle_failure()
        if not self.cc_claim_id:
            claim = self._cc_create_claim()
            self.cc_claim_id = claim
            self.message_post(
                body=Markup(_("Failed: claim %(claim)s raised."))
                % {
                    "claim": claim._get_html_link(),
                }
            )
        return self._cc_action_open(self.cc_claim_id)

    def _cc_check_failure_handled(self):
        if self.cc_claim_id:
            return
        return super()._cc_check_failure_handled()

    def _cc_claim_vals(self):
        self.ensure_one()
        request = self.cc_request_id
        partner = request.partner_id or self.cc_partner_id
        order = self.cc_sale_order_id or request.sale_order_id
        picking = self.cc_picking_id or request.picking_id
        if not picking and self.cc_lot_ids:
            picking = self._cc_delivery_to_return()
        order = order or picking.sale_id
        lots = self.cc_lot_ids or request.lot_id
        products = lots.product_id or request.product_id
        if not products:
            raise UserError(
                _(
                    "Dispatch %(order)s has no unit or product: set the units "
                    "before raising the claim.",
                    order=self.name,
                )
            )
        if lots:
            lines = [
                Command.create(
                    {
                        "product_id": lot.product_id.id,
                        "lot_id": lot.id,
                        "defect_qty": 1.0,
                        "requested_action": "return",
                        "requested_qty": 1.0,
                        "note": (self.cc_failure_reason or "")[:200],
                    }
                )
                for lot in lots
            ]
        else:
            lines = [
                Command.create(
                    {
                        "product_id": product.id,
                        "defect_qty": 1.0,
                        "requested_action": "return",
                        "requested_qty": 1.0,
                        "note": (self.cc_failure_reason or "")[:200],
                    }
                )
                for product in products
            ]
        kind = (
            _("Failed commissioning")
            if self.cc_service_type == "commissioning"
            else _("Failed repair")
        )
        return {
            "partner_id": partner.id,
            "company_id": (self.company_id or request.company_id).id,
            "user_id": (order.user_id or partner.user_id or self.env.user).id,
            "channel": "after_sales",
            "sale_order_id": order.id,
            "picking_id": picking.id,
            "description": Markup("<p>%s</p><p>%s</p>")
            % (
                _("%(kind)s, dispatch %(order)s", kind=kind, order=self.name),
                self.cc_failure_reason or "",
            ),
            "line_ids": lines,
        }

    def _cc_create_claim(self):
        """The engineer raises the claim on the salesperson's behalf: made as
        superuser after the engineer's own checks, owned by the salesperson."""
        self.ensure_one()
        # sudo: engineers may not create claims; returned in the caller's
        # environment
        claim = self.env["cc.claim"].sudo().create(self._cc_claim_vals())
        return claim.with_env(self.env)
