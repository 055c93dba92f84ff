from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

VISIT_PURPOSES = [
    ("market_research", "Market Research"),
    ("competitor", "Competitor Intelligence"),
    ("relationship", "Relationship"),
    ("volume", "Business Volume"),
    ("payment", "Payment Collection"),
    ("new_customer", "New Customer"),
    ("new_product", "New Product"),
]


class CcVisitPlanLine(models.Model):
    _name = "cc.visit.plan.line"
    _description = "Planned Customer Visit"
    _order = "planned_date, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    plan_id = fields.Many2one(
        "cc.visit.plan", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, check_company=True, index=True
    )
    planned_date = fields.Date(required=True)
    purpose = fields.Selection(VISIT_PURPOSES, required=True, default="relationship")
    items_requested = fields.Char(
        string="Items Requested", help="Samples, catalogues or gifts to take along."
    )
    expense_amount = fields.Monetary(string="Expenses Requested")
    currency_id = fields.Many2one(related="company_id.currency_id")
    note = fields.Char()
    user_id = fields.Many2one(
        related="plan_id.user_id", store=True, string="Salesperson", index=True
    )
    # readonly (the default of related fields): no inverse writes the plan;
    # ``_check_state_not_written`` refuses a direct write of the stored copy
    state = fields.Selection(related="plan_id.state", store=True, string="Plan Status")
    report_ids = fields.One2many("cc.visit.report", "plan_line_id", string="Reports")
    visited = fields.Boolean(compute="_compute_visited", store=True)
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("report_ids.state")
    def _compute_visited(self):
        for line in self:
            line.visited = any(r.state != "cancel" for r in line.report_ids)

    @api.depends("partner_id", "planned_date")
    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.planned_date or ''} {line.partner_id.name or ''}".strip()
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("planned_date", "plan_id")
    def _check_planned_date(self):
        for line in self:
            plan = line.plan_id
            if not plan.date_start <= line.planned_date <= plan.date_end:
                raise ValidationError(
                    _(
                        "Planned Date %(date)s of the visit to %(customer)s must be "
                        "within the plan month (%(start)s to %(end)s).",
                        date=line.planned_date,
                        customer=line.partner_id.display_name,
                        start=plan.date_start,
                        end=plan.date_end,
                    )
                )

    @api.constrains("partner_id", "plan_id")
    def _check_patrol_visitor(self):
        for line in self.filtered("plan_id.is_patrol"):
            salesperson = line.partner_id.commercial_partner_id.user_id
            if salesperson and salesperson == line.plan_id.user_id:
                raise ValidationError(
                    _(
                        "%(visitor)s is the salesperson of %(customer)s and cannot "
                        "be its patrol visitor in %(plan)s: patrol visits are made "
                        "by someone else.",
                        visitor=salesperson.name,
                        customer=line.partner_id.display_name,
                        plan=line.plan_id.name,
                    )
                )

    @api.constrains("expense_amount")
    def _check_expense_amount(self):
        for line in self:
            if line.expense_amount < 0:
                raise ValidationError(
                    _(
                        "Expenses Requested must be zero or more, not %(amount)s.",
                        amount=line.expense_amount,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _check_plan_editable(self, plans):
        locked = plans.filtered(
            lambda p: p.state != "draft"
            or p.validation_status in ("waiting", "pending", "validated")
        )
        if locked:
            raise UserError(
                _(
                    "Planned visits of %(names)s cannot be changed once the plan is "
                    "under review or approved; restart the validation first.",
                    names=", ".join(locked.mapped("name")),
                )
            )

    def _check_state_not_written(self, vals):
        """The plan status is a copy of the plan's: it follows the plan's
        transitions and is never written on the line (superuser aside)."""
        if (
            "state" in vals
            and not self.env.su
            and (not self or any(line.state != vals["state"] for line in self))
        ):
            self.env["cc.visit.plan"]._cc_refuse_state_write(vals["state"])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_state_not_written(vals)
        plans = self.env["cc.visit.plan"].browse(
            {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        )
        self._check_plan_editable(plans)
        return super().create(vals_list)

    def write(self, vals):
        self._check_state_not_written(vals)
        self._check_plan_editable(self.plan_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_plan(self):
        self._check_plan_editable(self.plan_id.exists())
