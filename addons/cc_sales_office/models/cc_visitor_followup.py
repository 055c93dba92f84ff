from odoo import api, fields, models

FOLLOWUP_TYPE = "cc_sales_office.mail_activity_type_cc_visitor_followup"


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

    # follow-ups per visit

    assignment_id = fields.Many2one(
        "cc.visitor.assignment",
        string="Visit",
        index=True,
        check_company=True,
        domain="[('visitor_id', '=', visitor_id), ('rule', '!=', 'reassign')]",
        help="The showroom visit this follow-up belongs to (the latest one by "
        "default); every visit needs the office's minimum of follow-ups.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # sudo: the latest arrival is searched whoever received it (see below)
        Arrival = self.env["cc.visitor.assignment"].sudo()
        for vals in vals_list:
            if vals.get("visitor_id") and "assignment_id" not in vals:
                # sudo: the owner's follow-up belongs to the latest arrival of
                # their visitor, whoever received it; only the id is kept
                vals["assignment_id"] = Arrival.search(
                    [
                        ("visitor_id", "=", vals["visitor_id"]),
                        ("rule", "!=", "reassign"),
                    ],
                    order="date desc, id desc",
                    limit=1,
                ).id
        followups = super().create(vals_list)
        visitors = followups.visitor_id
        for visitor, visit, count in visitors._cc_visit_followups():
            if count >= visitor.office_id.min_followups:
                visitor._cc_close_reminders(
                    FOLLOWUP_TYPE, key=visitor._cc_followup_key(visit)
                )
        return followups
