from odoo import api, fields, models
from odoo.exceptions import UserError


class CcSurveyImprovementPlan(models.Model):
    """Service improvement plan (服务改进方案) answering low satisfaction:
    approved by leadership, executed through actions with owners and
    deadlines, verified by the management representative, and told to the
    customer (the improvement reply)."""

    _name = "cc.survey.improvement.plan"
    _description = "Service Improvement Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.deadline.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    _cc_sequence_code = "cc.survey.improvement.plan"
    _cc_deadline_closed_states = ("done", "verified", "cancel")
    _cc_deadline_user_field = "user_id"
    # the form stays locked once reviewed, as before the approval mixin
    _cc_tier_lock_after_review = True
    # "approve" is gated by the tier validation too: draft → approved raises
    # until the leadership's reviews are validated
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved"},
        "start": {
            "from": ("approved", "reopened"),
            "to": "in_progress",
            "groups": "cc_survey.group_cc_survey_user",
        },
        "done": {
            "from": ("in_progress",),
            "to": "done",
            "groups": "cc_survey.group_cc_survey_user",
        },
        "verify": {
            "from": ("done",),
            "to": "verified",
            "groups": "cc_survey.group_cc_survey_manager",
        },
        "reopen": {
            "from": ("done",),
            "to": "reopened",
            "groups": "cc_survey.group_cc_survey_manager",
        },
        "cancel": {
            "from": ("draft", "approved", "in_progress", "reopened"),
            "to": "cancel",
            "groups": "cc_survey.group_cc_survey_user",
        },
        "reset_draft": {
            "from": ("cancel",),
            "to": "draft",
            "groups": "cc_survey.group_cc_survey_user",
        },
    }

    name = fields.Char(string="Number", required=True, copy=False, default="/")
    campaign_id = fields.Many2one(
        "cc.survey.campaign",
        string="Campaign",
        tracking=True,
        index=True,
        check_company=True,
    )
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Response",
        tracking=True,
        index="btree_not_null",
        domain="[('cc_campaign_id', '=', campaign_id)]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        tracking=True,
        index=True,
        check_company=True,
        help="Customer told what was improved; empty for a plan addressing "
        "a whole campaign.",
    )
    dimension_id = fields.Many2one(
        "cc.survey.dimension", string="Dimension", tracking=True
    )
    score = fields.Float(digits=(5, 2), string="Score Found")
    problem = fields.Text(required=True)
    cause = fields.Text(string="Cause Analysis")
    action_ids = fields.One2many(
        "cc.survey.improvement.action", "plan_id", string="Actions", copy=True
    )
    action_count = fields.Integer(compute="_compute_action_count")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
    )
    representative_id = fields.Many2one(
        "res.users",
        string="Management Representative",
        tracking=True,
        check_company=True,
        help="Verifies the effectiveness of the plan.",
    )
    verification_result = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    verification_note = fields.Text(copy=False)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_on = fields.Datetime(readonly=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    reply_body = fields.Html(
        string="Improvement Reply",
        sanitize=True,
        help="What was improved, as the customer is told.",
    )
    reply_sent_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("reopened", "Reopened"),
            ("verified", "Verified"),
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

    @api.depends("action_ids")
    def _compute_action_count(self):
        for plan in self:
            plan.action_count = len(plan.action_ids)

    @api.onchange("user_input_id")
    def _onchange_user_input_id(self):
        if self.user_input_id:
            self.partner_id = self.user_input_id.partner_id.commercial_partner_id
            self.campaign_id = self.user_input_id.cc_campaign_id

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if self.filtered(lambda p: p.state not in ("draft", "cancel")):
            raise UserError(
                self.env._("Approved improvement plans cannot be deleted; cancel them.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_approve(self):
        """Move validated plans to approved; the tier validation blocks the
        transition while a review is missing or pending."""
        self._cc_approve()
        return True

    def _cc_tier_auto_approve(self):
        # the last reviewer approves the plan whatever their rights on plans
        # (a Customer Service user reads them only); the plan is not handed
        # back
        return self.sudo().action_approve()

    def action_start(self):
        for plan in self:
            if not plan.action_ids:
                raise UserError(
                    self.env._(
                        "Add at least one action with an owner and a deadline to "
                        "improvement plan %(name)s.",
                        name=plan.display_name,
                    )
                )
        return self._cc_transition("start")

    def action_done(self):
        for plan in self:
            open_actions = plan.action_ids.filtered(lambda a: a.state == "todo")
            if open_actions:
                raise UserError(
                    self.env._(
                        "Improvement plan %(name)s still has open actions: "
                        "%(actions)s.",
                        name=plan.display_name,
                        actions=", ".join(open_actions.mapped("name")),
                    )
                )
        return self._cc_transition("done")

    def _cc_check_verifiable(self):
        for plan in self:
            if plan.state != "done":
                raise UserError(
                    self.env._(
                        "Improvement plan %(name)s is %(state)s: its effectiveness "
                        "is verified once it is done.",
                        name=plan.display_name,
                        state=plan._cc_state_label(plan.state),
                    )
                )

    def action_verify_effective(self):
        self._cc_check_verifiable()
        return self._cc_transition(
            "verify",
            {
                "verification_result": "effective",
                "verified_by_id": self.env.uid,
                "verified_on": fields.Datetime.now(),
            },
        )

    def action_verify_not_effective(self):
        self._cc_check_verifiable()
        for plan in self:
            if not (plan.verification_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write in Verification Note why improvement plan %(name)s "
                        "is not effective before reopening it.",
                        name=plan.display_name,
                    )
                )
        for plan in self:
            plan._cc_transition(
                "reopen",
                {
                    "verification_result": "not_effective",
                    "verified_by_id": self.env.uid,
                    "verified_on": fields.Datetime.now(),
                    "reopen_count": plan.reopen_count + 1,
                },
            )
        return True

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        res = self._cc_transition("reset_draft")
        self.restart_validation()
        return res

    def action_send_reply(self):
        """Tell the customer what was improved (the improvement reply): the
        mail goes to the customer and is recorded on the response."""
        template = self.env.ref("cc_survey.mail_template_cc_survey_improvement_reply")
        for plan in self:
            if plan.state != "verified" or plan.verification_result != "effective":
                raise UserError(
                    self.env._(
                        "The customer is told what was improved once improvement "
                        "plan %(name)s is verified effective.",
                        name=plan.display_name,
                    )
                )
            if not plan.partner_id:
                raise UserError(
                    self.env._(
                        "Improvement plan %(name)s has no Customer to reply to.",
                        name=plan.display_name,
                    )
                )
            if not (plan.reply_body and plan.reply_body.striptags().strip()):
                raise UserError(
                    self.env._(
                        "Write the Improvement Reply of plan %(name)s first.",
                        name=plan.display_name,
                    )
                )
            rendered = template._render_field("body_html", plan.ids)[plan.id]
            subject = template._render_field("subject", plan.ids)[plan.id]
            record = plan.user_input_id or plan
            record.message_post(
                body=rendered,
                subject=subject,
                partner_ids=plan.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            if plan.user_input_id:
                plan.message_post(
                    body=self.env._(
                        "Improvement reply sent to %(customer)s and recorded on "
                        "the response.",
                        customer=plan.partner_id.display_name,
                    )
                )
            plan.reply_sent_on = fields.Datetime.now()
        return True

    @api.model
    def _cron_cc_plan_overdue(self):
        """Overdue plans and overdue actions, one bounded batch of each per
        call; the progress of both is reported together, so that the
        scheduler calls again while either has records left. Returns the
        actions flagged late by this call."""
        plans = self._cc_mark_overdue_batch()
        actions = self.env["cc.survey.improvement.action"]._cc_mark_overdue_batch()
        self.env["ir.cron"]._notify_progress(
            done=sum(
                len(late) + len(cleared) for late, cleared, _left in (plans, actions)
            ),
            remaining=plans[2] + actions[2],
        )
        return actions[0]
