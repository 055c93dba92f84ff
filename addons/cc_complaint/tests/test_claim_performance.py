from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CcComplaintCommon


@tagged("post_install", "-at_install", "cc_performance")
class TestClaimPerformance(CcComplaintCommon):
    """Query counts of the daily cron and the statistics report do not depend
    on the number of claims."""

    def _open_claims(self, count, day="2031-03-03"):
        Claim = self.env["cc.claim"]
        with freeze_time(day):
            claims = Claim.create(
                [
                    {
                        "partner_id": self.customer.id,
                        "user_id": self.user_sales.id,
                        "line_ids": [
                            Command.create(
                                {
                                    "product_id": self.product.id,
                                    "shipped_qty": 10,
                                    "defect_qty": 1,
                                }
                            )
                        ],
                    }
                    for _i in range(count)
                ]
            )
            for claim in claims:
                claim.action_register()
        return claims

    def _cron_queries(self, day):
        Claim = self.env["cc.claim"]
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(day):
            before = self.env.cr.sql_log_count
            Claim._cron_cc_claim_deadlines()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

    def test_cron_query_count_constant(self):
        self._open_claims(3)
        first_small = self._cron_queries("2031-04-10")
        steady_small = self._cron_queries("2031-04-10")
        self._open_claims(30, day="2031-03-04")
        first_big = self._cron_queries("2031-04-11")
        steady_big = self._cron_queries("2031-04-11")
        self.assertEqual(
            steady_small, steady_big, "steady state: same queries for 3 or 33 claims"
        )
        # flagging 30 newly overdue claims costs no more than flagging 3 (one batch)
        self.assertLessEqual(first_big, first_small + 5)
        self.assertEqual(
            self.env["cc.claim"].search_count(
                [("is_overdue", "=", True), ("partner_id", "=", self.customer.id)]
            ),
            33,
        )

    def test_report_query_count_constant(self):
        report = self.env.ref("cc_complaint.cc_claim_statistics_xlsx_report")
        data = {
            "date_from": "2031-03-01",
            "date_to": "2031-03-31",
            "company_id": self.company.id,
        }

        def render():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            report._render_xlsx(report.report_name, [], data=data)
            return self.env.cr.sql_log_count - before

        claims = self._open_claims(2)
        claims.sudo().write({"state": "done", "date_closed": "2031-03-20"})
        render()
        small = render()
        more = self._open_claims(20)
        more.sudo().write({"state": "done", "date_closed": "2031-03-21"})
        render()
        self.assertEqual(render(), small, "2 or 22 claims: same number of queries")
