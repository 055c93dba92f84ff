from odoo import models


class FsmOrderSignWizard(models.TransientModel):
    _inherit = "fsm.order.sign.wizard"

    def action_sign(self):
        """The customer signs on the engineer's tablet: the receipt is signed
        once, frozen, and its PDF posted in the chatter."""
        self.ensure_one()
        if not self.order_id.cc_request_id:
            return super().action_sign()
        self.order_id._cc_sign_receipt(self.signed_by, self.signature)
        return True
