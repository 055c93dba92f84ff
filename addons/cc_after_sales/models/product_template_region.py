from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    cc_high_failure_model = fields.Boolean(
        string="High-Failure Model",
        help="Regions selling this model are classed one class higher: the "
        "class-2 volume is enough for class 1, since they need more field "
        "service.",
    )
