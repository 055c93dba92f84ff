from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CcDevelopmentPlan(models.Model):
    """Customer development plan (客户开发计划).

    Written by the development specialist for one target customer after
    researching it, with the support needed from other departments; approved
    by the department head, then by the management meeting (two tiers in
    sequence). Its progress is reported every month.
    """

    _name = "cc.development.plan"
    _description = "Customer Development Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    _cc_sequence_code = "cc.development.plan"
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved"},
        "done": {"from": ("approved",), "to": "done"},
        "cancel": {"from": ("draft", "approved"), "to": "cancel"},
        "reset_draft": {"from": ("cancel",), "to": "draft"},
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Target Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The customer to develop; a prospect without orders yet is welcome.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Development Specialist",
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
    department_head_id = fields.Many2one(
        "res.users",
        string="Department Head",
        compute="_compute_department_head_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
        help="Approves the plan first: by default the leader of the "
        "specialist's sales team.",
    )
    research = fields.Text(
        string="Research Findings",
        required=True,
        help="What the research on the target customer found.",
    )
    objective = fields.Text(required=True)
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Target Date", required=True, tracking=True)
    expected_revenue = fields.Monetary(string="Expected Annual Revenue", tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    support_ids = fields.One2many(
        "cc.development.plan.support", "plan_id", string="Support Needed", copy=True
    )
    progress_ids = fields.One2many(
        "cc.development.progress", "plan_id", string="Monthly Progress"
    )
    progress_count = fields.Integer(compute="_compute_progress_count")
    last_progress = fields.Integer(
        string="Progress (%)", compute="_compute_progress", store=True, aggregator="avg"
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

    @api.depends("user_id")
    def _compute_team_id(self):
        for plan in self:
            plan.team_id = plan.user_id.sale_team_id or plan.team_id

    @api.depends("team_id")
    def _compute_department_head_id(self):
        for plan in self:
            plan.department_head_id = plan.team_id.user_id or plan.department_head_id

    @api.depends("progress_ids")
    def _compute_progress_count(self):
        for plan in self:
            plan.progress_count = len(plan.progress_ids)

    @api.depends("progress_ids.progress", "progress_ids.month")
    def _compute_progress(self):
        for plan in self:
            last = plan.progress_ids.sorted(lambda p: (p.month, p.id))[-1:]
            plan.last_progress = last.progress

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "Target Date of %(name)s (%(end)s) must not be before "
                        "its start (%(start)s).",
                        name=plan.name,
                        end=plan.date_end,
                        start=plan.date_start,
                    )
                )

    @api.constrains("expected_revenue")
    def _check_expected_revenue(self):
        for plan in self:
            if plan.expected_revenue < 0:
                raise ValidationError(
                    self.env._(
                        "Expected Annual Revenue of %(name)s must not be negative.",
                        name=plan.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda p: p.state not in ("draft", "cancel")):
            raise UserError(
                self.env._("Only draft or cancelled development plans can be deleted.")
            )

    def request_validation(self):
        missing = self.filtered(lambda p: not p.department_head_id)
        if missing:
            raise UserError(
                self.env._(
                    "Set the Department Head of %(names)s before requesting "
                    "the approval.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        return super().request_validation()

    def action_approve(self):
        self._cc_approve()
        for plan in self:
            for support in plan.support_ids.filtered("user_id"):
                plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=support.deadline or plan.date_end,
                    summary=self.env._("Support the development of a customer"),
                    note=support.support,
                    user_id=support.user_id.id,
                )
        return True

    def action_done(self):
        return self._cc_transition("done")

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")

    def action_view_progress(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_customer_comm.cc_development_progress_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action


class CcDevelopmentPlanSupport(models.Model):
    """Support a development plan needs from another department."""

    _name = "cc.development.plan.support"
    _description = "Development Plan Support"
    _order = "plan_id, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "cc.development.plan", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    department_id = fields.Many2one(
        "cc.communication.department",
        string="Department",
        required=True,
        check_company=True,
    )
    support = fields.Text(string="Support Needed", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    deadline = fields.Date()
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )

    @api.depends("department_id")
    def _compute_user_id(self):
        for line in self:
            line.user_id = line.department_id.user_id or line.user_id


class CcDevelopmentProgress(models.Model):
    """Monthly progress of a customer development plan (客户开发进度)."""

    _name = "cc.development.progress"
    _description = "Customer Development Progress"
    _order = "month desc, plan_id, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "cc.development.plan",
        string="Development Plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        domain="[('state', '=', 'approved')]",
    )
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True)
    user_id = fields.Many2one(related="plan_id.user_id", store=True)
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    progress = fields.Integer(string="Progress (%)", required=True, aggregator="max")
    achievements = fields.Text(string="Done This Month", required=True)
    difficulties = fields.Text()
    next_steps = fields.Text(string="Next Month")
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )

    _sql_constraints = [
        (
            "plan_month_uniq",
            "unique(plan_id, month)",
            "A development plan has one progress entry per month.",
        ),
    ]

    @api.depends("plan_id", "month")
    def _compute_display_name(self):
        for entry in self:
            entry.display_name = self.env._(
                "%(plan)s %(month)s",
                plan=entry.plan_id.name or "",
                month=entry.month and entry.month.strftime("%Y-%m") or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]) + relativedelta(
                    day=1
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]) + relativedelta(day=1)
        return super().write(vals)

    @api.constrains("progress")
    def _check_progress(self):
        for entry in self:
            if not 0 <= entry.progress <= 100:
                raise ValidationError(
                    self.env._(
                        "Progress (%%) of %(name)s must be between 0 and 100, "
                        "not %(progress)s.",
                        name=entry.display_name,
                        progress=entry.progress,
                    )
                )

    @api.constrains("plan_id")
    def _check_plan_approved(self):
        for entry in self:
            if entry.plan_id.state not in ("approved", "done"):
                raise ValidationError(
                    self.env._(
                        "Progress is reported on approved development plans; "
                        "%(plan)s is %(state)s.",
                        plan=entry.plan_id.name,
                        state=entry.plan_id._cc_state_label(entry.plan_id.state),
                    )
                )
