from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.cc_service_request import REQUEST_STATES


def _request_selection(field_name):
    """The selection of a field of the service request (labels translated)."""

    def selection(model):
        field = model.env["cc.service.request"]._fields[field_name]
        return field._description_selection(model.env)

    return selection


class CcServiceKpiReport(models.Model):
    """After-sales analysis: one row per service request (cancelled ones left
    out), with the KPI counters of that request.

    Every rate is given twice so that it stays right at any grouping level of
    the pivot:

    * as a numerator and a denominator counter (``*_count``, summed), which
      the monthly appraisal XLSX divides per engineer and for the total;
    * as a percentage column aggregated with ``avg`` that is ``NULL`` on the
      rows outside its denominator (SQL ``AVG`` skips them), so the average of
      a group is exactly numerator / denominator of that group, never an
      average of averages.
    """

    _name = "cc.service.kpi.report"
    _description = "After-Sales Service KPI Analysis"
    _auto = False
    _order = "date_request desc, id desc"
    _rec_name = "request_id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    request_id = fields.Many2one(
        "cc.service.request", string="Service Request", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Engineer", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    date_request = fields.Datetime(string="Received", readonly=True)
    request_type = fields.Selection(
        _request_selection("request_type"), string="Type", readonly=True
    )
    level = fields.Selection(_request_selection("level"), readonly=True)
    channel = fields.Selection(_request_selection("channel"), readonly=True)
    # not named ``state``: this is a read-only view, not a workflow document
    request_state = fields.Selection(REQUEST_STATES, string="Status", readonly=True)
    # counters (numerators and denominators)
    request_count = fields.Integer(string="Requests", readonly=True)
    closed_count = fields.Integer(string="Closed", readonly=True)
    response_due_count = fields.Integer(
        string="Responses Due",
        readonly=True,
        help="Requests acknowledged, or still unanswered past their response "
        "target: the base of the response timeliness.",
    )
    in_time_count = fields.Integer(string="Responded in Time", readonly=True)
    scored_count = fields.Integer(string="Follow-ups Scored", readonly=True)
    score_total = fields.Integer(string="Satisfaction Points", readonly=True)
    first_time_fix_count = fields.Integer(string="First-Time Fixes", readonly=True)
    rehandled_count = fields.Integer(
        string="Re-handled Requests",
        readonly=True,
        help="Requests handled again at least once (rejected by the customer "
        "or reopened at the follow-up).",
    )
    rehandle_total = fields.Integer(string="Re-handlings", readonly=True)
    interpretation_reviewed_count = fields.Integer(
        string="Interpretations Reviewed", readonly=True
    )
    interpretation_accurate_count = fields.Integer(
        string="Accurate Interpretations", readonly=True
    )
    # rates: NULL outside their denominator, averaged
    resolution_rate = fields.Float(
        string="Resolution Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Closed requests per 100 requests received.",
    )
    response_rate = fields.Float(
        string="Response Timeliness (%)",
        readonly=True,
        aggregator="avg",
        help="Responses within the target per 100 responses due.",
    )
    satisfaction = fields.Float(
        string="Satisfaction",
        readonly=True,
        aggregator="avg",
        help="Average follow-up score (1 to 5) of the scored requests.",
    )
    first_time_fix_rate = fields.Float(
        string="First-Time Fix Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Closed requests fixed with at most one dispatch and never handled "
        "again, per 100 closed requests.",
    )
    rehandle_rate = fields.Float(
        string="Re-handling Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Requests handled again at least once per 100 requests received.",
    )
    interpretation_accuracy = fields.Float(
        string="Interpretation Accuracy (%)",
        readonly=True,
        aggregator="avg",
        help="Report interpretations the quality reviewer found accurate, per "
        "100 reviewed interpretations.",
    )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _query(self):
        return SQL(
            """
            WITH base AS (
                SELECT r.id,
                       r.company_id,
                       r.user_id,
                       r.commercial_partner_id AS partner_id,
                       r.product_id,
                       r.date_request,
                       r.request_type,
                       r.level,
                       r.channel,
                       r.state AS request_state,
                       r.state = 'closed' AS closed,
                       r.responded_on IS NOT NULL
                           OR r.response_deadline < (NOW() AT TIME ZONE 'UTC')
                           AS response_due,
                       COALESCE(r.responded_in_time, FALSE) AS in_time,
                       NULLIF(r.followup_score, 0) AS score,
                       r.state = 'closed' AND COALESCE(r.first_time_fix, FALSE)
                           AS first_time_fix,
                       COALESCE(r.rehandle_count, 0) AS rehandle_total,
                       r.request_type = 'interpretation'
                           AND r.review_verdict IS NOT NULL AS reviewed,
                       r.request_type = 'interpretation'
                           AND r.review_verdict = 'accurate' AS accurate
                  FROM cc_service_request r
                 WHERE r.state != 'cancel'
            )
            SELECT id,
                   id AS request_id,
                   company_id,
                   user_id,
                   partner_id,
                   product_id,
                   date_request,
                   request_type,
                   level,
                   channel,
                   request_state,
                   1 AS request_count,
                   closed::int AS closed_count,
                   response_due::int AS response_due_count,
                   (response_due AND in_time)::int AS in_time_count,
                   (score IS NOT NULL)::int AS scored_count,
                   COALESCE(score, 0) AS score_total,
                   first_time_fix::int AS first_time_fix_count,
                   (rehandle_total > 0)::int AS rehandled_count,
                   rehandle_total,
                   reviewed::int AS interpretation_reviewed_count,
                   accurate::int AS interpretation_accurate_count,
                   100.0 * closed::int AS resolution_rate,
                   CASE WHEN response_due THEN 100.0 * in_time::int END
                       AS response_rate,
                   score::float AS satisfaction,
                   CASE WHEN closed THEN 100.0 * first_time_fix::int END
                       AS first_time_fix_rate,
                   100.0 * (rehandle_total > 0)::int AS rehandle_rate,
                   CASE WHEN reviewed THEN 100.0 * accurate::int END
                       AS interpretation_accuracy
              FROM base
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
