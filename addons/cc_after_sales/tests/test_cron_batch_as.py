from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase, tagged

OLD = datetime(2020, 3, 1)


def _only_customer(test, partner_id):
    """Limit the retention review to the test's own customer: records of
    other tests or of the demo data do not count in the batches."""
    Partner = test.env.registry["res.partner"]
    original = Partner._cc_retention_domains

    def restricted(self, now=None):
        requests, retests = original(self, now)
        mine = [("commercial_partner_id", "=", partner_id)]
        return requests + mine, retests + mine

    patcher = patch.object(Partner, "_cc_retention_domains", restricted)
    patcher.start()
    test.addCleanup(patcher.stop)


def _only_regions(test, region_ids):
    """Limit the monthly class run to the test's own regions."""
    Region = test.env.registry["cc.service.region"]
    original = Region._cc_class_cron_domain

    def restricted(self, today=None):
        return original(self, today) + [("id", "in", region_ids)]

    patcher = patch.object(Region, "_cc_class_cron_domain", restricted)
    patcher.start()
    test.addCleanup(patcher.stop)


class SchedulerCase(TransactionCase):
    cron_xmlid = None

    def _run_like_scheduler(self):
        """One call of the job's server action as ``ir.cron._run_job`` makes
        it: a progress record in the context, then the callback."""
        job = self.env.ref(self.cron_xmlid)
        cron, progress = job._add_progress()
        cron._callback(job.name, job.ir_actions_server_id.id)
        return progress

    def _batch_size(self, size):
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", str(size)
        )


@tagged("post_install", "-at_install")
class TestRetentionBatch(SchedulerCase):
    """The retention review flags one bounded batch per call and reports its
    progress until nothing past retention is left."""

    cron_xmlid = "cc_after_sales.ir_cron_cc_service_archive_retention"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.cc_as_retention_years = 2
        cls.customer = cls.env["res.partner"].create(
            {"name": "Retention Batch Customer", "is_company": True}
        )
        cls.requests = cls.env["cc.service.request"].create(
            [{"partner_id": cls.customer.id} for _number in range(5)]
        )
        cls.requests.sudo().write({"state": "closed", "closed_on": OLD})
        cls.retests = cls.env["cc.service.retest"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "report_reference": f"RB-{number}",
                    "report_date": fields.Date.today(),
                    "reason": "check",
                    "line_ids": [Command.create({"name": "pH", "tolerance": 0.1})],
                }
                for number in range(2)
            ]
        )
        cls.retests.sudo().write({"state": "done", "done_on": OLD})
        cls.manager = cls.env.ref("base.user_admin")

    def setUp(self):
        super().setUp()
        _only_customer(self, self.customer.id)

    def _reviews(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.env.company.partner_id.id),
                ("user_id", "=", self.manager.id),
                ("summary", "=like", "Service archive past retention%"),
            ]
        )

    def test_one_batch_per_call_until_done(self):
        self._batch_size(3)
        before = self._reviews()
        with freeze_time("2026-12-01"):
            progresses = [self._run_like_scheduler() for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(3, 4), (3, 1), (1, 0), (0, 0)],
            "5 requests then 2 re-tests, 3 per call; then the scheduler stops",
        )
        self.assertTrue(all(self.requests.mapped("cc_past_retention")))
        self.assertTrue(all(self.retests.mapped("cc_past_retention")))
        reviews = self._reviews() - before
        self.assertEqual(len(reviews), 3, "one review per manager and batch")
        notes = "".join(reviews.mapped("note"))
        for name in self.requests.mapped("name") + self.retests.mapped("name"):
            self.assertEqual(notes.count(name), 1, "each record listed once")
        # flagged records left the domain: a new run flags and reminds nothing
        with freeze_time("2026-12-01"):
            progress = self._run_like_scheduler()
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual(self._reviews() - before, reviews)


@tagged("post_install", "-at_install")
class TestRegionClassBatch(SchedulerCase):
    """The monthly class run classes one bounded batch of regions per call;
    the classed regions wait for the next month."""

    cron_xmlid = "cc_after_sales.ir_cron_cc_service_region_class"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regions = cls.env["cc.service.region"].create(
            [{"name": f"Batch Region {number}"} for number in range(5)]
        )

    def setUp(self):
        super().setUp()
        _only_regions(self, self.regions.ids)

    def test_one_batch_per_call_until_done(self):
        self._batch_size(2)
        with freeze_time("2026-12-10"):
            progresses = [self._run_like_scheduler() for _call in range(4)]
        self.assertEqual(
            [(p.done, p.remaining) for p in progresses],
            [(2, 3), (2, 1), (1, 0), (0, 0)],
        )
        self.assertEqual(set(self.regions.mapped("class_level")), {"3"})
        self.assertEqual(set(self.regions.mapped("class_month")), {date(2026, 12, 1)})
        computed = self.regions.mapped("class_computed_on")
        # later in the month: nothing to do; next month: every region again
        with freeze_time("2026-12-31"):
            progress = self._run_like_scheduler()
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual(self.regions.mapped("class_computed_on"), computed)
        self._batch_size(10)
        with freeze_time("2027-01-01"):
            progress = self._run_like_scheduler()
        self.assertEqual((progress.done, progress.remaining), (5, 0))
        self.assertEqual(set(self.regions.mapped("class_month")), {date(2027, 1, 1)})

    def test_archived_region_skipped(self):
        self.regions[0].active = False
        self._batch_size(10)
        progress = self._run_like_scheduler()
        self.assertEqual((progress.done, progress.remaining), (4, 0))
        self.assertFalse(self.regions[0].class_month)


@tagged("post_install", "-at_install")
class TestCronBatchConcurrencyAS(TransactionCase):
    """The retention review and the class run from two transactions at once:
    each worker takes other records (``SKIP LOCKED``), none is processed
    twice, and the batch of a worker that dies is processed by the next
    call."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create(
                {"name": "Two Workers Retention Customer", "is_company": True}
            )
            self.customer_id = customer.id
            requests = env["cc.service.request"].create(
                [{"partner_id": customer.id} for _number in range(9)]
            )
            # older than the default ten years of retention
            requests.write({"state": "closed", "closed_on": datetime(2000, 1, 1)})
            self.request_ids = requests.ids
            self.region_ids = (
                env["cc.service.region"]
                .create([{"name": f"Two Workers Region {n}"} for n in range(9)])
                .ids
            )
            self.activity_ids = env["mail.activity"].search([]).ids
            # the managers follow the company once it has had a review; the
            # first review of two workers at once waits on that follower row
            company_partner = env.company.partner_id
            managers = env.ref("cc_after_sales.group_cc_as_manager").users
            self.new_followers = (
                managers.partner_id - company_partner.message_partner_ids
            ).ids
            company_partner.message_subscribe(partner_ids=self.new_followers)
            self.company_partner_id = company_partner.id
        self.addCleanup(self._cleanup)
        batcher = self.env.registry["cc.cron.batch.mixin"]
        patcher = patch.object(batcher, "_cc_cron_batch_size", 3)
        patcher.start()
        self.addCleanup(patcher.stop)
        _only_customer(self, self.customer_id)
        _only_regions(self, self.region_ids)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.activity"].search([("id", "not in", self.activity_ids)]).unlink()
            env["res.partner"].browse(self.company_partner_id).message_unsubscribe(
                partner_ids=self.new_followers
            )
            env["cc.service.request"].browse(self.request_ids).unlink()
            env["cc.service.region"].browse(self.region_ids).unlink()
            env["res.partner"].browse(self.customer_id).unlink()

    def _worker(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")
        return api.Environment(cr, SUPERUSER_ID, {})

    def _flagged(self, env):
        return set(
            env["cc.service.request"]
            .search([("id", "in", self.request_ids), ("cc_past_retention", "=", True)])
            .ids
        )

    def test_retention_two_workers_at_once(self):
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            env1, env2 = self._worker(cr1), self._worker(cr2)
            self.assertEqual(env1["res.partner"]._cron_cc_archive_retention(), 3)
            env1.flush_all()
            # worker 1 holds its batch uncommitted: worker 2 neither waits for
            # it (lock_timeout would raise) nor takes the same requests
            self.assertEqual(env2["res.partner"]._cron_cc_archive_retention(), 3)
            env2.flush_all()
            first, second = self._flagged(env1), self._flagged(env2)
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(first & second)
            cr1.commit()
            cr2.commit()
        # a worker that dies in the middle of its batch loses nothing
        with self.env.registry.cursor() as cr:
            env = self._worker(cr)
            self.assertEqual(env["res.partner"]._cron_cc_archive_retention(), 3)
            lost = self._flagged(env) - first - second
            cr.rollback()
        with self.env.registry.cursor() as cr:
            env = self._worker(cr)
            self.assertEqual(env["res.partner"]._cron_cc_archive_retention(), 3)
            self.assertEqual(self._flagged(env) - first - second, lost)
            # a separate worker cursor, like the scheduler's job cursor
            cr.commit()  # pylint: disable=invalid-commit
        with self.env.registry.cursor() as cr:
            env = self._worker(cr)
            self.assertEqual(self._flagged(env), set(self.request_ids))
            self.assertEqual(env["res.partner"]._cron_cc_archive_retention(), 0)

    def test_region_classes_two_workers_at_once(self):
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            env1, env2 = self._worker(cr1), self._worker(cr2)
            first = env1["cc.service.region"]._cron_cc_compute_classes()
            env1.flush_all()
            second = env2["cc.service.region"]._cron_cc_compute_classes()
            env2.flush_all()
            self.assertEqual((len(first), len(second)), (3, 3))
            self.assertFalse(set(first.ids) & set(second.ids))
            cr1.commit()
            cr2.commit()
        with self.env.registry.cursor() as cr:
            lost = self._worker(cr)["cc.service.region"]._cron_cc_compute_classes()
            self.assertEqual(len(lost), 3)
            cr.rollback()
        with self.env.registry.cursor() as cr:
            last = self._worker(cr)["cc.service.region"]._cron_cc_compute_classes()
            self.assertEqual(last.ids, lost.ids, "the lost batch again")
            cr.commit()  # pylint: disable=invalid-commit
        with self.env.registry.cursor() as cr:
            regions = self._worker(cr)["cc.service.region"].browse(self.region_ids)
            self.assertTrue(all(regions.mapped("class_month")))
            self.assertFalse(regions._cron_cc_compute_classes())
