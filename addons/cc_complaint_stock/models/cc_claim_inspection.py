from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

# QA and the warehouse inspect the returned goods
INSPECTORS = "cc_complaint.group_cc_complaint_qa,stock.group_stock_user"


class CcClaimInspection(models.Model):
    _name = "cc.claim.inspection"
    _description = "Claim Return Inspection"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # cc.document.mixin (the name is computed: no numbering)
    _cc_transitions = {
        "done": {"from": ("draft",), "to": "done", "groups": INSPECTORS},
        "reopen": {"from": ("done",), "to": "draft", "groups": INSPECTORS},
    }

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    claim_id = fields.Many2one(
        "cc.claim",
        string="Claim",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        related="claim_id.partner_id", string="Customer", store=True
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Return Receipt",
        index="btree_not_null",
        check_company=True,
        domain="[('cc_claim_id', '=', claim_id), "
        "('cc_claim_picking_kind', '=', 'return')]",
    )
    claim_line_id = fields.Many2one(
        "cc.claim.line",
        string="Claim Line",
        check_company=True,
        domain="[('claim_id', '=', claim_id)]",
    )
    product_id = fields.Many2one(
        "product.product", required=True, check_company=True, tracking=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    received_qty = fields.Float(
        string="Received Quantity", digits="Product Unit of Measure", tracking=True
    )
    inspection_type = fields.Selection(
        [("sampling", "Sampling"), ("full", "Full Inspection")],
        default="sampling",
        required=True,
        help="Sampling for a batch return, full inspection otherwise.",
    )
    sample_size = fields.Float(
        compute="_compute_sample_size",
        store=True,
        readonly=False,
        digits="Product Unit of Measure",
    )
    defect_qty = fields.Float(
        string="Defects Found", digits="Product Unit of Measure", tracking=True
    )
    defect_rate = fields.Float(
        string="Defect Rate (%)",
        compute="_compute_defect_rate",
        store=True,
        digits=(16, 2),
    )
    result = fields.Selection(
        [("accept", "Accept"), ("reject", "Reject"), ("rework", "Rework")],
        tracking=True,
        help="Accept: the complaint is confirmed by the goods; Reject: the goods show "
        "no defect; Rework: the goods go to rework.",
    )
    inspector_id = fields.Many2one(
        "res.users",
        string="Inspector",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    date = fields.Date(default=fields.Date.context_today, required=True, tracking=True)
    note = fields.Text()
    state = fields.Selection(
        [("draft", "To Inspect"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "quantities_positive",
            "CHECK(received_qty >= 0 AND sample_size >= 0 AND defect_qty >= 0)",
            "Inspection quantities cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("claim_id.name", "product_id")
    def _compute_name(self):
        for inspection in self:
            inspection.name = " / ".join(
                filter(
                    None, [inspection.claim_id.name, inspection.product_id.display_name]
                )
            )

    @api.depends("inspection_type", "received_qty")
    def _compute_sample_size(self):
        for inspection in self:
            if inspection.inspection_type == "full" or not inspection.sample_size:
                inspection.sample_size = inspection.received_qty

    @api.depends("defect_qty", "sample_size")
    def _compute_defect_rate(self):
        for inspection in self:
            inspection.defect_rate = (
                100.0 * inspection.defect_qty / inspection.sample_size
                if inspection.sample_size
                else 0.0
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("sample_size", "defect_qty", "received_qty", "inspection_type")
    def _check_quantities(self):
        for inspection in self:
            rounding = inspection.product_id.uom_id.rounding or 0.01
            if (
                inspection.received_qty
                and float_compare(
                    inspection.sample_size,
                    inspection.received_qty,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise ValidationError(
                    _(
                        "Sample Size (%(sample)s) cannot exceed the Received Quantity "
                        "(%(received)s).",
                        sample=inspection.sample_size,
                        received=inspection.received_qty,
                    )
                )
            if (
                float_compare(
                    inspection.defect_qty,
                    inspection.sample_size,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise ValidationError(
                    _(
                        "Defects Found (%(defects)s) cannot exceed the Sample Size "
                        "(%(sample)s).",
                        defects=inspection.defect_qty,
                        sample=inspection.sample_size,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        self._cc_check_transition("done")
        for inspection in self:
            if not inspection.result:
                raise UserError(
                    _(
                        "Inspection %(name)s: set the Result first.",
                        name=inspection.name,
                    )
                )
            if not inspection.inspector_id:
                raise UserError(
                    _(
                        "Inspection %(name)s: set the Inspector first.",
                        name=inspection.name,
                    )
                )
        self._cc_transition("done")
        for inspection in self:
            inspection.claim_id.message_post(
                body=_(
                    "Inspection of %(product)s: %(result)s (%(defects)s defects in "
                    "%(sample)s inspected).",
                    product=inspection.product_id.display_name,
                    result=dict(self._fields["result"].selection)[inspection.result],
                    defects=inspection.defect_qty,
                    sample=inspection.sample_size,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_draft(self):
        return self._cc_transition("reopen")
