from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .cc_sales_office import SUPERVISOR


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
    reminder_stage = fields.Selection(
        [("submit", "Submission"), ("approve", "Approval")],
        string="Reminded For",
        readonly=True,
        copy=False,
        help="The step the reminder before close was last sent for: the "
        "submission by the supervisor or the approval by the department manager.",
    )
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

    def _get_under_validation_exceptions(self):
        # the reminder's step is written by the cron while under review
        return super()._get_under_validation_exceptions() + ["reminder_stage"]

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
    def _cc_due_office_days(self, now):
        """Active offices past their referral register due hour at ``now``
        (UTC naive): ``{office: local day}``."""
        Rota = self.env["cc.sales.office.rota"]
        days = {}
        for office in self.env["cc.sales.office"].search([("active", "=", True)]):
            tz = Rota._cc_office_tz(office)
            local_now = pytz.utc.localize(now).astimezone(tz)
            day = local_now.date()
            hours = office.referral_register_due_hour
            due = tz.localize(datetime.combine(day, time.min)) + timedelta(hours=hours)
            if local_now >= due:
                days[office] = day
        return days

    @api.model
    def _cc_file_due_registers(self, days):
        """File the day's register of the due offices ``{office: day}`` that
        had referrals that day (registered or appointed) and have no register
        yet. The offices are row-locked first: a second worker running the
        cron at the same time skips them."""
        if not days:
            return self.browse()
        day_set = set(days.values())
        office_ids = [office.id for office in days]
        filed = {
            (office, day)
            for office, day in self._read_group(
                [("office_id", "in", office_ids), ("date", "in", list(day_set))],
                ["office_id", "date:day"],
            )
        }
        busy = set()
        for field in ("register_date", "appointment_date"):
            busy.update(
                self.env["cc.referral"]._read_group(
                    [("office_id", "in", office_ids), (field, "in", list(day_set))],
                    ["office_id", f"{field}:day"],
                )
            )
        to_file = [
            office.id
            for office, day in days.items()
            if (office, day) in busy and (office, day) not in filed
        ]
        if not to_file:
            return self.browse()
        offices = self.env["cc.cron.batch.mixin"]._cc_cron_take_batch(
            [("id", "in", to_file)], limit=len(to_file), model="cc.sales.office"
        )
        return self.create(
            [{"office_id": office.id, "date": days[office]} for office in offices]
        )

    @api.model
    def _cc_reminder_domain(self, days):
        """Draft registers of the due offices' day ``{office: day}`` not
        reminded yet for their current step: submission (no review yet) or
        approval (under review)."""
        by_day = defaultdict(list)
        for office, day in days.items():
            by_day[day].append(office.id)
        return expression.AND(
            [
                expression.OR(
                    [
                        [("office_id", "in", ids), ("date", "=", day)]
                        for day, ids in by_day.items()
                    ]
                ),
                [
                    ("state", "=", "draft"),
                    "|",
                    "&",
                    ("review_ids", "=", False),
                    ("reminder_stage", "=", False),
                    "&",
                    ("review_ids", "!=", False),
                    ("reminder_stage", "!=", "approve"),
                ],
            ]
        )

    @api.model
    def _cron_remind_referral_register(self, now=None):
        """At each office's due hour: the day's register not approved yet gets
        a to-do for the department manager (submitted) or the supervisor (not
        submitted, or not filed at all when the day had referrals), once per
        step (``reminder_stage``). One bounded, row-locked batch of registers
        per call (``cc.cron.batch.mixin``)."""
        now = now or fields.Datetime.now()
        days = self._cc_due_office_days(now)
        self._cc_file_due_registers(days)
        domain = self._cc_reminder_domain(days)
        batcher = self.env["cc.cron.batch.mixin"]
        registers = batcher._cc_cron_take_batch(domain, model=self._name)
        if not registers:
            return registers
        submit = self.env._("Submit the referral register before close")
        approve = self.env._("Approve the referral register before close")
        open_todos = set(
            self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", registers.ids),
                    ("summary", "in", [submit, approve]),
                ],
                ["res_id", "summary"],
            )
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        stages = defaultdict(list)
        for register in registers:
            if register.review_ids:
                stage, user, summary = "approve", register.manager_id, approve
            else:
                stage, user = "submit", register.office_id.supervisor_id
                summary = submit
            stages[stage].append(register.id)
            if not user or (register.id, summary) in open_todos:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": register.id,
                    "activity_type_id": todo.id,
                    "automated": True,
                    "date_deadline": register.date,
                    "summary": summary,
                    "note": todo.default_note,
                    "user_id": user.id,
                }
            )
        self.env["mail.activity"].create(vals_list)
        for stage, ids in stages.items():
            self.browse(ids).write({"reminder_stage": stage})
        batcher._cc_cron_notify(len(registers), domain, model=self._name)
        return registers
