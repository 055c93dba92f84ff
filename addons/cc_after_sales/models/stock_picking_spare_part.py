from odoo import fields, models

NOTICE_GROUPS = (
    "cc_after_sales.group_cc_as_engineer,cc_after_sales.group_cc_as_warehouse"
)


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    cc_spare_part_notice_id = fields.Many2one(
        "cc.spare.part.notice",
        string="Spare-Part Notice",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=NOTICE_GROUPS,
    )

    def _action_done(self):
        res = super()._action_done()
        # the notice of the parts (directly, or through the quotation of a
        # chargeable reissue) is shipped; a stock user may have no after-sales
        # rights: sudo, the notice is read and moved as superuser
        pickings = self.sudo().filtered(
            lambda p: p.state == "done"
            and (p.cc_spare_part_notice_id or p.sale_id.cc_spare_part_notice_id)
        )
        if pickings:
            notices = pickings.cc_spare_part_notice_id | (
                pickings.sale_id.cc_spare_part_notice_id
            )
            notices._cc_delivered()
        return res

    def action_cc_view_spare_part_notice(self):
        self.ensure_one()
        return self.cc_spare_part_notice_id._cc_action_open(
            self.cc_spare_part_notice_id
        )
