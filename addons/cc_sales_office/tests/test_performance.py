from odoo.tests import tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install", "cc_performance")
class TestReceptionPerformance(CcSalesOfficeCommon):
    def test_walk_in_query_count(self):
        """One walk-in (lock, attendance refresh, decision, arrival, visitor
        registration) costs a fixed number of queries, whatever the history."""
        self.check_in(self.user_a, self.user_b, self.user_c, self.user_d, self.user_e)
        for _number in range(5):
            arrival = self.walk_in()
            self.finish(arrival.user_id)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=16):
            self.walk_in("Measured guest", "13500009999")
            self.env.flush_all()
