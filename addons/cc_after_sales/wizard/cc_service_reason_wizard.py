from odoo import fields, models
from odoo.exceptions import UserError

TRANSITION_METHODS = {
    "review_fail": "action_review_fail",
    "customer_reject": "action_customer_reject",
}


class CcServiceReasonWizard(models.TransientModel):
    _name = "cc.service.reason.wizard"
    _description = "After-Sales: Reason for a Decision"

    transition = fields.Selection(
        [
            ("review_fail", "Send back from review"),
            ("customer_reject", "Customer rejects the resolution"),
        ],
        required=True,
        readonly=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Enter the reason."))
        requests = self.env["cc.service.request"].browse(
            self.env.context.get("active_ids", [])
        )
        getattr(requests, TRANSITION_METHODS[self.transition])(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
