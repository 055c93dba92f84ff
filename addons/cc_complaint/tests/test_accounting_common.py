from odoo import Command, fields
from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class CcClaimAccountingCommon(CcComplaintCommon):
    """The complaints fixture (company with a chart of accounts, warehouse,
    customer, storable product sold 1000, delivered and invoiced) plus helpers
    for claims already in execution."""

    @classmethod
    def get_default_groups(cls):
        # the fixture's own user also runs claims and the warehouse in setups
        return (
            super().get_default_groups()
            | cls.env.ref("cc_complaint.group_cc_complaint_manager")
            | cls.env.ref("stock.group_stock_manager")
            | cls.env.ref("sales_team.group_sale_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cc_over_acceptance_ratio = 5.0
        cls.order = cls.sale_order
        cls.delivery = cls.picking
        cls.salesman = cls.user_sales
        cls.cc_manager = cls.user_manager
        cls.accountant = cls.user_accountant
        cls.stock_user = cls.env["res.users"].create(
            {
                "name": "Warehouse Keeper",
                "login": "cc_acc_warehouse",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "groups_id": [Command.set(cls.env.ref("stock.group_stock_user").ids)],
            }
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _sell(cls, customer, qty, price):
        """SO confirmed → delivery done → invoice posted."""
        return cls._create_delivered_invoiced_order(customer, qty=qty, price=price)

    @classmethod
    def _validate(cls, picking, quantities, user=None):
        picking = picking.with_user(user) if user else picking
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, move.product_uom_qty)
            move.picked = True
        picking.with_context(cancel_backorder=True)._action_done()
        return picking

    def _create_execution_claim(self, lines, state="execution", invoice=True, **vals):
        """A claim on the fixture's order; ``lines`` are (disposition, approved
        qty, amount) tuples. Written straight into ``state``: these tests are
        about the documents, not the approval route (see TestClaimRealButtons)."""
        claim = self.env["cc.claim"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "user_id": self.salesman.id,
                "sale_order_id": self.order.id if invoice else False,
                "picking_id": self.delivery.id,
                "invoice_id": self.invoice.id if invoice else False,
                "customer_summary": "Boards delaminate after reflow.",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "defect_qty": approved or 10.0,
                            "requested_action": disposition
                            if disposition
                            in (
                                "return",
                                "exchange",
                                "allowance",
                                "compensation",
                                "repair",
                            )
                            else "return",
                            "requested_qty": approved or 10.0,
                            "disposition": disposition,
                            "approved_qty": approved,
                            **({"amount": amount} if amount is not None else {}),
                        }
                    )
                    for disposition, approved, amount in lines
                ],
                **vals,
            }
        )
        if invoice:
            self.assertEqual(
                claim.line_ids[:1].invoice_line_id, self.invoice.invoice_line_ids[:1]
            )
        # a fixture: the claim is put straight into the stage under test
        claim.sudo().write({"name": f"2611-{claim.id:04d}", "state": state})
        return claim

    def _receive(self, picking, qty):
        return self._validate(picking, {self.product: qty}, user=self.stock_user)

    def _today(self):
        return fields.Date.context_today(self.env["cc.claim"])
