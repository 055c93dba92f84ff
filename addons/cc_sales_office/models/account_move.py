from odoo import _, models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        for refund in posted.filtered(lambda move: move.move_type == "out_refund"):
            # commission bookkeeping follows the accountant's credit note: read
            # the commission lines whatever the poster's showroom rights
            sale_orders = refund.invoice_line_ids.sale_line_ids.order_id
            orders = sale_orders._cc_orders_with_commission()
            for order in orders:
                if order.amount_untaxed:
                    ratio = refund.amount_untaxed / order.amount_untaxed
                    order._cc_reverse_commission_lines(
                        ratio, _("Credit note %(name)s", name=refund.name)
                    )
        return posted

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        # sudo: whoever registers the payment (a billing clerk without
        # showroom rights) triggers the commission; the orders stay inside
        orders = (
            self.filtered(lambda move: move.move_type == "out_invoice")
            .invoice_line_ids.sale_line_ids.order_id.sudo()
            .filtered(
                lambda o: o.cc_visitor_id
                and o.cc_visitor_id.office_id.commission_trigger == "paid"
            )
        )
        for order in orders:
            invoices = order.invoice_ids.filtered(
                lambda move: move.move_type == "out_invoice" and move.state == "posted"
            )
            if order.invoice_status == "invoiced" and all(
                move.payment_state in ("paid", "in_payment") for move in invoices
            ):
                order._cc_generate_commission_lines()
        return res
