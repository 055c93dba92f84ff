from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _create_date_range_seq(self, date):
        """Create a missing period range (``range_reset``) once, whoever asks.

        Two users drawing the first number of a new month at the same moment
        would otherwise create two ranges, i.e. two PostgreSQL sequences both
        starting at 1. Updating the sequence row serializes them: the second
        transaction waits for the first, then fails with a serialization error
        that Odoo retries; the retry sees the range the first one created.
        Sequences without ``range_reset`` keep Odoo's behaviour.
        """
        if self.range_reset:
            self.env.cr.execute(
                SQL(
                    "UPDATE ir_sequence SET write_date = write_date WHERE id = %s",
                    self.id,
                )
            )
        return super()._create_date_range_seq(date)

    @api.model
    def _cc_prepare_date_ranges_days(self, today, months_ahead):
        """One day of each period to prepare: today and the same day of each
        of the next ``months_ahead`` months."""
        return [
            today + relativedelta(months=months) for months in range(months_ahead + 1)
        ]

    @api.model
    def _cc_prepare_date_ranges_domain(self, days):
        """Resetting sequences with no range yet for one of ``days``: a
        sequence whose ranges are prepared leaves the domain."""
        return [
            ("use_date_range", "=", True),
            ("range_reset", "!=", False),
        ] + expression.OR(
            [
                [
                    (
                        "date_range_ids",
                        "not any",
                        [("date_from", "<=", day), ("date_to", ">=", day)],
                    )
                ]
                for day in days
            ]
        )

    @api.model
    def _cron_cc_prepare_date_ranges(self, months_ahead=2):
        """Create the ranges of the coming periods of every resetting sequence.

        Numbers are then drawn from ranges that already exist: the first
        document of a month does not have to create one. One row-locked batch
        of sequences per call (``cc.cron.batch.mixin``); the scheduler calls
        again while sequences without their ranges remain.
        """
        today = fields.Date.context_today(self)
        days = self._cc_prepare_date_ranges_days(today, months_ahead)
        domain = self._cc_prepare_date_ranges_domain(days)
        batcher = self.env["cc.cron.batch.mixin"]
        # run by the scheduler, as superuser
        sequences = batcher._cc_cron_take_batch(domain, model=self._name)
        if sequences:
            ranges = self.env["ir.sequence.date_range"].search(
                [
                    ("sequence_id", "in", sequences.ids),
                    ("date_from", "<=", days[-1]),
                    ("date_to", ">=", days[0]),
                ]
            )
            by_sequence = ranges.grouped("sequence_id")
            for sequence in sequences:
                existing = by_sequence.get(sequence, ranges.browse())
                for day in days:
                    if not any(r.date_from <= day <= r.date_to for r in existing):
                        existing |= sequence._create_date_range_seq(day)
        batcher._cc_cron_notify(len(sequences), domain, model=self._name)
        return sequences
