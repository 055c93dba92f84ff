from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .cc_sales_office import check_supervisor

STATUSES = [("available", "Available"), ("busy", "Receiving"), ("away", "Away")]


class CcSalesOfficeRotaLine(models.Model):
    _name = "cc.sales.office.rota.line"
    _description = "Salesperson in Today's Reception Order"
    _order = "rota_id, checked_in desc, sequence, id"
    _check_company_auto = True

    rota_id = fields.Many2one(
        "cc.sales.office.rota", required=True, ondelete="cascade", index=True
    )
    office_id = fields.Many2one(related="rota_id.office_id", store=True, index=True)
    date = fields.Date(related="rota_id.date", store=True, index=True)
    company_id = fields.Many2one(
        related="rota_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, index=True
    )
    avatar_128 = fields.Image(related="user_id.avatar_128")
    sequence = fields.Integer(
        default=0, help="Position in today's order (check-in order)."
    )
    checked_in = fields.Boolean(help="Checked in today: part of today's order.")
    check_in_time = fields.Datetime(string="Checked In At")
    status = fields.Selection(STATUSES, required=True, default="away")
    manual_away = fields.Boolean(
        help="Stepped out on their own; attendance does not reset it."
    )
    turns_taken = fields.Integer(help="Turns of the rota taken today.")
    receptions_count = fields.Integer(
        string="Receptions", help="Visitors received today."
    )
    makeup_credits = fields.Integer(
        string="Turns Owed",
        help="Turns skipped while standing in for an owner; given back "
        "at the next arrivals.",
    )
    current_assignment_id = fields.Many2one("cc.visitor.assignment", string="Receiving")
    current_visitor = fields.Char(
        string="With",
        compute="_compute_current_visitor",
        compute_sudo=True,
        help="Visitor this salesperson is receiving now.",
    )
    # the turn looks at colleagues' arrivals, which a salesperson may not read
    is_next = fields.Boolean(
        compute="_compute_is_next", string="Next Turn", compute_sudo=True
    )
    is_obligatory = fields.Boolean(
        compute="_compute_is_next",
        string="Obligatory Receptionist",
        compute_sudo=True,
    )

    _sql_constraints = [
        (
            "rota_user_uniq",
            "UNIQUE(rota_id, user_id)",
            "A salesperson appears once per rota.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("rota_id.pointer_sequence", "status", "sequence", "checked_in")
    def _compute_is_next(self):
        for rota in self.rota_id:
            lines = rota._cc_order()
            turn = rota._cc_turn(lines)[0]
            last = (
                lines[-1:] if rota.office_id.obligatory_receptionist else lines.browse()
            )
            for line in self.filtered(lambda rec, rota=rota: rec.rota_id == rota):
                line.is_next = line == turn
                line.is_obligatory = line == last
        for line in self.filtered(lambda rec: not rec.rota_id):
            line.is_next = line.is_obligatory = False

    @api.depends(
        "current_assignment_id.visitor_name",
        "current_assignment_id.visitor_id",
        "current_assignment_id.mobile",
    )
    def _compute_current_visitor(self):
        for line in self:
            arrival = line.current_assignment_id
            line.current_visitor = (
                arrival.visitor_name or arrival.visitor_id.name or arrival.mobile
                if arrival
                else False
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if self.env.context.get("cc_rota_sync") or "sequence" not in vals:
            return super().write(vals)
        check_supervisor(self.env)
        before = {
            rota.id: ", ".join(
                rota.line_ids.filtered("checked_in")
                .sorted("sequence")
                .user_id.mapped("name")
            )
            for rota in self.rota_id
        }
        res = super().write(vals)
        self.rota_id._cc_log_order_change(before)
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _cc_check_own_or_supervisor(self):
        """The desk is shared: the office's salespeople and supervisor use it."""
        user = self.env.user
        for line in self:
            office = line.office_id
            if line.user_id != user and user not in office.salesperson_ids:
                check_supervisor(self.env)

    def action_finish_reception(self):
        """The salesperson saw the visitor out: free again."""
        self._cc_check_own_or_supervisor()
        if self.filtered(lambda line: line.status != "busy"):
            raise UserError(
                _("Only a salesperson who is receiving a visitor can finish.")
            )
        # the desk user may not write arrivals: the step is taken on sudo,
        # through the arrival's transition (its source state is still checked)
        self.sudo().current_assignment_id.filtered(
            lambda a: a.state == "receiving"
        )._cc_transition("finish", {"end_date": fields.Datetime.now()})
        # sudo: the desk user only reads rota lines (checked above)
        self.sudo().with_context(cc_rota_sync=True).write(
            {"status": "available", "current_assignment_id": False}
        )
        return True

    def action_step_out(self):
        self._cc_check_own_or_supervisor()
        if self.filtered(lambda line: line.status != "available"):
            raise UserError(_("Only an available salesperson can step out."))
        # sudo: the desk user only reads rota lines (checked above)
        self.sudo().with_context(cc_rota_sync=True).write(
            {"status": "away", "manual_away": True}
        )
        return True

    def action_back(self):
        self._cc_check_own_or_supervisor()
        if self.filtered(lambda line: line.status != "away" or not line.checked_in):
            raise UserError(
                _("Only a checked-in salesperson who stepped out can come back.")
            )
        # sudo: the desk user only reads rota lines (checked above)
        self.sudo().with_context(cc_rota_sync=True).write(
            {"status": "available", "manual_away": False}
        )
        return True
