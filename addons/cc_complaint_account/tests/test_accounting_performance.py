from odoo.tests import tagged

from .common import CcClaimAccountingCommon


@tagged("post_install", "-at_install", "cc_performance")
class TestClaimCreditNotePerformance(CcClaimAccountingCommon):
    """Query bounds of the claim documents, next to the bare Odoo operation
    underneath (``account.move._reverse_moves`` of the same invoice)."""

    def _count_queries(self, operation):
        """Queries of ``operation`` with its writes flushed, from an empty
        record cache (as ``assertQueryCount`` counts them)."""
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        operation()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def _bare_reversal(self):
        return self.invoice._reverse_moves([{"date": self.invoice.date}])

    def test_allowance_credit_note_queries(self):
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(CREDIT_NOTE_QUERIES):
            claim.action_create_allowance_credit_note()
            self.env.flush_all()
        self.assertEqual(len(claim.credit_note_ids), 1)

    def test_bare_reversal_queries(self):
        """The claim's allowance credit note against Odoo's bare reversal of
        the same invoice, both measured here on the same database: the claim's
        own work (its lines, links and chatter) costs at most
        ``CREDIT_NOTE_OVERHEAD`` queries more."""
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        # one reversal first, so that both measures find the same warm
        # registry caches (sequences, journals, tax and account settings)
        self._bare_reversal()
        claim_queries = self._count_queries(claim.action_create_allowance_credit_note)
        bare_queries = self._count_queries(self._bare_reversal)
        self.assertEqual(len(claim.credit_note_ids), 1)
        self.assertGreater(bare_queries, 0)
        self.assertLessEqual(
            claim_queries - bare_queries,
            CREDIT_NOTE_OVERHEAD,
            f"claim credit note {claim_queries} queries, bare reversal "
            f"{bare_queries}: more than {CREDIT_NOTE_OVERHEAD} over",
        )


# measured: 145 queries for the claim credit note alone; side by side in
# test_bare_reversal_queries, 144 for the claim credit note and 110 for the
# bare reversal of the same invoice (34 more)
CREDIT_NOTE_QUERIES = 150
CREDIT_NOTE_OVERHEAD = 40
