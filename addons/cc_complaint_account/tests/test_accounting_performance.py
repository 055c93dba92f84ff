from odoo.tests import tagged

from .common import CcClaimAccountingCommon


@tagged("post_install", "-at_install", "cc_performance")
class TestClaimCreditNotePerformance(CcClaimAccountingCommon):
    """Query bounds of the claim documents, next to the bare Odoo operation
    underneath (``account.move._reverse_moves`` of the same invoice)."""

    def test_allowance_credit_note_queries(self):
        claim = self._create_execution_claim([("allowance", 0.0, 150.0)])
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(CREDIT_NOTE_QUERIES):
            claim.action_create_allowance_credit_note()
            self.env.flush_all()
        self.assertEqual(len(claim.credit_note_ids), 1)

    def test_bare_reversal_queries(self):
        """Reference: Odoo's reversal of the whole invoice, flushed."""
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(REVERSAL_QUERIES):
            self.invoice._reverse_moves([{"date": self.invoice.date}])
            self.env.flush_all()


# measured: 145 queries for the claim credit note, 125 for the bare reversal
CREDIT_NOTE_QUERIES = 150
REVERSAL_QUERIES = 130
