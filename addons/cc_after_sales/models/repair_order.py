from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    cc_dispatch_id = fields.Many2one(
        "fsm.order",
        string="Dispatch",
        index="btree_not_null",
        check_company=True,
        copy=False,
        groups="cc_after_sales.group_cc_as_engineer,fieldservice.group_fsm_user_own",
        help="The field-service dispatch during which these parts were used.",
    )
