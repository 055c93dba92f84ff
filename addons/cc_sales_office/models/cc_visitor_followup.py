from odoo import fields, models


class CcVisitorFollowup(models.Model):
    _name = "cc.visitor.followup"
    _description = "Visitor Follow-up"
    _order = "date desc, id desc"
    _check_company_auto = True

    visitor_id = fields.Many2one(
        "cc.visitor", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        related="visitor_id.company_id", store=True, index=True, precompute=True
    )
    office_id = fields.Many2one(related="visitor_id.office_id", store=True)
    visitor_owner_id = fields.Many2one(
        related="visitor_id.user_id", string="Owner", store=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        default=lambda self: self.env.user,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("visit", "Showroom visit"),
            ("message", "Message / WeChat"),
            ("email", "E-mail"),
            ("home", "Home visit"),
        ],
        required=True,
        default="phone",
    )
    note = fields.Text(required=True)
    next_step = fields.Char(string="Next Step")
    next_date = fields.Date(string="Next Follow-up")
