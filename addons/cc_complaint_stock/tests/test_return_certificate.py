from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CcClaimStockAccountingCommon


@tagged("post_install", "-at_install")
class TestSalesReturnCertificate(CcClaimStockAccountingCommon):
    """The Sales Return Certificate (销货退回证明单, 篇4 第十三条) lists the
    quantities actually returned, for the buyer to seal and send back."""

    def test_certificate_once_the_return_is_received(self):
        claim = self._create_execution_claim([("return", 100.0, None)])
        claim.with_user(self.salesman).action_create_return()
        picking = claim.claim_picking_ids
        with self.assertRaises(UserError) as raised:
            claim.with_user(self.salesman).action_print_sales_return()
        self.assertIn("no return received", str(raised.exception))
        self._receive(picking, 98.0)
        action = claim.with_user(self.salesman).action_print_sales_return()
        self.assertEqual(
            action["report_name"], "cc_complaint_stock.report_cc_sales_return"
        )
        claim.with_user(self.accountant).action_create_return_credit_note()
        note = claim.credit_note_ids
        note.with_user(self.accountant).action_post()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cc_complaint_stock.action_report_cc_sales_return", claim.ids
            )[0]
            .decode()
        )
        self.assertIn(claim.name, html)
        self.assertIn(picking.name, html)
        self.assertIn(note.name, html)
        self.assertIn("98.00", html)
