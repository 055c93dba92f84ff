from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CcGiftRequest(models.Model):
    """Gift budget request (赠送礼品预算申请).

    A gift to a particular customer outside the visit plan, approved by the
    requester's superior (the leader of their sales team unless another
    approver is set) through tier validation.
    """

    _name = "cc.gift.request"
    _description = "Gift Budget Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    _cc_sequence_code = "cc.gift.request"
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved"},
        "done": {"from": ("approved",), "to": "done"},
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
    date = fields.Date(
        string="Request Date", required=True, default=fields.Date.context_today
    )
    date_gift = fields.Date(string="Planned Gift Date", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    approver_id = fields.Many2one(
        "res.users",
        string="Superior",
        compute="_compute_approver_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
        help="Approves the request: by default the leader of the requester's "
        "sales team.",
    )
    gifts = fields.Text(required=True, help="The gifts and their quantities.")
    reason = fields.Text(required=True)
    amount = fields.Monetary(string="Budget", required=True, tracking=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    amount_spent = fields.Monetary(string="Actually Spent", tracking=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("done", "Given"),
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

    @api.depends("user_id")
    def _compute_approver_id(self):
        for request in self:
            request.approver_id = (
                request.user_id.sale_team_id.user_id or request.approver_id
            )

    @api.constrains("amount", "amount_spent")
    def _check_amount(self):
        for request in self:
            if request.amount <= 0:
                raise ValidationError(
                    self.env._(
                        "Budget of %(name)s must be greater than 0, not %(amount)s.",
                        name=request.name,
                        amount=request.amount,
                    )
                )
            if request.amount_spent < 0:
                raise ValidationError(
                    self.env._(
                        "Actually Spent of %(name)s must not be negative.",
                        name=request.name,
                    )
                )

    @api.constrains("approver_id", "user_id")
    def _check_approver(self):
        for request in self:
            if request.approver_id and request.approver_id == request.user_id:
                raise ValidationError(
                    self.env._(
                        "The Superior of %(name)s cannot be its requester "
                        "%(user)s: set the person who approves their expenses.",
                        name=request.name,
                        user=request.user_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda r: r.state not in ("draft", "cancel")):
            raise UserError(
                self.env._("Only draft or cancelled gift requests can be deleted.")
            )

    def request_validation(self):
        missing = self.filtered(lambda r: not r.approver_id)
        if missing:
            raise UserError(
                self.env._(
                    "Set the Superior of %(names)s before requesting the approval: "
                    "the requester's sales team has no leader.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        return super().request_validation()

    def action_approve(self):
        return self._cc_approve()

    def action_done(self):
        return self._cc_transition("done")

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")
