from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, html2plaintext

ENGINEER = "cc_after_sales.group_cc_as_engineer"
REVIEWER = "cc_after_sales.group_cc_as_reviewer"
MANAGER = "cc_after_sales.group_cc_as_manager"

RETEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("scheduled", "Scheduled"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]


class CcServiceRetest(models.Model):
    """A customer's written request to re-test the items of a report (复测).

    The request must arrive within the company's re-test window (working days
    after the report date); the after-sales reviewer accepts or refuses it, an
    engineer executes it and the customer receives the re-test report.
    """

    _name = "cc.service.retest"
    _description = "Re-test Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.deadline.mixin",
        "cc.document.mixin",
    ]
    _order = "request_date desc, id desc"
    _rec_names_search = ["name", "partner_id.name", "report_reference"]
    _check_company_auto = True

    # cc.document.mixin
    _cc_sequence_code = "cc.service.retest"
    _cc_transitions = {
        "submit": {"from": ("draft",), "to": "submitted", "groups": ENGINEER},
        # a request received after the window is refused at submission
        "refuse_late": {"from": ("draft",), "to": "refused", "groups": ENGINEER},
        "accept": {"from": ("submitted",), "to": "accepted", "groups": REVIEWER},
        "refuse": {"from": ("submitted",), "to": "refused", "groups": REVIEWER},
        "schedule": {"from": ("accepted",), "to": "scheduled", "groups": ENGINEER},
        "done": {"from": ("scheduled",), "to": "done", "groups": ENGINEER},
        "cancel": {
            "from": ("draft", "submitted", "accepted", "scheduled"),
            "to": "cancel",
            "groups": ENGINEER,
        },
        "reset": {"from": ("cancel",), "to": "draft", "groups": MANAGER},
    }
    # cc.deadline.mixin: the scheduled execution date
    _cc_deadline_closed_states = ("draft", "refused", "done", "cancel")
    _cc_deadline_user_field = "engineer_id"

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
        RETEST_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
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
    request_id = fields.Many2one(
        "cc.service.request",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    channel = fields.Selection(
        [("portal", "Portal"), ("back_office", "Back Office")],
        required=True,
        default="back_office",
    )
    report_reference = fields.Char(
        string="Original Report", required=True, tracking=True
    )
    report_date = fields.Date(required=True, tracking=True)
    request_date = fields.Date(
        string="Written Request Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    window_end = fields.Date(
        string="Request Due By",
        compute="_compute_window_end",
        store=True,
        help="Last day of the re-test window: the company's re-test working "
        "days after the report date.",
    )
    is_late = fields.Boolean(
        string="After the Window", compute="_compute_window_end", store=True
    )
    reason = fields.Text(tracking=True)
    line_ids = fields.One2many(
        "cc.service.retest.line", "retest_id", string="Items", copy=True
    )
    all_consistent = fields.Boolean(
        string="All Consistent", compute="_compute_all_consistent", store=True
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, copy=False, tracking=True
    )
    reviewed_on = fields.Datetime(readonly=True, copy=False)
    refuse_reason = fields.Text(
        string="Refusal Reason",
        copy=False,
        tracking=True,
        help="Sent to the customer when the request is refused.",
    )
    scheduled_date = fields.Datetime(copy=False, tracking=True)
    engineer_id = fields.Many2one(
        "res.users",
        string="Engineer",
        tracking=True,
        index="btree_not_null",
        domain="[('share', '=', False)]",
    )
    done_on = fields.Datetime(readonly=True, copy=False, index="btree_not_null")
    conclusion = fields.Html(copy=False)
    original_report_wrong = fields.Boolean(
        string="Original Report Wrong",
        copy=False,
        tracking=True,
        help="Raises a notice to the quality reviewers when the re-test is done.",
    )
    cc_past_retention = fields.Boolean(
        string="Past Retention",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the monthly retention review: kept longer than the "
        "company's retention years. Nothing is ever deleted automatically.",
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("report_date", "request_date", "company_id.cc_as_retest_days")
    def _compute_window_end(self):
        for retest in self:
            if not retest.report_date:
                retest.window_end = False
                retest.is_late = False
                continue
            company = retest.company_id or self.env.company
            retest.window_end = self._cc_add_working_days(
                retest.report_date, company.cc_as_retest_days, company
            )
            retest.is_late = bool(
                retest.request_date and retest.request_date > retest.window_end
            )

    @api.depends("line_ids.consistent")
    def _compute_all_consistent(self):
        for retest in self:
            retest.all_consistent = bool(retest.line_ids) and all(
                retest.line_ids.mapped("consistent")
            )

    @api.constrains("report_date", "request_date")
    def _check_dates(self):
        for retest in self:
            if retest.request_date < retest.report_date:
                raise ValidationError(
                    _(
                        "Written Request Date of %(retest)s (%(request)s) cannot "
                        "be before the Report Date (%(report)s).",
                        retest=retest.display_name,
                        request=retest.request_date,
                        report=retest.report_date,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """Submit the written request. A request received after the window is
        refused at once, with the date it was due, and the customer is told."""
        self._cc_check_transition("submit")
        late = self.env[self._name]
        for retest in self:
            if not retest.line_ids:
                raise UserError(
                    _(
                        "Add the items to re-test to %(retest)s before submitting it.",
                        retest=retest.display_name,
                    )
                )
            if not (retest.reason or "").strip():
                raise UserError(
                    _(
                        "Enter the customer's reason for the re-test of %(retest)s.",
                        retest=retest.display_name,
                    )
                )
            if retest.is_late:
                retest._cc_transition(
                    "refuse_late", {"refuse_reason": retest._cc_late_message()}
                )
                retest._cc_mail_refusal()
                late |= retest
            else:
                retest._cc_transition("submit")
        if late:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": _("Re-test refused"),
                    "message": "\n".join(late.mapped("refuse_reason")),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def action_accept(self):
        for retest in self:
            if retest.is_late:
                raise UserError(retest._cc_late_message())
        self._cc_transition(
            "accept",
            {"reviewer_id": self.env.user.id, "reviewed_on": fields.Datetime.now()},
        )
        return True

    def action_refuse(self, reason=False):
        """Refuse the request; ``reason`` (or the Refusal Reason field) is
        mailed to the customer."""
        self._cc_check_transition("refuse")
        for retest in self:
            text = (reason or retest.refuse_reason or "").strip()
            if not text:
                raise UserError(
                    _(
                        "Enter the Refusal Reason of %(retest)s: it is sent to the "
                        "customer.",
                        retest=retest.display_name,
                    )
                )
            retest._cc_transition(
                "refuse",
                {
                    "refuse_reason": text,
                    "reviewer_id": self.env.user.id,
                    "reviewed_on": fields.Datetime.now(),
                },
            )
            retest._cc_mail_refusal()
        return True

    def action_schedule(self):
        self._cc_check_transition("schedule")
        for retest in self:
            if not retest.scheduled_date or not retest.engineer_id:
                raise UserError(
                    _(
                        "Set the Scheduled Date and the Engineer of %(retest)s "
                        "before scheduling it.",
                        retest=retest.display_name,
                    )
                )
            retest._cc_transition(
                "schedule", {"deadline": fields.Date.to_date(retest.scheduled_date)}
            )
            retest.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=retest.engineer_id.id,
                date_deadline=fields.Date.to_date(retest.scheduled_date),
                summary=_("Re-test %(name)s", name=retest.name),
            )
        return True

    def action_done(self):
        """Record the results: the customer receives the re-test report, and a
        wrong original report raises a notice to the quality reviewers."""
        self._cc_check_transition("done")
        for retest in self:
            if not html2plaintext(retest.conclusion or "").strip():
                raise UserError(
                    _(
                        "Write the Conclusion of %(retest)s before closing it.",
                        retest=retest.display_name,
                    )
                )
        self._cc_transition("done", {"done_on": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        for retest in self:
            retest._cc_mail_report()
            if retest.original_report_wrong:
                retest._cc_notify_quality()
        return True

    def action_cancel(self):
        self._cc_transition("cancel")
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reset(self):
        self._cc_transition(
            "reset",
            {"refuse_reason": False, "reviewer_id": False, "reviewed_on": False},
        )
        return True

    def action_create_request(self):
        """Create (and link) the service request of type re-test."""
        self.ensure_one()
        self._cc_check_groups(ENGINEER, _("Creating the service request"))
        if self.request_id:
            raise UserError(
                _(
                    "%(retest)s is already linked to %(request)s.",
                    retest=self.display_name,
                    request=self.request_id.display_name,
                )
            )
        self.request_id = self.env["cc.service.request"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "request_type": "retest",
                "channel": "portal" if self.channel == "portal" else "hotline",
                "description": _(
                    "Re-test of report %(report)s: %(reason)s",
                    report=self.report_reference,
                    reason=self.reason or "",
                ),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    @api.model
    def _cc_portal_create(self, partner, vals):
        """Create and submit a re-test request from the customer portal.

        Call it as superuser after the portal's own checks::

            # sudo: portal users cannot create re-tests (checked by the portal first)
            request.env["cc.service.retest"].sudo()._cc_portal_create(
                partner,
                {
                    "request_id": 42,  # optional: one of the customer's requests
                    "report_reference": "R-2026-0012",
                    "report_date": "2026-11-02",
                    "reason": "The value of item A looks wrong",
                    "lines": [
                        {"name": "Item A", "original_value": 1.2, "tolerance": 0.1,
                         "unit": "mg/L"},
                    ],
                },
            )

        :param partner: the portal user's ``res.partner``
        :param dict vals: ``report_reference``, ``report_date`` and ``reason``
            are required, ``request_id`` and ``request_date`` (today by
            default) optional; ``lines`` is a list of dicts with ``name``,
            ``original_value``, ``tolerance`` and optionally ``unit``.
        :return: the new ``cc.service.retest``, submitted (or refused at once
            when the re-test window is over: its ``refuse_reason`` then says
            the date it was due)
        :raise AccessError: when the request belongs to another customer
        :raise UserError/ValidationError: on missing or invalid values
        """
        partner.ensure_one()
        commercial = partner.commercial_partner_id
        request = self.env["cc.service.request"]
        if vals.get("request_id"):
            request = request.browse(int(vals["request_id"])).exists()
            if not request or request.commercial_partner_id != commercial:
                raise AccessError(
                    _("This service request does not belong to your company.")
                )
        missing = [
            label
            for key, label in (
                ("report_reference", _("Original Report")),
                ("report_date", _("Report Date")),
                ("reason", _("Reason")),
            )
            if not vals.get(key)
        ]
        if not vals.get("lines"):
            missing.append(_("Items"))
        if missing:
            raise UserError(_("Please fill in: %(fields)s.", fields=", ".join(missing)))
        company = request.company_id or partner.company_id or self.env.company
        retest = self.with_company(company).create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "request_id": request.id,
                "channel": "portal",
                "report_reference": vals["report_reference"],
                "report_date": vals["report_date"],
                "request_date": vals.get("request_date")
                or fields.Date.context_today(self),
                "reason": vals["reason"],
                "line_ids": [
                    Command.create(
                        {
                            "name": line.get("name"),
                            "unit": line.get("unit"),
                            "original_value": float(line.get("original_value") or 0.0),
                            "tolerance": float(line.get("tolerance") or 0.0),
                        }
                    )
                    for line in vals["lines"]
                ],
            }
        )
        retest.message_subscribe(partner_ids=partner.ids)
        retest.action_submit()
        return retest

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _cc_late_message(self):
        self.ensure_one()
        return _(
            "The re-test request of %(request)s came after the re-test window: it "
            "was due by %(due)s (%(days)s working days after the report of "
            "%(report)s).",
            request=self.request_date,
            due=self.window_end,
            days=self.company_id.cc_as_retest_days,
            report=self.report_date,
        )

    def _cc_mail_refusal(self):
        self.ensure_one()
        template = self.env.ref(
            "cc_after_sales.mail_template_retest_refused", raise_if_not_found=False
        )
        if template:
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _cc_mail_report(self):
        self.ensure_one()
        template = self.env.ref(
            "cc_after_sales.mail_template_retest_report", raise_if_not_found=False
        )
        if template:
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _cc_notify_quality(self):
        """Internal notice: the re-test shows the original report was wrong."""
        self.ensure_one()
        group = self.env.ref(REVIEWER, raise_if_not_found=False)
        reviewers = (group.users if group else self.env["res.users"]).filtered(
            lambda u: u.active and not u.share
        )
        summary = _(
            "Original report %(report)s was wrong (re-test %(name)s)",
            report=self.report_reference,
            name=self.name,
        )
        for user in reviewers:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=summary,
                note=_("Review the original report and decide on corrective actions."),
            )
        self.message_post(
            body=_(
                "Quality notice: the re-test shows that original report %(report)s "
                "was wrong. Quality reviewers notified: %(users)s.",
                report=self.report_reference,
                users=", ".join(reviewers.mapped("name")) or _("none"),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _cc_check_lines_editable(self, results_only=False):
        """Items are the customer's request: fixed once submitted. Re-test
        values are recorded while the re-test is accepted or scheduled."""
        if self.env.su:
            return
        allowed = ("draft", "accepted", "scheduled") if results_only else ("draft",)
        closed = self.filtered(lambda r: r.state not in allowed)
        if closed:
            raise UserError(
                _(
                    "Items of %(retest)s cannot be changed in status %(state)s.",
                    retest=closed[0].display_name,
                    state=closed[0]._cc_state_label(closed[0].state),
                )
            )

    def _cc_reminder_summary(self):
        self.ensure_one()
        return _("Re-test not done on schedule: %(name)s", name=self.display_name)


class CcServiceRetestLine(models.Model):
    _name = "cc.service.retest.line"
    _description = "Re-test Item"
    _order = "retest_id, sequence, id"

    retest_id = fields.Many2one(
        "cc.service.retest", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="retest_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    unit = fields.Char()
    original_value = fields.Float(digits=(16, 4))
    retest_value = fields.Float(string="Re-test Value", digits=(16, 4))
    tolerance = fields.Float(
        digits=(16, 4),
        help="Largest acceptable absolute difference between the re-test value "
        "and the original value.",
    )
    deviation = fields.Float(
        compute="_compute_deviation",
        store=True,
        digits=(16, 4),
        help="Re-test value minus original value.",
    )
    consistent = fields.Boolean(compute="_compute_deviation", store=True)

    _sql_constraints = [
        (
            "tolerance_positive",
            "CHECK(tolerance >= 0)",
            "The tolerance of a re-test item cannot be negative.",
        ),
    ]

    @api.depends("original_value", "retest_value", "tolerance")
    def _compute_deviation(self):
        for line in self:
            line.deviation = line.retest_value - line.original_value
            line.consistent = (
                float_compare(abs(line.deviation), line.tolerance, precision_digits=4)
                <= 0
            )

    @api.model
    def _cc_check_tolerance_vals(self, vals):
        tolerance = vals.get("tolerance")
        if tolerance is not None and tolerance is not False and tolerance < 0:
            raise ValidationError(
                _(
                    "Tolerance of item %(item)s must be zero or more, not "
                    "%(value)s.",
                    item=vals.get("name") or self[:1].name or "",
                    value=tolerance,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cc_check_tolerance_vals(vals)
        lines = super().create(vals_list)
        lines.retest_id._cc_check_lines_editable()
        return lines

    def write(self, vals):
        self._cc_check_tolerance_vals(vals)
        self.retest_id._cc_check_lines_editable(
            results_only=set(vals) <= {"retest_value", "sequence"}
        )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self.retest_id._cc_check_lines_editable()


class CcServiceRequest(models.Model):
    _inherit = "cc.service.request"  # pylint: disable=consider-merging-classes-inherited

    retest_ids = fields.One2many("cc.service.retest", "request_id", string="Re-tests")
    retest_count = fields.Integer(compute="_compute_retest_count")
    cc_past_retention = fields.Boolean(
        string="Past Retention",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the monthly retention review: kept longer than the "
        "company's retention years. Nothing is ever deleted automatically.",
    )

    def _compute_retest_count(self):
        counts = dict(
            self.env["cc.service.retest"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        for request in self:
            request.retest_count = counts.get(request, 0)
