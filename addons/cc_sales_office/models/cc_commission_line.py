from odoo import _, api, fields, models
from odoo.exceptions import UserError

MANAGER = "cc_sales_office.group_cc_sales_office_manager"


class CcCommissionLine(models.Model):
    _name = "cc.commission.line"
    _description = "Sales Office Commission Line"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, sale_order_id, id"
    _check_company_auto = True
    _rec_name = "beneficiary"

    # cc.document.mixin: no numbering (the line belongs to its order)
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved", "groups": MANAGER},
        "pay": {"from": ("approved",), "to": "paid", "groups": MANAGER},
        # by the manager, or by the system on sudo records when the order is
        # cancelled or refunded (sale.order._cc_reverse_commission_lines);
        # approved lines are reversed by a negative line instead
        "cancel": {"from": ("draft",), "to": "cancel", "groups": MANAGER},
    }

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    office_id = fields.Many2one(
        "cc.sales.office", required=True, index=True, check_company=True
    )
    sale_order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="restrict", check_company=True
    )
    visitor_id = fields.Many2one("cc.visitor", index=True, check_company=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    role = fields.Selection(
        [
            ("owner", "Owner (100%)"),
            ("receiver", "Receiving salesperson"),
            ("referrer", "Referrer"),
            ("team_pool", "Team pool"),
        ],
        required=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", index=True, tracking=True
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Referring Employee", check_company=True
    )
    beneficiary = fields.Char(compute="_compute_beneficiary", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    base = fields.Monetary(
        string="Commission Base", help="Untaxed amount of the order."
    )
    rate = fields.Float(string="Rate (%)", digits=(16, 4))
    share = fields.Float(string="Share (%)", digits=(16, 4))
    amount = fields.Monetary(tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("paid", "Paid"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    reversed_line_id = fields.Many2one(
        "cc.commission.line", string="Reverses", index=True
    )
    note = fields.Char()

    @api.depends("role", "user_id", "employee_id")
    def _compute_beneficiary(self):
        for line in self:
            if line.role == "team_pool":
                line.beneficiary = _(
                    "Team pool — %(office)s", office=line.office_id.name
                )
            elif line.role == "referrer":
                line.beneficiary = line.employee_id.name
            else:
                line.beneficiary = line.user_id.name

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda line: line.state in ("approved", "paid")):
            raise UserError(_("Approved or paid commission lines cannot be deleted."))

    def action_approve(self):
        return self._cc_transition("approve")

    def action_pay(self):
        return self._cc_transition("pay")

    def action_cancel(self):
        return self._cc_transition("cancel")
