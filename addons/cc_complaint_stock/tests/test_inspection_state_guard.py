from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CcComplaintStockCommon


@tagged("post_install", "-at_install")
class TestInspectionDocumentMixin(CcComplaintStockCommon):
    """The return inspection follows ``cc.document.mixin``: its status changes
    only through its buttons, for every user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim = cls.env["cc.claim"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "channel": "phone",
            }
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _assert_state_refused(self, record, user, state, **vals):
        """``user`` writing ``state`` (with ``vals``) is refused by the guard
        (not by the access rights) and leaves the row as it was."""
        record = record.with_user(user)
        fnames = ["state", *vals]
        before = {fname: record[fname] for fname in fnames}
        with self.assertRaises(UserError) as caught:
            record.write(dict(vals, state=state))
        self.assertIs(
            type(caught.exception), UserError, "refused by the guard, not the ACL"
        )
        record.invalidate_recordset()
        self.assertEqual({fname: record[fname] for fname in fnames}, before)

    def _assert_create_refused(self, model, user, vals):
        Model = self.env[model].with_user(user)
        count = Model.sudo().search_count([])
        with self.assertRaises(UserError) as caught:
            Model.create(vals)
        self.assertIs(type(caught.exception), UserError)
        self.assertEqual(Model.sudo().search_count([]), count)

    def _inspection_vals(self, **vals):
        return dict(
            {
                "claim_id": self.claim.id,
                "company_id": self.company.id,
                "product_id": self.product.id,
                "received_qty": 10.0,
                "inspection_type": "full",
                "defect_qty": 2.0,
                "result": "accept",
            },
            **vals,
        )

    # ------------------------------------------------------------------
    # Return inspection
    # ------------------------------------------------------------------
    def test_inspection_state_not_written_directly(self):
        inspection = (
            self.env["cc.claim.inspection"]
            .with_user(self.user_qa)
            .create(self._inspection_vals())
        )
        inspection.with_user(self.user_qa).write({"note": "Scratches"})
        for user in (self.user_qa, self.user_manager):
            self._assert_state_refused(inspection, user, "done", result="reject")
        self.assertEqual((inspection.state, inspection.result), ("draft", "accept"))

    def test_inspection_create_with_state_refused(self):
        for user in (self.user_qa, self.user_manager):
            self._assert_create_refused(
                "cc.claim.inspection", user, self._inspection_vals(state="done")
            )

    def test_inspection_actions(self):
        inspection = (
            self.env["cc.claim.inspection"]
            .with_user(self.user_qa)
            .create(self._inspection_vals(result=False))
        )
        with self.assertRaises(AccessError):
            inspection.with_user(self.user_sales).action_done()
        with self.assertRaises(UserError):
            inspection.with_user(self.user_qa).action_done()  # no result
        inspection.with_user(self.user_qa).result = "accept"
        inspection.with_user(self.user_qa).action_done()
        self.assertEqual(inspection.state, "done")
        self.claim.invalidate_recordset(["message_ids"])
        self.assertTrue(
            any("Inspection of" in (m.body or "") for m in self.claim.message_ids),
            "the result is noted on the claim",
        )
        with self.assertRaises(UserError):
            inspection.with_user(self.user_qa).action_done()  # done already
        inspection.with_user(self.user_qa).action_draft()
        self.assertEqual(inspection.state, "draft")
