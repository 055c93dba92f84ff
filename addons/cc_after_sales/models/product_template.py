from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"  # pylint: disable=consider-merging-classes-inherited

    cc_warranty_months = fields.Integer(
        string="Warranty (Months)",
        default=0,
        help="Warranty period of a unit of this product, counted from the "
        "date the unit was first delivered to a customer. 0: no warranty.",
    )

    @api.constrains("cc_warranty_months")
    def _check_cc_warranty_months(self):
        for template in self:
            if template.cc_warranty_months < 0:
                raise ValidationError(
                    self.env._(
                        "Product %(product)s: Warranty (Months) cannot be "
                        "negative (%(months)s).",
                        product=template.display_name,
                        months=template.cc_warranty_months,
                    )
                )
