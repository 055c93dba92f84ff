import base64
from contextlib import contextmanager
from datetime import datetime

import pytz

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user

# a 1x1 PNG: the customer's signature in tests
SIGNATURE = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
)
TZ = "Asia/Shanghai"


class AfterSalesCommon(TransactionCase):
    """A company on an 08:00-12:00 / 13:00-17:00 Monday-Friday calendar in
    Shanghai time, after-sales users of every role with their field-service
    workers, two customers and a serial-tracked machine in stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "After-sales hours",
                "tz": TZ,
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "cc_as_hours_simple": 0.0,
                "cc_as_hours_general": 4.0,
                "cc_as_hours_complex": 8.0,
                "cc_as_followup_days": 3,
            }
        )
        cls.company.partner_id.tz = TZ
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                name=login.replace("_", " ").title(),
                email=f"{login}@example.com",
                groups="base.group_user," + groups,
                tz=TZ,
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )

        cls.engineer = user("as_engineer", "cc_after_sales.group_cc_as_engineer")
        cls.engineer2 = user("as_engineer2", "cc_after_sales.group_cc_as_engineer")
        cls.expert = user("as_expert", "cc_after_sales.group_cc_as_expert")
        cls.reviewer = user("as_reviewer", "cc_after_sales.group_cc_as_reviewer")
        cls.manager = user("as_manager", "cc_after_sales.group_cc_as_manager")
        cls.worker = cls.env["fsm.person"].create(
            {"partner_id": cls.engineer.partner_id.id}
        )
        cls.worker2 = cls.env["fsm.person"].create(
            {"partner_id": cls.engineer2.partner_id.id}
        )

        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Huaxin Instruments",
                "is_company": True,
                "email": "info@huaxin.example.com",
                "tz": TZ,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Li Wei",
                "parent_id": cls.customer.id,
                "email": "li.wei@huaxin.example.com",
            }
        )
        cls.customer2 = cls.env["res.partner"].create(
            {"name": "Other Labs", "is_company": True, "email": "x@other.example.com"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Spectrometer SX-1",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 9000.0,
            }
        )
        cls.part = cls.env["product.product"].create(
            {
                "name": "Lamp module",
                "type": "consu",
                "is_storable": True,
                "list_price": 300.0,
            }
        )
        cls.part2 = cls.env["product.product"].create(
            {
                "name": "Sample cell",
                "type": "consu",
                "is_storable": True,
                "list_price": 120.0,
            }
        )
        stock = cls.warehouse.lot_stock_id
        for part in cls.part | cls.part2:
            cls.env["stock.quant"]._update_available_quantity(part, stock, 20)
        cls.lot = cls._make_lot("SX1-0001")
        cls.lot_other = cls._make_lot("SX1-0002")
        cls.order, cls.delivery = cls._sell_and_deliver(cls.customer, cls.lot)
        cls.order2, cls.delivery2 = cls._sell_and_deliver(cls.customer2, cls.lot_other)

    @classmethod
    def _make_lot(cls, name):
        lot = cls.env["stock.lot"].create(
            {"name": name, "product_id": cls.product.id, "company_id": cls.company.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 1, lot_id=lot
        )
        return lot

    @classmethod
    def _sell_and_deliver(cls, partner, lot):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.move_line_ids.lot_id = lot
        picking.move_ids.picked = True
        picking.button_validate()
        return order, picking

    @contextmanager
    def assertFails(self, exception, regex):
        """assertRaises (which rolls the savepoint back: nothing is saved)
        with the message checked."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    @staticmethod
    def local(*args):
        """A Shanghai wall-clock time as the naive UTC datetime stored."""
        return (
            pytz.timezone(TZ)
            .localize(datetime(*args))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )

    def _new_request(self, user=None, **values):
        """The engineer records a request from the hotline in the form."""
        form = Form(self.env["cc.service.request"].with_user(user or self.engineer))
        form.partner_id = values.pop("partner_id", self.contact)
        form.lot_id = values.pop("lot_id", self.lot)
        form.description = values.pop("description", "<p>Baseline drifts</p>")
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _dispatch(self, request, user=None):
        user = user or self.engineer
        action = request.with_user(user).action_create_dispatch()
        dispatch = self.env["fsm.order"].with_user(user).browse(action["res_id"])
        dispatch.with_user(self.manager).write(
            {"person_id": self.worker.id, "person_ids": [Command.set(self.worker.ids)]}
        )
        return dispatch

    def _sign(self, dispatch, user=None, signed_by="Li Wei"):
        wizard_model = (
            self.env["fsm.order.sign.wizard"]
            .with_user(user or self.engineer)
            .with_context(active_model="fsm.order", active_id=dispatch.id)
        )
        with Form(wizard_model) as form:
            form.signed_by = signed_by
            form.signature = SIGNATURE
        return form.record.action_sign()
