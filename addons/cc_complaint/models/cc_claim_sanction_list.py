"""Monthly list of administrative sanctions sent to HR (篇4 第十二条(一)).

Before the 10th of each month the GM office reviews the claims closed in the
previous month; the administrative sanctions the GM approved are sent to HR,
who publish them on the personnel announcement (人事公布单).
"""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

GM_OFFICE = "cc_complaint.group_cc_complaint_gm_office"
HR = "hr.group_hr_user"


class CcClaimSanctionList(models.Model):
    """Monthly administrative sanctions list for HR and its publication."""

    _name = "cc.claim.sanction.list"
    _description = "Monthly Administrative Sanctions List"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    _cc_transitions = {
        "send": {"from": ("draft",), "to": "sent", "groups": GM_OFFICE},
        "publish": {"from": ("sent",), "to": "published", "groups": HR},
        "cancel": {"from": ("draft", "sent"), "to": "cancel", "groups": GM_OFFICE},
        "draft": {"from": ("cancel",), "to": "draft", "groups": GM_OFFICE},
    }

    name = fields.Char(
        string="Month", compute="_compute_name", store=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(string="Claims Closed From", required=True, tracking=True)
    date_to = fields.Date(string="Claims Closed To", required=True, tracking=True)
    date_due = fields.Date(
        string="Due to HR",
        compute="_compute_date_due",
        store=True,
        help="The day of the next month set in Settings (the 10th by default).",
    )
    notice_ids = fields.Many2many(
        "cc.claim.penalty.notice",
        string="Sanctions",
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'approved'), "
        "('sanction', '!=', 'none')]",
    )
    notice_count = fields.Integer(compute="_compute_notice_count")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent to HR"),
            ("published", "Published"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    date_sent = fields.Date(readonly=True, copy=False, tracking=True)
    sent_by_id = fields.Many2one("res.users", string="Sent by", readonly=True)
    sent_late = fields.Boolean(readonly=True, copy=False)
    hr_user_id = fields.Many2one(
        "res.users",
        string="HR Responsible",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Asked to publish the list; by default the HR officers are told.",
    )
    # Publication by HR (人事公布单)
    date_published = fields.Date(copy=False, tracking=True)
    publication_method = fields.Selection(
        [
            ("board", "Notice Board"),
            ("email", "E-mail to All Staff"),
            ("intranet", "Intranet"),
            ("meeting", "Staff Meeting"),
        ],
        string="Published by Way of",
        copy=False,
        tracking=True,
    )
    publication_place = fields.Char(
        string="Published Where",
        copy=False,
        help="Where the personnel announcement was posted or sent.",
    )
    publication_ref = fields.Char(
        string="Announcement Number", copy=False, tracking=True
    )
    published_by_id = fields.Many2one(
        "res.users", string="Published by", readonly=True, copy=False
    )
    note = fields.Html()
    checked_on = fields.Date(
        string="Checked by the Scheduler On",
        readonly=True,
        copy=False,
        help="Day the scheduled action last collected the sanctions of this draft "
        "list (and sent it when due).",
    )

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(company_id, date_from)",
            "There is already a sanctions list for this month.",
        ),
        (
            "period_order",
            "CHECK(date_to >= date_from)",
            "Claims Closed To must not be before Claims Closed From.",
        ),
    ]

    @api.depends("date_from")
    def _compute_name(self):
        for rec in self:
            rec.name = rec.date_from.strftime("%Y-%m") if rec.date_from else False

    @api.depends("date_to", "company_id.cc_sanction_list_day")
    def _compute_date_due(self):
        for rec in self:
            rec.date_due = (
                (rec.date_to + relativedelta(months=1)).replace(
                    day=rec.company_id.cc_sanction_list_day or 10
                )
                if rec.date_to
                else False
            )

    @api.depends("notice_ids")
    def _compute_notice_count(self):
        for rec in self:
            rec.notice_count = len(rec.notice_ids)

    @api.onchange("date_from")
    def _onchange_date_from(self):
        if self.date_from:
            self.date_from = self.date_from.replace(day=1)
            self.date_to = self.date_from + relativedelta(months=1, days=-1)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _cc_notices_domain(self, company, date_from, date_to):
        domain = [("company_id", "=", company.id)] if company else []
        return domain + [
            ("state", "=", "approved"),
            ("sanction", "!=", "none"),
            ("claim_id.date_closed", ">=", date_from),
            ("claim_id.date_closed", "<=", date_to),
        ]

    def action_fill(self):
        """Collect the approved sanctions of the claims closed in the month."""
        self._cc_check_groups(GM_OFFICE, _("Collecting the sanctions"))
        self._cc_check_state(("draft",), _("Collecting the sanctions"))
        Notice = self.env["cc.claim.penalty.notice"]
        for rec in self:
            notices = Notice.search(
                self._cc_notices_domain(rec.company_id, rec.date_from, rec.date_to)
            )
            rec.notice_ids = [fields.Command.set(notices.ids)]
        return True

    def action_send(self):
        """GM office: send the list to HR for publication."""
        self._cc_check_transition("send")
        for rec in self:
            if not rec.notice_ids:
                raise UserError(
                    _(
                        "Sanctions list %(name)s has no sanction to send; collect "
                        "them first.",
                        name=rec.name,
                    )
                )
        today = fields.Date.context_today(self)
        for rec in self:
            rec._cc_transition(
                "send",
                {
                    "date_sent": today,
                    "sent_by_id": self.env.uid,
                    "sent_late": bool(rec.date_due and today > rec.date_due),
                },
            )
            rec._cc_notify_hr()
        return True

    def _cc_hr_users(self):
        self.ensure_one()
        if self.hr_user_id:
            return self.hr_user_id
        group = self.env.ref(HR, raise_if_not_found=False)
        if not group:
            return self.env["res.users"]
        # sudo: the GM office sending the list may not read the HR group's users
        return group.sudo().users.filtered(
            lambda u: self.company_id in u.company_ids
            and not u.share
            and u != self.env.ref("base.user_admin", raise_if_not_found=False)
            and not u._is_superuser()
        )

    def _cc_notify_hr(self):
        self.ensure_one()
        users = self._cc_hr_users()
        self.message_post(
            body=_(
                "Administrative sanctions of %(month)s (%(count)s) sent to HR for "
                "publication.",
                month=self.name,
                count=len(self.notice_ids),
            ),
            partner_ids=users.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        for user in users[:1]:
            self.activity_schedule(
                "cc_complaint.mail_activity_cc_sanction_publish",
                summary=_("Publish the administrative sanctions"),
                user_id=user.id,
            )

    def action_publish(self):
        """HR: record the publication on the personnel announcement."""
        self._cc_check_transition("publish")
        for rec in self:
            missing = [
                label
                for fname, label in (
                    ("date_published", _("Date Published")),
                    ("publication_method", _("Published by Way of")),
                    ("publication_place", _("Published Where")),
                )
                if not rec[fname]
            ]
            if missing:
                raise UserError(
                    _(
                        "Sanctions list %(name)s: fill in %(fields)s before "
                        "recording the publication.",
                        name=rec.name,
                        fields=", ".join(missing),
                    )
                )
            if rec.date_published < rec.date_sent:
                raise ValidationError(
                    _(
                        "Sanctions list %(name)s: Date Published (%(published)s) "
                        "cannot be before the list was sent (%(sent)s).",
                        name=rec.name,
                        published=rec.date_published,
                        sent=rec.date_sent,
                    )
                )
        self._cc_transition("publish", {"published_by_id": self.env.uid})
        self.activity_feedback(["cc_complaint.mail_activity_cc_sanction_publish"])
        return True

    def action_cancel(self):
        self._cc_transition("cancel")
        self.activity_unlink(["cc_complaint.mail_activity_cc_sanction_publish"])
        return True

    def action_draft(self):
        return self._cc_transition("draft")

    def action_view_notices(self):
        self.ensure_one()
        return self.notice_ids._get_records_action(name=_("Administrative Sanctions"))

    def write(self, vals):
        locked = {"company_id", "date_from", "date_to", "notice_ids"} & set(vals)
        if locked and any(rec.state != "draft" for rec in self):
            raise UserError(
                _(
                    "The month and the sanctions of a list sent to HR cannot be "
                    "changed; cancel it and reset it to draft first."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(rec.state in ("sent", "published") for rec in self):
            raise UserError(_("A sanctions list sent to HR cannot be deleted."))

    # ------------------------------------------------------------------
    # Monthly schedule
    # ------------------------------------------------------------------
    @api.model
    def _cc_sanction_period(self, today):
        """First and last day of the month before ``today``."""
        date_to = today.replace(day=1) - relativedelta(days=1)
        return date_to.replace(day=1), date_to

    @api.model
    def _cc_sanction_lists_domain(self, companies, date_from, today):
        """Draft lists of the month not checked yet today: a checked list
        leaves the domain until the next day."""
        return [
            ("company_id", "in", companies.ids),
            ("date_from", "=", date_from),
            ("state", "=", "draft"),
            "|",
            ("checked_on", "=", False),
            ("checked_on", "<", today),
        ]

    @api.model
    def _cron_cc_sanction_lists(self, today=None):
        """Daily: from the 1st, the previous month's list is prepared (and kept
        up to date while a draft); on the company's day (the 10th) it is sent
        to HR, once. Months without any sanction get no list.

        One row-locked batch of draft lists per call (``cc.cron.batch.mixin``):
        a checked list leaves the domain for the day (``checked_on``), the
        scheduler calls again while lists remain."""
        today = today or fields.Date.context_today(self)
        date_from, date_to = self._cc_sanction_period(today)
        all_notices = self.env["cc.claim.penalty.notice"].search(
            self._cc_notices_domain(None, date_from, date_to)
        )
        companies = all_notices.company_id
        batcher = self.env["cc.cron.batch.mixin"]
        # the companies without their list yet, row-locked: a second worker
        # running at the same time does not create the same list
        listed = self.search(
            [("company_id", "in", companies.ids), ("date_from", "=", date_from)]
        ).company_id
        if companies - listed:
            unlisted = batcher._cc_cron_take_batch(
                [("id", "in", (companies - listed).ids)],
                limit=len(companies),
                model="res.company",
            )
            self.create(
                [
                    {
                        "company_id": company.id,
                        "date_from": date_from,
                        "date_to": date_to,
                    }
                    for company in unlisted
                ]
            )
        domain = self._cc_sanction_lists_domain(companies, date_from, today)
        lists = batcher._cc_cron_take_batch(domain, model=self._name)
        notices_by_company = all_notices.grouped("company_id")
        for rec in lists:
            notices = notices_by_company.get(rec.company_id, all_notices.browse())
            rec.write(
                {"notice_ids": [fields.Command.set(notices.ids)], "checked_on": today}
            )
            if today >= rec.date_due:
                rec.action_send()
        batcher._cc_cron_notify(len(lists), domain, model=self._name)
        return lists
