from odoo import fields, models


class CcClaim(models.Model):
    _inherit = "cc.claim"

    channel = fields.Selection(
        selection_add=[("after_sales", "After-Sales Dispatch")],
        ondelete={"after_sales": "set default"},
    )
    cc_dispatch_ids = fields.One2many(
        "fsm.order",
        "cc_claim_id",
        string="Failed Dispatches",
        groups="cc_after_sales.group_cc_as_engineer,"
        "cc_complaint.group_cc_complaint_user",
    )
