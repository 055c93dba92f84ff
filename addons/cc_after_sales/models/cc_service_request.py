from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext
from odoo.tools.mail import parse_contact_from_email

ENGINEER = "cc_after_sales.group_cc_as_engineer"
EXPERT = "cc_after_sales.group_cc_as_expert"
REVIEWER = "cc_after_sales.group_cc_as_reviewer"
MANAGER = "cc_after_sales.group_cc_as_manager"

REQUEST_STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In Progress"),
    ("review", "Quality Review"),
    ("confirm", "Waiting Customer Confirmation"),
    ("followup", "Follow-up"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]
OPEN_STATES = ("new", "acknowledged", "in_progress", "review", "confirm", "followup")
LEVEL_HOURS_FIELD = {
    "simple": "cc_as_hours_simple",
    "general": "cc_as_hours_general",
    "complex": "cc_as_hours_complex",
}
SCORE_MIN, SCORE_MAX = 1, 5


class CcServiceRequest(models.Model):
    _name = "cc.service.request"
    _description = "After-Sales Service Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "cc.deadline.mixin",
        "cc.document.mixin",
    ]
    _order = "date_request desc, id desc"
    _rec_names_search = ["name", "partner_id.name", "lot_id.name"]
    _check_company_auto = True
    _mail_post_access = "read"

    # cc.document.mixin
    _cc_sequence_code = "cc.service.request"
    _cc_transitions = {
        "acknowledge": {"from": ("new",), "to": "acknowledged", "groups": ENGINEER},
        "start": {"from": ("acknowledged",), "to": "in_progress", "groups": ENGINEER},
        "submit_review": {"from": ("in_progress",), "to": "review", "groups": ENGINEER},
        "review_pass": {"from": ("review",), "to": "confirm", "groups": REVIEWER},
        "review_fail": {"from": ("review",), "to": "in_progress", "groups": REVIEWER},
        # the customer answers on the portal (as superuser after the access
        # check) or an engineer records the answer given by phone
        "customer_confirm": {"from": ("confirm",), "to": "followup"},
        "customer_reject": {"from": ("confirm",), "to": "in_progress"},
        "close": {"from": ("followup",), "to": "closed", "groups": ENGINEER},
        "reopen": {"from": ("followup",), "to": "in_progress", "groups": ENGINEER},
        "cancel": {
            "from": ("new", "acknowledged", "in_progress"),
            "to": "cancel",
            "groups": ENGINEER,
        },
        "reset": {"from": ("cancel",), "to": "new", "groups": MANAGER},
    }
    # cc.deadline.mixin: the response target, in working hours
    _cc_deadline_field = "response_deadline"
    _cc_deadline_closed_states = (
        "acknowledged",
        "in_progress",
        "review",
        "confirm",
        "followup",
        "closed",
        "cancel",
    )
    _cc_deadline_user_field = "user_id"

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        REQUEST_STATES,
        default="new",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    date_request = fields.Datetime(
        string="Received",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        index=True,
    )
    channel = fields.Selection(
        [
            ("hotline", "24-hour Hotline"),
            ("portal", "Online (Portal)"),
            ("email", "E-mail"),
            ("visit", "Visit"),
            ("station", "Service Station"),
        ],
        required=True,
        default="hotline",
        tracking=True,
    )
    request_type = fields.Selection(
        [
            ("commissioning", "Commissioning"),
            ("repair", "Repair"),
            ("consultation", "Consultation"),
            ("interpretation", "Report Interpretation"),
            ("retest", "Re-test"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="repair",
        tracking=True,
    )
    level = fields.Selection(
        [("simple", "Simple"), ("general", "General"), ("complex", "Complex")],
        required=True,
        default="general",
        tracking=True,
        help="Sets the response target: simple requests are answered on the "
        "spot, general ones contacted and complex ones taken by an expert within "
        "the working hours set in the settings.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Commercial Entity",
    )
    contact_name = fields.Char(string="Contact")
    contact_phone = fields.Char(string="Phone")
    email_from = fields.Char(string="E-mail")
    product_id = fields.Many2one(
        "product.product", tracking=True, index=True, check_company=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Unit (Lot/Serial)",
        tracking=True,
        index=True,
        check_company=True,
        domain="[('product_id', '=?', product_id)]",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        index="btree_not_null",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        index="btree_not_null",
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), "
        "('partner_id', 'child_of', commercial_partner_id)]",
    )
    description = fields.Html(string="Problem Description")
    user_id = fields.Many2one(
        "res.users",
        string="Engineer",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    # response target (working hours)
    response_deadline = fields.Datetime(
        string="Respond By",
        compute="_compute_response_deadline",
        store=True,
        readonly=False,
        copy=False,
        index=True,
        tracking=True,
    )
    responded_on = fields.Datetime(readonly=True, copy=False)
    responded_in_time = fields.Boolean(
        compute="_compute_responded_in_time",
        store=True,
        help="Acknowledged before the response target.",
    )
    # escalation and review
    expert_id = fields.Many2one(
        "res.users",
        string="Technical Expert",
        tracking=True,
        index="btree_not_null",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref(EXPERT, raise_if_not_found=False).ids)
        ],
    )
    escalated_on = fields.Datetime(readonly=True, copy=False)
    expert_guidance = fields.Html(copy=False)
    interpretation_record = fields.Html(
        string="What Was Explained",
        copy=False,
        help="Report interpretation: the points explained to the customer.",
    )
    interpretation_questions = fields.Html(string="Customer's Questions", copy=False)
    resolution = fields.Html(copy=False)
    reviewer_id = fields.Many2one(
        "res.users", string="Quality Reviewer", readonly=True, copy=False, tracking=True
    )
    review_verdict = fields.Selection(
        [("accurate", "Accurate"), ("inaccurate", "Inaccurate")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    review_note = fields.Text(readonly=True, copy=False)
    reviewed_on = fields.Datetime(readonly=True, copy=False)
    # customer confirmation and follow-up
    confirmed_on = fields.Datetime(readonly=True, copy=False)
    customer_reject_reason = fields.Text(readonly=True, copy=False)
    followup_due = fields.Date(readonly=True, copy=False, index="btree_not_null")
    followup_score = fields.Integer(
        string="Satisfaction",
        copy=False,
        tracking=True,
        help="From 1 (very unsatisfied) to 5 (very satisfied).",
    )
    followup_comment = fields.Text(copy=False)
    followup_date = fields.Datetime(readonly=True, copy=False)
    rehandle_count = fields.Integer(
        string="Re-handled", readonly=True, copy=False, default=0
    )
    closed_on = fields.Datetime(readonly=True, copy=False, index="btree_not_null")
    # dispatches
    dispatch_ids = fields.One2many("fsm.order", "cc_request_id", string="Dispatches")
    dispatch_count = fields.Integer(compute="_compute_dispatch_count")
    first_time_fix = fields.Boolean(
        compute="_compute_first_time_fix",
        store=True,
        help="Closed with at most one dispatch and never re-handled.",
    )

    _sql_constraints = [
        (
            "followup_score_range",
            f"CHECK(followup_score = 0 OR followup_score IS NULL OR "
            f"(followup_score >= {SCORE_MIN} AND followup_score <= {SCORE_MAX}))",
            "The satisfaction score goes from 1 to 5.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("date_request", "level", "company_id")
    def _compute_response_deadline(self):
        for request in self:
            # the target is set when the request arrives: once answered it
            # stays, even when a request made and acknowledged at once (the
            # hotline's "answered on the spot") computes it after the answer
            if not request.date_request or (
                request.state not in ("new", False) and request.response_deadline
            ):
                continue
            company = request.company_id or self.env.company
            hours = company[LEVEL_HOURS_FIELD[request.level or "general"]]
            request.response_deadline = self._cc_add_working_hours(
                request.date_request, hours, company
            )

    @api.depends("responded_on", "response_deadline")
    def _compute_responded_in_time(self):
        for request in self:
            request.responded_in_time = bool(
                request.responded_on
                and request.response_deadline
                and request.responded_on <= request.response_deadline
            )

    def _compute_dispatch_count(self):
        counts = dict(
            self.env["fsm.order"]._read_group(
                [("cc_request_id", "in", self.ids)], ["cc_request_id"], ["__count"]
            )
        )
        for request in self:
            request.dispatch_count = counts.get(request, 0)

    @api.depends("state", "rehandle_count", "dispatch_ids")
    def _compute_first_time_fix(self):
        for request in self:
            request.first_time_fix = (
                request.state == "closed"
                and not request.rehandle_count
                and len(request.dispatch_ids) <= 1
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/service/{request.id}"
        return res

    @api.constrains("followup_score")
    def _check_followup_score(self):
        for request in self:
            if request.followup_score and not (
                SCORE_MIN <= request.followup_score <= SCORE_MAX
            ):
                raise ValidationError(
                    _(
                        "Satisfaction of %(request)s must be between %(min)s and "
                        "%(max)s, not %(score)s.",
                        request=request.display_name,
                        min=SCORE_MIN,
                        max=SCORE_MAX,
                        score=request.followup_score,
                    )
                )

    @api.constrains("lot_id", "partner_id")
    def _check_lot_delivered(self):
        for request in self.filtered("lot_id"):
            if not request._cc_lot_delivered_to_customer(request.lot_id):
                raise ValidationError(
                    _(
                        "Unit %(lot)s was never delivered to %(customer)s: choose "
                        "a unit from the customer's deliveries.",
                        lot=request.lot_id.display_name,
                        customer=request.commercial_partner_id.display_name,
                    )
                )

    def _cc_lot_delivered_to_customer(self, lot):
        """Whether ``lot`` left the company in a done delivery to the request's
        customer (or any of its contacts)."""
        self.ensure_one()
        return bool(
            self.env["stock.move.line"].search_count(
                [
                    ("lot_id", "=", lot.id),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                    (
                        "picking_id.partner_id",
                        "child_of",
                        self.commercial_partner_id.id,
                    ),
                ],
                limit=1,
            )
        )

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id:
            self.product_id = self.lot_id.product_id
            move_line = self.env["stock.move.line"].search(
                [
                    ("lot_id", "=", self.lot_id.id),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ],
                order="date desc",
                limit=1,
            )
            if move_line.picking_id and not self.picking_id:
                self.picking_id = move_line.picking_id.id
                self.sale_order_id = move_line.picking_id.sale_id.id

    @api.onchange("picking_id")
    def _onchange_picking_id(self):
        if self.picking_id.sale_id and not self.sale_order_id:
            self.sale_order_id = self.picking_id.sale_id

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    def write(self, vals):
        if "expert_guidance" in vals and not self.env.su:
            if not self.env.user.has_group(EXPERT):
                raise AccessError(
                    _("Only a technical-support expert records expert guidance.")
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_acknowledge(self):
        """The customer is answered: the response target is met (or missed)
        now, and whoever answers takes the unassigned request."""
        self._cc_check_transition("acknowledge")
        now = fields.Datetime.now()
        for request in self:
            vals = {"responded_on": now, "is_overdue": False}
            if not request.user_id:
                vals["user_id"] = self.env.user.id
            request._cc_transition("acknowledge", vals)
        return True

    def action_start(self):
        self._cc_transition("start")
        return True

    def action_escalate(self):
        """Complex request: hand it to a technical-support expert."""
        self._cc_check_groups(ENGINEER, _("Escalating a request"))
        for request in self:
            if request.state not in ("new", "acknowledged", "in_progress"):
                raise UserError(
                    _(
                        "%(request)s is %(state)s: only open requests are escalated.",
                        request=request.display_name,
                        state=request._cc_state_label(request.state),
                    )
                )
            if not request.expert_id:
                raise UserError(
                    _(
                        "Choose the technical expert of %(request)s before "
                        "escalating it.",
                        request=request.display_name,
                    )
                )
            request.write({"level": "complex", "escalated_on": fields.Datetime.now()})
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=request.expert_id.id,
                summary=_("Expert guidance needed: %s", request.name),
                # the day of the expert's target in the expert's time zone
                date_deadline=fields.Date.context_today(
                    request.with_user(request.expert_id),
                    request._cc_add_working_hours(
                        fields.Datetime.now(),
                        request.company_id.cc_as_hours_complex,
                        request.company_id,
                    ),
                ),
            )
        return True

    def action_submit_review(self):
        self._cc_check_transition("submit_review")
        for request in self:
            request._cc_check_no_open_dispatch()
            if (
                request.request_type == "interpretation"
                and not html2plaintext(request.interpretation_record or "").strip()
            ):
                raise UserError(
                    _(
                        "Record what was explained to the customer (What Was "
                        "Explained) before submitting %(request)s for review.",
                        request=request.display_name,
                    )
                )
            if (
                request.level == "complex"
                and not html2plaintext(request.expert_guidance or "").strip()
            ):
                raise UserError(
                    _(
                        "%(request)s is complex: the technical expert records "
                        "guidance before the review.",
                        request=request.display_name,
                    )
                )
        self._cc_transition("submit_review")
        return True

    def action_review_pass(self, note=False):
        self._cc_review("review_pass", "accurate", note)
        for request in self:
            request._cc_notify_customer_confirmation()
        return True

    def action_review_fail(self, note=False):
        if not note:
            return self._cc_open_reason_wizard("review_fail")
        self._cc_review("review_fail", "inaccurate", note)
        return True

    def _cc_review(self, transition, verdict, note):
        self._cc_transition(
            transition,
            {
                "reviewer_id": self.env.user.id,
                "review_verdict": verdict,
                "review_note": note or False,
                "reviewed_on": fields.Datetime.now(),
            },
        )

    def action_customer_confirm(self):
        now = fields.Datetime.now()
        for request in self:
            company = request.company_id
            due = self._cc_add_working_days(
                fields.Date.context_today(request, now),
                company.cc_as_followup_days,
                company,
            )
            request._cc_transition(
                "customer_confirm", {"confirmed_on": now, "followup_due": due}
            )
            request.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=due,
                user_id=(request.user_id or self.env.user).id,
                summary=_("Follow-up visit: %s", request.name),
            )
        return True

    def action_customer_reject(self, reason=False):
        if not reason:
            return self._cc_open_reason_wizard("customer_reject")
        for request in self:
            request._cc_transition(
                "customer_reject",
                {
                    "customer_reject_reason": reason,
                    "rehandle_count": request.rehandle_count + 1,
                },
            )
        return True

    def action_close(self):
        self._cc_check_transition("close")
        for request in self:
            request._cc_check_no_open_dispatch()
            if not request.followup_score:
                raise UserError(
                    _(
                        "Record the customer's satisfaction (%(min)s to %(max)s) "
                        "at the follow-up before closing %(request)s.",
                        min=SCORE_MIN,
                        max=SCORE_MAX,
                        request=request.display_name,
                    )
                )
        self._cc_transition(
            "close",
            {
                "closed_on": fields.Datetime.now(),
                "followup_date": fields.Datetime.now(),
            },
        )
        self.activity_feedback(["mail.mail_activity_data_call"])
        return True

    def action_reopen(self):
        """Unsatisfied at the follow-up: handle it again."""
        for request in self:
            request._cc_transition(
                "reopen",
                {
                    "rehandle_count": request.rehandle_count + 1,
                    "followup_date": fields.Datetime.now(),
                },
            )
        self.activity_feedback(["mail.mail_activity_data_call"])
        return True

    def action_record_followup(self, score, comment=False):
        """Record the follow-up: satisfied closes, unsatisfied reopens."""
        self.ensure_one()
        satisfied = score >= 3
        self._cc_check_transition("close" if satisfied else "reopen")
        if satisfied:
            self._cc_check_no_open_dispatch()
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValidationError(
                _(
                    "Satisfaction of %(request)s must be between %(min)s and "
                    "%(max)s, not %(score)s.",
                    request=self.display_name,
                    min=SCORE_MIN,
                    max=SCORE_MAX,
                    score=score,
                )
            )
        self.write({"followup_score": score, "followup_comment": comment})
        if satisfied:
            return self.action_close()
        return self.action_reopen()

    def action_cancel(self):
        self._cc_check_transition("cancel")
        for request in self:
            request._cc_check_no_open_dispatch()
        self._cc_transition("cancel")
        return True

    def action_reset(self):
        self._cc_transition("reset", {"responded_on": False})
        return True

    def action_view_dispatches(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.fsm_order_action_dispatch"
        )
        action["domain"] = [("cc_request_id", "=", self.id)]
        action["context"] = {"default_cc_request_id": self.id}
        return action

    def action_create_dispatch(self):
        self.ensure_one()
        self._cc_check_groups(ENGINEER, _("Dispatching an engineer"))
        if self.state not in ("acknowledged", "in_progress"):
            raise UserError(
                _(
                    "Acknowledge %(request)s before dispatching an engineer.",
                    request=self.display_name,
                )
            )
        order = self.env["fsm.order"].create(self._cc_prepare_dispatch_vals())
        if self.state == "acknowledged":
            self.action_start()
        return {
            "type": "ir.actions.act_window",
            "res_model": "fsm.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    def _cc_prepare_dispatch_vals(self):
        self.ensure_one()
        location = self.env["fsm.location"]._cc_for_partner(self.partner_id)
        return {
            "cc_request_id": self.id,
            "location_id": location.id,
            "company_id": self.company_id.id,
            "cc_service_type": "commissioning"
            if self.request_type == "commissioning"
            else "repair",
            "cc_lot_ids": [(6, 0, self.lot_id.ids)],
            "cc_sale_order_id": self.sale_order_id.id,
            "cc_picking_id": self.picking_id.id,
            "description": self.description,
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _cc_check_no_open_dispatch(self):
        self.ensure_one()
        open_dispatches = self.dispatch_ids.filtered(lambda d: not d.is_closed)
        if open_dispatches:
            raise UserError(
                _(
                    "%(request)s still has open dispatches (%(dispatches)s): "
                    "complete or cancel them first.",
                    request=self.display_name,
                    dispatches=", ".join(open_dispatches.mapped("name")),
                )
            )

    def _cc_open_reason_wizard(self, transition):
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.service.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_ids": self.ids,
                "default_transition": transition,
            },
        }

    def _cc_notify_customer_confirmation(self):
        template = self.env.ref(
            "cc_after_sales.mail_template_request_confirm", raise_if_not_found=False
        )
        if template and self.partner_id.email:
            self.with_context(mail_notify_force_send=False).message_post_with_source(
                template, subtype_xmlid="mail.mt_comment"
            )

    def _cc_reminder_summary(self):
        self.ensure_one()
        return _("Response target passed: %(name)s", name=self.display_name)

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the service alias becomes a request from that customer;
        its attachments stay on the request's first message."""
        values = dict(custom_values or {})
        partner = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        values.setdefault("channel", "email")
        values.setdefault("email_from", msg_dict.get("email_from"))
        values.setdefault("description", msg_dict.get("body"))
        if partner:
            values.setdefault("partner_id", partner.id)
        else:
            name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
            # the mail gateway creates the request as superuser
            new_partner = self.env["res.partner"].create(
                {"name": name or email, "email": email}
            )
            values.setdefault("partner_id", new_partner.id)
        values.setdefault("user_id", False)
        return super().message_new(msg_dict, custom_values=values)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id.email:
            self._message_add_suggested_recipient(
                recipients, partner=self.partner_id, reason=_("Customer")
            )
        return recipients

    def _cc_dispatch_completed(self, orders):
        """Called when dispatches of these requests are completed."""
        for request in self:
            done = orders.filtered(lambda o, r=request: o.cc_request_id == r)
            request.message_post(
                body=_(
                    "Dispatch %(orders)s completed.",
                    orders=", ".join(done.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Response-target check (hourly)
    # ------------------------------------------------------------------
    @api.model
    def _cron_cc_service_deadlines(self):
        """Flag requests past their response target, remind the engineer
        (activity) and send each after-sales manager one list of the
        newly late requests of their companies."""
        late = self.with_context(tracking_disable=True)._cron_cc_mark_overdue()
        if late:
            self._cc_send_manager_digest(late)
        return True

    @api.model
    def _cc_send_manager_digest(self, requests, limit=50):
        template = self.env.ref(
            "cc_after_sales.mail_template_request_overdue_manager",
            raise_if_not_found=False,
        )
        group = self.env.ref(MANAGER, raise_if_not_found=False)
        if not template or not group:
            return
        managers = group.users.filtered(lambda u: u.active and u.email and not u.share)
        for manager in managers - self.env.ref("base.user_root"):
            mine = requests.filtered(lambda r, m=manager: r.company_id in m.company_ids)
            if not mine:
                continue
            template.with_context(
                cc_requests=mine[:limit], cc_request_count=len(mine)
            ).send_mail(manager.id, email_layout_xmlid="mail.mail_notification_light")
