from datetime import datetime, time

from odoo import api, models
from odoo.tools import SQL


class CcSurveyCampaign(models.Model):
    _inherit = "cc.survey.campaign"

    @api.model
    def _cc_first_deliveries(self, company, date_from, date_to):
        """First validated delivery of a sale order per customer, in one
        query: the customers (commercial partners) of ``company`` whose first
        one was validated in ``[date_from, date_to)``. Returns of goods
        (receipts) and deliveries without a sale order (returns to vendors,
        internal moves) do not count."""
        res = super()._cc_first_deliveries(company, date_from, date_to)
        self.env["stock.picking"].flush_model(
            ["partner_id", "state", "date_done", "company_id", "sale_id"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT p.commercial_partner_id, min(sp.date_done)
                     FROM stock_picking sp
                     JOIN stock_picking_type spt ON spt.id = sp.picking_type_id
                     JOIN sale_order so ON so.id = sp.sale_id
                     JOIN res_partner p ON p.id = so.partner_id
                    WHERE sp.state = 'done'
                      AND spt.code = 'outgoing'
                      AND sp.date_done IS NOT NULL
                      AND sp.company_id = %s
                 GROUP BY p.commercial_partner_id
                   HAVING min(sp.date_done) >= %s AND min(sp.date_done) < %s""",
                company.id,
                datetime.combine(date_from, time.min),
                datetime.combine(date_to, time.min),
            )
        )
        res.update(
            {partner_id: first.date() for partner_id, first in self.env.cr.fetchall()}
        )
        return res
