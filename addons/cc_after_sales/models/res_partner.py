from odoo import fields, models

AFTER_SALES = "cc_after_sales.group_cc_as_engineer"


class ResPartner(models.Model):
    _inherit = "res.partner"

    cc_as_request_ids = fields.One2many(
        "cc.service.request",
        "commercial_partner_id",
        string="Service Requests",
        groups=AFTER_SALES,
    )
    cc_as_dispatch_ids = fields.One2many(
        "fsm.order",
        "cc_partner_id",
        string="Dispatches",
        groups=AFTER_SALES,
    )
    cc_as_request_count = fields.Integer(
        string="Service Requests Count",
        compute="_compute_cc_as_request_count",
        groups="cc_customer_comm.group_cc_user",
    )

    def _compute_cc_as_request_count(self):
        counts = dict(
            self.env["cc.service.request"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cc_as_request_count = counts.get(partner.commercial_partner_id, 0)

    def action_cc_view_service_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.cc_service_request_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action
