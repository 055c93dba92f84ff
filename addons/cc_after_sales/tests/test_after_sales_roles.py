"""Each role walks its own path with its own rights: the after-sales code
elevates only where a comment says why, and never hands an elevated record
back to its caller."""

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .test_spare_parts import SparePartCommon


@tagged("post_install", "-at_install")
class TestRolePaths(SparePartCommon):
    def assertUserEnv(self, records, user):
        """``records`` are in ``user``'s environment, not as superuser."""
        self.assertFalse(records.env.su, records)
        self.assertEqual(records.env.uid, user.id, records)

    def test_engineer_path(self):
        """Request, dispatch to a new site, signed receipt, failed visit
        returned into the nonconforming location, a unit lent and back."""
        if "cc_as_failure_claim" in self.env.company._fields:
            # with the complaint bridge the company chooses: claim or return
            self.env.company.cc_as_failure_claim = False
        site = self.env["res.partner"].create(
            {"name": "Huaxin Lab 2", "parent_id": self.customer.id}
        )
        Location = self.env["fsm.location"].with_user(self.engineer)
        location = Location._cc_for_partner(site)
        self.assertUserEnv(location, self.engineer)
        self.assertEqual(location.owner_id, self.customer)
        self.assertEqual(Location._cc_for_partner(site), location)

        request = self._new_request(request_type="commissioning")
        self.assertUserEnv(request, self.engineer)
        request.action_acknowledge()
        dispatch = self._dispatch(request).with_user(self.engineer)
        self.assertUserEnv(dispatch.location_id, self.engineer)
        dispatch.cc_failure_reason = "Optics misaligned in transport"
        dispatch.action_cc_failed()
        ret = dispatch.cc_return_picking_id
        self.assertUserEnv(ret, self.engineer)
        self.assertTrue(ret.location_dest_id.cc_as_nonconforming)

        request = self._new_request()
        request.action_acknowledge()
        dispatch = self._dispatch(request).with_user(self.engineer)
        self._sign(dispatch)
        self.assertTrue(dispatch.cc_receipt_signed)
        self.assertTrue(
            dispatch.message_ids.attachment_ids.filtered(
                lambda a: a.mimetype == "application/pdf"
            )
        )

        unit = self._make_lot("ROLE-LOAN-1")
        form = Form(self.env["cc.loaner"].with_user(self.engineer))
        form.lot_id = unit
        form.borrower_id = self.customer
        form.deadline = "2031-03-17"
        loaner = form.save()
        loaner.action_lend()
        self.assertEqual(unit.cc_open_loaner_id, loaner)
        place = (
            self.env["stock.location"]
            .with_user(self.engineer)
            ._cc_loaner_location(self.company)
        )
        self.assertUserEnv(place, self.engineer)
        self.assertTrue(place.cc_as_loaner)
        loaner.action_return()
        self.assertEqual(loaner.state, "returned")
        self.assertFalse(unit.cc_open_loaner_id)

    def test_expert_path(self):
        """An escalated request: the expert reads it and records guidance."""
        request = self._new_request()
        request.write({"expert_id": self.expert.id})
        request.action_acknowledge()
        request.action_escalate()
        as_expert = request.with_user(self.expert)
        self.assertIn(
            request,
            self.env["cc.service.request"].with_user(self.expert).search([]),
        )
        as_expert.expert_guidance = "<p>Recalibrate the detector.</p>"
        self.assertEqual(
            self.env["mail.activity"]
            .with_user(self.expert)
            .search([("res_id", "=", request.id), ("user_id", "=", self.expert.id)])
            .res_model,
            "cc.service.request",
        )

    def test_reviewer_path(self):
        """The quality reviewer rejects a spare-part notice at its tier (the
        reviews restart with its own rights), then passes a request."""
        notice = self._notice()
        notice.with_user(self.engineer).action_submit()
        self._review(notice.with_user(self.leader))
        self._review(notice.with_user(self.reviewer), "reject", "Repair on site")
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.review_ids)
        notice.with_user(self.engineer).action_submit()
        self.assertEqual(len(notice.review_ids), 2)
        # the engineer's submission is reviewed by the reviewer
        request = self._new_request()
        request.action_acknowledge()
        request.action_start()
        request.resolution = "<p>Lamp replaced.</p>"
        request.action_submit_review()
        request.with_user(self.reviewer).action_review_pass(note="Checked")
        self.assertEqual(request.state, "confirm")

    def test_manager_path(self):
        """The manager covers states with a region (its customers follow),
        classes it, and reads every dispatch."""
        state = self.env.ref("base.state_cn_JS")
        self.customer2.state_id = state
        region = (
            self.env["cc.service.region"]
            .with_user(self.manager)
            .create({"name": "Role East", "state_ids": [Command.set(state.ids)]})
        )
        self.assertEqual(self.customer2.cc_service_region_id, region)
        region.action_compute_class()
        self.assertTrue(region.class_level)
        request = self._new_request()
        request.action_acknowledge()
        dispatch = self._dispatch(request)
        self.assertIn(
            dispatch, self.env["fsm.order"].with_user(self.manager).search([])
        )

    def test_core_stock_user_ships_and_core_dispatcher_completes(self):
        """Users of Odoo's apps without after-sales rights: a stock user
        ships an approved notice, a field-service dispatcher completes an
        order at a site the engineer created."""
        storeman = new_test_user(
            self.env,
            login="role_storeman",
            groups="base.group_user,stock.group_stock_user",
            company_id=self.company.id,
        )
        notice = self._notice()
        notice.with_user(self.engineer).action_submit()
        self._review(notice.with_user(self.leader))
        self._review(notice.with_user(self.reviewer))
        self._ship(notice.picking_id, user=storeman)
        self.assertEqual(notice.state, "done")
        dispatcher = new_test_user(
            self.env,
            login="role_dispatcher",
            groups="base.group_user,fieldservice.group_fsm_dispatcher",
            company_id=self.company.id,
        )
        location = self.env["fsm.location"]._cc_for_partner(self.customer2)
        order = (
            self.env["fsm.order"]
            .with_user(dispatcher)
            .create({"location_id": location.id})
        )
        order.action_complete()
        self.assertEqual(
            order.stage_id, self.env.ref("fieldservice.fsm_stage_completed")
        )
