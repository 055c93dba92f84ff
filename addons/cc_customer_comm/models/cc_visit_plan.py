from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CcVisitPlan(models.Model):
    """Monthly visit plan of a salesperson (客户拜访计划书), submitted at month end
    and approved by the supervisor through tier validation."""

    _name = "cc.visit.plan"
    _description = "Monthly Visit Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.document.mixin",
        "tier.validation",
    ]
    _order = "date_start desc, user_id, id desc"
    _check_company_auto = True

    _state_field = "state"
    _state_from = ["draft"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False
    # "approve" is also gated by tier validation: moving draft → approved
    # (``_state_from`` → ``_state_to``) raises until the reviews are validated
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved"},
        "done": {"from": ("approved",), "to": "done"},
        "cancel": {"from": ("draft", "approved"), "to": "cancel"},
        "reset_draft": {"from": ("cancel",), "to": "draft"},
    }

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------
    @api.model
    def _default_date_start(self):
        return fields.Date.context_today(self) + relativedelta(months=1, day=1)

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    date_start = fields.Date(
        string="Month", required=True, default=_default_date_start, tracking=True
    )
    date_end = fields.Date(compute="_compute_date_end", store=True)
    line_ids = fields.One2many(
        "cc.visit.plan.line", "plan_id", string="Planned Visits", copy=True
    )
    line_count = fields.Integer(compute="_compute_totals", store=True, string="Visits")
    expense_total = fields.Monetary(
        compute="_compute_totals",
        store=True,
        string="Expenses Requested",
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    focus = fields.Text(
        string="Focus",
        help="Products to push, research items and special topics of the month.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("done", "Done"),
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

    _sql_constraints = [
        (
            "user_month_company_uniq",
            "unique(user_id, date_start, company_id)",
            "A salesperson has only one visit plan per month.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("user_id", "date_start")
    def _compute_name(self):
        for plan in self:
            plan.name = _(
                "Visit Plan %(month)s %(user)s",
                month=plan.date_start and plan.date_start.strftime("%Y-%m") or "",
                user=plan.user_id.name or "",
            )

    @api.depends("user_id")
    def _compute_team_id(self):
        for plan in self:
            plan.team_id = plan.user_id.sale_team_id or plan.team_id

    @api.depends("date_start")
    def _compute_date_end(self):
        for plan in self:
            plan.date_end = plan.date_start and plan.date_start + relativedelta(day=31)

    @api.depends("line_ids.expense_amount")
    def _compute_totals(self):
        for plan in self:
            plan.line_count = len(plan.line_ids)
            plan.expense_total = sum(plan.line_ids.mapped("expense_amount"))

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start")
    def _check_date_start(self):
        for plan in self:
            if plan.date_start and plan.date_start.day != 1:
                raise ValidationError(
                    _(
                        "Month of a visit plan must be the first day of a month, "
                        "not %(date)s.",
                        date=plan.date_start,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_start"):
                vals["date_start"] = fields.Date.to_date(
                    vals["date_start"]
                ) + relativedelta(day=1)
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda p: p.state in ("approved", "done")):
            raise UserError(_("Approved visit plans cannot be deleted; cancel them."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_approve(self):
        """Move validated plans to approved; the tier validation blocks the
        transition while a review is missing or pending."""
        self._cc_check_transition("approve")
        empty = self.filtered(lambda p: not p.line_ids)
        if empty:
            raise UserError(
                _(
                    "Add at least one planned visit to %(names)s.",
                    names=", ".join(empty.mapped("name")),
                )
            )
        self.with_context(cc_visit_plan_approving=True)._cc_transition("approve")
        return True

    def action_done(self):
        return self._cc_transition("done")

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        # the last approval moves the plan to approved at once
        if (
            self.validation_status == "validated"
            and self.state == "draft"
            and not self.env.context.get("cc_visit_plan_approving")
        ):
            self.action_approve()
        return res
