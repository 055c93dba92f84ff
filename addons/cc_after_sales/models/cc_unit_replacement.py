from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CcUnitReplacement(models.Model):
    """A customer's unit replaced by a new one (换新), counted per region and
    month."""

    _name = "cc.unit.replacement"
    _description = "Unit Replacement"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _rec_names_search = [
        "name",
        "old_lot_id.name",
        "new_lot_id.name",
        "partner_id.name",
    ]
    _check_company_auto = True

    # cc.document.mixin: numbering only
    _cc_sequence_code = "cc.unit.replacement"

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Commercial Entity",
    )
    region_id = fields.Many2one(
        related="commercial_partner_id.cc_service_region_id",
        store=True,
        index="btree_not_null",
        string="Region",
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    old_lot_id = fields.Many2one(
        "stock.lot",
        string="Old Unit",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    new_lot_id = fields.Many2one(
        "stock.lot",
        string="New Unit",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    product_id = fields.Many2one(
        related="old_lot_id.product_id", store=True, string="Product", index=True
    )
    reason = fields.Text(required=True, tracking=True)
    request_id = fields.Many2one(
        "cc.service.request",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    dispatch_id = fields.Many2one(
        "fsm.order",
        string="Dispatch",
        index="btree_not_null",
        check_company=True,
        domain="[('cc_request_id', '=?', request_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    _sql_constraints = [
        (
            "old_lot_uniq",
            "UNIQUE(old_lot_id)",
            "This unit has already been replaced.",
        ),
    ]

    @api.constrains("old_lot_id", "new_lot_id")
    def _check_units(self):
        for replacement in self:
            if replacement.old_lot_id == replacement.new_lot_id:
                raise ValidationError(
                    _(
                        "Replacement %(name)s: the new unit must differ from "
                        "the old unit (%(lot)s).",
                        name=replacement.name,
                        lot=replacement.old_lot_id.name,
                    )
                )

    @api.onchange("request_id")
    def _onchange_request_id(self):
        if self.request_id:
            self.partner_id = self.request_id.partner_id
            if self.request_id.lot_id:
                self.old_lot_id = self.request_id.lot_id
