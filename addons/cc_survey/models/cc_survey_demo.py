from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# demo answers: (products column, service column, overall 0-10)
DEMO_GRADES = [
    ("satisfied", "very_satisfied", 8),
    ("very_satisfied", "satisfied", 9),
    ("satisfied", "satisfied", 7),
    ("neutral", "satisfied", 6),
    ("dissatisfied", "neutral", 3),
    ("satisfied", "neutral", 7),
]


class CcSurveyCampaign(models.Model):
    _inherit = "cc.survey.campaign"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Demo data helpers (called by demo/cc_survey_demo.xml only)
    # ------------------------------------------------------------------
    @api.model
    def _cc_demo_answer(self, answer, products, service, overall):
        """Answer the default questionnaire as the survey controller does."""
        prefix = "cc_survey.survey_customer_satisfaction_q_"
        for suffix, code in (("products", products), ("service", service)):
            question = self.env.ref(prefix + suffix)
            column = self.env.ref(f"{prefix}{suffix}_col_{code}")
            answer._save_lines(
                question, {row.id: [column.id] for row in question.matrix_row_ids}
            )
        answer._save_lines(self.env.ref(prefix + "overall"), str(overall))
        answer._save_lines(
            self.env.ref(prefix + "suggestions"),
            "Faster answers to technical questions, please.",
        )
        answer._mark_done()

    def _cc_demo_run(self, shift=0, answered=4, close=True):
        """Launch the demo campaign, answer part of it (one answer entered by
        phone), cancel the demo e-mails and close it if asked."""
        self.ensure_one()
        self.action_launch()
        answers = self.line_ids.sorted("id").user_input_id
        self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
        ).write({"state": "cancel"})
        for index, answer in enumerate(answers[:answered]):
            products, service, overall = DEMO_GRADES[(index + shift) % len(DEMO_GRADES)]
            if index == 1:
                answer.write({"cc_channel": "phone", "cc_entered_by_id": self.env.uid})
            self._cc_demo_answer(answer, products, service, max(overall - shift, 0))
        if close:
            self.action_close()
        else:
            self.action_compute_index()
        return True

    @api.model
    def _cc_demo_plan(self, plan_id):
        """Approve the demo plan and start it with one action."""
        plan = self.env["cc.survey.improvement.plan"].browse(plan_id).exists()
        if not plan:
            return False
        plan.request_validation()
        # the leadership approves: the demo administrator is a survey manager
        plan.with_user(self.env.ref("base.user_admin")).validate_tier()
        plan.write(
            {
                "cause": "Technical questions wait for the one expert on duty.",
                "action_ids": [
                    fields.Command.create(
                        {
                            "name": "Second technical-support engineer on the hotline",
                            "user_id": self.env.uid,
                            "deadline": fields.Date.today() + relativedelta(days=30),
                        }
                    )
                ],
            }
        )
        plan.action_start()
        return True

    @api.model
    def _cc_demo_first_plan(self, campaign_id):
        campaign = self.browse(campaign_id)
        return self._cc_demo_plan(campaign.plan_ids[:1].id)
