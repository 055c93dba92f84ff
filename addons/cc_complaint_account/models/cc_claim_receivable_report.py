from odoo import fields, models, tools
from odoo.tools import SQL


class CcClaimReceivableReport(models.Model):
    _name = "cc.claim.receivable.report"
    _description = "Receivables per Salesperson excluding Amounts under Claim"
    _auto = False
    _order = "invoice_date_due, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    invoice_date = fields.Date(readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    payment_state = fields.Selection(
        [
            ("not_paid", "Not Paid"),
            ("in_payment", "In Payment"),
            ("paid", "Paid"),
            ("partial", "Partially Paid"),
            ("reversed", "Reversed"),
            ("blocked", "Blocked"),
            ("invoicing_legacy", "Invoicing App Legacy"),
        ],
        readonly=True,
    )
    amount_total = fields.Monetary(string="Invoiced", readonly=True)
    amount_paid = fields.Monetary(string="Collected", readonly=True)
    amount_residual = fields.Monetary(string="Receivable", readonly=True)
    amount_under_claim = fields.Monetary(
        string="Under Claim",
        readonly=True,
        help="Receivable of the invoice lines named by open claims (tax included, "
        "at most the receivable).",
    )
    amount_bonus_base = fields.Monetary(
        string="Invoiced excl. Claims",
        readonly=True,
        help="Invoiced amount less the amount under claim: the base of the "
        "collection rate.",
    )
    amount_collectible = fields.Monetary(
        string="Receivable excl. Claims",
        readonly=True,
        help="Receivable counted for the collection bonus.",
    )
    open_claim_count = fields.Integer(string="Open Claims", readonly=True)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _query(self):
        return SQL(
            """
            WITH claimed AS (
                SELECT DISTINCT aml.id, aml.move_id, aml.price_total
                  FROM cc_claim_line cl
                  JOIN cc_claim c
                    ON c.id = cl.claim_id
                   AND c.state NOT IN ('done', 'rejected', 'cancel')
                  JOIN account_move_line aml
                    ON aml.id = cl.invoice_line_id
                    OR (cl.invoice_line_id IS NULL
                        AND aml.move_id = c.invoice_id
                        AND aml.product_id = cl.product_id
                        AND aml.display_type = 'product')
            ),
            per_move AS (
                SELECT move_id, SUM(price_total) AS under_claim
                  FROM claimed
                 GROUP BY move_id
            ),
            claims AS (
                SELECT invoice_id, COUNT(*) AS claim_count
                  FROM cc_claim
                 WHERE invoice_id IS NOT NULL
                   AND state NOT IN ('done', 'rejected', 'cancel')
                 GROUP BY invoice_id
            ),
            base AS (
                SELECT m.id,
                       m.commercial_partner_id,
                       m.invoice_user_id,
                       m.team_id,
                       m.company_id,
                       comp.currency_id,
                       m.invoice_date,
                       m.invoice_date_due,
                       m.payment_state,
                       m.amount_total_signed AS amount_total,
                       m.amount_residual_signed AS amount_residual,
                       LEAST(
                           m.amount_residual_signed,
                           COALESCE(pm.under_claim, 0.0)
                           * CASE WHEN m.amount_total <> 0
                                  THEN m.amount_total_signed / m.amount_total
                                  ELSE 1.0 END
                       ) AS amount_under_claim,
                       COALESCE(cl.claim_count, 0) AS open_claim_count
                  FROM account_move m
                  JOIN res_company comp ON comp.id = m.company_id
             LEFT JOIN per_move pm ON pm.move_id = m.id
             LEFT JOIN claims cl ON cl.invoice_id = m.id
                 WHERE m.move_type = 'out_invoice'
                   AND m.state = 'posted'
            )
            SELECT id,
                   id AS move_id,
                   commercial_partner_id AS partner_id,
                   invoice_user_id AS user_id,
                   team_id,
                   company_id,
                   currency_id,
                   invoice_date,
                   invoice_date_due,
                   payment_state,
                   amount_total,
                   amount_total - amount_residual AS amount_paid,
                   amount_residual,
                   amount_under_claim,
                   amount_total - amount_under_claim AS amount_bonus_base,
                   amount_residual - amount_under_claim AS amount_collectible,
                   open_claim_count
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
