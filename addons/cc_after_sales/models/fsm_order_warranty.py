from odoo import api, fields, models


class FsmOrder(models.Model):
    """Warranty status of the dispatch's units and its spare-part notices."""

    _inherit = "fsm.order"  # pylint: disable=consider-merging-classes-inherited

    cc_under_warranty = fields.Boolean(
        string="Under Warranty",
        compute="_compute_cc_under_warranty",
        help="Every unit of the dispatch is under warranty.",
    )
    cc_spare_part_notice_ids = fields.One2many(
        "cc.spare.part.notice", "dispatch_id", string="Spare-Part Notices"
    )
    cc_spare_part_notice_count = fields.Integer(
        compute="_compute_cc_spare_part_notice_count"
    )

    @api.depends("cc_lot_ids")
    def _compute_cc_under_warranty(self):
        for order in self:
            lots = order.cc_lot_ids
            order.cc_under_warranty = bool(lots) and all(
                lots.mapped("cc_under_warranty")
            )

    def _compute_cc_spare_part_notice_count(self):
        counts = dict(
            self.env["cc.spare.part.notice"]._read_group(
                [("dispatch_id", "in", self.ids)], ["dispatch_id"], ["__count"]
            )
        )
        for order in self:
            order.cc_spare_part_notice_count = counts.get(order, 0)

    def _cc_under_warranty(self, lot):
        """The repair order of a unit is under warranty when the unit is."""
        return bool(lot and lot.cc_under_warranty)

    def action_cc_new_spare_part_notice(self):
        self.ensure_one()
        lot = self.cc_lot_ids[:1]
        return self.env["cc.spare.part.notice"]._cc_action_new(
            {
                "default_origin": "dispatch",
                "default_dispatch_id": self.id,
                "default_request_id": self.cc_request_id.id,
                "default_partner_id": self.cc_partner_id.id,
                "default_lot_id": lot.id,
            }
        )

    def action_cc_view_spare_part_notices(self):
        self.ensure_one()
        return self.env["cc.spare.part.notice"]._cc_action_list(
            [("dispatch_id", "=", self.id)], {"default_dispatch_id": self.id}
        )
