from odoo import Command
from odoo.tests import tagged

from odoo.addons.cc_complaint.tests.common import CcComplaintCommon
from odoo.addons.cc_complaint_account.tests.common import CcClaimAccountingCommon


@tagged("post_install", "-at_install")
class CcComplaintStockCommon(CcComplaintCommon):
    """The claim fixture with a warehouse: a storable product in stock and the
    order delivered by a validated picking, which the claims name."""

    @classmethod
    def setUpClass(cls):
        cls.warehouse = None
        super().setUpClass()

    @classmethod
    def _cc_manager_groups(cls):
        return super()._cc_manager_groups() + ",stock.group_stock_user"

    @classmethod
    def _cc_product_vals(cls):
        return dict(super()._cc_product_vals(), is_storable=True)

    @classmethod
    def _cc_order_vals(cls):
        return dict(super()._cc_order_vals(), warehouse_id=cls._cc_warehouse().id)

    @classmethod
    def _cc_warehouse(cls):
        if not cls.warehouse:
            # the fixture's author runs the warehouse
            cls.env.user.groups_id += cls.env.ref("stock.group_stock_manager")
            cls.warehouse = cls.env["stock.warehouse"].search(
                [("company_id", "=", cls.company.id)], limit=1
            )
        return cls.warehouse

    @classmethod
    def _cc_prepare_stock(cls, product):
        cls.env["stock.quant"]._update_available_quantity(
            product, cls._cc_warehouse().lot_stock_id, 10000.0
        )

    @classmethod
    def _cc_deliver(cls, order, qty):
        picking = order.picking_ids
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking.button_validate()
        return picking

    @classmethod
    def _cc_deliver_products(cls, order, quantities):
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, 0.0)
            move.picked = move.product_id in quantities
        picking.with_context(cancel_backorder=True)._action_done()
        return picking

    def _cc_set_claim_documents(self, claim_form):
        claim_form.sale_order_id = self.sale_order
        claim_form.picking_id = self.picking
        claim_form.invoice_id = self.invoice


@tagged("post_install", "-at_install")
class CcClaimStockAccountingCommon(CcComplaintStockCommon, CcClaimAccountingCommon):
    """Claims in execution on the delivered order, with a warehouse keeper
    receiving the returns."""

    @classmethod
    def get_default_groups(cls):
        # the fixture's own user also runs the warehouse in setups
        return super().get_default_groups() | cls.env.ref("stock.group_stock_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cc_over_acceptance_ratio = 5.0
        cls.delivery = cls.picking
        cls.stock_user = cls.env["res.users"].create(
            {
                "name": "Warehouse Keeper",
                "login": "cc_acc_warehouse",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "groups_id": [Command.set(cls.env.ref("stock.group_stock_user").ids)],
            }
        )

    @classmethod
    def _validate(cls, picking, quantities, user=None):
        picking = picking.with_user(user) if user else picking
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, move.product_uom_qty)
            move.picked = True
        picking.with_context(cancel_backorder=True)._action_done()
        return picking

    def _receive(self, picking, qty):
        return self._validate(picking, {self.product: qty}, user=self.stock_user)

    def _cc_execution_claim_vals(self):
        return dict(super()._cc_execution_claim_vals(), picking_id=self.delivery.id)
