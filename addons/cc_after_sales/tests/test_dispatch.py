import psycopg2.errors
from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common_service import AfterSalesCommon


@tagged("post_install", "-at_install")
class TestDispatchFlow(AfterSalesCommon):
    def _repair(self, dispatch, part, warranty):
        action = dispatch.with_user(self.engineer).action_cc_create_repair()
        repair = (
            self.env["repair.order"].with_user(self.engineer).browse(action["res_id"])
        )
        form = Form(repair)
        form.under_warranty = warranty
        with form.move_ids.new() as move:
            move.repair_line_type = "add"
            move.product_id = part
            move.product_uom_qty = 1
        return form.save()

    def test_end_to_end_until_satisfied(self):
        # the request, recorded from the hotline: the unit fills the rest in
        request = self._new_request(request_type="repair")
        self.assertEqual(request.state, "new")
        self.assertEqual(request.product_id, self.product)
        self.assertEqual(request.picking_id, self.delivery)
        self.assertEqual(request.sale_order_id, self.order)
        self.assertEqual(request.commercial_partner_id, self.customer)
        self.assertTrue(request.name.startswith("SR/"))
        engineer_request = request.with_user(self.engineer)
        engineer_request.action_acknowledge()
        self.assertEqual(request.state, "acknowledged")

        dispatch = self._dispatch(request)
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(dispatch.cc_request_id, request)
        self.assertEqual(dispatch.cc_service_type, "repair")
        self.assertEqual(dispatch.cc_lot_ids, self.lot)
        self.assertEqual(dispatch.cc_partner_id, self.customer)
        self.assertEqual(dispatch.cc_engineer_user_ids, self.engineer)
        self.assertEqual(request.dispatch_count, 1)
        # the customer is told once when the engineer and the date are set
        dispatch.with_user(self.manager).write(
            {"scheduled_date_start": fields.Datetime.now()}
        )
        self.assertTrue(dispatch.cc_scheduled_notified)
        self.assertIn(
            request.partner_id,
            dispatch.message_ids.filtered(
                lambda m: "engineer visit" in (m.subject or "")
            ).partner_ids,
        )

        # parts: one repair under warranty, one charged
        free = self._repair(dispatch, self.part, warranty=True)
        charged = self._repair(dispatch, self.part2, warranty=False)
        self.assertEqual(dispatch.cc_repair_ids, free | charged)
        self.assertEqual(dispatch.cc_repair_count, 2)
        self.assertEqual(free.partner_id, self.customer)
        self.assertEqual(free.lot_id, self.lot)
        # the salesman makes the quotation with repair's own action
        salesman = new_test_user(
            self.env,
            login="as_repair_sales",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )
        for repair in free | charged:
            repair.with_user(salesman).action_create_sale_order()
        self.assertEqual(free.sale_order_id.amount_untaxed, 0.0)
        self.assertEqual(
            free.sale_order_id.order_line.filtered(
                lambda line: line.product_id == self.part
            ).price_unit,
            0.0,
        )
        self.assertEqual(
            charged.sale_order_id.order_line.filtered(
                lambda line: line.product_id == self.part2
            ).price_unit,
            120.0,
        )

        # work report, then the customer signs on the engineer's tablet
        dispatch = dispatch.with_user(self.engineer)
        arch = dispatch.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Sign Receipt", arch)
        with Form(dispatch) as form:
            form.cc_findings = "<p>Lamp worn out</p>"
            form.resolution = "<p>Lamp replaced, calibrated</p>"
            form.date_start = fields.Datetime.to_datetime("2026-12-01 01:00:00")
            form.date_end = fields.Datetime.to_datetime("2026-12-01 03:00:00")
        self.assertEqual(dispatch.cc_findings, "<p>Lamp worn out</p>")
        with self.assertFails(UserError, "signed receipt"):
            dispatch.action_complete()
        self._sign(dispatch)
        self.assertTrue(dispatch.cc_receipt_signed)
        self.assertEqual(dispatch.signed_by, "Li Wei")
        self.assertEqual(dispatch.cc_result, "success")
        receipt = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "fsm.order"),
                ("res_id", "=", dispatch.id),
                ("name", "like", "Repair receipt"),
            ]
        )
        self.assertEqual(len(receipt), 1)
        self.assertTrue(receipt.raw)
        # a signed receipt is final
        with self.assertFails(UserError, "already signed"):
            self._sign(dispatch, signed_by="Someone Else")
        for vals in (
            {"cc_findings": "<p>changed</p>"},
            {"signed_by": "Forger"},
            {"cc_lot_ids": [Command.clear()]},
        ):
            with self.assertFails(UserError, "is signed"):
                dispatch.write(vals)
        self.assertEqual(dispatch.signed_by, "Li Wei")

        dispatch.action_complete()
        self.assertTrue(dispatch.is_closed)
        self.assertEqual(
            dispatch.stage_id, self.env.ref("fieldservice.fsm_stage_completed")
        )
        self.assertIn("completed", request.message_ids[0].body)

        engineer_request.resolution = "<p>Lamp replaced</p>"
        engineer_request.action_submit_review()
        self.assertEqual(request.state, "review")
        request.with_user(self.reviewer).action_review_pass()
        self.assertEqual(request.state, "confirm")
        self.assertEqual(request.reviewer_id, self.reviewer)
        self.assertEqual(request.review_verdict, "accurate")

        # Thursday 3 December 2026: three working days later is Tuesday
        with freeze_time("2026-12-03 02:00:00"):
            engineer_request.action_customer_confirm()
        self.assertEqual(request.state, "followup")
        self.assertEqual(request.followup_due, fields.Date.to_date("2026-12-08"))
        activity = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(activity.date_deadline, request.followup_due)
        self.assertEqual(activity.user_id, self.engineer)

        # unsatisfied: handled again
        engineer_request.action_record_followup(2, "Still drifts")
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.rehandle_count, 1)
        self.assertFalse(request.activity_ids.filtered(lambda a: a == activity))

        second = self._dispatch(request)
        self._sign(second)
        second.with_user(self.engineer).action_complete()
        engineer_request.action_submit_review()
        request.with_user(self.reviewer).action_review_pass()
        engineer_request.action_customer_confirm()
        engineer_request.action_record_followup(5, "Fine now")
        self.assertEqual(request.state, "closed")
        self.assertEqual(request.followup_score, 5)
        self.assertTrue(request.closed_on)
        self.assertFalse(request.first_time_fix)
        self.assertEqual(request.rehandle_count, 1)

    def test_first_time_fix(self):
        request = self._new_request()
        request.with_user(self.engineer).action_acknowledge()
        dispatch = self._dispatch(request)
        self._sign(dispatch)
        dispatch.with_user(self.engineer).action_complete()
        engineer_request = request.with_user(self.engineer)
        engineer_request.action_submit_review()
        request.with_user(self.reviewer).action_review_pass()
        engineer_request.action_customer_confirm()
        engineer_request.action_record_followup(4)
        self.assertEqual(request.state, "closed")
        self.assertTrue(request.first_time_fix)

    def test_commissioning_receipt_title(self):
        request = self._new_request(request_type="commissioning")
        request.with_user(self.engineer).action_acknowledge()
        dispatch = self._dispatch(request)
        self.assertEqual(dispatch.cc_service_type, "commissioning")
        self._sign(dispatch)
        self.assertTrue(
            dispatch.message_ids.attachment_ids.filtered(
                lambda a: a.name.startswith("Commissioning receipt")
            )
        )

    def test_failed_commissioning_returns_the_unit(self):
        if "cc_as_failure_claim" in self.env.company._fields:
            # with the complaint bridge the company chooses: claim or return
            self.env.company.cc_as_failure_claim = False
        request = self._new_request(request_type="commissioning")
        request.with_user(self.engineer).action_acknowledge()
        dispatch = self._dispatch(request).with_user(self.engineer)
        with self.assertFails(UserError, "Failure Reason"):
            dispatch.action_cc_failed()
        dispatch.cc_failure_reason = "Optics misaligned in transport"
        action = dispatch.action_cc_failed()
        self.assertEqual(dispatch.cc_result, "failed")
        ret = dispatch.cc_return_picking_id
        self.assertEqual(action["res_id"], ret.id)
        self.assertEqual(ret.picking_type_code, "incoming")
        self.assertEqual(ret.partner_id, self.delivery.partner_id)
        location = ret.location_dest_id
        self.assertTrue(location.cc_as_nonconforming)
        self.assertEqual(location.company_id, self.company)
        self.assertEqual(ret.move_ids.product_id, self.product)
        self.assertEqual(ret.move_ids.product_uom_qty, 1)
        # pressing it again opens the same return
        self.assertEqual(dispatch.action_cc_failed()["res_id"], ret.id)
        self.assertEqual(
            self.env["stock.picking"].search_count(
                [("return_id", "=", self.delivery.id)]
            ),
            1,
        )
        ret.action_assign()
        ret.move_ids.move_line_ids.lot_id = self.lot
        ret.move_ids.picked = True
        ret.button_validate()
        self.assertEqual(ret.state, "done")
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", self.lot.id), ("quantity", ">", 0)]
        )
        self.assertEqual(quant.location_id, location)
        # a failed dispatch is completed once the return exists; never signed
        with self.assertFails(UserError, "signed as a success|failed"):
            self._sign(dispatch)
        dispatch.action_complete()
        self.assertTrue(dispatch.is_closed)
        # the second failure of the company reuses the location
        self.assertEqual(
            self.env["stock.location"]._cc_nonconforming_location(self.company),
            location,
        )
        self.assertEqual(
            self.env["stock.location"].search_count(
                [
                    ("cc_as_nonconforming", "=", True),
                    ("company_id", "=", self.company.id),
                ]
            ),
            1,
        )

    def test_complete_failed_dispatch_needs_the_return(self):
        request = self._new_request()
        request.with_user(self.engineer).action_acknowledge()
        dispatch = self._dispatch(request).with_user(self.engineer)
        dispatch.cc_result = "failed"
        with self.assertFails(UserError, "sales return"):
            dispatch.action_complete()

    def test_dispatch_end_before_start(self):
        request = self._new_request()
        request.with_user(self.engineer).action_acknowledge()
        dispatch = self._dispatch(request).with_user(self.engineer)
        with self.assertFails(ValidationError, "Actual End .* before"):
            dispatch.write(
                {
                    "date_start": "2026-12-01 05:00:00",
                    "date_end": "2026-12-01 04:00:00",
                }
            )
        dispatch.invalidate_recordset()
        self.assertFalse(dispatch.date_end)
        self.assertFalse(dispatch.date_start)

    def test_my_dispatches_today_query_count(self):
        request = self._new_request()
        request.with_user(self.engineer).action_acknowledge()
        for _i in range(3):
            self._dispatch(request).with_user(self.manager).write(
                {"scheduled_date_start": fields.Datetime.now()}
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.fsm_order_action_cc_today"
        )
        Order = self.env["fsm.order"].with_user(self.engineer)
        domain = [
            ("cc_engineer_user_ids", "in", [self.engineer.id]),
            ("is_closed", "=", False),
        ]
        self.assertIn("cc_engineer_user_ids", action["domain"])
        fields_list = ["scheduled_date_start", "name", "cc_partner_id", "stage_id"]
        Order.search_read(domain, fields_list)
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            records = Order.search_read(domain, fields_list)
        self.assertEqual(len(records), 3)


@tagged("post_install", "-at_install")
class TestNonconformingConcurrency(TransactionCase):
    """Two dispatches fail at once in a company without a nonconforming
    location yet: one location is created (the second transaction fails with
    a serialization error, which Odoo retries; the retry finds it)."""

    def setUp(self):
        super().setUp()
        self.company_id = self.env.company.id
        # the race is about the company's first failure: a location the demo
        # data made steps aside during the test
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            existing = self._locations(env)
            existing.cc_as_nonconforming = False
            cr.commit()  # pylint: disable=invalid-commit
            self.existing_ids = existing.ids
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
            self._locations(env).unlink()
            env["stock.location"].browse(self.existing_ids).cc_as_nonconforming = True
            cr.commit()  # pylint: disable=invalid-commit

    def _locations(self, env):
        return env["stock.location"].search(
            [("cc_as_nonconforming", "=", True), ("company_id", "=", self.company_id)]
        )

    def _count(self, env):
        return len(self._locations(env))

    def test_two_first_failures_make_one_location(self):
        env1, env2 = self.envs
        company1 = env1["res.company"].browse(self.company_id)
        company2 = env2["res.company"].browse(self.company_id)
        # cr1 takes its snapshot before cr2 creates the location
        env1.cr.execute("SELECT 1")
        location = env2["stock.location"]._cc_nonconforming_location(company2)
        env2.cr.commit()  # pylint: disable=invalid-commit
        with self.assertRaises(psycopg2.errors.SerializationFailure):
            with env1.cr.savepoint(flush=False):
                env1["stock.location"]._cc_nonconforming_location(company1)
        # what Odoo's retry does: a new transaction
        env1.cr.rollback()
        env1.invalidate_all()
        again = env1["stock.location"]._cc_nonconforming_location(company1)
        env1.cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(again.id, location.id)
        self.assertEqual(self._count(env1), 1)
