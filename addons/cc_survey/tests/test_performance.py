from odoo import Command
from odoo.tests import tagged, users, warmup

from .common import CcSurveyCommon


@tagged("post_install", "-at_install")
class TestIndexPerformance(CcSurveyCommon):
    """The index computation reads the answers in one query whatever the
    number of responses; the only growth is the ORM inserting the scores by
    hundreds (8 scores per response: 32 for 4 responses, 160 for 20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small = cls._campaign(name="Small")
        cls.small.action_launch()
        cls.large = cls._campaign(name="Large", sample_mode="all")
        cls.large.action_launch()
        for campaign in (cls.small, cls.large):
            for answer in campaign.line_ids.user_input_id:
                answer = answer.sudo()
                for question in (cls.q_products, cls.q_service):
                    suffix = "products" if question == cls.q_products else "service"
                    column = cls.env.ref(
                        f"cc_survey.survey_customer_satisfaction_q_{suffix}_col_satisfied"
                    )
                    answer._save_lines(
                        question,
                        {row.id: [column.id] for row in question.matrix_row_ids},
                    )
                answer._save_lines(cls.q_overall, "7")
                answer.write({"state": "done"})

    def _compute(self, campaign):
        answers = self.env["survey.user_input"].search(
            [("cc_campaign_id", "=", campaign.id)]
        )
        answers._cc_compute_scores()
        campaign._cc_compute_results()

    def _count(self, function, *args):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function(*args)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    @users("cc_survey_manager")
    @warmup
    def test_index_query_count_does_not_grow(self):
        small = self.small.with_user(self.env.user)
        large = self.large.with_user(self.env.user)
        self.assertEqual(len(small.line_ids), 4)
        self.assertEqual(len(large.line_ids), 20)
        # the bridges installed alongside add a fixed number of queries:
        # measure the small campaign, then bound the large one by it
        small_count = self._count(self._compute, small)
        self.assertLessEqual(small_count, 60)
        self.env.invalidate_all()
        with self.assertQueryCount(cc_survey_manager=small_count + 1):
            self._compute(large)
        self.assertEqual(len(large.result_ids), 8)

    def test_sampling_and_invitations_are_batched(self):
        """Launching 20 customers costs what launching 4 costs: the answers
        are inserted and the e-mails queued in batches, not per customer."""
        small = self._campaign(name="Batch 4").sudo()
        large = self._campaign(name="Batch 20", sample_mode="all").sudo()
        small_count = self._count(small.action_launch)
        large_count = self._count(large.action_launch)
        self.assertEqual(len(small.line_ids.user_input_id), 4)
        self.assertEqual(len(large.line_ids.user_input_id), 20)
        self.assertLessEqual(large_count, small_count + 3)


@tagged("post_install", "-at_install")
class TestLaunchQueryCount(CcSurveyCommon):
    """Launching a campaign costs the same number of queries for 10 and for 50
    customers, in a user's ordinary context (no ``tracking_disable``): the
    answers, their tokens, the sample lines and the invitation e-mails are
    written in batches, without following or logging per answer. (The mail
    template renders and queues its e-mails by chunks of ``mail.batch_size``,
    50 by default: beyond 50 customers a few queries come per 50 e-mails.)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the ordinary context of a user launching a campaign
        cls.env = cls.env(context={"tz": "UTC"})
        cls.size_tags = {}
        for size in (10, 50):
            tag = cls.env["res.partner.category"].create({"name": f"Launch {size}"})
            cls.env["res.partner"].create(
                [
                    {
                        "name": f"Launch {size} Customer {i:03d}",
                        "is_company": True,
                        "customer_rank": 1,
                        "email": f"launch{size}-{i:03d}@example.com",
                        "category_id": [Command.link(tag.id)],
                    }
                    for i in range(size)
                ]
            )
            cls.size_tags[size] = tag

    def _launch_count(self, size):
        campaign = self._campaign(
            name=f"Launch {size}",
            sample_mode="all",
            population_domain=f"[('category_id', 'in', [{self.size_tags[size].id}])]",
        ).with_env(self.env(user=self.survey_user, context={"tz": "UTC"}))
        campaign.action_draw_sample()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        campaign.action_launch()
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        answers = campaign.line_ids.user_input_id
        self.assertEqual(len(answers), size)
        self.assertEqual(set(answers.mapped("cc_channel")), {"email"})
        self.assertTrue(all(answers.mapped("access_token")))
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search_count(
                [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
            )
        )
        self.assertEqual(mails, size)
        # no follower per answer: the invitation is the only message
        self.assertFalse(
            self.env["mail.followers"]
            .sudo()
            .search_count(
                [("res_model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
            )
        )
        return count

    def test_launch_query_count_independent_of_customers(self):
        self._launch_count(10)  # warm the caches (templates, views, rules)
        count_10 = self._launch_count(10)
        count_50 = self._launch_count(50)
        self.assertEqual(count_50, count_10)
