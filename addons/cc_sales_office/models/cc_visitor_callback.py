from odoo import api, fields, models
from odoo.exceptions import UserError

from .cc_sales_office import SUPERVISOR
from .cc_visitor import SATISFACTION

CALLBACK_OUTCOMES = [
    ("reached", "Reached, no change"),
    ("changed", "Reached, situation changed"),
    ("will_return", "Will come back to the showroom"),
    ("bought_elsewhere", "Bought elsewhere"),
    ("not_interested", "No longer interested"),
    ("no_answer", "Not reached"),
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
