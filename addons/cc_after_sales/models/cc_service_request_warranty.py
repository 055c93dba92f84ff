from odoo import fields, models


class CcServiceRequest(models.Model):
    """Warranty status of the request's unit and its spare-part notices."""

    _inherit = "cc.service.request"  # pylint: disable=consider-merging-classes-inherited

    cc_under_warranty = fields.Boolean(
        related="lot_id.cc_under_warranty", string="Under Warranty"
    )
    cc_warranty_end = fields.Date(
        related="lot_id.cc_warranty_end", string="Warranty Until"
    )
    cc_spare_part_notice_ids = fields.One2many(
        "cc.spare.part.notice", "request_id", string="Spare-Part Notices"
    )
    cc_spare_part_notice_count = fields.Integer(
        compute="_compute_cc_spare_part_notice_count"
    )

    def _compute_cc_spare_part_notice_count(self):
        counts = dict(
            self.env["cc.spare.part.notice"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        for request in self:
            request.cc_spare_part_notice_count = counts.get(request, 0)

    def action_cc_new_spare_part_notice(self):
        self.ensure_one()
        return self.env["cc.spare.part.notice"]._cc_action_new(
            {
                "default_origin": "request",
                "default_request_id": self.id,
                "default_partner_id": self.commercial_partner_id.id,
                "default_lot_id": self.lot_id.id,
            }
        )

    def action_cc_view_spare_part_notices(self):
        self.ensure_one()
        return self.env["cc.spare.part.notice"]._cc_action_list(
            [("request_id", "=", self.id)], {"default_request_id": self.id}
        )
