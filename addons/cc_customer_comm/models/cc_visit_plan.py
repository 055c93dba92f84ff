from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

PLAN_TYPES = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("annual", "Annual"),
]
PLAN_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


class CcVisitPlan(models.Model):
    """Visit plan of a salesperson (客户拜访计划书), monthly, or a quarterly or
    annual patrol plan (巡回访问计划, 篇8 第五条); due before its period
    starts (the month end for a monthly plan) and approved by the salesperson's
    own sales team leader through tier validation."""

    _name = "cc.visit.plan"
    _description = "Visit Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.deadline.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "date_start desc, user_id, id desc"
    _check_company_auto = True

    # the form stays locked once reviewed, as before the approval mixin
    _cc_tier_lock_after_review = True
    _cc_deadline_closed_states = ("approved", "done", "cancel")
    _cc_deadline_user_field = "user_id"
    # days before the deadline the salesperson is reminded to submit the plan
    _cc_submit_reminder_days = 3
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
        plan_type = self.env.context.get("default_plan_type") or "monthly"
        return self._cc_period_start(
            fields.Date.context_today(self)
            + relativedelta(months=PLAN_MONTHS[plan_type]),
            plan_type,
        )

    @api.model
    def _cc_period_start(self, day, plan_type):
        """First day of the month, quarter or year of ``day``."""
        day = fields.Date.to_date(day)
        plan_type = plan_type or "monthly"
        if plan_type == "annual":
            return day + relativedelta(month=1, day=1)
        if plan_type == "quarterly":
            return day + relativedelta(month=((day.month - 1) // 3) * 3 + 1, day=1)
        return day + relativedelta(day=1)

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    plan_type = fields.Selection(
        PLAN_TYPES,
        string="Period",
        required=True,
        default="monthly",
        tracking=True,
        help="Monthly visit plan, or quarterly or annual patrol plan.",
    )
    is_patrol = fields.Boolean(
        string="Patrol Plan",
        tracking=True,
        help="Visits made by a designated patrol visitor, who may not be the "
        "customer's own salesperson.",
    )
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
    team_leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        related="team_id.user_id",
        store=True,
        index="btree_not_null",
        help="Leader of the salesperson's sales team, who approves the plan.",
    )
    date_start = fields.Date(
        string="Period Start",
        required=True,
        default=_default_date_start,
        tracking=True,
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        help="The plan is submitted for approval by the end of the month before "
        "its period.",
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
            "unique(user_id, date_start, company_id, plan_type, is_patrol)",
            "A salesperson has only one visit plan of each kind per period.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("user_id", "date_start", "plan_type", "is_patrol")
    def _compute_name(self):
        for plan in self:
            start = plan.date_start
            if not start:
                period = ""
            elif plan.plan_type == "annual":
                period = str(start.year)
            elif plan.plan_type == "quarterly":
                period = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
            else:
                period = start.strftime("%Y-%m")
            template = (
                _("Patrol Plan %(period)s %(user)s")
                if plan.is_patrol
                else _("Visit Plan %(period)s %(user)s")
            )
            plan.name = template % {"period": period, "user": plan.user_id.name or ""}

    @api.depends("date_start", "plan_type")
    def _compute_deadline(self):
        for plan in self:
            plan.deadline = plan.date_start and self._cc_period_start(
                plan.date_start, plan.plan_type
            ) - relativedelta(days=1)

    @api.depends("user_id")
    def _compute_team_id(self):
        for plan in self:
            plan.team_id = plan.user_id.sale_team_id or plan.team_id

    @api.depends("date_start", "plan_type")
    def _compute_date_end(self):
        for plan in self:
            plan.date_end = plan.date_start and self._cc_period_start(
                plan.date_start, plan.plan_type
            ) + relativedelta(months=PLAN_MONTHS[plan.plan_type] - 1, day=31)

    @api.depends("line_ids.expense_amount")
    def _compute_totals(self):
        for plan in self:
            plan.line_count = len(plan.line_ids)
            plan.expense_total = sum(plan.line_ids.mapped("expense_amount"))

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "plan_type")
    def _check_date_start(self):
        for plan in self:
            if plan.date_start and plan.date_start != self._cc_period_start(
                plan.date_start, plan.plan_type
            ):
                raise ValidationError(
                    _(
                        "Period Start of a %(type)s visit plan must be the first day "
                        "of its period (%(start)s), not %(date)s.",
                        type=dict(PLAN_TYPES)[plan.plan_type].lower(),
                        start=self._cc_period_start(plan.date_start, plan.plan_type),
                        date=plan.date_start,
                    )
                )

    @api.constrains("is_patrol", "user_id")
    def _check_patrol_visitor(self):
        self.filtered("is_patrol").line_ids._check_patrol_visitor()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        default_type = self.env.context.get("default_plan_type") or "monthly"
        for vals in vals_list:
            if vals.get("date_start"):
                vals["date_start"] = self._cc_period_start(
                    vals["date_start"], vals.get("plan_type") or default_type
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("date_start") and len(self.mapped("plan_type")) <= 1:
            vals["date_start"] = self._cc_period_start(
                vals["date_start"], vals.get("plan_type") or self[:1].plan_type
            )
        return super().write(vals)

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
        self._cc_approve()
        return True

    def action_done(self):
        return self._cc_transition("done")

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")

    def request_validation(self):
        """The salesperson's own team leader approves the plan: refuse to
        submit a plan nobody can approve."""
        for plan in self:
            leader = plan.team_leader_id
            if not leader:
                raise UserError(
                    _(
                        "Sales Team Leader is required to approve %(plan)s: set a "
                        "sales team with a team leader for %(user)s.",
                        plan=plan.name,
                        user=plan.user_id.name,
                    )
                )
            if not leader.has_group("cc_customer_comm.group_cc_user"):
                raise UserError(
                    _(
                        "Team leader %(leader)s cannot approve %(plan)s: give them "
                        "Customer Service access.",
                        leader=leader.name,
                        plan=plan.name,
                    )
                )
        res = super().request_validation()
        # submitted: no longer late
        self.filtered("is_overdue").write({"is_overdue": False})
        return res

    def _get_under_validation_exceptions(self):
        # the deadline check clears the overdue flag of a submitted plan
        return super()._get_under_validation_exceptions() + ["is_overdue"]

    def _get_after_validation_exceptions(self):
        return super()._get_after_validation_exceptions() + ["is_overdue"]

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_open_domain(self):
        # a plan submitted for approval is no longer late
        return super()._cc_open_domain() + [("review_ids", "=", False)]

    def _cc_reminder_summary(self):
        self.ensure_one()
        return _(
            "Submit the visit plan %(name)s (due %(date)s)",
            name=self.name,
            date=self.deadline,
        )

    @api.model
    def _cc_submit_reminder_domain(self, today):
        """Open plans due within ``_cc_submit_reminder_days`` days and not
        reminded yet (no to-do activity on them)."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        return [
            ("deadline", ">=", today),
            (
                "deadline",
                "<=",
                today + relativedelta(days=self._cc_submit_reminder_days),
            ),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ] + self._cc_open_domain()

    @api.model
    def _cc_remind_submission(self, today, limit):
        """Remind the salespeople of one batch of plans due soon."""
        plans = self._cc_cron_take_batch(
            self._cc_submit_reminder_domain(today), limit=limit
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        # run by the scheduler, as superuser: activities for every salesperson
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": plan.id,
                    "res_name": plan.display_name,
                    "activity_type_id": activity_type.id,
                    "summary": plan._cc_reminder_summary(),
                    "user_id": plan.user_id.id,
                    "date_deadline": plan.deadline,
                }
                for plan in plans
            ]
        )
        return plans

    @api.model
    def _cc_missing_plan_period(self, today):
        """``(deadline, period start)`` of the coming month's plan when
        ``today`` is within ``_cc_submit_reminder_days`` days of its deadline
        (the month end), else ``(False, False)``."""
        period_start = self._cc_period_start(today + relativedelta(months=1), "monthly")
        deadline = period_start - relativedelta(days=1)
        if today < deadline - relativedelta(days=self._cc_submit_reminder_days):
            return False, False
        return deadline, period_start

    @api.model
    def _cc_missing_plan_domain(self, today):
        """Salespeople (members of an active sales team) with no monthly plan
        for the coming month and not reminded of it yet; empty before the
        reminder days of the month end."""
        deadline, period_start = self._cc_missing_plan_period(today)
        if not deadline:
            return False
        activity_type = self.env.ref(
            "cc_customer_comm.mail_activity_type_cc_visit_plan_missing"
        )
        planned = self.with_context(active_test=False)._read_group(
            [
                ("plan_type", "=", "monthly"),
                ("is_patrol", "=", False),
                ("date_start", "=", period_start),
                ("state", "!=", "cancel"),
            ],
            ["user_id"],
        )
        # sudo: a count only, of the reminders on other salespeople's contacts
        reminded = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("activity_type_id", "=", activity_type.id),
                    ("date_deadline", "=", deadline),
                ],
                ["user_id"],
            )
        )
        return [
            ("share", "=", False),
            ("crm_team_member_ids.crm_team_id.active", "=", True),
            ("id", "not in", [user.id for (user,) in planned + reminded]),
        ]

    @api.model
    def _cc_remind_missing_plans(self, today, limit):
        """Remind one batch of salespeople who have no plan for the coming
        month yet: an activity on their own contact, due at the month end.
        One open reminder per salesperson and month: the cron adds none while
        it is there (marked done with the plan still missing, it comes back
        the next day)."""
        domain = self._cc_missing_plan_domain(today)
        if not domain:
            return self.env["res.users"]
        users = self._cc_cron_take_batch(domain, limit=limit, model="res.users")
        deadline, period_start = self._cc_missing_plan_period(today)
        activity_type = self.env.ref(
            "cc_customer_comm.mail_activity_type_cc_visit_plan_missing"
        )
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        # sudo: the cron creates the reminders for other salespeople on their
        # own contacts
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": partner_model_id,
                    "res_id": user.partner_id.id,
                    "res_name": user.partner_id.display_name,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._(
                        "Make your visit plan for %(month)s (due %(date)s)",
                        month=period_start.strftime("%Y-%m"),
                        date=deadline,
                    ),
                    "user_id": user.id,
                    "date_deadline": deadline,
                }
                for user in users
            ]
        )
        return users

    @api.model
    def _cron_cc_visit_plan_reminders(self, today=None):
        """Daily, one bounded batch per call (``cc.cron.batch.mixin``):

        * remind the salesperson of a draft plan not yet submitted
          ``_cc_submit_reminder_days`` days before its deadline (once);
        * in the same days before the month end, remind the salespeople who
          have no monthly plan for the coming month at all (once);
        * flag the plans still not submitted after their deadline.
        """
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        size = self._cc_cron_batch_limit()
        plans = self._cc_remind_submission(today, size)
        users = self.env["res.users"]
        if len(plans) < size:
            users = self._cc_remind_missing_plans(today, size - len(plans))
        late = cleared = self.browse()
        remaining = 0
        if len(plans) + len(users) < size:
            late, cleared, remaining = self._cc_mark_overdue_batch(today=today)
        done = len(plans) + len(users) + len(late) + len(cleared)
        if done:
            self.env.flush_all()
            missing_domain = self._cc_missing_plan_domain(today)
            remaining += self.search_count(self._cc_submit_reminder_domain(today))
            if missing_domain:
                remaining += self.env["res.users"].search_count(missing_domain)
            if len(plans) + len(users) >= size:
                remaining += self.search_count(
                    self._cc_overdue_domain(today)
                ) + self.search_count(self._cc_overdue_cleared_domain(today))
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return plans | late

    @api.model
    def _cc_migrate_team_leader_tier(self):
        """The shipped approval tier (kept from earlier versions, not updated
        by a module update) reviewed by any manager: make it the team
        leader's, unless it was changed by hand."""
        definition = self.env.ref(
            "cc_customer_comm.tier_definition_cc_visit_plan_manager",
            raise_if_not_found=False,
        )
        if (
            definition
            and definition.review_type == "group"
            and definition.reviewer_group_id
            == self.env.ref("cc_customer_comm.group_cc_manager")
        ):
            definition.write(
                {
                    "name": self.env._("Visit plan approval by the sales team leader"),
                    "review_type": "field",
                    "reviewer_group_id": False,
                    "reviewer_field_id": self.env["ir.model.fields"]
                    ._get(self._name, "team_leader_id")
                    .id,
                }
            )
        return definition
