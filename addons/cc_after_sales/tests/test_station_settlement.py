from datetime import date, datetime

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

from .common_service import SIGNATURE, AfterSalesCommon

MONTH = date(2026, 10, 1)


@tagged("post_install", "-at_install")
class TestStationSettlement(AfterSalesCommon):
    """Authorized service stations: their work orders reviewed by our staff,
    settled monthly into a draft vendor bill at the contract rates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = new_test_user(
            cls.env,
            login="as_finance",
            name="As Finance",
            email="as_finance@example.com",
            groups="base.group_user,cc_after_sales.group_cc_as_finance",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.accountant = new_test_user(
            cls.env,
            login="as_accountant",
            name="Plain Accountant",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        region = cls.env["cc.service.region"].create({"name": "Station Test Region"})
        cls.station, cls.station2 = cls.env["res.partner"].create(
            [
                {
                    "name": "Hangzhou Service Station",
                    "is_company": True,
                    "cc_is_service_station": True,
                    "cc_service_region_id": region.id,
                },
                {
                    "name": "Nanjing Service Station",
                    "is_company": True,
                    "cc_is_service_station": True,
                    "cc_service_region_id": region.id,
                },
            ]
        )
        cls.station_user = cls._station_user(cls.station, "station_hz")
        cls.station2_user = cls._station_user(cls.station2, "station_nj")
        cls.station_worker = cls.env["fsm.person"].create(
            {"name": "Zhao Gang", "parent_id": cls.station.id}
        )
        cls.env["cc.service.station.rate"].create(
            [
                {
                    "station_id": cls.station.id,
                    "service_type": "repair",
                    "amount": 100.0,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 10, 15),
                },
                {
                    "station_id": cls.station.id,
                    "service_type": "repair",
                    "amount": 120.0,
                    "date_from": date(2026, 10, 16),
                },
                {
                    "station_id": cls.station.id,
                    "service_type": "commissioning",
                    "amount": 300.0,
                    "date_from": date(2026, 1, 1),
                },
            ]
        )
        cls.location = cls.env["fsm.location"]._cc_for_partner(cls.customer)

    @classmethod
    def _station_user(cls, station, login):
        contact = cls.env["res.partner"].create(
            {"name": login.title(), "parent_id": station.id, "email": f"{login}@x.com"}
        )
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=contact.id,
        )

    def _order(self, day, service_type="repair", station=None, sign=True):
        station = station or self.station
        moment = datetime(2026, 10, day, 4, 0)
        order = self.env["fsm.order"].create(
            {
                "cc_station_id": station.id,
                "cc_station_customer": "Huaxin Instruments",
                "cc_service_type": service_type,
                "location_id": self.location.id,
                "person_id": self.station_worker.id,
                "scheduled_date_start": moment,
                "date_start": moment,
                "date_end": moment,
                "cc_lot_ids": [Command.set(self.lot.ids)],
                "resolution": "<p>Lamp replaced</p>",
            }
        )
        if sign:
            order._cc_sign_receipt("Li Wei", SIGNATURE)
        return order

    def _settle(self, user=None):
        return (
            self.env["cc.station.settlement"]
            .with_user(user or self.finance)
            ._cc_settle(self.station, MONTH)
        )

    # ------------------------------------------------------------------
    def test_settlement_bill_with_exact_amounts(self):
        early = self._order(5)  # repair at 100
        late = self._order(20)  # repair at the new rate, 120
        commissioning = self._order(10, "commissioning")  # 300
        rejected = self._order(12)
        pending = self._order(13)
        unsigned = self._order(14, sign=False)
        other_station = self._order(15, station=self.station2)
        next_month = self._order(1)
        next_month.with_context(cc_signing=True).sudo().write(
            {"date_end": datetime(2026, 11, 1, 4, 0)}
        )
        self.assertEqual(early.cc_station_work_date, date(2026, 10, 5))
        self.assertEqual(pending.cc_station_review, "pending")
        (early | late | commissioning | unsigned | next_month).with_user(
            self.engineer
        ).action_cc_station_accept()
        rejected.with_user(self.engineer).action_cc_station_reject("Unit was not ours")
        self.assertEqual(rejected.cc_station_review_reason, "Unit was not ours")
        self.assertEqual(early.cc_station_reviewer_id, self.engineer)

        settlement = self._settle()
        self.assertEqual(settlement.state, "billed")
        bill = settlement.bill_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.partner_id, self.station)
        self.assertEqual(bill.invoice_date, date(2026, 10, 31))
        self.assertEqual(bill.amount_untaxed, 520.0)
        self.assertEqual(
            sorted(bill.invoice_line_ids.mapped("price_subtotal")),
            [100.0, 120.0, 300.0],
        )
        for order, amount in ((early, 100.0), (late, 120.0), (commissioning, 300.0)):
            line = bill.invoice_line_ids.filtered(
                lambda x, o=order: x.name.startswith(o.name)
            )
            self.assertEqual(line.price_unit, amount)
            self.assertEqual(order.cc_settlement_id, settlement)
        self.assertEqual(settlement.amount_total, 520.0)
        self.assertEqual(settlement.order_count, 3)
        reasons = {line.order_id: line.reason for line in settlement.line_ids}
        self.assertEqual(
            reasons,
            {
                early: "included",
                late: "included",
                commissioning: "included",
                rejected: "rejected",
                pending: "not_reviewed",
                unsigned: "unsigned",
            },
        )
        self.assertFalse(rejected.cc_settlement_id)
        # engineers read the settlement (not the bill); finance the form
        with Form(settlement.with_user(self.engineer)) as form:
            self.assertEqual(form.amount_total, 520.0)
        with Form(settlement.with_user(self.finance)) as form:
            self.assertEqual(form.bill_id, bill)
        self.assertNotIn(other_station, settlement.line_ids.order_id)
        self.assertNotIn(next_month, settlement.line_ids.order_id)

        # a month is settled once
        with self.assertFails(UserError, "already settled for 2026-10"):
            self._settle()
        # a paid work order is frozen
        with self.assertFails(UserError, "already paid"):
            early.with_user(self.manager).action_cc_station_reset_review()
        with self.assertFails(UserError, "is paid in settlement"):
            early.with_user(self.manager).write({"cc_station_id": self.station2.id})

        # cancelling (bill still draft) releases the work orders
        settlement.with_user(self.finance).action_cancel()
        self.assertEqual(settlement.state, "cancel")
        self.assertEqual(bill.state, "cancel")
        self.assertFalse(early.cc_settlement_id)
        pending.with_user(self.engineer).action_cc_station_accept()
        again = self._settle()
        self.assertEqual(again.amount_total, 620.0)
        self.assertEqual(again.bill_id.amount_untaxed, 620.0)

        # the accountant, without after-sales rights, posts the bill: done
        if not again.bill_id.journal_id.default_account_id:
            self.skipTest("no chart of accounts")
        again.bill_id.with_user(self.accountant).action_post()
        self.assertEqual(again.state, "done")
        with self.assertFails(UserError, "only possible from Draft, Billed"):
            again.with_user(self.finance).action_cancel()
        # reset to draft in Accounting: billed again, and then cancellable
        again.bill_id.with_user(self.accountant).button_draft()
        self.assertEqual(again.state, "billed")
        again.with_user(self.finance).action_cancel()
        self.assertFalse(early.cc_settlement_id)

    def test_settlement_of_an_empty_month_refuses(self):
        self._order(5)  # not reviewed
        with self.assertFails(UserError, "no accepted work order"):
            self._settle()

    def test_settlement_needs_finance(self):
        order = self._order(5)
        order.with_user(self.engineer).action_cc_station_accept()
        with self.assertRaises(AccessError):
            self._settle(user=self.engineer)

    def test_settlement_form_normalises_the_month(self):
        form = Form(self.env["cc.station.settlement"].with_user(self.finance))
        form.station_id = self.station
        form.date_from = date(2026, 10, 17)
        settlement = form.save()
        self.assertEqual(settlement.date_from, MONTH)
        self.assertEqual(settlement.date_to, date(2026, 10, 31))
        self.assertTrue(settlement.name.startswith("SST/"))
        with self.assertFails(UserError, "not an authorized service station"):
            self.env["cc.station.settlement"].with_user(self.finance).create(
                {"station_id": self.customer.id, "date_from": MONTH}
            )

    def test_review_only_through_the_buttons(self):
        order = self._order(5)
        with self.assertFails(UserError, "Station Review"):
            order.with_user(self.manager).write({"cc_station_review": "accepted"})
        with self.assertFails(UserError, "Station Review"):
            self.env["fsm.order"].with_user(self.manager).create(
                {
                    "cc_station_id": self.station.id,
                    "location_id": self.location.id,
                    "cc_station_review": "accepted",
                }
            )
        with self.assertFails(UserError, "reason"):
            order.with_user(self.engineer).action_cc_station_reject("  ")
        with self.assertRaises(AccessError):
            order.with_user(self.finance).action_cc_station_accept()
        order.with_user(self.engineer).action_cc_station_accept()
        with self.assertFails(UserError, "already reviewed"):
            order.with_user(self.engineer).action_cc_station_reject("late")
        with self.assertRaises(AccessError):
            order.with_user(self.engineer).action_cc_station_reset_review()
        order.with_user(self.manager).action_cc_station_reset_review()
        self.assertEqual(order.cc_station_review, "pending")
        # the reject wizard asks for the reason
        action = order.with_user(self.engineer).action_cc_station_reject_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.engineer)
            .with_context(**action["context"])
        )
        wizard.reason = "Photos missing"
        wizard.save().action_confirm()
        self.assertEqual(order.cc_station_review, "rejected")
        tracked = order.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "cc_station_review"
        )
        self.assertTrue(tracked)
        # a dispatch of our own engineers is no station work order
        own = self.env["fsm.order"].create({"location_id": self.location.id})
        self.assertFalse(own.cc_station_review)
        with self.assertFails(UserError, "not a service station's work order"):
            own.with_user(self.engineer).action_cc_station_accept()

    def test_rates_bad_input(self):
        Rate = self.env["cc.service.station.rate"].with_user(self.manager)
        with self.assertFails(ValidationError, "greater than zero"):
            Rate.create(
                {
                    "station_id": self.station2.id,
                    "service_type": "repair",
                    "amount": 0.0,
                }
            )
        with self.assertFails(ValidationError, "may not overlap"):
            Rate.create(
                {
                    "station_id": self.station.id,
                    "service_type": "repair",
                    "amount": 90.0,
                    "date_from": date(2026, 10, 1),
                    "date_to": date(2026, 10, 31),
                }
            )
        with self.assertFails(ValidationError, "before it starts"):
            Rate.create(
                {
                    "station_id": self.station2.id,
                    "service_type": "repair",
                    "amount": 90.0,
                    "date_from": date(2026, 10, 1),
                    "date_to": date(2026, 9, 30),
                }
            )
        with self.assertRaises(AccessError):
            Rate.with_user(self.engineer).create(
                {
                    "station_id": self.station2.id,
                    "service_type": "repair",
                    "amount": 90.0,
                }
            )

    def test_station_people(self):
        station = self.station.with_user(self.engineer)
        self.assertEqual(station.cc_station_user_ids, self.station_user)
        self.assertEqual(station.cc_station_worker_ids, self.station_worker)
        self.assertEqual(len(station.cc_station_rate_ids), 3)
        self.assertEqual(station.cc_service_region_id.name, "Station Test Region")
        with self.assertRaises(ValidationError):
            self.station_user.partner_id.cc_is_service_station = True

    def test_station_portal_user_sees_only_its_orders(self):
        mine = self._order(5)
        theirs = self._order(6, station=self.station2)
        # the other station's user follows the order: still not readable
        theirs.message_subscribe(partner_ids=self.station_user.partner_id.ids)
        Order = self.env["fsm.order"].with_user(self.station_user)
        self.assertEqual(Order.search([("cc_station_id", "!=", False)]), mine)
        self.assertEqual(mine.with_user(self.station_user).name, mine.name)
        with self.assertRaises(AccessError):
            theirs.with_user(self.station_user).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.station_user).write({"cc_station_customer": "x"})
        self.assertEqual(
            self.env["fsm.order"]
            .with_user(self.station2_user)
            .search([("cc_station_id", "!=", False)]),
            theirs,
        )
        # our own staff is not restricted by the station rule
        self.assertIn(theirs, self.env["fsm.order"].with_user(self.engineer).search([]))


@tagged("post_install", "-at_install")
class TestStationPortal(HttpCase):
    def test_station_records_a_work_order(self):
        station = self.env["res.partner"].create(
            {"name": "Wuxi Service Station", "is_company": True}
        )
        station.cc_is_service_station = True
        contact = self.env["res.partner"].create(
            {"name": "Wuxi Desk", "parent_id": station.id, "email": "wuxi@x.com"}
        )
        new_test_user(
            self.env,
            login="station_wx",
            password="station_wx_pw1",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        self.authenticate("station_wx", "station_wx_pw1")
        page = self.url_open("/my/station/orders")
        self.assertEqual(page.status_code, 200)
        self.assertIn("New Work Order", page.text)
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "customer": "Taihu Labs",
            "service_type": "commissioning",
            "work_date": "2026-10-08",
            "units": "NOSUCHSERIAL",
            "findings": "Installed",
            "work_done": "Commissioned the unit",
        }
        page = self.url_open("/my/station/orders/new", data=data)
        self.assertIn("Unknown serial number(s): NOSUCHSERIAL", page.text)
        data["units"] = ""
        page = self.url_open("/my/station/orders/new", data=data)
        self.assertEqual(page.status_code, 200)
        order = self.env["fsm.order"].search([("cc_station_id", "=", station.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.cc_station_customer, "Taihu Labs")
        self.assertEqual(order.cc_service_type, "commissioning")
        self.assertEqual(order.cc_station_work_date, date(2026, 10, 8))
        self.assertEqual(order.cc_station_review, "pending")
        self.assertIn(f"/my/service/dispatch/{order.id}", page.url)
        data["work_date"] = "2999-01-01"
        page = self.url_open("/my/station/orders/new", data=data)
        self.assertIn("is in the future", page.text)
        listing = self.url_open("/my/station/orders")
        self.assertIn(order.name, listing.text)


@tagged("post_install", "-at_install")
class TestStationSettlementConcurrency(TransactionCase):
    """Two transactions settle the same station and month at once: one bill
    (the work orders are locked; the second transaction fails with a
    serialization error, which Odoo retries, and the retry is refused)."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            journal = env["account.journal"].search(
                [("type", "=", "purchase"), ("company_id", "=", env.company.id)],
                limit=1,
            )
            if not journal:
                self.skipTest("the main company has no chart of accounts")
            station = env["res.partner"].create(
                {
                    "name": "Concurrency Station",
                    "is_company": True,
                    "cc_is_service_station": True,
                }
            )
            rate = env["cc.service.station.rate"].create(
                {
                    "station_id": station.id,
                    "service_type": "repair",
                    "amount": 80.0,
                    "date_from": date(2026, 1, 1),
                }
            )
            location = env["fsm.location"]._cc_for_partner(station)
            moment = datetime(2026, 10, 9, 4, 0)
            orders = env["fsm.order"].create(
                [
                    {
                        "cc_station_id": station.id,
                        "cc_service_type": "repair",
                        "location_id": location.id,
                        "date_end": moment,
                        "signed_by": "Customer",
                        "signed_on": moment,
                        "signature": SIGNATURE,
                    }
                    for _i in range(2)
                ]
            )
            orders.action_cc_station_accept()
            cr.commit()  # pylint: disable=invalid-commit
            self.data = {
                "station_id": station.id,
                "rate_id": rate.id,
                "location_id": location.id,
                "order_ids": orders.ids,
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
            settlements = env["cc.station.settlement"].search(
                [("station_id", "=", self.data["station_id"])]
            )
            settlements.filtered(lambda s: s.state != "cancel").action_cancel()
            bills = settlements.bill_id
            settlements.unlink()
            bills.with_context(force_delete=True).unlink()
            env["fsm.order"].browse(self.data["order_ids"]).unlink()
            env["fsm.location"].browse(self.data["location_id"]).unlink()
            env["cc.service.station.rate"].browse(self.data["rate_id"]).unlink()
            env["res.partner"].browse(self.data["station_id"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _settle(self, env):
        return env["cc.station.settlement"]._cc_settle(
            env["res.partner"].browse(self.data["station_id"]), MONTH
        )

    def _bills(self, env):
        return env["account.move"].search_count(
            [
                ("partner_id", "=", self.data["station_id"]),
                ("move_type", "=", "in_invoice"),
                ("state", "!=", "cancel"),
            ]
        )

    def test_second_transaction_fails_then_is_refused(self):
        env1, env2 = self.envs
        # cr1 takes its snapshot before cr2 settles
        env1.cr.execute("SELECT 1")
        self._settle(env2)
        env2.cr.commit()  # pylint: disable=invalid-commit
        with self.assertRaises(psycopg2.errors.SerializationFailure):
            with env1.cr.savepoint(flush=False):
                self._settle(env1)
        # what Odoo's retry does: a new transaction, which sees the settlement
        env1.cr.rollback()
        env1.invalidate_all()
        with self.assertRaisesRegex(UserError, "already settled"):
            self._settle(env1)
        env1.cr.rollback()
        self.assertEqual(self._bills(env1), 1)

    def test_concurrent_transaction_waits_on_the_work_orders(self):
        env1, env2 = self.envs
        self._settle(env2)
        # cr2 holds the work orders: cr1 cannot take them
        env1.cr.execute("SET LOCAL lock_timeout = '200ms'")
        with self.assertRaises(psycopg2.errors.LockNotAvailable):
            with env1.cr.savepoint(flush=False):
                self._settle(env1)
        env1.cr.rollback()
        env2.cr.commit()  # pylint: disable=invalid-commit
        env1.invalidate_all()
        with self.assertRaisesRegex(UserError, "already settled"):
            self._settle(env1)
        env1.cr.rollback()
        self.assertEqual(self._bills(env1), 1)
