from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimNumbering(CcComplaintCommon):
    def _register(self):
        claim = self._create_claim(with_documents=False, lines=[])
        claim.with_user(self.user_gm_office).action_register()
        return claim

    def test_number_restarts_every_month(self):
        with freeze_time("2031-11-20"):
            first = self._register()
            second = self._register()
        with freeze_time("2031-12-02"):
            third = self._register()
        self.assertTrue(first.name.startswith("3111-"), first.name)
        self.assertEqual(int(second.name[5:]), int(first.name[5:]) + 1)
        self.assertEqual(third.name, "3112-0001", "numbering restarts with the month")
        self.assertEqual(first.date_registered, date(2031, 11, 20))
        self.assertEqual(len(first.name), 9)

    def test_draft_has_no_number(self):
        claim = self._create_claim()
        self.assertEqual(claim.name, "New")

    def test_two_cursors_register_at_once(self):
        """Two users register claims in two open transactions: distinct numbers,
        one month range, no blocking."""
        registry = self.env.registry
        names = []
        with freeze_time("2032-03-15"):
            with registry.cursor() as cr1, registry.cursor() as cr2:
                envs = [api.Environment(cr, SUPERUSER_ID, {}) for cr in (cr1, cr2)]
                claims = []
                for env in envs:
                    partner = env["res.partner"].create({"name": "Concurrent customer"})
                    claims.append(
                        env["cc.claim"].create(
                            {"partner_id": partner.id, "company_id": env.company.id}
                        )
                    )
                # both transactions are open and have read data before registering
                for claim in claims:
                    claim.action_register()
                    names.append(claim.name)
                cr1.rollback()
                cr2.rollback()
        self.assertEqual(len(set(names)), 2, names)
        self.assertTrue(all(name.startswith("3203-") for name in names), names)
        # the month range is committed by its own transaction: read it fresh
        with registry.cursor() as cr3:
            cr3.execute(
                "SELECT date_to FROM ir_sequence_date_range "
                "WHERE sequence_id = %s AND date_from = %s",
                [self.env.ref("cc_complaint.seq_cc_claim").id, "2032-03-01"],
            )
            rows = cr3.fetchall()
        self.assertEqual(
            len(rows), 1, "one range per month, even when created concurrently"
        )
        self.assertEqual(rows[0][0], date(2032, 3, 31))
