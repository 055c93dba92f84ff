from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL


class CcSurveyCampaign(models.Model):
    _inherit = "cc.survey.campaign"

    @api.model
    def _cc_claim_counts(self, date_from, date_to, company, partner_ids=None):
        """Claims per commercial partner filed in ``[date_from, date_to)``,
        counted in one query (cancelled claims left out)."""
        self.env["cc.claim"].flush_model(
            ["commercial_partner_id", "date_claim", "state", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT commercial_partner_id, count(*)
                     FROM cc_claim
                    WHERE state != 'cancel'
                      AND company_id = %s
                      AND date_claim >= %s AND date_claim < %s
                      %s
                 GROUP BY commercial_partner_id""",
                company.id,
                date_from,
                date_to,
                SQL("AND commercial_partner_id = ANY(%s)", list(partner_ids))
                if partner_ids is not None
                else SQL(""),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _cc_complaint_counts(self, partner_ids, date_from, date_to, company):
        counts = super()._cc_complaint_counts(partner_ids, date_from, date_to, company)
        if not partner_ids:
            return counts
        for partner_id, count in self._cc_claim_counts(
            date_from, date_to, company, partner_ids
        ).items():
            counts[partner_id] = counts.get(partner_id, 0) + count
        return counts

    @api.model
    def _cc_review_complaints(self, date_from, date_to, company):
        rows = super()._cc_review_complaints(date_from, date_to, company)
        counts = self._cc_claim_counts(
            date_from, date_to + relativedelta(days=1), company
        )
        top = sorted(counts.items(), key=lambda item: -item[1])[:20]
        partners = self.env["res.partner"].browse([pid for pid, _count in top])
        names = {partner.id: partner.name for partner in partners}
        source = self.env._("Claims")
        return rows + [(source, names.get(pid, ""), count) for pid, count in top]
