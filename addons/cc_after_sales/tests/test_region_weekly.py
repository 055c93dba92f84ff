from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_service import AfterSalesCommon


@tagged("post_install", "-at_install")
class TestRegionClass(AfterSalesCommon):
    """Region classes from the posted sales of the last twelve months, with
    the thresholds lowered to a few units."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1
        ):
            # a company without a chart of accounts gets Odoo's generic one (its
            # sales journal and accounts), as account's own test classes do
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.company, install_demo=False
            )
        cls.company.write(
            {"cc_as_region_class1_units": 20.0, "cc_as_region_class2_units": 10.0}
        )
        cls.board = cls.env["product.product"].create(
            {"name": "Control board", "type": "consu", "invoice_policy": "order"}
        )
        cls.fragile = cls.env["product.product"].create(
            {
                "name": "Fragile sensor",
                "type": "consu",
                "invoice_policy": "order",
                "cc_high_failure_model": True,
            }
        )
        cls.regions = {}
        cls.customers = {}
        for key, state in (
            ("big", "base.state_cn_GD"),
            ("fragile", "base.state_cn_SC"),
            ("medium", "base.state_cn_HB"),
            ("small", "base.state_cn_FJ"),
        ):
            cls.regions[key] = cls.env["cc.service.region"].create(
                {
                    "name": f"Test {key}",
                    "state_ids": [Command.set(cls.env.ref(state).ids)],
                }
            )
            cls.customers[key] = cls.env["res.partner"].create(
                {"name": f"{key.title()} Customer", "state_id": cls.env.ref(state).id}
            )

    def _invoice_sale(self, key, product, qty):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customers[key].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": 10,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def _move(self, key, qty, move_type="out_invoice", invoice_date=None, post=True):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.customers[key].id,
                "invoice_date": invoice_date or fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.board.id, "quantity": qty, "price_unit": 10}
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def test_classes_from_posted_sales(self):
        self.assertEqual(
            self.customers["big"].cc_service_region_id, self.regions["big"]
        )
        self._invoice_sale("big", self.board, 25)
        self._invoice_sale("fragile", self.fragile, 12)
        self._invoice_sale("medium", self.board, 15)
        self._move("medium", 3, move_type="out_refund")
        # not counted: a draft invoice, an invoice older than twelve months
        self._move("small", 50, post=False)
        self._move("small", 50, invoice_date=date.today() - timedelta(days=400))
        self._invoice_sale("small", self.board, 4)
        regions = self.env["cc.service.region"].browse(
            [region.id for region in self.regions.values()]
        )
        regions.with_user(self.manager).action_compute_class()
        big, fragile, medium, small = (
            self.regions[k] for k in ("big", "fragile", "medium", "small")
        )
        self.assertEqual((big.annual_units, big.class_level), (25.0, "1"))
        self.assertEqual(
            (fragile.annual_units, fragile.high_failure_units, fragile.class_level),
            (12.0, 12.0, "1"),
            "the class-2 volume of high-failure models is class 1",
        )
        self.assertEqual((medium.annual_units, medium.class_level), (12.0, "2"))
        self.assertEqual((small.annual_units, small.class_level), (4.0, "3"))
        self.assertTrue(small.class_computed_on)
        # more sales: the monthly cron moves the region up
        self._invoice_sale("small", self.board, 10)
        self.env["cc.service.region"]._cron_cc_compute_classes()
        self.assertEqual((small.annual_units, small.class_level), (14.0, "2"))
        self.assertEqual(big.class_level, "1")

    def test_threshold_settings_validated(self):
        with self.assertFails(ValidationError, "class-2 volume"):
            self.company.cc_as_region_class2_units = 30.0


@tagged("post_install", "-at_install")
class TestWeeklyReport(AfterSalesCommon):
    """Weekly reports of the field staff, due Monday 13:00 Shanghai time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.region = cls.env["cc.service.region"].create(
            {"name": "Test Weekly Region", "user_ids": [Command.set(cls.engineer.ids)]}
        )

    def _report(self, week, user=None):
        form = Form(self.env["cc.field.weekly.report"].with_user(user or self.engineer))
        form.week_start = week
        form.done_text = "<p>Two commissionings</p>"
        with form.line_ids.new() as line:
            line.holder_id = self.customer
            line.product_id = self.product
            line.quantity = 3
        return form.save()

    def test_overdue_after_monday_1300_shanghai(self):
        # Wednesday 2031-03-05 in Shanghai
        with freeze_time("2031-03-05 02:00:00"):
            report = self._report("2031-03-03")
            self.assertEqual(report.region_id, self.region, "the user's region")
            self.assertEqual(report.faulty_qty, 3)
            # Monday 2031-03-10 13:00 in Shanghai is 05:00 UTC
            self.assertEqual(
                fields.Datetime.to_string(report.due_at), "2031-03-10 05:00:00"
            )
        Report = self.env["cc.field.weekly.report"]
        with freeze_time("2031-03-10 04:59:00"):
            Report._cron_cc_mark_overdue()
            self.assertFalse(report.is_overdue, "12:59 in Shanghai is in time")
        with freeze_time("2031-03-10 05:01:00"):
            Report._cron_cc_mark_overdue()
            self.assertTrue(report.is_overdue)
            self.assertEqual(report.activity_ids.user_id, self.engineer)
            report.with_user(self.engineer).action_submit()
            self.assertEqual(report.state, "submitted")
            self.assertTrue(report.is_late)
            self.assertFalse(report.is_overdue)

    def test_submitted_in_time_is_not_late(self):
        with freeze_time("2031-03-10 04:00:00"):
            report = self._report("2031-03-03")
            report.with_user(self.engineer).action_submit()
            self.assertFalse(report.is_late)
        with freeze_time("2031-03-11 04:00:00"):
            self.env["cc.field.weekly.report"]._cron_cc_mark_overdue()
            self.assertFalse(report.is_overdue)

    def test_future_week_refused(self):
        with freeze_time("2031-03-05 02:00:00"):
            with self.assertFails(
                ValidationError, "week of 2031-03-10 has not started"
            ):
                self._report("2031-03-10")
            with self.assertFails(ValidationError, "must be a Monday; 2031-03-04"):
                self._report("2031-03-04")
        # Sunday 17:00 UTC is already Monday 01:00 in Shanghai: the new week
        with freeze_time("2031-03-09 17:00:00"):
            self.assertEqual(self._report("2031-03-10").state, "draft")

    def test_one_report_per_user_and_week(self):
        with freeze_time("2031-03-05 02:00:00"):
            self._report("2031-03-03")
            with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
                self._report("2031-03-03")

    def test_access_own_reports(self):
        with freeze_time("2031-03-05 02:00:00"):
            mine = self._report("2031-03-03")
            other = self._report("2031-03-03", user=self.engineer2)
            Report = self.env["cc.field.weekly.report"]
            self.assertEqual(Report.with_user(self.engineer).search([]), mine)
            self.assertEqual(
                Report.with_user(self.manager).search(
                    [("id", "in", (mine | other).ids)]
                ),
                mine | other,
            )
            with self.assertRaises(AccessError):
                other.with_user(self.engineer).action_submit()
            with self.assertRaises(AccessError):
                other.with_user(self.engineer).read(["done_text"])
            # a manager may submit for the field staff, only a manager resets
            other.with_user(self.manager).action_submit()
            mine.with_user(self.engineer).action_submit()
            with self.assertFails(AccessError, "Manager"):
                mine.with_user(self.engineer).action_reset()
            with self.assertFails(UserError, "changes only through its buttons"):
                other.with_user(self.manager).write({"state": "draft"})
            # a submitted report no longer changes
            with self.assertFails(UserError, "is submitted: reset it to draft"):
                mine.with_user(self.engineer).done_text = "<p>Rewritten</p>"
            with self.assertFails(UserError, "is submitted: reset it to draft"):
                mine.line_ids.with_user(self.engineer).quantity = 1
            mine.with_user(self.manager).action_reset()
            mine.with_user(self.engineer).line_ids.quantity = 1
            self.assertEqual(mine.faulty_qty, 1)
