from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestDocumentMixinModels(CcComplaintCommon):
    """CAPA, reward/penalty notice and timeliness review
    follow ``cc.document.mixin``: numbered by their sequence, and their status
    changes only through their buttons, for every user."""

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

    def _capa_vals(self, **vals):
        return dict(
            {
                "company_id": self.company.id,
                "defect_description": "Plating peels off",
                "deadline": date(2031, 7, 15),
                "department_id": self.department_production.id,
            },
            **vals,
        )

    def _notice_vals(self, **vals):
        return dict(
            {
                "claim_id": self.claim.id,
                "company_id": self.company.id,
                "department_id": self.department_production.id,
                "amount": 100.0,
            },
            **vals,
        )

    def _timeliness_vals(self, **vals):
        return dict({"claim_id": self.claim.id, "company_id": self.company.id}, **vals)

    # ------------------------------------------------------------------
    # CAPA
    # ------------------------------------------------------------------
    def test_capa_state_not_written_directly(self):
        capa = self.env["cc.capa"].with_user(self.user_qa).create(self._capa_vals())
        self.assertEqual(capa.state, "draft")
        # QA owns the CAPA and may write it, but not its status
        capa.with_user(self.user_qa).write({"root_cause": "Bath too cold"})
        for user in (self.user_qa, self.user_gm_office, self.user_manager):
            self._assert_state_refused(capa, user, "done", root_cause="Other cause")
        self._assert_state_refused(capa, self.user_manager, "open")
        self.assertEqual(capa.root_cause, "Bath too cold")
        # the superuser (data migration, scheduler) still may
        capa.with_user(self.user_qa).sudo().write({"state": "cancel"})
        self.assertEqual(capa.state, "cancel")

    def test_capa_create_with_state_refused(self):
        for user in (self.user_qa, self.user_manager):
            self._assert_create_refused(
                "cc.capa", user, self._capa_vals(state="verification")
            )
        # the default state is no state change
        capa = (
            self.env["cc.capa"]
            .with_user(self.user_qa)
            .create(self._capa_vals(state="draft"))
        )
        self.assertEqual(capa.state, "draft")

    def test_capa_actions(self):
        capa = self.env["cc.capa"].with_user(self.user_qa).create(self._capa_vals())
        with self.assertRaises(AccessError):
            capa.with_user(self.user_production).action_issue()
        capa.with_user(self.user_qa).action_issue()
        self.assertEqual(capa.state, "open")
        self.assertTrue(capa.date_issued)
        with self.assertRaises(UserError):
            capa.with_user(self.user_qa).action_issue()  # not a draft any more
        with self.assertRaises(UserError):
            capa.with_user(self.user_production).action_implemented()  # no cause
        capa.with_user(self.user_production).write(
            {"root_cause": "Bath too cold", "corrective_action": "Heat the bath"}
        )
        capa.with_user(self.user_production).action_implemented()
        self.assertEqual(capa.state, "verification")
        with self.assertRaises(AccessError):
            capa.with_user(self.user_production).action_verify()
        capa.with_user(self.user_qa).verification_result = "not_effective"
        capa.with_user(self.user_qa).action_verify()
        self.assertEqual((capa.state, capa.reopen_count), ("open", 1))
        capa.with_user(self.user_production).action_implemented()
        self.assertFalse(capa.verification_result)
        capa.with_user(self.user_qa).verification_result = "effective"
        capa.with_user(self.user_qa).action_verify()
        self.assertEqual(capa.state, "done")
        self.assertTrue(capa.date_verified)
        # writing the state it already has is no change
        capa.with_user(self.user_qa).write({"state": "done"})
        with self.assertRaises(UserError):
            capa.with_user(self.user_qa).action_cancel()  # closed
        other = self.env["cc.capa"].with_user(self.user_qa).create(self._capa_vals())
        with self.assertRaises(AccessError):
            other.with_user(self.user_production).action_cancel()
        other.with_user(self.user_gm_office).action_cancel()
        self.assertEqual(other.state, "cancel")

    # ------------------------------------------------------------------
    # Reward/penalty notice
    # ------------------------------------------------------------------
    def test_notice_state_not_written_directly(self):
        notice = (
            self.env["cc.claim.penalty.notice"]
            .with_user(self.user_gm_office)
            .create(self._notice_vals())
        )
        for user in (self.user_gm_office, self.user_gm, self.user_manager):
            self._assert_state_refused(notice, user, "approved", amount=1.0)
        notice.with_user(self.user_gm_office).action_submit()
        self._assert_state_refused(notice, self.user_gm_office, "approved")
        self._assert_state_refused(notice, self.user_manager, "draft")
        self.assertEqual(notice.amount, 100.0)

    def test_notice_create_with_state_refused(self):
        for user in (self.user_gm_office, self.user_manager):
            self._assert_create_refused(
                "cc.claim.penalty.notice", user, self._notice_vals(state="approved")
            )

    def test_notice_tier_flow(self):
        notice = (
            self.env["cc.claim.penalty.notice"]
            .with_user(self.user_gm_office)
            .create(self._notice_vals())
        )
        with self.assertRaises(AccessError):
            notice.with_user(self.user_gm).action_submit()  # the GM office submits
        notice.with_user(self.user_gm_office).action_submit()
        self.assertEqual(notice.state, "to_approve")
        self.assertTrue(notice.review_ids)
        with self.assertRaises(UserError):
            notice.with_user(self.user_gm_office).action_approve()  # not validated
        self._review(notice.with_user(self.user_gm), "validate")
        self.assertEqual(notice.validation_status, "validated")
        self.assertEqual(notice.state, "approved")
        with self.assertRaises(UserError):
            notice.with_user(self.user_gm_office).action_draft()  # not cancelled
        notice.with_user(self.user_gm_office).action_cancel()
        self.assertEqual(notice.state, "cancel")
        self.assertFalse(notice.review_ids)
        notice.with_user(self.user_gm_office).action_draft()
        self.assertEqual(notice.state, "draft")

    # ------------------------------------------------------------------
    # Timeliness review
    # ------------------------------------------------------------------
    def test_timeliness_review_state_not_written_directly(self):
        review = (
            self.env["cc.claim.timeliness.review"]
            .with_user(self.user_gm_office)
            .create(self._timeliness_vals())
        )
        # the departments write the review, not its status
        review.with_user(self.user_production).write({"reason": "Waiting for parts"})
        for user in (self.user_production, self.user_gm_office, self.user_manager):
            self._assert_state_refused(review, user, "closed", action="Stock parts")
        self.assertEqual(review.state, "open")

    def test_timeliness_review_create_with_state_refused(self):
        for user in (self.user_gm_office, self.user_manager):
            self._assert_create_refused(
                "cc.claim.timeliness.review",
                user,
                self._timeliness_vals(state="answered"),
            )

    def test_timeliness_review_actions(self):
        review = (
            self.env["cc.claim.timeliness.review"]
            .with_user(self.user_gm_office)
            .create(self._timeliness_vals())
        )
        with self.assertRaises(UserError):
            review.with_user(self.user_production).action_answer()  # no reason
        review.with_user(self.user_production).reason = "Waiting for parts"
        review.with_user(self.user_production).action_answer()
        self.assertEqual(review.state, "answered")
        with self.assertRaises(AccessError):
            review.with_user(self.user_production).action_close()
        review.with_user(self.user_gm_office).action_close()
        self.assertEqual(review.state, "closed")
        with self.assertRaises(UserError):
            review.with_user(self.user_gm_office).action_close()  # closed already

    # ------------------------------------------------------------------
    # Numbering
    # ------------------------------------------------------------------
    def test_numbering(self):
        year = date.today().year
        capas = (
            self.env["cc.capa"]
            .with_user(self.user_qa)
            .create([self._capa_vals(), self._capa_vals(name="/")])
        )
        notices = (
            self.env["cc.claim.penalty.notice"]
            .with_user(self.user_gm_office)
            .create([self._notice_vals(), self._notice_vals(amount=50.0)])
        )
        for records, prefix in ((capas, f"CAPA/{year}/"), (notices, f"RPN/{year}/")):
            names = records.mapped("name")
            self.assertEqual(len(set(names)), 2, names)
            for name in names:
                self.assertTrue(name.startswith(prefix), name)
        # a number given explicitly is kept
        kept = self.env["cc.capa"].create(self._capa_vals(name="CAPA/LEGACY/1"))
        self.assertEqual(kept.name, "CAPA/LEGACY/1")
