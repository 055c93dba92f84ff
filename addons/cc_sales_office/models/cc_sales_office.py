from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.base.models.res_partner import _tz_get

SUPERVISOR = "cc_sales_office.group_cc_sales_office_supervisor"
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
    referral_share = fields.Float(string="Referrer Share (%)", default=30.0)
    receiver_share = fields.Float(
        string="Receiving Salesperson Share (%)", default=70.0
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
    def _cron_remind_unconfirmed_register(self, today=None):
        """Before close: remind each supervisor of the unconfirmed register entries.

        Runs every hour; an office is reminded in its window before its local
        closing hour (see ``_cc_register_reminder_due``). One open to-do per
        office at most; the count comes from one grouped query.
        """
        # each office's entries up to its own local today
        counts = {}
        for office, day, count in self.env["cc.visitor"]._read_group(
            [("state", "=", "draft")], ["office_id", "register_date:day"], ["__count"]
        ):
            if day <= (today or office._cc_today()):
                counts[office] = counts.get(office, 0) + count
        todo = self.env.ref("mail.mail_activity_data_todo")
        summary = _("Confirm the visitor register")
        for office, count in counts.items():
            if not office._cc_register_reminder_due():
                continue
            if not office.supervisor_id or office.activity_ids.filtered(
                lambda act, summary=summary: act.summary == summary
            ):
                continue
            office.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=office._cc_today(),
                summary=summary,
                note=_(
                    "%(count)s register entries wait for confirmation.", count=count
                ),
                user_id=office.supervisor_id.id,
            )
        return True

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
