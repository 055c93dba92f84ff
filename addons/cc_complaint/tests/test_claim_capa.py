from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimCapa(CcComplaintCommon):
    def test_capa_flow_with_reopen(self):
        claim = self._create_claim(customer_summary="Plating peels off")
        self._claim_to_proposal(claim)
        action = claim.with_user(self.user_qa).action_create_capa()
        capa = self.env["cc.capa"].browse(action["res_id"])
        self.assertEqual(claim.capa_id, capa)
        self.assertEqual(capa.product_id, self.product)
        self.assertIn("Plating", capa.defect_description)
        self.assertEqual(capa.root_cause, "Plating thickness out of spec on line 2.")
        with self.assertRaises(UserError):
            claim.with_user(self.user_qa).action_create_capa()
        # a second claim of the same defect joins the CAPA
        second = self._create_claim()
        second.with_user(self.user_gm_office).action_register()
        second.with_user(self.user_qa).capa_id = capa
        self.assertEqual(capa.claim_count, 2)

        with self.assertRaises(UserError):
            capa.with_user(self.user_qa).action_issue()  # no due date
        with Form(capa.with_user(self.user_qa)) as form:
            form.deadline = date(2031, 7, 15)
            form.department_id = self.department_production
            form.corrective_action = "Replace the anodes."
            form.preventive_action = "Weekly thickness audit."
        capa.with_user(self.user_qa).action_issue()
        self.assertEqual(capa.state, "open")
        capa.with_user(self.user_production).action_implemented()
        self.assertEqual(capa.state, "verification")
        with self.assertRaises(UserError):
            capa.with_user(self.user_production).action_verify()
        capa.with_user(self.user_qa).write(
            {
                "verification_result": "not_effective",
                "verification_note": "Still peeling",
            }
        )
        capa.with_user(self.user_qa).action_verify()
        self.assertEqual(capa.state, "open")
        self.assertEqual(capa.reopen_count, 1)
        capa.with_user(self.user_production).action_implemented()
        capa.with_user(self.user_qa).write(
            {"verification_result": "effective", "review_date": date(2031, 10, 1)}
        )
        capa.with_user(self.user_qa).action_verify()
        self.assertEqual(capa.state, "done")

    def test_capa_overdue(self):
        claim = self._create_claim()
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_qa).action_create_capa()
        capa = claim.capa_id
        capa.with_user(self.user_qa).write(
            {"deadline": date(2031, 7, 15), "responsible_id": self.user_production.id}
        )
        capa.with_user(self.user_qa).action_issue()
        with freeze_time("2031-07-20"):
            self.env["cc.capa"]._cron_cc_capa_deadlines()
        capa.invalidate_recordset()
        self.assertTrue(capa.is_overdue)
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "cc.capa"), ("res_id", "=", capa.id)]
        )
        self.assertEqual(activity.user_id, self.user_production)
