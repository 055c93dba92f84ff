import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestClaimDocumentConcurrency(TransactionCase):
    """Two transactions press "Allowance Credit Note" on the same claim: one
    credit note only (the row lock + the claim write make the second one fail
    with a serialization error, which Odoo retries; the retry finds it)."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.company
            journal = env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
            )
            if not journal:
                self.skipTest("the main company has no chart of accounts")
            partner = env["res.partner"].create({"name": "Concurrency Customer"})
            product = env["product.product"].create(
                {"name": "Concurrency Board", "type": "consu", "list_price": 10.0}
            )
            invoice = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "journal_id": journal.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 5,
                                "price_unit": 10.0,
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
            claim = env["cc.claim"].create(
                {
                    "partner_id": partner.id,
                    "invoice_id": invoice.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "shipped_qty": 5.0,
                                "defect_qty": 1.0,
                                "requested_action": "allowance",
                                "disposition": "allowance",
                                "amount": 7.0,
                            }
                        )
                    ],
                }
            )
            claim.sudo().write({"state": "execution"})
            cr.commit()  # pylint: disable=invalid-commit
            self.data = {
                "claim_id": claim.id,
                "invoice_id": invoice.id,
                "partner_id": partner.id,
                "product_id": product.id,
            }
        self.envs = [
            api.Environment(self.env.registry.cursor(), SUPERUSER_ID, {})
            for _i in range(2)
        ]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        for env in self.envs:
            env.cr.rollback()
            env.cr.close()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["cc.claim"].browse(self.data["claim_id"])
            notes = claim.credit_note_ids
            notes.filtered(lambda m: m.state == "draft").button_cancel()
            claim.action_cancel()
            notes.unlink()
            claim.unlink()
            invoice = env["account.move"].browse(self.data["invoice_id"])
            invoice.button_draft()
            invoice.with_context(force_delete=True).unlink()
            env["product.product"].browse(self.data["product_id"]).unlink()
            env["res.partner"].browse(self.data["partner_id"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _notes(self, env):
        return env["account.move"].search_count(
            [("cc_claim_id", "=", self.data["claim_id"])]
        )

    def test_second_transaction_fails_then_finds_the_credit_note(self):
        env1, env2 = self.envs
        # cr1 takes its snapshot before cr2 makes the credit note
        env1.cr.execute("SELECT 1")
        env2["cc.claim"].browse(
            self.data["claim_id"]
        ).action_create_allowance_credit_note()
        env2.cr.commit()  # pylint: disable=invalid-commit
        with self.assertRaises(psycopg2.errors.SerializationFailure):
            with env1.cr.savepoint(flush=False):
                env1["cc.claim"].browse(
                    self.data["claim_id"]
                ).action_create_allowance_credit_note()
        # what Odoo's retry does: a new transaction
        env1.cr.rollback()
        env1.invalidate_all()
        env1["cc.claim"].browse(
            self.data["claim_id"]
        ).action_create_allowance_credit_note()
        env1.cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(self._notes(env1), 1)

    def test_concurrent_transaction_waits_on_the_claim_lock(self):
        env1, env2 = self.envs
        env2["cc.claim"].browse(
            self.data["claim_id"]
        ).action_create_allowance_credit_note()
        # cr2 holds the claim row: cr1 cannot take it
        env1.cr.execute("SET LOCAL lock_timeout = '200ms'")
        with self.assertRaises(psycopg2.errors.LockNotAvailable):
            with env1.cr.savepoint(flush=False):
                env1["cc.claim"].browse(
                    self.data["claim_id"]
                ).action_create_allowance_credit_note()
        env1.cr.rollback()
        env2.cr.commit()  # pylint: disable=invalid-commit
        env1.invalidate_all()
        env1["cc.claim"].browse(
            self.data["claim_id"]
        ).action_create_allowance_credit_note()
        env1.cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(self._notes(env1), 1)
