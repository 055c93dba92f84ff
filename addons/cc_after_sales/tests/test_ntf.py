from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_spare_parts import SparePartCommon


@tagged("post_install", "-at_install")
class TestReturnedPartNtf(SparePartCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.station2 = cls.env["res.partner"].create(
            {"name": "Xi'an Service Station", "is_company": True}
        )

    def _returned(self, product=None, station=None, user=None, **values):
        form = Form(self.env["cc.returned.part"].with_user(user or self.engineer))
        form.product_id = product or self.part
        form.partner_id = self.customer
        if station:
            form.station_partner_id = station
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _analyse(self, part, verdict, user=None):
        part = part.with_user(user or self.reviewer)
        part.verdict = verdict
        part.note = "Bench test 4 h"
        part.action_analyse()
        return part

    def test_returned_part_received_then_ntf(self):
        part = self._returned(station=self.station, quantity=2)
        self.assertRegex(part.name, r"^RP/\d{4}/\d{5}$")
        part.with_user(self.clerk).action_create_receipt()
        picking = part.picking_id
        location = picking.location_dest_id
        self.assertTrue(location.cc_as_returned_parts)
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.company_id, self.company)
        self.assertEqual(picking.picking_type_id, self.warehouse.in_type_id)
        self.assertEqual(picking.partner_id, self.station)
        # pressed again: no second receipt
        part.with_user(self.clerk).action_create_receipt()
        self.assertEqual(part.picking_id, picking)
        self._ship(picking)
        self.assertEqual(part.picking_state, "done")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.part, location), 2.0
        )
        # one Returned Parts location per company, whoever asks again
        self.assertEqual(
            self.env["stock.location"]._cc_returned_parts_location(self.company),
            location,
        )

        with self.assertFails(UserError, "Verdict"):
            part.with_user(self.reviewer).action_analyse()
        self._analyse(part, "ntf")
        self.assertEqual(part.state, "analysed")
        self.assertEqual(part.analyst_id, self.reviewer)
        self.assertTrue(part.date_analysed)
        self.assertEqual(part.ntf_rate, 100.0)
        with self.assertRaises(AccessError):
            part.with_user(self.engineer).action_reopen()
        part.with_user(self.manager).action_reopen()
        self.assertEqual(part.state, "draft")
        self.assertFalse(part.analyst_id)

    def test_ntf_rate_per_product_and_station(self):
        # station 1: 3 analysed lamp modules, 2 without trouble; station 2:
        # 1 lamp module damaged by use and 1 sample cell NTF; drafts ignored
        for verdict in ("ntf", "ntf", "defect"):
            self._analyse(self._returned(station=self.station), verdict)
        self._analyse(self._returned(station=self.station2), "damaged")
        self._analyse(self._returned(product=self.part2, station=self.station2), "ntf")
        self._returned(station=self.station)
        parts = self.env["cc.returned.part"].with_user(self.engineer)

        by_station = parts._cc_ntf_rates("station_partner_id")
        self.assertEqual(by_station[self.station], (3, 2, 66.67))
        self.assertEqual(by_station[self.station2], (2, 1, 50.0))
        by_product = parts._cc_ntf_rates("product_id")
        self.assertEqual(by_product[self.part], (4, 2, 50.0))
        self.assertEqual(by_product[self.part2], (1, 1, 100.0))

        # the pivot's measure (average of ntf_rate over analysed parts)
        pivot = dict(
            parts._read_group(
                [("state", "=", "analysed")], ["station_partner_id"], ["ntf_rate:avg"]
            )
        )
        self.assertAlmostEqual(pivot[self.station], 200.0 / 3)
        self.assertAlmostEqual(pivot[self.station2], 50.0)

    def test_quantity_must_be_positive(self):
        with self.assertFails(ValidationError, r"Quantity \(0.0\)"):
            self._returned(quantity=0)

    def test_confirmed_defect_calls_the_hook(self):
        part = self._returned(station=self.station)
        self._analyse(part, "defect")
        self.assertEqual(part.verdict, "defect")
        self.assertEqual(part.ntf_rate, 0.0)

    def test_returned_part_from_notice(self):
        notice = self._notice(station_partner_id=self.station)
        form = Form(self.env["cc.returned.part"].with_user(self.engineer))
        form.product_id = self.part
        form.notice_id = notice
        part = form.save()
        self.assertEqual(part.partner_id, self.customer)
        self.assertEqual(part.station_partner_id, self.station)
        self.assertEqual(part.dispatch_id, notice.dispatch_id)
