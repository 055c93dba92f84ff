from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CcVisitorReassign(models.TransientModel):
    _name = "cc.visitor.reassign"
    _description = "Reassign a Visitor to Another Salesperson"

    visitor_id = fields.Many2one("cc.visitor")
    assignment_id = fields.Many2one("cc.visitor.assignment", string="Arrival")
    office_id = fields.Many2one("cc.sales.office", compute="_compute_office_id")
    salesperson_ids = fields.Many2many(related="office_id.salesperson_ids")
    user_id = fields.Many2one(
        "res.users",
        string="New Salesperson",
        required=True,
        domain="[('id', 'in', salesperson_ids)]",
    )
    reason_type = fields.Selection(
        [
            ("customer_request", "Customer's request"),
            ("conflict", "Conflict between customer and salesperson"),
            ("unassigned", "Unassigned arrival"),
            ("other", "Other"),
        ],
        string="Why",
        required=True,
        default="customer_request",
    )
    reason = fields.Text(required=True)

    @api.depends("visitor_id", "assignment_id")
    def _compute_office_id(self):
        for wizard in self:
            wizard.office_id = (
                wizard.visitor_id.office_id or wizard.assignment_id.office_id
            )

    def action_confirm(self):
        self.ensure_one()
        reason_label = dict(
            self._fields["reason_type"]._description_selection(self.env)
        )
        reason = f"{reason_label[self.reason_type]}: {self.reason}"
        if self.assignment_id:
            return self.assignment_id._cc_assign_manually(self.user_id, reason)
        if not self.visitor_id:
            raise UserError(_("Choose the visitor or the arrival to reassign."))
        return self.visitor_id._cc_reassign(self.user_id, reason)
