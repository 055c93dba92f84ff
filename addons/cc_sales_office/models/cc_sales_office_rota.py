from odoo import _, api, fields, models


class CcSalesOfficeRota(models.Model):
    _name = "cc.sales.office.rota"
    _description = "Sales Office Daily Reception Rota"
    _inherit = ["mail.thread"]
    _order = "date desc, office_id"
    _check_company_auto = True

    office_id = fields.Many2one(
        "cc.sales.office",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    pointer_sequence = fields.Integer(
        string="Turn Pointer",
        default=0,
        help="Sequence in today's order from which the next turn is searched.",
    )
    line_ids = fields.One2many("cc.sales.office.rota.line", "rota_id", string="Order")
    assignment_ids = fields.One2many(
        "cc.visitor.assignment", "rota_id", string="Arrivals"
    )
    next_user_id = fields.Many2one(
        "res.users", string="Next Turn", compute="_compute_next_user_id"
    )
    arrival_count = fields.Integer(compute="_compute_arrival_count")

    _sql_constraints = [
        ("office_date_uniq", "UNIQUE(office_id, date)", "One rota per office and day."),
    ]

    @api.depends("office_id", "date")
    def _compute_display_name(self):
        for rota in self:
            rota.display_name = f"{rota.office_id.name or ''} {rota.date or ''}".strip()

    @api.depends("line_ids.status", "line_ids.sequence", "pointer_sequence")
    def _compute_next_user_id(self):
        for rota in self:
            lines = rota.line_ids.filtered("checked_in")
            rota.next_user_id = (
                self.env["cc.sales.office"]._cc_rota_turn(rota, lines)[0].user_id
            )

    def _compute_arrival_count(self):
        counts = dict(
            self.env["cc.visitor.assignment"]._read_group(
                [("rota_id", "in", self.ids)], ["rota_id"], ["__count"]
            )
        )
        for rota in self:
            rota.arrival_count = counts.get(rota, 0)

    def action_sync_attendance(self):
        for rota in self:
            rota.office_id._cc_lock_rota(rota.date)
            rota.office_id._cc_sync_rota(rota)
        return True

    def action_view_arrivals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_visitor_assignment_action"
        )
        action["domain"] = [("rota_id", "=", self.id)]
        action["context"] = {}
        return action

    def _cc_log_order_change(self, before):
        """Post the new order on the rota (the supervisor's adjustment is tracked)."""
        for rota in self:
            order = rota.line_ids.filtered("checked_in").sorted("sequence")
            rota.message_post(
                body=_(
                    "Order changed by %(user)s: %(before)s → %(after)s",
                    user=self.env.user.name,
                    before=before.get(rota.id, ""),
                    after=", ".join(order.user_id.mapped("name")),
                )
            )
