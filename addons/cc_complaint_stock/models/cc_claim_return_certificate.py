from odoo import _, models
from odoo.exceptions import UserError


class CcClaim(models.Model):
    _inherit = "cc.claim"  # pylint: disable=consider-merging-classes-inherited

    def action_print_sales_return(self):
        """Sales Return Certificate (销货退回证明单, 篇4 第十三条): the
        returned quantities, to be sealed by the buyer and sent back."""
        self.ensure_one()
        if not self._cc_pickings("return").filtered(lambda p: p.state == "done"):
            raise UserError(
                _(
                    "Claim %(name)s has no return received yet: the Sales Return "
                    "Certificate lists the quantities actually returned.",
                    name=self.name,
                )
            )
        return self.env.ref(
            "cc_complaint_stock.action_report_cc_sales_return"
        ).report_action(self)
