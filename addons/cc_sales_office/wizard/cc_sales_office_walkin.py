from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CcSalesOfficeWalkin(models.TransientModel):
    _name = "cc.sales.office.walkin"
    _description = "Register a Showroom Arrival"

    def _default_office_id(self):
        Office = self.env["cc.sales.office"]
        user = self.env.user
        return (
            Office.search([("salesperson_ids", "in", user.id)], limit=1)
            or Office.search([("supervisor_id", "=", user.id)], limit=1)
            or Office.search([], limit=1)
        )

    office_id = fields.Many2one(
        "cc.sales.office", required=True, default=_default_office_id
    )
    company_id = fields.Many2one(related="office_id.company_id")
    visitor_name = fields.Char(string="Name")
    mobile = fields.Char()
    visitor_id = fields.Many2one(
        "cc.visitor",
        string="Registered Visitor",
        compute="_compute_visitor_id",
        store=True,
        readonly=False,
        compute_sudo=True,
    )
    visitor_owner_id = fields.Many2one(
        "res.users", string="Owner", compute="_compute_visitor_owner_id"
    )
    requested_user_id = fields.Many2one(
        "res.users",
        string="Asks For",
        domain="[('id', 'in', salesperson_ids)]",
        help="The visitor asks for this salesperson by name.",
    )
    delegate_user_id = fields.Many2one(
        "res.users",
        string="Owner Delegates To",
        domain="[('id', 'in', salesperson_ids)]",
        help="Colleague the owner asked to receive their customer when absent or busy.",
    )
    salesperson_ids = fields.Many2many(related="office_id.salesperson_ids")
    intro_type = fields.Selection(
        [
            ("walk_in", "Walk-in"),
            ("developer", "Introduced by the developer"),
            ("company", "Introduced by the company"),
        ],
        string="Came Through",
        default="walk_in",
        required=True,
    )
    group_size = fields.Integer(default=1)
    source_id = fields.Many2one("utm.source", string="Media Source")

    @api.depends("mobile", "office_id")
    def _compute_visitor_id(self):
        # sudo: the desk finds a colleague's visitor by mobile; only the id is
        # stored in the field
        Visitor = self.env["cc.visitor"].sudo()
        for wizard in self:
            normalized = Visitor._cc_normalize_mobile(wizard.mobile)
            wizard.visitor_id = normalized and Visitor.search(
                [
                    ("company_id", "=", wizard.office_id.company_id.id),
                    ("mobile_normalized", "=", normalized),
                ],
                limit=1,
            )

    @api.depends("visitor_id")
    def _compute_visitor_owner_id(self):
        for wizard in self:
            # sudo: the owner of a colleague's visitor, shown to the desk
            wizard.visitor_owner_id = (
                wizard.visitor_id.sudo()._cc_current_owner()
                if wizard.visitor_id
                else False
            )

    def _cc_check_input(self):
        self.ensure_one()
        if not (
            self.visitor_id
            or (self.visitor_name or "").strip()
            or (self.mobile or "").strip()
        ):
            raise ValidationError(
                _(
                    "Enter the visitor's Name or Mobile before asking who receives "
                    "them: an arrival without either would use up a turn."
                )
            )
        if self.mobile and not self.visitor_id:
            probe = self.env["cc.visitor"].new(
                {"name": self.visitor_name or "?", "mobile": self.mobile}
            )
            probe._check_name_mobile()
        if self.group_size < 1:
            raise ValidationError(_("The group size must be at least 1."))

    def action_confirm(self):
        self.ensure_one()
        self._cc_check_input()
        assignment = self.office_id._cc_walk_in(
            visitor_name=self.visitor_name,
            mobile=self.mobile,
            visitor=self.visitor_id,
            requested_user=self.requested_user_id,
            delegate_user=self.delegate_user_id,
            intro_type=self.intro_type,
            group_size=self.group_size,
            source=self.source_id,
        )
        # the desk tells who receives the arrival, whose record the desk user
        # may not read (a colleague's reception): only the message leaves
        return assignment.sudo()._cc_notification()
