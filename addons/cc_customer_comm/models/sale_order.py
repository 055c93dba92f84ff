from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    cc_communication_ids = fields.One2many(
        "cc.communication",
        "sale_order_id",
        string="Customer Communications",
        # a salesperson without Customer Service rights still reads the order
        groups="cc_customer_comm.group_cc_user",
    )
    cc_communication_count = fields.Integer(
        string="Communications", compute="_compute_cc_communication_count"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_cc_communication_count(self):
        Communication = self.env["cc.communication"]
        counts = {}
        if self.ids and Communication.has_access("read"):
            counts = dict(
                Communication._read_group(
                    [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
                )
            )
        for order in self:
            order.cc_communication_count = counts.get(order, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cc_view_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_customer_comm.cc_communication_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = self._cc_communication_defaults()
        return action

    def action_cc_shipment_reconfirmation(self):
        """Open a pre-shipment reconfirmation (出货前再确认) from the order."""
        self.ensure_one()
        context = dict(
            self._cc_communication_defaults(),
            default_topic="shipment_reconfirmation",
            default_direction="out",
            default_channel="phone",
            default_stage="in_sale",
            default_summary=self.env._(
                "Reconfirm with the customer before shipping %(order)s: quantities, "
                "delivery date %(date)s and address %(address)s.",
                order=self.name,
                date=self.commitment_date or self.expected_date or "",
                address=self.partner_shipping_id.display_name or "",
            ),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pre-Shipment Reconfirmation"),
            "res_model": "cc.communication",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def _cc_communication_defaults(self):
        return {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_contact_id": self.partner_id.id,
            "default_company_id": self.company_id.id,
        }
