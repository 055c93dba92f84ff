from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .cc_claim import CLAIM_STATES

GM_OFFICE = "cc_complaint.group_cc_complaint_gm_office"
DEPARTMENTS = [
    ("sales", "Sales"),
    ("gm_office", "GM Office"),
    ("qa", "Quality Assurance"),
    ("production", "Production"),
    ("approvers", "Approvers"),
]


class CcClaimReminder(models.Model):
    """Reminder slip (催办单): a claim stage overdue in a department.

    Issued by the daily deadline check for each stage that passes its
    deadline (or by the GM office from the claim), answered by the
    department in charge and closed by the GM office.
    """

    _name = "cc.claim.reminder"
    _description = "Claim Reminder Slip"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "claim_id.name"]

    _cc_transitions = {
        "answer": {
            "from": ("open",),
            "to": "answered",
            "groups": "cc_customer_comm.group_cc_user",
        },
        "close": {"from": ("answered",), "to": "closed", "groups": GM_OFFICE},
        "cancel": {"from": ("open", "answered"), "to": "cancel", "groups": GM_OFFICE},
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        help="The claim number and the slip's rank for the claim.",
    )
    claim_id = fields.Many2one(
        "cc.claim",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="claim_id.partner_id", string="Customer")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    stage_log_id = fields.Many2one(
        "cc.claim.stage.log", readonly=True, ondelete="set null", index=True
    )
    stage = fields.Selection(CLAIM_STATES, required=True, readonly=True)
    department = fields.Selection(DEPARTMENTS, readonly=True, tracking=True)
    responsible_id = fields.Many2one(
        "res.users", string="Responsible", tracking=True, index=True
    )
    date = fields.Date(
        string="Issued On",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
    )
    deadline = fields.Date(string="Stage Due", readonly=True)
    overdue_days = fields.Integer(
        string="Overdue (days) at Issue",
        readonly=True,
        help="Calendar days past the stage deadline when the slip was issued.",
    )
    answer = fields.Text(
        help="The department's answer: why the stage is late and when it will be "
        "done."
    )
    promised_date = fields.Date(
        string="Will Be Done By", help="The date the department commits to."
    )
    answered_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_answered = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        [
            ("open", "To Answer"),
            ("answered", "Answered"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="open",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )

    _sql_constraints = [
        (
            "stage_log_unique",
            "UNIQUE(stage_log_id)",
            "A stage overdue gets one reminder slip.",
        ),
    ]

    @api.model
    def _create_for_stage_logs(self, logs, today):
        """One slip per overdue stage log, numbered per claim; made as
        superuser (the deadline check, or the GM office for any department);
        the slips are returned in the caller's environment."""
        if not logs:
            return self
        # sudo: a count only, over every slip of the claims whoever may read them
        counts = dict(
            self.sudo()._read_group(
                [("claim_id", "in", logs.claim_id.ids)], ["claim_id"], ["__count"]
            )
        )
        ranks = {claim.id: count for claim, count in counts.items()}
        vals_list = []
        for log in logs:
            claim = log.claim_id
            ranks[claim.id] = ranks.get(claim.id, 0) + 1
            vals_list.append(
                {
                    "name": f"{claim.name}-{ranks[claim.id]:02d}",
                    "claim_id": claim.id,
                    "company_id": claim.company_id.id,
                    "stage_log_id": log.id,
                    "stage": log.stage,
                    "department": log.department,
                    "responsible_id": log.responsible_id.id,
                    "date": today,
                    "deadline": log.deadline,
                    "overdue_days": max((today - log.deadline).days, 0),
                }
            )
        # sudo: slips are made for any department by the cron or the GM office;
        # they are returned in the caller's environment below
        slips = (
            self.sudo()
            .with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
            )
            .create(vals_list)
        )
        return self.browse(slips.ids)

    def action_answer(self):
        self._cc_check_transition("answer")
        for slip in self:
            if not slip.answer:
                raise UserError(
                    self.env._(
                        "Reminder slip %(name)s: write the department's Answer first.",
                        name=slip.name,
                    )
                )
            if (
                slip.responsible_id
                and slip.responsible_id != self.env.user
                and not self.env.user.has_group(GM_OFFICE)
            ):
                raise AccessError(
                    self.env._(
                        "Reminder slip %(name)s is answered by %(user)s or the GM "
                        "office.",
                        name=slip.name,
                        user=slip.responsible_id.name,
                    )
                )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return self._cc_transition(
            "answer",
            {"answered_by_id": self.env.uid, "date_answered": fields.Datetime.now()},
        )

    def action_close(self):
        return self._cc_transition("close")

    def action_cancel(self):
        return self._cc_transition("cancel")


class CcClaimStageLog(models.Model):
    _inherit = "cc.claim.stage.log"

    reminder_ids = fields.One2many(
        "cc.claim.reminder",
        "stage_log_id",
        string="Reminder Slips",
        # the roles opening a claim without customer-service rights (accounting,
        # warehouse) do not read the slips
        groups="cc_customer_comm.group_cc_user",
    )
