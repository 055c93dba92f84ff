from odoo import api, models
from odoo.tools import SQL


class CcCronBatchMixin(models.AbstractModel):
    """Bounded, lock-safe batches for the scheduled actions of the suite.

    Odoo 18's scheduler runs a job's server action again and again (in a new
    transaction each time, up to ten times per worker run, then as soon as a
    worker is free) as long as the action reports, through
    ``ir.cron._notify_progress(done=, remaining=)``, that it did something
    and that work remains. A cron of the suite therefore:

    1. takes one batch with ``_cc_cron_take_batch(domain)``: at most
       ``_cc_cron_batch_limit()`` records of the domain, locked
       ``FOR NO KEY UPDATE SKIP LOCKED`` so that another worker running the
       same method at the same time takes other records;
    2. processes them so that they leave the domain (a flag, a marker date,
       the state the cron sets): the next call goes on where this one
       stopped, and a worker killed in the middle of a batch rolls back that
       batch only, which stays in the domain for the next call;
    3. reports with ``_cc_cron_notify(done, domain)``, which counts what is
       left, and returns. Nothing commits inside the method: the scheduler
       commits after each call.

    A model that does not inherit the mixin uses it through
    ``self.env["cc.cron.batch.mixin"]`` with ``model=self._name``.

    Batch size: the class attribute ``_cc_cron_batch_size`` (per model), which
    the system parameter ``cc_customer_comm.cron_batch_size`` overrides for
    every cron of the suite when set to a positive number.
    """

    _name = "cc.cron.batch.mixin"
    _description = "Customer Service Cron Batch Mixin"

    _cc_cron_batch_size = 1000

    @api.model
    def _cc_cron_batch_limit(self):
        """Records processed per call: the system parameter
        ``cc_customer_comm.cron_batch_size`` if set to a positive number, else
        the model's ``_cc_cron_batch_size``."""
        # sudo: system parameters are readable by admins only; the batch size is
        # read whoever runs the cron
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("cc_customer_comm.cron_batch_size")
        )
        try:
            size = int(param or 0)
        except ValueError:
            size = 0
        return size if size > 0 else self._cc_cron_batch_size

    @api.model
    def _cc_cron_take_batch(self, domain, order="id", limit=None, model=None):
        """The next batch of records matching ``domain``, row-locked for this
        transaction; records locked by another transaction (a second worker
        running the same cron) are skipped, not waited for. ``model``: take
        the batch from another model (a recordset of it is returned)."""
        limit = limit or self._cc_cron_batch_limit()
        model = self.env[model] if model else self
        model.flush_model()
        query = model._search(domain, order=order, limit=limit)
        rows = model.env.execute_query(
            SQL(
                "%s FOR NO KEY UPDATE OF %s SKIP LOCKED",
                query.select(SQL.identifier(query.table, "id")),
                SQL.identifier(query.table),
            )
        )
        return model.browse(row[0] for row in rows)

    @api.model
    def _cc_cron_notify(self, done, domain, model=None):
        """Report ``done`` records processed by this call and the number of
        records (of ``model``, this one by default) still matching ``domain``
        to the scheduler; return that number. The scheduler calls the cron
        again while it is positive."""
        self.env.flush_all()
        model = self.env[model] if model else self
        remaining = model.search_count(domain) if done else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining
