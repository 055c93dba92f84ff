from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CcSampleRequest(models.Model):
    """Sample or catalogue request (索取样品/样本): declared and approved
    before anything is sent to the customer (000 §4.1.1.1 b)."""

    _name = "cc.sample.request"
    _description = "Sample or Catalogue Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    _cc_sequence_code = "cc.sample.request"
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved"},
        "send": {"from": ("approved",), "to": "sent"},
        "cancel": {"from": ("draft", "approved"), "to": "cancel"},
        "reset_draft": {"from": ("cancel",), "to": "draft"},
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    communication_id = fields.Many2one(
        "cc.communication",
        string="Communication",
        check_company=True,
        index="btree_not_null",
        domain="[('partner_id', '=', partner_id)]",
        help="The customer's request, when it came through the communication log.",
    )
    request_type = fields.Selection(
        [("sample", "Sample"), ("catalogue", "Catalogue or Documentation")],
        string="Type",
        required=True,
        default="sample",
    )
    date = fields.Date(
        string="Request Date", required=True, default=fields.Date.context_today
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    reason = fields.Text(required=True)
    line_ids = fields.One2many(
        "cc.sample.request.line", "request_id", string="Items", copy=True
    )
    shipping_address_id = fields.Many2one(
        "res.partner",
        string="Ship To",
        check_company=True,
        domain="[('id', 'child_of', partner_id)]",
    )
    date_sent = fields.Date(string="Sent On", copy=False, tracking=True)
    tracking_ref = fields.Char(string="Tracking Reference", copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("sent", "Sent"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.onchange("communication_id")
    def _onchange_communication_id(self):
        if self.communication_id and not self.partner_id:
            self.partner_id = self.communication_id.partner_id

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda r: r.state not in ("draft", "cancel")):
            raise UserError(
                self.env._("Only draft or cancelled sample requests can be deleted.")
            )

    def request_validation(self):
        empty = self.filtered(lambda r: not r.line_ids)
        if empty:
            raise UserError(
                self.env._(
                    "Add at least one item to %(names)s before requesting the "
                    "approval.",
                    names=", ".join(empty.mapped("name")),
                )
            )
        return super().request_validation()

    def action_approve(self):
        return self._cc_approve()

    def action_send(self):
        """Record the shipment: only an approved request can be sent."""
        not_approved = self.filtered(lambda r: r.state != "approved")
        if not_approved:
            raise UserError(
                self.env._(
                    "%(name)s is not approved: samples and catalogues are sent "
                    "only once the request is approved.",
                    name=not_approved[0].name,
                )
            )
        for request in self:
            date_sent = request.date_sent or fields.Date.context_today(request)
            if date_sent < request.date:
                raise UserError(
                    self.env._(
                        "Sent On of %(name)s (%(sent)s) must not be before its "
                        "request date (%(date)s).",
                        name=request.name,
                        sent=date_sent,
                        date=request.date,
                    )
                )
            request._cc_transition("send", {"date_sent": date_sent})
        return True

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")


class CcSampleRequestLine(models.Model):
    """A product or catalogue of a sample request."""

    _name = "cc.sample.request.line"
    _description = "Sample Request Item"
    _order = "request_id, sequence, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "cc.sample.request", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", string="Product", required=True, check_company=True
    )
    description = fields.Char()
    quantity = fields.Float(
        required=True, default=1.0, digits="Product Unit of Measure"
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    company_id = fields.Many2one(
        related="request_id.company_id", store=True, index=True, precompute=True
    )

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "Quantity of %(product)s on %(name)s must be greater than "
                        "0, not %(quantity)s.",
                        product=line.product_id.display_name,
                        name=line.request_id.name,
                        quantity=line.quantity,
                    )
                )
