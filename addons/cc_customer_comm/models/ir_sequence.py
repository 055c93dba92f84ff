from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
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
    def _cron_cc_prepare_date_ranges(self, months_ahead=2):
        """Create the ranges of the coming periods of every resetting sequence.

        Numbers are then drawn from ranges that already exist: the first
        document of a month does not have to create one.
        """
        today = fields.Date.context_today(self)
        # run by the scheduler, as superuser
        sequences = self.search(
            [("use_date_range", "=", True), ("range_reset", "!=", False)]
        )
        for sequence in sequences:
            for months in range(months_ahead + 1):
                day = today + relativedelta(months=months)
                exists = self.env["ir.sequence.date_range"].search_count(
                    [
                        ("sequence_id", "=", sequence.id),
                        ("date_from", "<=", day),
                        ("date_to", ">=", day),
                    ],
                    limit=1,
                )
                if not exists:
                    sequence._create_date_range_seq(day)
        return True
