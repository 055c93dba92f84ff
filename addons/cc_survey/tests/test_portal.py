from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestPortal(HttpCase, CcSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.customers[0]
        cls.other = cls.customers[1]
        cls.portal_user = new_test_user(
            cls.env,
            login="cc_survey_portal",
            password="cc_survey_portal",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create(
                {
                    "name": "Buyer of customer 0",
                    "parent_id": cls.customer.id,
                    "email": "buyer0@example.com",
                }
            )
            .id,
        )
        # answerable today: the deadline is still ahead
        cls.campaign = cls._campaign(
            sample_mode="all",
            deadline=fields.Date.today() + timedelta(days=30),
        )
        cls.campaign.action_launch()
        lines = cls.campaign.line_ids
        cls.mine = lines.filtered(
            lambda line: line.partner_id == cls.customer
        ).user_input_id
        cls.theirs = lines.filtered(
            lambda line: line.partner_id == cls.other
        ).user_input_id

    def test_answer_through_the_token_url(self):
        """The customer opens the invitation link: the survey engine's own
        controller serves the questionnaire on the customer's token."""
        response = self.url_open(self.mine.get_start_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.survey.title, response.text)
        self.assertIn("Start Survey", response.text)
        # a wrong token is refused by the engine
        response = self.url_open(
            f"/survey/start/{self.survey.access_token}?answer_token=not-a-token"
        )
        self.assertNotIn("How satisfied are you", response.text)

    def test_answers_submitted_through_the_survey_controller(self):
        """The customer answers page by page through the engine's own JSON
        routes, on the invitation token; the index follows."""
        survey_token, token = self.survey.access_token, self.mine.access_token
        self.url_open(self.mine.get_start_url())
        self.make_jsonrpc_request(f"/survey/begin/{survey_token}/{token}", {})
        pages = {
            "cc_survey.survey_customer_satisfaction_p1": {self.q_products: "satisfied"},
            "cc_survey.survey_customer_satisfaction_p2": {
                self.q_service: "very_satisfied"
            },
        }
        for page_xmlid, questions in pages.items():
            params = {"page_id": self.env.ref(page_xmlid).id}
            for question, code in questions.items():
                column = self._column(question, code)
                params[str(question.id)] = {
                    str(row.id): [str(column.id)] for row in question.matrix_row_ids
                }
            self.make_jsonrpc_request(f"/survey/submit/{survey_token}/{token}", params)
        self.make_jsonrpc_request(
            f"/survey/submit/{survey_token}/{token}",
            {
                "page_id": self.env.ref("cc_survey.survey_customer_satisfaction_p3").id,
                str(self.q_overall.id): "8",
                str(self.q_text.id): "Keep going",
            },
        )
        self.mine.invalidate_recordset()
        self.assertEqual(self.mine.state, "done")
        self.assertEqual(self.mine.cc_channel, "email")
        self.assertAlmostEqual(self.mine.cc_index, 81.75)
        self.assertEqual(self.mine.cc_level, "satisfied")

    def test_my_page_shows_only_own_surveys_and_replies(self):
        self._answer(
            self.theirs, products="dissatisfied", service="dissatisfied", overall=1
        )
        self.authenticate("cc_survey_portal", "cc_survey_portal")
        page = self.url_open("/my/satisfaction").text
        self.assertIn(self.mine.access_token, page)
        self.assertNotIn(self.theirs.access_token, page)
        self.assertIn("No improvement reply yet", page)
        # a reply to the other customer never shows here
        self.campaign.action_close()
        plan = self.campaign.plan_ids.filtered(lambda p: p.partner_id == self.other)
        plan.sudo().write({"reply_body": "<p>Secret improvement for the other</p>"})
        plan.sudo().write({"reply_sent_on": "2026-07-01 10:00:00"})
        page = self.url_open("/my/satisfaction").text
        self.assertNotIn("Secret improvement", page)
        # the customer's own answered survey leaves the list; their reply shows
        self._answer(
            self.mine, products="dissatisfied", service="dissatisfied", overall=1
        )
        self.campaign.action_compute_index()
        own_plan = self.campaign.plan_ids.filtered(
            lambda p: p.partner_id == self.customer
        )
        own_plan.sudo().write(
            {
                "reply_body": "<p>Faster deliveries now</p>",
                "reply_sent_on": "2026-07-02 10:00:00",
            }
        )
        page = self.url_open("/my/satisfaction").text
        self.assertNotIn(self.mine.access_token, page)
        self.assertIn("Faster deliveries now", page)
        self.assertNotIn("Secret improvement", page)
        # no internal analysis: no score, no cause
        self.assertNotIn("overall index", page.lower())
