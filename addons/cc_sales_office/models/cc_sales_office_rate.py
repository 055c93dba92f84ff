from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CcSalesOfficeRate(models.Model):
    _name = "cc.sales.office.rate"
    _description = "Sales Office Commission Rate per Product Category"
    _order = "office_id, categ_id"
    _check_company_auto = True

    office_id = fields.Many2one(
        "cc.sales.office", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="office_id.company_id", store=True, index=True, precompute=True
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", required=True
    )
    rate = fields.Float(string="Rate (%)", required=True)

    _sql_constraints = [
        (
            "categ_uniq",
            "UNIQUE(office_id, categ_id)",
            "A product category has one commission rate per office.",
        ),
    ]

    @api.constrains("rate")
    def _check_rate(self):
        for rate in self:
            if not 0.0 <= rate.rate <= 100.0:
                raise ValidationError(
                    _(
                        "The commission rate of %(categ)s must be between 0 and 100%%.",
                        categ=rate.categ_id.display_name,
                    )
                )
