from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyRightsPerRole(CcSurveyCommon):
    """The flows whose superuser calls were removed or kept, run by each role
    with its own rights: survey user, Customer Service user (reviewer), survey
    manager, and a core survey officer without Customer Service rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._campaign()
        cls.campaign.action_launch()
        cls.lines = cls.campaign.line_ids.sorted("partner_id")
        cls.officer = new_test_user(
            cls.env,
            login="cc_core_survey_officer",
            email="cc_core_survey_officer@example.com",
            groups="base.group_user,survey.group_survey_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _low_plan(self):
        self._answer(
            self.lines[0].user_input_id,
            products="dissatisfied",
            service="neutral",
            overall=3,
        )
        self.campaign.with_user(self.survey_user).action_close()
        self.assertEqual(len(self.campaign.plan_ids), 1)
        return self.campaign.plan_ids

    def test_launch_hands_back_answers_without_superuser(self):
        self.assertTrue(self.lines.user_input_id)
        campaign = self._campaign(name="Second run")
        campaign.action_launch()
        self.assertEqual(campaign.env.user, self.survey_user)
        # the invitations of a new line come back with the user's rights
        line = campaign.line_ids[:1]
        answer = line.user_input_id
        line.sudo().user_input_id = False
        answer.sudo().unlink()
        answers = campaign._cc_invite_lines(line)
        self.assertEqual(len(answers), 1)
        self.assertFalse(answers.env.su)
        self.assertEqual(line.user_input_id, answers)

    def test_survey_user_computes_index_and_plans(self):
        """Scores and plans are written with the survey user's own rights."""
        plan = self._low_plan()
        answer = self.lines[0].user_input_id
        scores = answer.cc_score_ids
        self.assertTrue(scores)
        self.campaign.with_user(self.survey_user).action_compute_index()
        self.assertTrue(answer.cc_score_ids)
        self.assertEqual(self.campaign.plan_ids, plan, "one plan per response")
        self.assertEqual(plan.with_user(self.survey_user).state, "draft")

    def test_cc_user_reviewer_approves_plan(self):
        """A Customer Service user who only reads plans (the salesperson of
        the customer) approves one as its reviewer: the last approval moves the
        plan on (kept superuser)."""
        plan = self._low_plan().with_user(self.survey_user)
        reviewer = plan.partner_id.user_id
        self.assertIn(reviewer, self.sales1 | self.sales2)
        self.env.ref("cc_survey.tier_definition_cc_survey_plan_manager").write(
            {
                "review_type": "individual",
                "reviewer_id": reviewer.id,
                "reviewer_group_id": False,
            }
        )
        plan.request_validation()
        self.assertEqual(plan.review_ids.reviewer_ids, reviewer)
        self.assertFalse(
            self.env["cc.survey.improvement.plan"]
            .with_user(reviewer)
            .has_access("write")
        )
        plan.with_user(reviewer).validate_tier()
        self.assertEqual(plan.state, "approved")

    def test_survey_manager_verifies_and_user_replies(self):
        plan = self._low_plan().with_user(self.survey_user)
        plan.request_validation()
        plan.with_user(self.survey_manager).validate_tier()
        self.assertEqual(plan.state, "approved")
        plan.write(
            {
                "cause": "Lot-to-lot variation of the supplier's resin",
                "action_ids": [
                    Command.create(
                        {
                            "name": "Incoming inspection of every resin lot",
                            "user_id": self.survey_user.id,
                            "deadline": "2026-08-31",
                        }
                    )
                ],
            }
        )
        plan.action_start()
        plan.action_ids.action_done()
        plan.action_done()
        plan.with_user(self.survey_manager).action_verify_effective()
        plan.reply_body = "<p>Resin lots are inspected on arrival.</p>"
        # posted on the response with the survey user's rights
        plan.action_send_reply()
        self.assertTrue(
            self.lines[0].user_input_id.message_ids.filtered(
                lambda m: "inspected on arrival" in (m.body or "")
            )
        )

    def test_core_survey_officer_completes_campaign_answer(self):
        """Core hook: an internal survey officer without satisfaction rights
        completes a campaign answer; its scores are still stored."""
        answer = self.lines[1].user_input_id
        self.assertFalse(
            self.env["cc.survey.score"].with_user(self.officer).has_access("read")
        )
        answer_sudo = answer.sudo()
        for question, code in (
            (self.q_products, "satisfied"),
            (self.q_service, "neutral"),
        ):
            column = self._column(question, code)
            answer_sudo._save_lines(
                question, {row.id: [column.id] for row in question.matrix_row_ids}
            )
        answer_sudo._save_lines(self.q_overall, "7")
        answer.with_user(self.officer)._mark_done()
        self.assertEqual(answer.state, "done")
        self.assertTrue(answer.cc_score_ids.filtered("is_index"))
