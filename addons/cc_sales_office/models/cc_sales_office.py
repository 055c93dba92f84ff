from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import float_compare

from odoo.addons.base.models.res_partner import _tz_get

SUPERVISOR = "cc_sales_office.group_cc_sales_office_supervisor"
SPLIT_BASIS = [
    ("pool_first", "Team pool first, then the referral split"),
    ("referrer_first", "Referrer first, the team pool from the receiver's part"),
]
RECEPTION_RULES = [
    ("owner", "Owner receives own customer"),
    ("standin", "Stand-in on the owner's behalf"),
    ("requested", "Requested salesperson"),
    ("rota", "Next in today's order"),
    ("introduced", "Introduced by developer/company (rota)"),
    ("referral", "Employee referral (rota)"),
    ("reassign", "Reassigned by the supervisor"),
    ("unassigned", "Unassigned (nobody free)"),
]


def check_supervisor(env):
    """Refuse unless the user is a supervisor or manager of the sales offices."""
    if env.su or env.user.has_group("cc_sales_office.group_cc_sales_office_manager"):
        return
    if not env.user.has_group(SUPERVISOR):
        raise UserError(env._("Only a sales office supervisor can do this."))


class CcSalesOffice(models.Model):
    _name = "cc.sales.office"
    _description = "Sales Office"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    salesperson_ids = fields.Many2many(
        "res.users",
        "cc_sales_office_salesperson_rel",
        "office_id",
        "user_id",
        string="Salespeople",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Salespeople of the showroom; each needs an employee so that "
        "today's reception order can follow their attendance check-ins.",
    )
    supervisor_id = fields.Many2one(
        "res.users",
        string="Supervisor",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Sales supervisor (project manager): adjusts the order, confirms "
        "the daily register and the employee referrals.",
    )
    tz = fields.Selection(
        _tz_get,
        string="Timezone",
        default=lambda self: self.env.context.get("tz") or self.env.user.tz or "UTC",
        help="The showroom's local time: its day, its attendances and the "
        "appointment dates of its referrals are read in this timezone.",
    )
    obligatory_receptionist = fields.Boolean(
        string="Obligatory Receptionist",
        default=True,
        help="The last salesperson in today's order assists the others and "
        "receives registered customers on behalf of an absent or busy owner.",
    )
    ownership_months = fields.Integer(
        string="Ownership Period (months)",
        default=1,
        help="A visitor stays the salesperson's customer this many months "
        "after the last follow-up, then returns to the pool.",
    )
    min_followups = fields.Integer(string="Minimum Follow-ups", default=3)
    referral_share = fields.Float(
        string="Referrer Share (%)",
        default=30.0,
        help="Share of a referred deal's commission paid to the referring "
        "employee (30% in the referral procedure); with the receiving "
        "salesperson's share it makes 100%. See 'Referral and Team Pool' for "
        "the deals where colleagues assisted.",
    )
    receiver_share = fields.Float(
        string="Receiving Salesperson Share (%)",
        default=70.0,
        help="Share of a referred deal's commission paid to the salesperson "
        "who received the visitor (70% in the referral procedure).",
    )
    team_pool_share = fields.Float(
        string="Team Pool Share (%)",
        default=10.0,
        help="When other salespeople assisted with a visitor, this share of the "
        "commission goes to the office's team pool instead of to individuals.",
    )
    commission_rate = fields.Float(
        string="Commission Rate (%)",
        default=1.0,
        help="Commission on the untaxed amount of the order, unless a rate is "
        "set for the product category.",
    )
    commission_trigger = fields.Selection(
        [("confirm", "On order confirmation"), ("paid", "On full payment")],
        string="Commission Due",
        default="confirm",
        required=True,
    )
    rate_ids = fields.One2many(
        "cc.sales.office.rate", "office_id", string="Rates per Category"
    )
    rota_ids = fields.One2many("cc.sales.office.rota", "office_id", string="Rotas")
    visitor_count = fields.Integer(compute="_compute_visitor_count")

    _sql_constraints = [
        (
            "ownership_months_positive",
            "CHECK(ownership_months >= 1)",
            "The ownership period must be at least one month.",
        ),
        (
            "min_followups_positive",
            "CHECK(min_followups >= 0)",
            "The minimum number of follow-ups cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_visitor_count(self):
        counts = dict(
            self.env["cc.visitor"]._read_group(
                # valid registrations only: an incomplete one does not count
                [("office_id", "in", self.ids), ("state", "!=", "incomplete")],
                ["office_id"],
                ["__count"],
            )
        )
        for office in self:
            office.visitor_count = counts.get(office, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains(
        "referral_share", "receiver_share", "team_pool_share", "commission_rate"
    )
    def _check_shares(self):
        for office in self:
            for fname in (
                "referral_share",
                "receiver_share",
                "team_pool_share",
                "commission_rate",
            ):
                if not 0.0 <= office[fname] <= 100.0:
                    raise ValidationError(
                        _(
                            "%(field)s must be between 0 and 100 (office %(office)s).",
                            field=office._fields[fname].string,
                            office=office.name,
                        )
                    )
            if float_compare(office.referral_share + office.receiver_share, 100.0, 2):
                raise ValidationError(
                    _(
                        "The referral split of office %(office)s must sum to 100%%: "
                        "referrer %(ref)s%% + receiving salesperson %(rec)s%%.",
                        office=office.name,
                        ref=office.referral_share,
                        rec=office.receiver_share,
                    )
                )

    @api.constrains("salesperson_ids", "company_id")
    def _check_salesperson_employees(self):
        for office in self:
            # sudo: a manager without HR rights checks that each salesperson
            # has an employee; only names reach the message
            missing = office.sudo().salesperson_ids.filtered(
                lambda user, office=office: not user.employee_ids.filtered(
                    lambda emp: emp.company_id == office.company_id
                )
            )
            if missing:
                raise ValidationError(
                    _(
                        "Salespeople need an employee in %(company)s so that their "
                        "attendance sets today's order: %(users)s.",
                        company=office.company_id.name,
                        users=", ".join(missing.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_visitors(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_visitor_action"
        )
        action["domain"] = [("office_id", "=", self.id)]
        action["context"] = {"default_office_id": self.id}
        return action

    def action_open_today_rota(self):
        self.ensure_one()
        rota = self.env["cc.sales.office.rota"]._cc_lock(self)._cc_sync_attendance()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.sales.office.rota",
            "res_id": rota.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_confirm_today_register(self):
        """Supervisor's daily confirmation (确认) of the visitor register."""
        self._cc_check_supervisor()
        today = self._cc_today()
        visitors = self.env["cc.visitor"].search(
            [
                ("office_id", "in", self.ids),
                ("state", "=", "draft"),
                ("register_date", "<=", today),
            ]
        )
        visitors.action_confirm()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s register entries confirmed.", count=len(visitors)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def action_open_reception_desk(self):
        """Open the reception desk on today's rotas, refreshed from attendance."""
        offices = self.search([("company_id", "in", self.env.companies.ids)])
        Rota = self.env["cc.sales.office.rota"]
        rotas = Rota.browse()
        for office in offices:
            rotas |= Rota._cc_lock(office)._cc_sync_attendance()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_sales_office_rota_line_action_desk"
        )
        # each office's today, in its own timezone
        action["domain"] = [("rota_id", "in", rotas.ids)]
        if len(offices) > 1:
            # one column per office: its name heads the column, not each card
            action["context"] = {"group_by": ["office_id"]}
        elif offices:
            # one office: its name once, in the breadcrumb
            action["name"] = f"{action['name']} · {offices.name}"
        return action

    @api.model
    def _cc_register_reminder_todo(self, today=None):
        """Offices due for the reminder to confirm the register now, as
        ``(domain, counts)``: a supervisor, draft entries up to the office's
        local today (``counts``: office → entries), in the reminder window, not
        reminded yet on that local day (``register_reminded_on``)."""
        counts = {}
        days = {}
        for office, day, count in self.env["cc.visitor"]._read_group(
            [("state", "=", "draft")], ["office_id", "register_date:day"], ["__count"]
        ):
            if office not in days:
                days[office] = today or office._cc_today()
            if day <= days[office]:
                counts[office] = counts.get(office, 0) + count
        due = defaultdict(list)
        for office in counts:
            if office.supervisor_id and office._cc_register_reminder_due():
                due[days[office]].append(office.id)
        domain = expression.OR(
            [
                [
                    ("id", "in", ids),
                    "|",
                    ("register_reminded_on", "=", False),
                    ("register_reminded_on", "<", day),
                ]
                for day, ids in due.items()
            ]
        )
        return domain, counts

    @api.model
    def _cron_remind_unconfirmed_register(self, today=None):
        """Before close: remind each supervisor of the unconfirmed register entries.

        Runs every hour; an office is reminded in its window before its local
        closing hour (see ``_cc_register_reminder_due``), once per local day
        (``register_reminded_on``) and with one open to-do at most. One
        bounded, row-locked batch of offices per call (``cc.cron.batch.mixin``).
        """
        domain, counts = self._cc_register_reminder_todo(today)
        batcher = self.env["cc.cron.batch.mixin"]
        offices = batcher._cc_cron_take_batch(domain, model=self._name)
        if not offices:
            return offices
        summary = _("Confirm the visitor register")
        open_todos = self.env["mail.activity"]._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", offices.ids),
                ("summary", "=", summary),
            ],
            ["res_id"],
        )
        already = {res_id for (res_id,) in open_todos}
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        days = {office: today or office._cc_today() for office in offices}
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": office.id,
                    "activity_type_id": todo.id,
                    "automated": True,
                    "date_deadline": days[office],
                    "summary": summary,
                    "note": self.env._(
                        "%(count)s register entries wait for confirmation.",
                        count=counts[office],
                    ),
                    "user_id": office.supervisor_id.id,
                }
                for office in offices
                if office.id not in already
            ]
        )
        for day in set(days.values()):
            offices.filtered(lambda o, day=day: days[o] == day).write(
                {"register_reminded_on": day}
            )
        batcher._cc_cron_notify(len(offices), domain, model=self._name)
        return offices

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_today(self):
        """The office's local date (the user's when called on no office)."""
        if len(self) == 1:
            return self.env["cc.sales.office.rota"]._cc_office_today(self)
        return fields.Date.context_today(self)

    def _cc_check_supervisor(self):
        check_supervisor(self.env)

    def _cc_walk_in(self, visitor_name=False, mobile=False, **kwargs):
        """Register an arrival at the office: the rota's engine decides who
        receives it (see ``cc.sales.office.rota._cc_walk_in``)."""
        self.ensure_one()
        return self.env["cc.sales.office.rota"]._cc_walk_in(
            self, visitor_name, mobile, **kwargs
        )

    # referral register and team pool

    department_id = fields.Many2one(
        "hr.department",
        string="Sales Department",
        check_company=True,
        tracking=True,
        help="The showroom's own sales department. A referrer must be staff of "
        "another department; its manager approves the daily referral register.",
    )
    referral_register_due_hour = fields.Float(
        string="Referral Register Due At",
        default=17.5,
        help="Local time (office timezone) by which the day's referral register "
        "must be approved by the department manager, before the showroom "
        "closes. If it is not approved by then, the manager (or the "
        "supervisor, if it was not submitted) gets a to-do.",
    )
    referral_split_basis = fields.Selection(
        SPLIT_BASIS,
        string="Referral and Team Pool",
        default="pool_first",
        required=True,
        help="How a referred deal is split when colleagues assisted.\n"
        "Team pool first: the team pool share is taken from the whole commission; "
        "the referrer and the receiving salesperson split the rest "
        "(10% pool, then 30% × 90% = 27% to the referrer, 63% to the receiver).\n"
        "Referrer first: the referrer's share is taken from the whole commission; "
        "the team pool share is taken from the receiving salesperson's part "
        "(30% to the referrer, 10% × 70% = 7% pool, 63% to the receiver).",
    )
    referral_split_preview = fields.Text(
        string="Resulting Split", compute="_compute_referral_split_preview"
    )

    @api.depends(
        "referral_share", "receiver_share", "team_pool_share", "referral_split_basis"
    )
    def _compute_referral_split_preview(self):
        for office in self:
            alone = office._cc_referral_split(assisted=False)
            helped = office._cc_referral_split(assisted=True)
            office.referral_split_preview = self.env._(
                "Referral alone: referrer %(ref)s%%, receiver %(rec)s%%.\n"
                "Referral with assisting colleagues: team pool %(pool)s%%, "
                "referrer %(ref2)s%%, receiver %(rec2)s%%.",
                ref=round(alone["referrer"], 2),
                rec=round(alone["receiver"], 2),
                pool=round(helped["team_pool"], 2),
                ref2=round(helped["referrer"], 2),
                rec2=round(helped["receiver"], 2),
            )

    @api.constrains("referral_split_basis", "team_pool_share", "referral_share")
    def _check_referral_split_basis(self):
        self._check_shares()  # each share within 0-100 %, referral split 100 %
        for office in self:
            split = office._cc_referral_split(assisted=True)
            if any(value < 0 for value in split.values()) or float_compare(
                sum(split.values()), 100.0, 2
            ):
                raise ValidationError(
                    self.env._(
                        "The Referral and Team Pool rule of office %(office)s gives "
                        "shares that do not make 100%%.",
                        office=office.name,
                    )
                )

    def _cc_referral_split(self, assisted):
        """Shares (%) of a referred deal: {'team_pool', 'referrer', 'receiver'}."""
        self.ensure_one()
        pool = self.team_pool_share if assisted else 0.0
        if self.referral_split_basis == "referrer_first":
            referrer = self.referral_share
            receiver_part = 100.0 - referrer
            pool = receiver_part * pool / 100.0
            return {
                "team_pool": pool,
                "referrer": referrer,
                "receiver": receiver_part - pool,
            }
        rest = 100.0 - pool
        return {
            "team_pool": pool,
            "referrer": rest * self.referral_share / 100.0,
            "receiver": rest * self.receiver_share / 100.0,
        }

    # manager call-backs and visitor-file access

    callback_user_id = fields.Many2one(
        "res.users",
        string="Call-back Manager",
        domain="[('share', '=', False)]",
        tracking=True,
        help="Sales manager who calls recent visitors back; the planning gives "
        "them a call-back activity for each selected visitor. Empty: the "
        "supervisor.",
    )
    callback_frequency = fields.Selection(
        [("none", "No planning"), ("weekly", "Weekly"), ("monthly", "Monthly")],
        string="Call-back Planning",
        default="weekly",
        required=True,
    )
    callback_sample_size = fields.Integer(
        string="Call-backs per Period",
        default=5,
        help="How many recent visitors are selected for a call-back each period.",
    )
    callback_recent_days = fields.Integer(
        string="Recent Visitors (days)",
        default=30,
        help="Visitors registered or followed up within this many days are "
        "candidates; those called back within this many days are left out.",
    )
    callback_last_planned = fields.Date(
        string="Call-backs Last Planned", readonly=True, copy=False
    )
    # visitor file access requests (cc.visitor.file.access)
    file_access_inform_user_id = fields.Many2one(
        "res.users",
        string="Operations Manager",
        domain="[('share', '=', False)]",
        help="Informed of every request to read a visitor file.",
    )

    @api.constrains("callback_sample_size", "callback_recent_days")
    def _check_callback_planning(self):
        for office in self:
            if not 1 <= office.callback_sample_size <= 100:
                raise ValidationError(
                    self.env._(
                        "Call-backs per Period of office %(office)s must be between "
                        "1 and 100, not %(value)s.",
                        office=office.name,
                        value=office.callback_sample_size,
                    )
                )
            if not 1 <= office.callback_recent_days <= 366:
                raise ValidationError(
                    self.env._(
                        "Recent Visitors (days) of office %(office)s must be between "
                        "1 and 366, not %(value)s.",
                        office=office.name,
                        value=office.callback_recent_days,
                    )
                )

    def _cc_callback_period_start(self, day):
        self.ensure_one()
        if self.callback_frequency == "monthly":
            return day.replace(day=1)
        return day - timedelta(days=day.weekday())

    def _cc_callback_candidates(self, today):
        """Recent visitors of the office not called back lately, best first:
        never called back, then the longest ago; the most recent visitors first."""
        self.ensure_one()
        since = today - timedelta(days=self.callback_recent_days)
        Visitor = self.env["cc.visitor"]
        visitors = Visitor.search(
            [
                ("office_id", "=", self.id),
                ("related_visitor_id", "=", False),
                "|",
                ("register_date", ">=", since),
                ("last_followup_date", ">=", since),
            ]
        )
        recent = self.env["cc.visitor.callback"]._read_group(
            [
                ("visitor_id", "in", visitors.ids),
                ("state", "!=", "cancel"),
                ("date", ">=", since),
            ],
            ["visitor_id"],
        )
        visitors -= Visitor.union(*(visitor for (visitor,) in recent))
        return visitors.sorted(
            lambda v: (
                bool(v.last_callback_date),
                v.last_callback_date or since,
                -v.register_date.toordinal(),
                v.id,
            )
        )

    def _cc_plan_callbacks(self):
        """Create the current period's call-backs of these offices (each on its
        local today) and the manager's activities, in bulk; mark the offices
        planned (``callback_last_planned``)."""
        vals_list = []
        activities = []
        planned_on = defaultdict(list)
        for office in self:
            today = office._cc_today()
            planned_on[today].append(office.id)
            manager = office.callback_user_id or office.supervisor_id
            if not manager:
                continue
            visitors = office._cc_callback_candidates(today)
            deadline = today + timedelta(
                days=6 if office.callback_frequency == "weekly" else 14
            )
            for visitor in visitors[: office.callback_sample_size]:
                vals_list.append(
                    {
                        "visitor_id": visitor.id,
                        "user_id": manager.id,
                        "date": today,
                        "planned": True,
                    }
                )
                activities.append((visitor, manager, deadline))
        callbacks = self.env["cc.visitor.callback"].create(vals_list)
        call = self.env.ref("mail.mail_activity_data_call")
        model_id = self.env["ir.model"]._get_id("cc.visitor.callback")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": callback.id,
                    "activity_type_id": call.id,
                    "automated": True,
                    "date_deadline": deadline,
                    "summary": self.env._(
                        "Call back %(visitor)s", visitor=visitor.name
                    ),
                    "note": call.default_note,
                    "user_id": manager.id,
                }
                for callback, (visitor, manager, deadline) in zip(
                    callbacks, activities, strict=True
                )
            ]
        )
        for today, ids in planned_on.items():
            self.browse(ids).callback_last_planned = today
        return callbacks

    @api.model
    def _cc_callback_plan_domain(self):
        """Offices with a manager whose call-backs of the current period (on
        the office's local today) are not planned yet."""
        offices = self.search(
            [
                ("callback_frequency", "!=", "none"),
                "|",
                ("callback_user_id", "!=", False),
                ("supervisor_id", "!=", False),
            ]
        )
        starts = defaultdict(list)
        for office in offices:
            start = office._cc_callback_period_start(office._cc_today())
            starts[start].append(office.id)
        return expression.OR(
            [
                [
                    ("id", "in", ids),
                    "|",
                    ("callback_last_planned", "=", False),
                    ("callback_last_planned", "<", start),
                ]
                for start, ids in starts.items()
            ]
        )

    @api.model
    def _cron_plan_callbacks(self):
        """Daily: each office plans its call-backs once per week or month; one
        bounded, row-locked batch of offices per call (``cc.cron.batch.mixin``),
        the planned offices leave the domain (``callback_last_planned``)."""
        domain = self._cc_callback_plan_domain()
        batcher = self.env["cc.cron.batch.mixin"]
        offices = batcher._cc_cron_take_batch(domain, model=self._name)
        if not offices:
            return self.env["cc.visitor.callback"]
        callbacks = offices._cc_plan_callbacks()
        batcher._cc_cron_notify(len(offices), domain, model=self._name)
        return callbacks

    # visitor register: closing hour and follow-up minimum

    closing_hour = fields.Float(
        string="Closing Hour",
        default=18.0,
        help="The showroom closes at this local hour (office timezone): the "
        "supervisor is reminded to confirm the day's register before it.",
    )
    register_reminder_hours = fields.Float(
        string="Register Reminder (hours before closing)",
        default=1.0,
        help="The reminder to confirm the register is sent this long before "
        "the closing hour (the reminder runs every hour).",
    )
    register_reminded_on = fields.Date(
        string="Register Reminder Sent On",
        readonly=True,
        copy=False,
        help="The office's local day on which its supervisor was last reminded "
        "to confirm the visitor register.",
    )
    incomplete_count = fields.Integer(
        string="Incomplete Registrations", compute="_compute_incomplete_count"
    )

    @api.constrains("closing_hour", "register_reminder_hours")
    def _check_closing_hour(self):
        for office in self:
            if not 0.0 <= office.closing_hour < 24.0:
                raise ValidationError(
                    _(
                        "The closing hour of %(office)s must be between 00:00 and "
                        "23:59.",
                        office=office.name,
                    )
                )
            if not 0.0 < office.register_reminder_hours <= 24.0:
                raise ValidationError(
                    _(
                        "The register reminder of %(office)s must come more than 0 "
                        "and at most 24 hours before the closing hour.",
                        office=office.name,
                    )
                )

    def _compute_incomplete_count(self):
        counts = dict(
            self.env["cc.visitor"]._read_group(
                [("office_id", "in", self.ids), ("state", "=", "incomplete")],
                ["office_id"],
                ["__count"],
            )
        )
        for office in self:
            office.incomplete_count = counts.get(office, 0)

    def _cc_register_reminder_due(self, moment=None):
        """Whether ``moment`` (UTC naive, now by default) is in the office's
        reminder window: from the lead before the closing hour until closing,
        in the office's local time."""
        self.ensure_one()
        moment = moment or fields.Datetime.now()
        tz = self.env["cc.sales.office.rota"]._cc_office_tz(self)
        local = pytz.utc.localize(moment).astimezone(tz)
        hour = local.hour + local.minute / 60.0 + local.second / 3600.0
        start = self.closing_hour - self.register_reminder_hours
        if start >= 0:
            return start <= hour < self.closing_hour
        # the window starts the evening before (a very early closing)
        return hour >= start + 24 or hour < self.closing_hour

    def action_view_incomplete(self):
        action = self.action_view_visitors()
        action["domain"] = [("office_id", "=", self.id), ("state", "=", "incomplete")]
        return action
