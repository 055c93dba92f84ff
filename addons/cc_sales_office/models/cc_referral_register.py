from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .cc_sales_office import SUPERVISOR

SPLIT_BASIS = [
    ("pool_first", "Team pool first, then the referral split"),
    ("referrer_first", "Referrer first, the team pool from the receiver's part"),
]


class CcSalesOffice(models.Model):
    _inherit = "cc.sales.office"

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
    referral_share = fields.Float(
        help="Share of a referred deal's commission paid to the referring "
        "employee (30% in the referral procedure); with the receiving "
        "salesperson's share it makes 100%. See 'Referral and Team Pool' for "
        "the deals where colleagues assisted."
    )
    receiver_share = fields.Float(
        help="Share of a referred deal's commission paid to the salesperson "
        "who received the visitor (70% in the referral procedure)."
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


class CcReferral(models.Model):
    _inherit = "cc.referral"

    register_date = fields.Date(
        string="Registered On",
        compute="_compute_register_date",
        store=True,
        precompute=True,
        index=True,
        help="The office's local date on which the referral was registered.",
    )

    @api.depends("office_id")
    def _compute_register_date(self):
        Rota = self.env["cc.sales.office.rota"]
        for referral in self:
            if referral.register_date or not referral.office_id:
                continue
            referral.register_date = Rota._cc_office_today(
                referral.office_id, referral.create_date or fields.Datetime.now()
            )

    @api.constrains("employee_id", "office_id")
    def _check_referrer_department(self):
        """篇7 #1: the referrer is staff of another department."""
        for referral in self:
            office = referral.office_id
            # sudo: the supervisor may not read HR data; only names are shown
            employee = referral.employee_id.sudo()
            staff = office.salesperson_ids | office.supervisor_id
            if employee.user_id and employee.user_id in staff:
                raise ValidationError(
                    self.env._(
                        "Referring Employee %(employee)s works at %(office)s: a "
                        "referrer must be staff of another department.",
                        employee=employee.name,
                        office=office.name,
                    )
                )
            department = office.sudo().department_id
            if not department:
                continue
            if not employee.department_id:
                raise ValidationError(
                    self.env._(
                        "Referring Employee %(employee)s has no department: a "
                        "referrer must be staff of a department other than "
                        "%(department)s.",
                        employee=employee.name,
                        department=department.name,
                    )
                )
            if employee.department_id.parent_path.startswith(department.parent_path):
                raise ValidationError(
                    self.env._(
                        "Referring Employee %(employee)s belongs to %(department)s, "
                        "the sales department of %(office)s: a referrer must be "
                        "staff of another department.",
                        employee=employee.name,
                        department=employee.department_id.name,
                        office=office.name,
                    )
                )


class CcReferralRegister(models.Model):
    """The day's employee referral register (公司员工介绍客户登记表, daily),
    approved by the department manager before close (篇7 #9)."""

    _name = "cc.referral.register"
    _description = "Daily Referral Register"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.tier.approval.mixin"]
    _order = "date desc, office_id, id desc"
    _check_company_auto = True

    _cc_sequence_code = "cc.referral.register"
    _cc_transitions = {
        # the last review of the department manager approves it
        "approve": {"from": ("draft",), "to": "approved"},
        "cancel": {"from": ("draft",), "to": "cancel", "groups": SUPERVISOR},
        "reset_draft": {"from": ("cancel",), "to": "draft", "groups": SUPERVISOR},
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    office_id = fields.Many2one(
        "cc.sales.office", required=True, index=True, check_company=True, tracking=True
    )
    date = fields.Date(
        compute="_compute_date",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Submitted By",
        default=lambda self: self.env.user,
        tracking=True,
        help="The project manager who files the day's register.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Department Manager",
        compute="_compute_manager_id",
        store=True,
        readonly=False,
        tracking=True,
        help="Approves the register: by default the manager of the office's "
        "sales department.",
    )
    referral_ids = fields.Many2many(
        "cc.referral",
        "cc_referral_register_referral_rel",
        "register_id",
        "referral_id",
        string="Referrals",
        check_company=True,
        help="Referrals registered on the day or whose appointment is that day.",
    )
    referral_count = fields.Integer(compute="_compute_referral_count")
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    approved_date = fields.Datetime(readonly=True, copy=False)
    note = fields.Text()

    _sql_constraints = [
        (
            "office_date_uniq",
            "UNIQUE(office_id, date)",
            "An office has one referral register per day.",
        ),
    ]

    @api.model
    def _cc_sequence_company(self, vals):
        if not vals.get("company_id") and vals.get("office_id"):
            office = self.env["cc.sales.office"].browse(vals["office_id"])
            return office.company_id
        return super()._cc_sequence_company(vals)

    @api.depends("office_id")
    def _compute_manager_id(self):
        for register in self:
            # sudo: the supervisor may not read the HR department
            register.manager_id = (
                register.office_id.sudo().department_id.manager_id.user_id
                or register.manager_id
            )

    @api.depends("office_id")
    def _compute_date(self):
        for register in self:
            if not register.date and register.office_id:
                register.date = register.office_id._cc_today()

    @api.depends("referral_ids")
    def _compute_referral_count(self):
        for register in self:
            register.referral_count = len(register.referral_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("office_id"):
                office = self.env["cc.sales.office"].browse(vals["office_id"])
                vals.setdefault("company_id", office.company_id.id)
        registers = super().create(vals_list)
        registers.filtered(lambda r: not r.referral_ids)._cc_fill()
        return registers

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda r: r.state == "approved"):
            raise UserError(
                self.env._(
                    "An approved referral register is kept: it cannot be deleted."
                )
            )

    def _cc_day_referrals(self):
        self.ensure_one()
        return self.env["cc.referral"].search(
            [
                ("office_id", "=", self.office_id.id),
                "|",
                ("register_date", "=", self.date),
                ("appointment_date", "=", self.date),
            ]
        )

    def _cc_fill(self):
        for register in self:
            register.referral_ids = [
                fields.Command.set(register._cc_day_referrals().ids)
            ]

    def action_refresh(self):
        """Reload the day's referrals (draft, not under review)."""
        locked = self.filtered(
            lambda r: r.state != "draft" or r.validation_status not in ("no", False)
        )
        if locked:
            raise UserError(
                self.env._(
                    "%(names)s is under review or closed: its referrals are not "
                    "reloaded.",
                    names=", ".join(locked.mapped("name")),
                )
            )
        self._cc_fill()
        return True

    def request_validation(self):
        missing = self.filtered(lambda r: not r.manager_id)
        if missing:
            raise UserError(
                self.env._(
                    "Set the Department Manager of %(names)s before submitting it: "
                    "the office has no sales department manager.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        self.filtered(lambda r: r.validation_status in ("no", False))._cc_fill()
        return super().request_validation()

    def action_approve(self):
        return self._cc_approve({"approved_date": fields.Datetime.now()})

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_referral_action"
        )
        action["domain"] = [("id", "in", self.referral_ids.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Reminder before close
    # ------------------------------------------------------------------
    @api.model
    def _cron_remind_referral_register(self, now=None):
        """At each office's due hour: the day's register not approved yet gets
        a to-do for the department manager (submitted) or the supervisor (not
        submitted, or not filed at all when the day had referrals)."""
        now = now or fields.Datetime.now()
        Rota = self.env["cc.sales.office.rota"]
        todo = self.env.ref("mail.mail_activity_data_todo")
        offices = self.env["cc.sales.office"].search([("active", "=", True)])
        for office in offices:
            tz = Rota._cc_office_tz(office)
            local_now = pytz.utc.localize(now).astimezone(tz)
            day = local_now.date()
            hours = office.referral_register_due_hour
            due = tz.localize(datetime.combine(day, time.min)) + timedelta(hours=hours)
            if local_now < due:
                continue
            register = self.search(
                [("office_id", "=", office.id), ("date", "=", day)], limit=1
            )
            if not register:
                if not self.env["cc.referral"].search_count(
                    [
                        ("office_id", "=", office.id),
                        "|",
                        ("register_date", "=", day),
                        ("appointment_date", "=", day),
                    ],
                    limit=1,
                ):
                    continue
                register = self.create({"office_id": office.id, "date": day})
            if register.state != "draft":
                continue
            if register.review_ids:
                user = register.manager_id
                summary = self.env._("Approve the referral register before close")
            else:
                user = office.supervisor_id
                summary = self.env._("Submit the referral register before close")
            if not user or register.activity_ids.filtered(
                lambda act, summary=summary: act.summary == summary
            ):
                continue
            register.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=day,
                summary=summary,
                user_id=user.id,
            )
        return True
