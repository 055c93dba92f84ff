from odoo import api, fields, models


class CcVisitorCall(models.Model):
    """Phone inquiry (电话记录): never a registration, never ownership."""

    _name = "cc.visitor.call"
    _description = "Showroom Phone Inquiry"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Caller", required=True)
    phone = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    office_id = fields.Many2one("cc.sales.office", required=True, check_company=True)
    user_id = fields.Many2one(
        "res.users",
        string="Answered By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    source_id = fields.Many2one("utm.source", string="Media Source")
    question = fields.Text()
    answer = fields.Text()
    invited = fields.Boolean(string="Invited to Visit")
    visitor_id = fields.Many2one(
        "cc.visitor",
        compute="_compute_visitor_id",
        store=True,
        check_company=True,
        help="Registered visitor with the same number, if any.",
    )

    @api.depends("phone", "company_id")
    def _compute_visitor_id(self):
        # sudo: a call matches a registration of any colleague; only the id
        # is stored in the field
        Visitor = self.env["cc.visitor"].sudo()
        for call in self:
            normalized = Visitor._cc_normalize_mobile(call.phone)
            call.visitor_id = normalized and Visitor.search(
                [
                    ("company_id", "=", call.company_id.id),
                    ("mobile_normalized", "=", normalized),
                ],
                limit=1,
            )
