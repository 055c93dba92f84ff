from odoo import fields, models

NOTICE_GROUPS = (
    "cc_after_sales.group_cc_as_engineer,cc_after_sales.group_cc_as_warehouse"
)


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    cc_spare_part_notice_id = fields.Many2one(
        "cc.spare.part.notice",
        string="Spare-Part Notice",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=NOTICE_GROUPS,
    )

    def action_cc_view_spare_part_notice(self):
        self.ensure_one()
        return self.cc_spare_part_notice_id._cc_action_open(
            self.cc_spare_part_notice_id
        )
