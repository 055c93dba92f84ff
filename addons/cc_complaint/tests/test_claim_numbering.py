from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CcComplaintCommon


@tagged("post_install", "-at_install")
class TestClaimNumbering(CcComplaintCommon):
    def _register(self):
        claim = self._create_claim(with_documents=False, lines=[])
        claim.with_user(self.user_gm_office).action_register()
        return claim

    def _month_ranges(self, cr, month_start):
        cr.execute(
            "SELECT date_from, date_to FROM ir_sequence_date_range "
            "WHERE sequence_id = %s AND date_from = %s",
            [self.env.ref("cc_complaint.seq_cc_claim").id, month_start],
        )
        return cr.fetchall()

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

    def test_missing_month_range_is_created_for_the_month(self):
        """No range prepared for the month: the first registration creates one
        covering exactly that month, not Odoo's default whole year."""
        with freeze_time("2033-05-17"):
            claim = self._register()
        self.assertEqual(claim.name, "3305-0001")
        self.assertEqual(
            self._month_ranges(self.env.cr, "2033-05-01"),
            [(date(2033, 5, 1), date(2033, 5, 31))],
        )

    def test_cron_prepares_coming_months(self):
        sequence = self.env.ref("cc_complaint.seq_cc_claim")
        with freeze_time("2034-12-10"):
            self.env["ir.sequence"]._cron_cc_prepare_date_ranges()
            self.env["ir.sequence"]._cron_cc_prepare_date_ranges()  # idempotent
        ranges = sequence.date_range_ids.filtered(
            lambda r: r.date_from >= date(2034, 12, 1)
        ).sorted("date_from")
        self.assertEqual(
            [(r.date_from, r.date_to) for r in ranges],
            [
                (date(2034, 12, 1), date(2034, 12, 31)),
                (date(2035, 1, 1), date(2035, 1, 31)),
                (date(2035, 2, 1), date(2035, 2, 28)),
            ],
        )
        with freeze_time("2035-01-03"):
            self.assertEqual(self._register().name, "3501-0001")

    def test_draft_has_no_number(self):
        claim = self._create_claim()
        self.assertEqual(claim.name, "New")

    def test_number_never_reused(self):
        """A number drawn by a transaction that rolls back is not given again."""
        with freeze_time("2033-07-01"):
            first = self._register()
            with self.env.cr.savepoint() as savepoint:
                lost = self._register()
                lost_name = lost.name
                savepoint.rollback()
            third = self._register()
        self.assertEqual(first.name, "3307-0001")
        self.assertEqual(lost_name, "3307-0002")
        self.assertEqual(third.name, "3307-0003")

    def _concurrent_claims(self, cursors, month):
        """One draft claim per cursor, each cursor having read before registering."""
        claims = []
        for cr in cursors:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": f"Concurrent {month}"})
            claims.append(
                env["cc.claim"].create(
                    {"partner_id": partner.id, "company_id": env.company.id}
                )
            )
        return claims

    def _cleanup(self, month_start):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claims = env["cc.claim"].search(
                [("partner_id.name", "=like", "Concurrent %")]
            )
            partners = claims.partner_id
            env.cr.execute("DELETE FROM cc_claim WHERE id = ANY(%s)", [claims.ids])
            partners.unlink()
            env["ir.sequence.date_range"].search(
                [
                    ("sequence_id", "=", self.env.ref("cc_complaint.seq_cc_claim").id),
                    ("date_from", "=", month_start),
                ]
            ).unlink()

    def test_two_cursors_prepared_range(self):
        """The month's range exists (the cron made it): two users registering
        in two open transactions get distinct numbers without waiting."""
        registry = self.env.registry
        self.addCleanup(self._cleanup, "2032-04-01")
        with freeze_time("2032-04-15"):
            with registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})[
                    "ir.sequence"
                ]._cron_cc_prepare_date_ranges(months_ahead=0)
            names = []
            with registry.cursor() as cr1, registry.cursor() as cr2:
                claims = self._concurrent_claims((cr1, cr2), "2032-04")
                for claim in claims:
                    claim.action_register()
                    names.append(claim.name)
                cr1.rollback()
                cr2.rollback()
        self.assertEqual(sorted(names), ["3204-0001", "3204-0002"])

    @mute_logger("odoo.sql_db")
    def test_two_cursors_missing_range(self):
        """Two users start a month together: the second waits for the first's
        range instead of creating a second one (a second PostgreSQL sequence
        would hand out 0001 again); its retry numbers after the first."""
        registry = self.env.registry
        self.addCleanup(self._cleanup, "2032-03-01")
        with freeze_time("2032-03-15"):
            cr1 = registry.cursor()
            cr2 = registry.cursor()
            try:
                first, second = self._concurrent_claims((cr1, cr2), "2032-03")
                first.action_register()
                self.assertEqual(first.name, "3203-0001")
                cr2.execute("SET lock_timeout = '1s'")
                with self.assertRaises(psycopg2.errors.LockNotAvailable):
                    second.action_register()
                cr2.rollback()
                cr1.commit()
                # the retry (a new transaction) finds the month's range
                (second,) = self._concurrent_claims((cr2,), "2032-03")
                second.action_register()
                self.assertEqual(second.name, "3203-0002")
                cr2.commit()
            finally:
                cr1.close()
                cr2.close()
        with registry.cursor() as cr3:
            self.assertEqual(
                self._month_ranges(cr3, "2032-03-01"),
                [(date(2032, 3, 1), date(2032, 3, 31))],
                "one range per month, even when created concurrently",
            )

    def test_placeholder_in_another_language_is_numbered(self):
        """A draft created by a user working in Chinese holds the Chinese
        placeholder; an English GM office user registering it still numbers it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ["cc_customer_comm", "cc_complaint"])]
        )._update_translations(["zh_CN"])
        chinese_placeholder = (
            self.env["cc.claim"].with_context(lang="zh_CN")._cc_placeholder()
        )
        claim = self._create_claim(with_documents=False, lines=[])
        claim.name = chinese_placeholder
        self.assertTrue(claim._cc_is_placeholder(chinese_placeholder))
        with freeze_time("2033-09-02"):
            claim.with_user(self.user_gm_office).with_context(
                lang="en_US"
            ).action_register()
        self.assertEqual(claim.name, "3309-0001")
