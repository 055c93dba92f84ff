import io

import psycopg2.errors
from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common_service import AfterSalesCommon


@tagged("post_install", "-at_install")
class TestLoaner(AfterSalesCommon):
    """Standby units (备机) lent to customers and stations, per region."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        jiangsu = cls.env.ref("base.state_cn_JS")
        shandong = cls.env.ref("base.state_cn_SD")
        cls.customer.state_id = jiangsu
        cls.customer2.state_id = shandong
        cls.region_east = cls.env["cc.service.region"].create(
            {
                "name": "Test East",
                "sequence": 1,
                "state_ids": [Command.set(jiangsu.ids)],
                "user_ids": [Command.set(cls.engineer.ids)],
            }
        )
        cls.region_north = cls.env["cc.service.region"].create(
            {
                "name": "Test North",
                "sequence": 2,
                "state_ids": [Command.set(shandong.ids)],
            }
        )
        cls.unit = cls._make_lot("LOAN-0001")
        cls.unit2 = cls._make_lot("LOAN-0002")
        cls.unit3 = cls._make_lot("LOAN-0003")
        cls.stock = cls.warehouse.lot_stock_id

    def _loaner(self, unit=None, partner=None, deadline="2031-03-17", user=None):
        form = Form(self.env["cc.loaner"].with_user(user or self.engineer))
        form.lot_id = unit or self.unit
        form.borrower_id = partner or self.customer
        form.deadline = deadline
        return form.save()

    def _qty(self, unit, location):
        return sum(
            self.env["stock.quant"]
            .search([("lot_id", "=", unit.id), ("location_id", "=", location.id)])
            .mapped("quantity")
        )

    def test_regions_of_the_customers(self):
        self.assertEqual(self.customer.cc_service_region_id, self.region_east)
        self.assertEqual(self.customer2.cc_service_region_id, self.region_north)
        # a customer moving to another covered state changes region
        self.customer.state_id = self.env.ref("base.state_cn_SD")
        self.assertEqual(self.customer.cc_service_region_id, self.region_north)

    def test_lend_overdue_reminder_return(self):
        with freeze_time("2031-03-03 02:00:00"):
            loaner = self._loaner()
            self.assertEqual(loaner.region_id, self.region_east)
            self.assertTrue(loaner.name.startswith("LN/2031/"))
            loaner.action_lend()
            self.assertEqual(loaner.state, "out")
            self.assertEqual(loaner.date_out.isoformat(), "2031-03-03")
            location = self.env["stock.location"]._cc_loaner_location(self.company)
            self.assertTrue(location.cc_as_loaner)
            self.assertEqual(location.usage, "internal", "the unit stays ours")
            self.assertEqual(loaner.picking_out_id.state, "done")
            self.assertEqual(
                loaner.picking_out_id.move_ids.move_line_ids.lot_id, self.unit
            )
            self.assertEqual(self._qty(self.unit, self.stock), 0)
            self.assertEqual(self._qty(self.unit, location), 1)
            self.assertEqual(self.unit.cc_open_loaner_id, loaner)
            self.assertEqual(self.region_east.loaner_out_count, 1)

        with freeze_time("2031-03-17 10:00:00"):
            self.env["cc.loaner"]._cron_cc_mark_overdue()
            self.assertFalse(loaner.is_overdue, "due today is not late yet")
        with freeze_time("2031-03-18 01:00:00"):
            self.env["cc.loaner"]._cron_cc_mark_overdue()
            self.assertTrue(loaner.is_overdue)
            activity = loaner.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.engineer)
            self.assertIn("LOAN-0001", activity.summary)
            self.assertIn("Huaxin Instruments", activity.summary)
            self.region_east.invalidate_recordset()
            self.assertEqual(self.region_east.loaner_overdue_count, 1)
            # a second run reminds no one twice
            self.env["cc.loaner"]._cron_cc_mark_overdue()
            self.assertEqual(len(loaner.activity_ids), 1)

        with freeze_time("2031-03-20 03:00:00"):
            loaner.with_user(self.engineer).action_return()
            self.assertEqual(loaner.state, "returned")
            self.assertEqual(loaner.date_returned.isoformat(), "2031-03-20")
            self.assertFalse(loaner.is_overdue)
            self.assertFalse(loaner.activity_ids, "the reminder is answered")
            self.assertEqual(loaner.picking_return_id.state, "done")
            self.assertEqual(loaner.picking_return_id.location_dest_id, self.stock)
            self.assertEqual(self._qty(self.unit, self.stock), 1)
            self.assertEqual(self._qty(self.unit, location), 0)
            self.assertFalse(self.unit.cc_open_loaner_id)
            self.region_east.invalidate_recordset()
            self.assertEqual(self.region_east.loaner_out_count, 0)
            # back in stock: it can go out again
            again = self._loaner(deadline="2031-04-01")
            again.action_lend()
            self.assertEqual(again.state, "out")

    def test_unit_cannot_be_out_twice(self):
        with freeze_time("2031-03-03 02:00:00"):
            first = self._loaner()
            first.action_lend()
            second = self._loaner(partner=self.customer2)
            with self.assertFails(UserError, r"LOAN-0001 is already out on loaner LN/"):
                second.action_lend()
            self.assertEqual(second.state, "draft")
            # two drafts of the same unit lent together: refused as well
            third = self._loaner(unit=self.unit2)
            fourth = self._loaner(unit=self.unit2, partner=self.customer2)
            with self.assertFails(UserError, "LOAN-0002 is already out"):
                (third | fourth).action_lend()

    def test_bad_input(self):
        with freeze_time("2031-03-03 02:00:00"):
            # a unit sold to a customer is not in our stock
            sold = self._loaner(unit=self.lot)
            with self.assertFails(UserError, "SX1-0001 is not available in"):
                sold.action_lend()
            # the form requires it; an import or an RPC call may not
            no_due = (
                self.env["cc.loaner"]
                .with_user(self.engineer)
                .create({"lot_id": self.unit.id, "borrower_id": self.customer.id})
            )
            with self.assertFails(UserError, "Due Back On"):
                no_due.action_lend()
            with self.assertFails(ValidationError, r"due date \(2031-03-01\)"):
                self._loaner(deadline="2031-03-01")
            loaner = self._loaner()
            with self.assertFails(UserError, "changes only through its buttons"):
                loaner.with_user(self.engineer).write({"state": "out"})
            loaner.action_cancel()
            with self.assertFails(AccessError, "Manager"):
                loaner.with_user(self.engineer).action_reset()
            loaner.with_user(self.manager).action_reset()
            self.assertEqual(loaner.state, "draft")

    def test_monthly_xlsx_loaners_and_replacements(self):
        with freeze_time("2031-03-02 02:00:00"):
            overdue = self._loaner(deadline="2031-03-10")
            overdue.action_lend()
        with freeze_time("2031-03-05 02:00:00"):
            back = self._loaner(unit=self.unit2, deadline="2031-03-20")
            back.action_lend()
        with freeze_time("2031-03-15 02:00:00"):
            back.action_return()
        with freeze_time("2031-03-25 02:00:00"):
            self._loaner(
                unit=self.unit3, partner=self.customer2, deadline="2031-04-10"
            ).action_lend()
        Replacement = self.env["cc.unit.replacement"].with_user(self.engineer)
        for day, partner in (
            ("2031-03-04", self.customer),
            ("2031-03-09", self.contact),
            ("2031-03-28", self.customer2),
            ("2031-04-02", self.customer),
        ):
            old = self.env["stock.lot"].create(
                {"name": f"OLD-{day}", "product_id": self.product.id}
            )
            new = self.env["stock.lot"].create(
                {"name": f"NEW-{day}", "product_id": self.product.id}
            )
            Replacement.create(
                {
                    "partner_id": partner.id,
                    "date": day,
                    "old_lot_id": old.id,
                    "new_lot_id": new.id,
                    "reason": "Board burnt",
                }
            )
        report = self.env.ref(
            "cc_after_sales.cc_after_sales_monthly_xlsx_report"
        ).with_user(self.manager)
        data = {
            "date_from": "2031-03-01",
            "date_to": "2031-03-31",
            "company_id": self.company.id,
        }
        content, fmt = report._render_xlsx(report.report_name, [], data=data)
        self.assertEqual(fmt, "xlsx")
        book = load_workbook(io.BytesIO(content), read_only=True)
        self.assertIn("Parts Reissued", book.sheetnames)
        loaners = [
            row for row in book["Loaners"].iter_rows(min_row=4, values_only=True)
        ]
        self.assertEqual(
            loaners,
            [
                (
                    "Region",
                    "Out at Period End",
                    "Overdue at Period End",
                    "Lent in Period",
                    "Returned in Period",
                ),
                ("Test East", 1, 1, 2, 1),
                ("Test North", 1, 0, 1, 0),
                ("Total", 2, 1, 3, 1),
            ],
        )
        replacements = [
            row for row in book["Replacements"].iter_rows(min_row=4, values_only=True)
        ]
        self.assertEqual(
            replacements,
            [
                ("Region", "Replacements"),
                ("Test East", 2),
                ("Test North", 1),
                ("Total", 3),
            ],
        )

    def test_replacement_bad_input(self):
        with self.assertFails(ValidationError, "new unit must differ"):
            self.env["cc.unit.replacement"].create(
                {
                    "partner_id": self.customer.id,
                    "old_lot_id": self.unit.id,
                    "new_lot_id": self.unit.id,
                    "reason": "Same unit",
                }
            )


@tagged("post_install", "-at_install")
class TestLoanerConcurrency(TransactionCase):
    """Two users lend the same unit at once: the second transaction fails on
    the unit's row lock with a serialization error, which Odoo retries; the
    retry sees the unit out and is refused. A company of its own keeps the
    committed records away from the other tests."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create({"name": "Loaner Concurrency Co"})
            env = env(context={"allowed_company_ids": company.ids})
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            product = env["product.product"].create(
                {
                    "name": "Concurrency Analyser",
                    "is_storable": True,
                    "tracking": "serial",
                    "company_id": company.id,
                }
            )
            lot = env["stock.lot"].create(
                {
                    "name": "CONC-0001",
                    "product_id": product.id,
                    "company_id": company.id,
                }
            )
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1, lot_id=lot
            )
            partner = env["res.partner"].create(
                {"name": "Concurrency Borrower", "company_id": company.id}
            )
            loaners = env["cc.loaner"].create(
                [
                    {
                        "company_id": company.id,
                        "lot_id": lot.id,
                        "borrower_id": partner.id,
                        "deadline": "2099-01-01",
                    }
                    for _i in range(2)
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
            self.company_id = company.id
            self.loaner_ids = loaners.ids
        self.envs = [
            api.Environment(
                self.env.registry.cursor(),
                SUPERUSER_ID,
                {"allowed_company_ids": [self.company_id]},
            )
            for _i in range(2)
        ]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        for env in self.envs:
            env.cr.rollback()
            env.cr.close()

    def test_second_transaction_fails_then_is_refused(self):
        env1, env2 = self.envs
        first_id, second_id = self.loaner_ids
        # cr1 takes its snapshot before cr2 lends the unit
        env1.cr.execute("SELECT 1")
        env2["cc.loaner"].browse(first_id).action_lend()
        env2.cr.commit()  # pylint: disable=invalid-commit
        with self.assertRaises(psycopg2.errors.SerializationFailure):
            with env1.cr.savepoint(flush=False):
                env1["cc.loaner"].browse(second_id).action_lend()
        # what Odoo's retry does: a new transaction
        env1.cr.rollback()
        env1.invalidate_all()
        with self.assertRaisesRegex(UserError, "CONC-0001 is already out"):
            env1["cc.loaner"].browse(second_id).action_lend()
        env1.cr.rollback()
        env1.invalidate_all()
        loaners = env1["cc.loaner"].browse(self.loaner_ids)
        self.assertEqual(loaners.mapped("state"), ["out", "draft"])
        # the unit back to stock: nothing stays out after the test
        loaners[0].action_return()
        env1.cr.commit()  # pylint: disable=invalid-commit


@tagged("post_install", "-at_install")
class TestMonthlyXlsxParts(AfterSalesCommon):
    """The reissued-parts and NTF sheets of the monthly report."""

    def _render(self):
        report = self.env.ref("cc_after_sales.cc_after_sales_monthly_xlsx_report")
        content, _fmt = report.with_user(self.manager)._render_xlsx(
            report.report_name,
            [],
            data={
                "date_from": "2031-03-01",
                "date_to": "2031-03-31",
                "company_id": self.company.id,
            },
        )
        return load_workbook(io.BytesIO(content), read_only=True)

    def test_parts_reissued_and_ntf(self):
        if "cc.spare.part.notice" not in self.env or "cc.returned.part" not in self.env:
            self.skipTest("no spare-part notices or returned parts")
        self.part.standard_price = 100.0
        self.part2.standard_price = 20.0
        Notice = self.env["cc.spare.part.notice"].sudo()
        for kind, day, lines, state in (
            ("warranty", "2031-03-03", [(self.part, 2)], "done"),
            ("chargeable", "2031-03-10", [(self.part, 1), (self.part2, 3)], "done"),
            ("warranty", "2031-03-12", [(self.part, 7)], "draft"),
            ("chargeable", "2031-04-02", [(self.part2, 5)], "done"),
        ):
            notice = Notice.create(
                {
                    "kind": kind,
                    "partner_id": self.customer.id,
                    "date_ship": day,
                    "line_ids": [
                        Command.create({"product_id": part.id, "quantity": qty})
                        for part, qty in lines
                    ],
                }
            )
            notice.write({"state": state})
        Returned = self.env["cc.returned.part"].sudo()
        for verdict, day in (
            ("ntf", "2031-03-05"),
            ("defect", "2031-03-06"),
            ("defect", "2031-03-07"),
            ("damaged", "2031-03-08"),
            ("ntf", "2031-04-01"),
        ):
            Returned.create(
                {
                    "product_id": self.part.id,
                    "verdict": verdict,
                    "date_analysed": day,
                }
            )
        book = self._render()
        parts = list(book["Parts Reissued"].iter_rows(min_row=4, values_only=True))
        self.assertEqual(parts[0][0], "Part")
        self.assertEqual(
            parts[1:],
            [
                ("Lamp module", 2, 200, 1, 100),
                ("Sample cell", 0, 0, 3, 60),
                ("Total", 2, 200, 4, 160),
            ],
        )
        ntf = list(book["NTF"].iter_rows(min_row=4, values_only=True))
        self.assertEqual(
            ntf,
            [
                (
                    "Part",
                    "Confirmed Defect",
                    "No Trouble Found (NTF)",
                    "Damaged by Use",
                    "Analysed",
                    "NTF Rate (%)",
                ),
                ("Lamp module", 2, 1, 1, 4, 25),
                ("Total", 2, 1, 1, 4, None),
            ],
        )
