from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestImprovementPlan(CcSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._campaign()
        cls.campaign.action_launch()
        cls.response = cls.campaign.line_ids.sorted("partner_id")[0].user_input_id

    def _low_plan(self):
        self._answer(
            self.response, products="dissatisfied", service="neutral", overall=3
        )
        self.campaign.with_user(self.survey_user).action_close()
        plan = self.campaign.plan_ids
        self.assertEqual(len(plan), 1)
        return plan.with_user(self.survey_user)

    def test_low_score_to_customer_reply(self):
        plan = self._low_plan()
        self.assertEqual(plan.partner_id, self.response.partner_id)
        self.assertEqual(plan.dimension_id.code, "quality")
        self.assertTrue(plan.name.startswith("SIP"))
        # leadership approval through the tier validation
        with self.assertRaises(ValidationError):
            plan.action_approve()
        plan.request_validation()
        self.assertEqual(
            plan.review_ids.reviewer_group_id,
            self.env.ref("cc_survey.group_cc_survey_manager"),
        )
        # a survey user is not a reviewer: their validation changes nothing
        plan.validate_tier()
        self.assertNotEqual(plan.review_ids.status, "approved")
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.survey_manager).validate_tier()
        self.assertEqual(plan.state, "approved")
        # execution through actions with owners and deadlines
        with self.assertRaises(UserError):
            plan.action_start()
        plan.write(
            {
                "cause": "Lot-to-lot variation of the supplier's resin",
                "action_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Incoming inspection of every resin lot",
                            "user_id": self.survey_user.id,
                            "deadline": "2026-08-31",
                        },
                    ),
                ],
            }
        )
        plan.action_start()
        self.assertEqual(plan.state, "in_progress")
        with self.assertRaises(UserError):
            plan.action_done()  # an action is still open
        plan.action_ids.action_done()
        plan.action_done()
        self.assertEqual(plan.state, "done")
        # verification by the management representative
        with self.assertRaises(AccessError):
            plan.action_verify_effective()
        plan.with_user(self.survey_manager).action_verify_effective()
        self.assertEqual(plan.state, "verified")
        self.assertEqual(plan.verification_result, "effective")
        # the customer is told what was improved, recorded on the response
        with self.assertRaises(UserError):
            plan.action_send_reply()  # no reply written yet
        plan.reply_body = "<p>Every resin lot is now inspected on arrival.</p>"
        plan.action_send_reply()
        self.assertTrue(plan.reply_sent_on)
        message = self.response.message_ids.filtered(
            lambda m: "inspected on arrival" in (m.body or "")
        )
        self.assertTrue(message)
        self.assertIn(self.response.partner_id, message.partner_ids)

    def test_not_effective_reopens(self):
        plan = self._low_plan()
        plan.request_validation()
        plan.with_user(self.survey_manager).validate_tier()
        plan.action_ids = [
            (
                0,
                0,
                {
                    "name": "Retrain staff",
                    "user_id": self.survey_user.id,
                    "deadline": "2026-08-31",
                },
            )
        ]
        plan.action_start()
        plan.action_ids.action_done()
        plan.action_done()
        manager_plan = plan.with_user(self.survey_manager)
        with self.assertRaises(UserError):
            manager_plan.action_verify_not_effective()  # no note
        manager_plan.verification_note = "Complaints continued in August"
        manager_plan.action_verify_not_effective()
        self.assertEqual(plan.state, "reopened")
        self.assertEqual(plan.reopen_count, 1)
        self.assertEqual(plan.verification_result, "not_effective")
        plan.action_ids.action_reopen()
        plan.action_start()
        self.assertEqual(plan.state, "in_progress")

    def test_plan_verified_before_done_is_refused(self):
        plan = self._low_plan()
        manager_plan = plan.with_user(self.survey_manager)
        with self.assertRaisesRegex(UserError, "verified once it is done"):
            manager_plan.action_verify_effective()
        plan.request_validation()
        manager_plan.validate_tier()
        with self.assertRaisesRegex(UserError, "verified once it is done"):
            manager_plan.action_verify_effective()
        with self.assertRaises(UserError):
            plan.write({"state": "verified"})

    def test_reply_only_after_effective_verification(self):
        plan = self._low_plan()
        plan.reply_body = "<p>Improved</p>"
        with self.assertRaisesRegex(UserError, "verified effective"):
            plan.action_send_reply()

    def test_manager_opens_plan_from_campaign(self):
        self._answer(self.response)
        self.campaign.action_close()
        with self.assertRaises(UserError):
            self.campaign.with_user(self.survey_user).action_open_plan()
        action = self.campaign.with_user(self.survey_manager).action_open_plan()
        self.assertEqual(action["res_model"], "cc.survey.improvement.plan")
        self.assertEqual(action["context"]["default_campaign_id"], self.campaign.id)
        self.assertTrue(action["context"]["default_dimension_id"])

    def test_overdue_cron_reports_plans_and_actions_together(self):
        """One job checks plans and actions: its progress counts both, so the
        scheduler calls again while plans remain even when no action does."""
        plan = self._low_plan().sudo()
        plans = plan | plan.copy({"problem": "A second late plan"})
        plans.write({"deadline": "2020-01-01"})
        plan.action_ids = [
            Command.create(
                {
                    "name": "Late action",
                    "user_id": self.survey_user.id,
                    "deadline": "2020-01-01",
                }
            )
        ]
        actions = plan.action_ids
        for model, ids in (
            ("cc.survey.improvement.plan", plans.ids),
            ("cc.survey.improvement.action", actions.ids),
        ):
            Model = self.env.registry[model]
            for method in ("_cc_overdue_domain", "_cc_overdue_cleared_domain"):
                original = getattr(Model, method)

                def restricted(self, today=None, original=original, ids=ids):
                    return ["&", ("id", "in", ids), *original(self, today)]

                patcher = patch.object(Model, method, restricted)
                patcher.start()
                self.addCleanup(patcher.stop)
        self.env["ir.config_parameter"].set_param(
            "cc_customer_comm.cron_batch_size", "1"
        )
        job = self.env.ref("cc_survey.ir_cron_cc_survey_plan_overdue")
        progresses = []
        for _call in range(3):
            cron, progress = job._add_progress()
            cron._callback(job.name, job.ir_actions_server_id.id)
            progresses.append((progress.done, progress.remaining))
        self.assertEqual(
            progresses,
            [(2, 1), (1, 0), (0, 0)],
            "a plan and the action, then the second plan, then nothing",
        )
        self.assertTrue(all(plans.mapped("is_overdue")))
        self.assertTrue(actions.is_overdue)
        # the action has no chatter: its owner is reminded on the plan
        reminder = plan.activity_ids.filtered(
            lambda act: act.summary == "Overdue: Late action"
        )
        self.assertEqual(reminder.user_id, self.survey_user)
