import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestLaunchConcurrency(TransactionCase):
    """Two users press Launch on the same campaign at once: the row lock makes
    the second fail at once (the HTTP layer retries it), and the retry finds
    the campaign running: one invitation per customer."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tag = env["res.partner.category"].create({"name": "Concurrency Survey"})
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Concurrent Customer {i}",
                        "is_company": True,
                        "customer_rank": 1,
                        "email": f"concurrent{i}@example.com",
                        "category_id": [(4, tag.id)],
                    }
                    for i in range(5)
                ]
            )
            campaign = env["cc.survey.campaign"].create(
                {
                    "name": "Concurrent launch",
                    "survey_id": env.ref("cc_survey.survey_customer_satisfaction").id,
                    "population_domain": f"[('category_id', 'in', [{tag.id}])]",
                    "sample_mode": "all",
                    "date_start": "2026-06-01",
                    "date_end": "2026-06-30",
                    "deadline": "2026-07-15",
                }
            )
            cr.commit()  # pylint: disable=invalid-commit
            self.data = {
                "campaign_id": campaign.id,
                "partner_ids": partners.ids,
                "tag_id": tag.id,
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
            campaign = env["cc.survey.campaign"].browse(self.data["campaign_id"])
            answers = env["survey.user_input"].search(
                [("cc_campaign_id", "=", campaign.id)]
            )
            env["mail.mail"].search(
                [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
            ).unlink()
            campaign.line_ids.write({"user_input_id": False})
            answers.unlink()
            campaign.line_ids.unlink()
            cr.execute("DELETE FROM cc_survey_campaign WHERE id = %s", [campaign.id])
            env["res.partner"].browse(self.data["partner_ids"]).unlink()
            env["res.partner.category"].browse(self.data["tag_id"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def test_launch_twice_at_once(self):
        env1, env2 = self.envs
        campaign_id = self.data["campaign_id"]
        env1["cc.survey.campaign"].browse(campaign_id).action_launch()
        # the second user's launch while the first is not committed yet
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.LockNotAvailable),
        ):
            env2["cc.survey.campaign"].browse(campaign_id).action_launch()
        env2.cr.rollback()
        env1.cr.commit()
        # the retry finds the campaign launched
        with self.assertRaisesRegex(UserError, "only possible from Draft"):
            env2["cc.survey.campaign"].browse(campaign_id).action_launch()
        env2.cr.rollback()
        count = env2["survey.user_input"].search_count(
            [("cc_campaign_id", "=", campaign_id)]
        )
        self.assertEqual(count, 5)
        env2.cr.execute(
            """SELECT partner_id, count(*) FROM survey_user_input
                WHERE cc_campaign_id = %s GROUP BY partner_id HAVING count(*) > 1""",
            [campaign_id],
        )
        self.assertFalse(env2.cr.fetchall())
