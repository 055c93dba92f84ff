from datetime import timedelta

import psycopg2.errors
from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common_service import TZ, AfterSalesCommon


class SparePartCommon(AfterSalesCommon):
    """The after-sales team of the common set-up plus the applicant's
    department leader, a warehouse clerk and a salesperson; the machine has a
    12-month warranty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.product_tmpl_id.cc_warranty_months = 12

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

        cls.leader = user("as_leader", "cc_after_sales.group_cc_as_engineer")
        cls.clerk = user("as_clerk", "cc_after_sales.group_cc_as_warehouse")
        cls.salesman = user(
            "as_salesman",
            "cc_after_sales.group_cc_as_engineer,sales_team.group_sale_salesman",
        )
        cls.station = cls.env["res.partner"].create(
            {"name": "Wuhan Service Station", "is_company": True}
        )

    def _notice(self, kind="warranty", user=None, lines=None, **values):
        """The engineer fills in a notice from the dispatch of a request."""
        user = user or self.engineer
        request = self._new_request(user=user)
        request.with_user(user).action_acknowledge()
        dispatch = self._dispatch(request, user=user)
        action = dispatch.with_user(user).action_cc_new_spare_part_notice()
        form = Form(
            self.env["cc.spare.part.notice"]
            .with_user(user)
            .with_context(**action["context"])
        )
        form.kind = kind
        form.leader_id = self.leader
        form.reason = "Lamp module burnt out"
        form.receiver = "Li Wei"
        form.date_ship = fields.Date.today()
        for name, value in values.items():
            setattr(form, name, value)
        for product, qty in [(self.part, 2.0)] if lines is None else lines:
            with form.line_ids.new() as line:
                line.product_id = product
                line.quantity = qty
        return form.save()

    def _review(self, record, action="validate", comment=None):
        """Run validate_tier / reject_tier through the comment wizard."""
        res = record.validate_tier() if action == "validate" else record.reject_tier()
        if isinstance(res, dict) and res.get("res_model") == "comment.wizard":
            wizard_form = Form(
                record.env["comment.wizard"].with_context(**res["context"]),
                view="base_tier_validation.view_comment_wizard",
            )
            wizard_form.comment = comment or (
                "Approved" if action == "validate" else "Not needed"
            )
            wizard_form.save().add_comment()
        record.invalidate_recordset()
        return record

    def _ship(self, picking, user=None):
        picking = picking.with_user(user or self.clerk)
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking


@tagged("post_install", "-at_install")
class TestSparePartNotice(SparePartCommon):
    def test_warranty_reissue_from_dispatch_to_delivery(self):
        notice = self._notice()
        self.assertEqual(notice.origin, "dispatch")
        self.assertEqual(notice.partner_id, self.customer)
        self.assertEqual(notice.lot_id, self.lot)
        self.assertTrue(notice.cc_under_warranty)
        self.assertRegex(notice.name, r"^SPN/\d{4}/\d{4}$")
        self.assertTrue(notice.dispatch_id.cc_under_warranty)
        self.assertTrue(notice.request_id.cc_under_warranty)

        # applicant → department leader → QA, in this order
        notice.with_user(self.engineer).action_submit()
        self.assertEqual(notice.state, "to_approve")
        reviews = notice.review_ids.sorted("sequence")
        self.assertEqual(len(reviews), 2)
        self.assertEqual(reviews[0].reviewer_ids, self.leader)
        self.assertIn(self.reviewer, reviews[1].reviewer_ids)
        self.assertFalse(notice.with_user(self.reviewer).can_review)
        self._review(notice.with_user(self.leader))
        self.assertEqual(notice.state, "to_approve")
        self.assertTrue(notice.with_user(self.reviewer).can_review)
        self._review(notice.with_user(self.reviewer))
        self.assertEqual(notice.state, "approved")

        # the approval made the delivery: warehouse out type, no sale order
        picking = notice.picking_id
        self.assertTrue(picking)
        self.assertEqual(picking.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(picking.partner_id, notice.delivery_partner_id)
        self.assertEqual(picking.location_dest_id.usage, "customer")
        self.assertFalse(picking.sale_id)
        self.assertEqual(picking.move_ids.product_id, self.part)
        self.assertEqual(picking.move_ids.product_uom_qty, 2.0)
        self.assertEqual(picking.sudo().cc_spare_part_notice_id, notice)
        self.assertFalse(notice.sale_order_id)

        # the warehouse clerk ships: the notice is done
        self._ship(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(notice.state, "done")

    def test_stock_user_without_after_sales_rights_ships(self):
        storeman = new_test_user(
            self.env,
            login="plain_storeman",
            groups="base.group_user,stock.group_stock_user",
            company_id=self.company.id,
        )
        notice = self._notice()
        notice.with_user(self.engineer).action_submit()
        self._review(notice.with_user(self.leader))
        self._review(notice.with_user(self.reviewer))
        # the clerk opens the approved notice (read only for the warehouse)
        self.assertEqual(Form(notice.with_user(self.clerk)).state, "approved")
        self._ship(notice.picking_id, user=storeman)
        self.assertEqual(notice.state, "done")

    def test_repair_order_from_dispatch_is_under_warranty(self):
        request = self._new_request()
        request.with_user(self.engineer).action_acknowledge()
        dispatch = self._dispatch(request)
        dispatch.with_user(self.manager).cc_service_type = "repair"
        action = dispatch.with_user(self.engineer).action_cc_create_repair()
        repair = self.env["repair.order"].browse(action["res_id"])
        self.assertTrue(repair.under_warranty)

    def test_chargeable_reissue_makes_a_quotation(self):
        notice = self._notice(kind="chargeable", lot_id=self.env["stock.lot"])
        notice.with_user(self.engineer).action_submit()
        # QA only
        self.assertEqual(len(notice.review_ids), 1)
        self.assertIn(self.reviewer, notice.review_ids.reviewer_ids)
        self._review(notice.with_user(self.reviewer))
        self.assertEqual(notice.state, "approved")
        # QA is no salesperson: the quotation waits for sales, with a to-do
        self.assertFalse(notice.sale_order_id)
        self.assertFalse(notice.picking_id)
        self.assertEqual(notice.activity_ids.user_id, self.engineer)
        as_sales = notice.with_user(self.salesman)
        as_sales.action_create_document()
        as_sales.action_create_document()
        order = notice.sale_order_id
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("cc_spare_part_notice_id", "=", notice.id)]
            ),
            1,
        )
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.order_line.product_id, self.part)
        self.assertEqual(order.order_line.product_uom_qty, 2.0)
        self.assertEqual(order.amount_untaxed, 600.0)
        self.assertFalse(notice.picking_id)
        # the customer accepts; the parts ship: the notice is done
        order.with_user(self.salesman).action_confirm()
        self._ship(order.picking_ids)
        self.assertEqual(notice.state, "done")

    def test_pressing_twice_makes_one_delivery(self):
        notice = self._notice()
        notice.with_user(self.engineer).action_submit()
        self._review(notice.with_user(self.leader))
        self._review(notice.with_user(self.reviewer))
        picking = notice.picking_id
        self.assertTrue(picking)
        for _i in range(2):
            action = notice.with_user(self.clerk).action_create_document()
            self.assertEqual(action["res_id"], picking.id)
        self.assertEqual(
            self.env["stock.picking"].search_count(
                [("cc_spare_part_notice_id", "=", notice.id)]
            ),
            1,
        )

    def test_quantity_must_be_positive(self):
        with self.assertFails(
            ValidationError, r"Lamp module.*Quantity.*greater than 0"
        ):
            self._notice(lines=[(self.part, 0.0)])
        notice = self._notice()
        with self.assertFails(ValidationError, r"Quantity \(-1.0\)"):
            notice.line_ids.with_user(self.engineer).write({"quantity": -1})

    def test_submission_needs_lines_reason_and_leader(self):
        notice = self._notice(lines=[])
        with self.assertFails(UserError, "add the parts"):
            notice.with_user(self.engineer).action_submit()
        notice = self._notice(reason=False)
        with self.assertFails(UserError, "Reason"):
            notice.with_user(self.engineer).action_submit()
        notice.with_user(self.engineer).reason = "Broken"
        notice.with_user(self.engineer).leader_id = False
        with self.assertFails(UserError, "Department Leader"):
            notice.with_user(self.engineer).action_submit()

    def test_parts_frozen_once_submitted(self):
        notice = self._notice()
        notice.with_user(self.engineer).action_submit()
        with self.assertFails(UserError, "is submitted"):
            notice.line_ids.with_user(self.engineer).quantity = 5
        with self.assertRaises(UserError):
            notice.with_user(self.engineer).write({"state": "approved"})

    def test_rejected_review_goes_back_to_draft(self):
        notice = self._notice()
        notice.with_user(self.engineer).action_submit()
        self._review(notice.with_user(self.leader), "reject", "Repair it on site")
        self.assertEqual(notice.state, "draft")
        self.assertIn("Repair it on site", notice.approval_reject_reason)
        self.assertFalse(notice.review_ids)
        # corrected and submitted again: a fresh review chain
        notice.with_user(self.engineer).action_submit()
        self.assertEqual(len(notice.review_ids), 2)

    def test_out_of_warranty_needs_manager_override(self):
        notice = self._notice()
        with freeze_time(fields.Date.today() + timedelta(days=400)):
            self.assertFalse(notice.lot_id.cc_under_warranty)
            with self.assertFails(UserError, r"out of warranty"):
                notice.with_user(self.engineer).action_submit()
            # only a manager may override, and with a reason
            with self.assertRaises(AccessError):
                notice.with_user(self.engineer).write(
                    {"warranty_override": True, "warranty_override_reason": "Goodwill"}
                )
            with self.assertFails(ValidationError, "Override Reason"):
                notice.with_user(self.manager).warranty_override = True
            notice.with_user(self.manager).write(
                {"warranty_override": True, "warranty_override_reason": "Key account"}
            )
            notice.with_user(self.engineer).action_submit()
            self.assertEqual(notice.state, "to_approve")
        self.env.flush_all()
        self.cr.flush()
        tracked = notice.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "warranty_override_reason"
        )
        self.assertEqual(tracked.new_value_text, "Key account")

    def test_chargeable_reissue_of_unit_out_of_warranty_passes(self):
        notice = self._notice(kind="chargeable")
        with freeze_time(fields.Date.today() + timedelta(days=400)):
            notice.with_user(self.engineer).action_submit()
        self.assertEqual(notice.state, "to_approve")

    def test_unit_override_by_manager_only(self):
        lot = self.lot
        with self.assertRaises(AccessError):
            lot.with_user(self.engineer).write(
                {"cc_warranty_override": "out", "cc_warranty_override_reason": "Misuse"}
            )
        with self.assertFails(ValidationError, "Override Reason"):
            lot.with_user(self.manager).cc_warranty_override = "out"
        lot.with_user(self.manager).write(
            {"cc_warranty_override": "out", "cc_warranty_override_reason": "Misuse"}
        )
        self.assertFalse(lot.cc_under_warranty)
        self.assertNotIn(
            lot, self.env["stock.lot"].search([("cc_under_warranty", "=", True)])
        )
        self.env.flush_all()
        self.cr.flush()
        tracked = lot.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "cc_warranty_override"
        )
        self.assertTrue(tracked)
        # a warranty notice for that unit is refused now
        notice = self._notice()
        with self.assertFails(UserError, "out of warranty"):
            notice.with_user(self.engineer).action_submit()

    def test_warranty_dates_from_the_real_delivery(self):
        # delivered on 10 March 2025, 10:00 in Shanghai (02:00 UTC)
        with freeze_time("2025-03-10 02:00:00"):
            lot = self._make_lot("SX1-0100")
            self._sell_and_deliver(self.customer, lot)
        lot = lot.with_user(self.engineer)
        self.assertEqual(lot.cc_delivery_date, fields.Date.to_date("2025-03-10"))
        self.assertEqual(lot.cc_warranty_end, fields.Date.to_date("2026-03-10"))
        lots = self.env["stock.lot"].with_user(self.engineer)
        with freeze_time("2026-03-10 12:00:00"):
            lot.invalidate_recordset()
            self.assertTrue(lot.cc_under_warranty)
            self.assertIn(lot, lots.search([("cc_under_warranty", "=", True)]))
        with freeze_time("2026-03-11 01:00:00"):
            lot.invalidate_recordset()
            self.assertFalse(lot.cc_under_warranty)
            self.assertNotIn(lot, lots.search([("cc_under_warranty", "=", True)]))
            self.assertIn(lot, lots.search([("cc_under_warranty", "=", False)]))
        # a unit never delivered has no warranty
        spare = self._make_lot("SX1-0101").with_user(self.engineer)
        self.assertFalse(spare.cc_delivery_date)
        self.assertFalse(spare.cc_under_warranty)

    def test_warehouse_ships_but_cannot_create_notices(self):
        with self.assertRaises(AccessError):
            self.env["cc.spare.part.notice"].with_user(self.clerk).create(
                {"partner_id": self.customer.id, "kind": "chargeable"}
            )

    def test_cancel_needs_the_document_cancelled(self):
        notice = self._notice()
        notice.with_user(self.engineer).action_submit()
        self._review(notice.with_user(self.leader))
        self._review(notice.with_user(self.reviewer))
        with self.assertFails(UserError, "cancel .* first"):
            notice.with_user(self.engineer).action_cancel()
        notice.picking_id.with_user(self.clerk).action_cancel()
        notice.with_user(self.engineer).action_cancel()
        self.assertEqual(notice.state, "cancel")


@tagged("post_install", "-at_install")
class TestSparePartNoticeConcurrency(TransactionCase):
    """Two users press "Create Delivery" on the same notice at once: one
    delivery (row lock NOWAIT; Odoo retries the loser, the retry finds it)."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrency Station"})
            product = env["product.product"].create(
                {"name": "Concurrency Fuse", "type": "consu"}
            )
            notice = env["cc.spare.part.notice"].create(
                {
                    "partner_id": partner.id,
                    "kind": "warranty",
                    "reason": "Fuse blown",
                    "line_ids": [
                        Command.create({"product_id": product.id, "quantity": 3})
                    ],
                }
            )
            notice.write({"state": "approved"})
            cr.commit()  # pylint: disable=invalid-commit
            self.data = {
                "notice_id": notice.id,
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
            pickings = env["stock.picking"].search(
                [("cc_spare_part_notice_id", "=", self.data["notice_id"])]
            )
            pickings.action_cancel()
            pickings.unlink()
            notice = env["cc.spare.part.notice"].browse(self.data["notice_id"])
            notice.write({"state": "cancel"})
            notice.unlink()
            env["product.product"].browse(self.data["product_id"]).unlink()
            env["res.partner"].browse(self.data["partner_id"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _deliveries(self, env):
        return env["stock.picking"].search_count(
            [("cc_spare_part_notice_id", "=", self.data["notice_id"])]
        )

    def _press(self, env):
        return (
            env["cc.spare.part.notice"]
            .browse(self.data["notice_id"])
            .action_create_document()
        )

    def test_concurrent_press_fails_at_once_then_finds_the_delivery(self):
        env1, env2 = self.envs
        self._press(env2)  # holds the notice row, not committed yet
        with self.assertRaises(psycopg2.errors.LockNotAvailable):
            with env1.cr.savepoint(flush=False):
                self._press(env1)
        env1.cr.rollback()
        env2.cr.commit()  # pylint: disable=invalid-commit
        # Odoo's retry: a new transaction, which finds the delivery
        env1.invalidate_all()
        self._press(env1)
        env1.cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(self._deliveries(env1), 1)

    def test_older_snapshot_fails_then_finds_the_delivery(self):
        env1, env2 = self.envs
        env1.cr.execute("SELECT 1")  # cr1 takes its snapshot first
        self._press(env2)
        env2.cr.commit()  # pylint: disable=invalid-commit
        with self.assertRaises(psycopg2.errors.SerializationFailure):
            with env1.cr.savepoint(flush=False):
                self._press(env1)
        env1.cr.rollback()
        env1.invalidate_all()
        self._press(env1)
        env1.cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(self._deliveries(env1), 1)
