from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .cc_sales_office import SUPERVISOR

CALLBACK_OUTCOMES = [
    ("reached", "Reached, no change"),
    ("changed", "Reached, situation changed"),
    ("will_return", "Will come back to the showroom"),
    ("bought_elsewhere", "Bought elsewhere"),
    ("not_interested", "No longer interested"),
    ("no_answer", "Not reached"),
]
SATISFACTION = [
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]


class CcVisitorCallback(models.Model):
    """The sales manager's call-back to a visitor (销售经理定期跟踪回访客户).

    Planned each period by the office's call-back planning for a selection of
    recent visitors, or created by hand; the result is written on the visitor's
    file (its chatter) when the call-back is done.
    """

    _name = "cc.visitor.callback"
    _description = "Visitor Call-back"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "visitor_id.name"]

    _cc_sequence_code = "cc.visitor.callback"
    _cc_transitions = {
        "done": {"from": ("planned",), "to": "done", "groups": SUPERVISOR},
        "cancel": {"from": ("planned",), "to": "cancel", "groups": SUPERVISOR},
        "reset": {"from": ("cancel",), "to": "planned", "groups": SUPERVISOR},
    }

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    visitor_id = fields.Many2one(
        "cc.visitor",
        string="Visitor",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="visitor_id.company_id", store=True, index=True, precompute=True
    )
    office_id = fields.Many2one(
        related="visitor_id.office_id", store=True, index=True, precompute=True
    )
    owner_id = fields.Many2one(
        related="visitor_id.user_id", string="Owner", store=True, precompute=True
    )
    partner_id = fields.Many2one(related="visitor_id.partner_id", string="Customer")
    mobile = fields.Char(related="visitor_id.mobile")
    user_id = fields.Many2one(
        "res.users",
        string="Manager",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="The sales manager who calls the customer back.",
    )
    date = fields.Date(
        string="Planned Date",
        required=True,
        default=fields.Date.context_today,
        index=True,
        tracking=True,
    )
    date_done = fields.Date(string="Called On", readonly=True, copy=False)
    planned = fields.Boolean(
        string="From the Planning",
        readonly=True,
        copy=False,
        help="Selected by the office's periodic call-back planning.",
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("visit", "Visit"),
            ("message", "Message / WeChat"),
        ],
        required=True,
        default="phone",
    )
    outcome = fields.Selection(CALLBACK_OUTCOMES, tracking=True, copy=False)
    satisfaction = fields.Selection(
        SATISFACTION,
        tracking=True,
        copy=False,
        help="How satisfied the customer is with the reception and the follow-up.",
    )
    note = fields.Text(string="Notes", copy=False)
    file_update = fields.Text(
        string="Changes to the File",
        copy=False,
        help="What changed in the customer's situation (need, budget, family, "
        "contact): posted on the visitor's file.",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancel", "Cancelled")],
        default="planned",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        for callback in self:
            missing = [
                callback._fields[fname].string
                for fname in ("outcome", "note")
                if not callback[fname]
            ]
            if callback.outcome and callback.outcome != "no_answer":
                if not callback.satisfaction:
                    missing.append(callback._fields["satisfaction"].string)
            if missing:
                raise UserError(
                    self.env._(
                        "Fill in %(fields)s of call-back %(name)s before marking it "
                        "done.",
                        fields=", ".join(missing),
                        name=callback.name,
                    )
                )
        self._cc_transition("done", {"date_done": fields.Date.context_today(self)})
        self.activity_feedback(
            ["mail.mail_activity_data_call", "mail.mail_activity_data_todo"],
            feedback=self.env._("Call-back done"),
        )
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        levels = dict(self._fields["satisfaction"]._description_selection(self.env))
        for callback in self:
            body = self.env._(
                "Call-back %(name)s by %(user)s: %(outcome)s; satisfaction: "
                "%(satisfaction)s. %(note)s",
                name=callback.name,
                user=callback.user_id.name,
                outcome=outcomes.get(callback.outcome, ""),
                satisfaction=levels.get(callback.satisfaction, "-"),
                note=callback.note,
            )
            if callback.file_update:
                body = self.env._(
                    "%(body)s Changes to the file: %(changes)s",
                    body=body,
                    changes=callback.file_update,
                )
            # sudo: the manager posts the result on the file of a visitor
            # they may only read; the owner is told
            callback.visitor_id.sudo().message_post(
                body=body, partner_ids=callback.owner_id.partner_id.ids
            )
        return True

    def action_cancel(self):
        self._cc_transition("cancel")
        self.activity_unlink(
            ["mail.mail_activity_data_call", "mail.mail_activity_data_todo"]
        )
        return True

    def action_reset(self):
        return self._cc_transition("reset")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda c: c.state == "done"):
            raise UserError(
                self.env._("A call-back that is done stays on the visitor's file.")
            )


class CcSalesOffice(models.Model):
    """The office's call-back planning and file access settings."""

    _inherit = "cc.sales.office"

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

    def _cc_plan_callbacks(self, today):
        """Create this period's call-backs and the manager's activities."""
        self.ensure_one()
        manager = self.callback_user_id or self.supervisor_id
        if not manager:
            return self.env["cc.visitor.callback"]
        visitors = self._cc_callback_candidates(today)[: self.callback_sample_size]
        callbacks = self.env["cc.visitor.callback"].create(
            [
                {
                    "visitor_id": visitor.id,
                    "user_id": manager.id,
                    "date": today,
                    "planned": True,
                }
                for visitor in visitors
            ]
        )
        deadline = today + timedelta(
            days=6 if self.callback_frequency == "weekly" else 14
        )
        for callback in callbacks:
            callback.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=deadline,
                summary=self.env._(
                    "Call back %(visitor)s", visitor=callback.visitor_id.name
                ),
                user_id=manager.id,
            )
        self.callback_last_planned = today
        return callbacks

    @api.model
    def _cron_plan_callbacks(self):
        """Daily: each office plans its call-backs once per week or month."""
        callbacks = self.env["cc.visitor.callback"]
        for office in self.search([("callback_frequency", "!=", "none")]):
            today = office._cc_today()
            start = office._cc_callback_period_start(today)
            if office.callback_last_planned and office.callback_last_planned >= start:
                continue
            callbacks |= office._cc_plan_callbacks(today)
        return callbacks


class CcVisitor(models.Model):
    """The visitor file: its call-backs and its readers by approved request."""

    _inherit = "cc.visitor"

    callback_ids = fields.One2many(
        "cc.visitor.callback", "visitor_id", string="Call-backs"
    )
    last_callback_date = fields.Date(
        string="Last Call-back",
        compute="_compute_last_callback",
        store=True,
        precompute=True,
        help="Date of the manager's last call-back done.",
    )
    last_callback_satisfaction = fields.Selection(
        SATISFACTION,
        string="Last Satisfaction",
        compute="_compute_last_callback",
        store=True,
        precompute=True,
    )
    # visitor file access requests (cc.visitor.file.access)
    file_reader_ids = fields.Many2many(
        "res.users",
        "cc_visitor_file_reader_rel",
        "visitor_id",
        "user_id",
        string="File Readers",
        readonly=True,
        copy=False,
        help="Colleagues who may read this file today through an approved file "
        "access request.",
    )
    file_access_ids = fields.One2many(
        "cc.visitor.file.access", "visitor_id", string="File Access Requests"
    )

    @api.depends("callback_ids.state", "callback_ids.date_done")
    def _compute_last_callback(self):
        for visitor in self:
            done = visitor.callback_ids.filtered(
                lambda c: c.state == "done" and c.date_done
            ).sorted(lambda c: (c.date_done, c.id))
            visitor.last_callback_date = done[-1:].date_done
            visitor.last_callback_satisfaction = done[-1:].satisfaction

    def action_view_callbacks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_visitor_callback_action"
        )
        action["domain"] = [("visitor_id", "=", self.id)]
        action["context"] = {"default_visitor_id": self.id}
        return action
