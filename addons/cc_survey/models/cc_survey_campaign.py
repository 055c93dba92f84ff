import math
import random
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

KINDS = [
    ("midyear", "Mid-Year"),
    ("yearend", "Year-End"),
    ("adhoc", "Ad Hoc"),
    ("new_customer", "New-Customer Opinion Card"),
]

CHANNELS = [
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("fax", "Fax"),
    ("visit", "Face to Face"),
]

LEVELS = [
    ("very_satisfied", "Very Satisfied"),
    ("satisfied", "Satisfied"),
    ("neutral", "Neutral"),
    ("dissatisfied", "Dissatisfied"),
    ("very_dissatisfied", "Very Dissatisfied"),
]

# lower bound (inclusive) of each satisfaction level on the 0-100 index
LEVEL_BOUNDS = [
    (90.0, "very_satisfied"),
    (75.0, "satisfied"),
    (60.0, "neutral"),
    (40.0, "dissatisfied"),
    (0.0, "very_dissatisfied"),
]

# the topics of the communication log that count as complaints for sampling
COMPLAINT_TOPICS = ("complaint", "quality_feedback")


def satisfaction_level(score):
    """Satisfaction level of a 0-100 index (None without a score)."""
    if score is None:
        return False
    for bound, level in LEVEL_BOUNDS:
        if score >= bound:
            return level
    return "very_dissatisfied"


class CcSurveyCampaign(models.Model):
    """A satisfaction campaign (顾客满意度调查): who is asked, with which
    questionnaire of the survey engine, by when, and how many answered."""

    _name = "cc.survey.campaign"
    _description = "Satisfaction Campaign"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.document.mixin",
        "cc.deadline.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    _cc_sequence_code = "cc.survey.campaign"
    _cc_sequence_field = "reference"
    _cc_deadline_closed_states = ("closed", "cancel")
    _cc_deadline_user_field = "user_id"
    _cc_transitions = {
        "launch": {
            "from": ("draft",),
            "to": "running",
            "groups": "cc_survey.group_cc_survey_user",
        },
        "close": {
            "from": ("running",),
            "to": "closed",
            "groups": "cc_survey.group_cc_survey_user",
        },
        "reopen": {
            "from": ("closed",),
            "to": "running",
            "groups": "cc_survey.group_cc_survey_manager",
        },
        "cancel": {
            "from": ("draft", "running"),
            "to": "cancel",
            "groups": "cc_survey.group_cc_survey_user",
        },
        "reset_draft": {
            "from": ("cancel",),
            "to": "draft",
            "groups": "cc_survey.group_cc_survey_user",
        },
    }

    _invitation_batch_size = 500

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------
    @api.model
    def _default_seed(self):
        return random.SystemRandom().randint(1, 2**31 - 1)

    @api.model
    def _default_population_domain(self):
        return "[('customer_rank', '>', 0)]"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    reference = fields.Char(readonly=True, copy=False, default="/")
    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="midyear", tracking=True)
    date_start = fields.Date(
        string="Period Start",
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(day=1),
        tracking=True,
    )
    date_end = fields.Date(
        string="Period End",
        required=True,
        default=lambda self: fields.Date.context_today(self)
        + relativedelta(months=1, day=31),
        tracking=True,
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        tracking=True,
        domain=[("survey_type", "in", ("survey", "custom"))],
        help="Questionnaire of the survey engine the customers answer.",
    )
    channel_email = fields.Boolean(string="E-mail", default=True)
    channel_phone = fields.Boolean(string="Phone", default=True)
    channel_fax = fields.Boolean(string="Fax")
    channel_visit = fields.Boolean(string="Face to Face")
    response_target = fields.Float(
        string="Response Target (%)",
        compute="_compute_response_target",
        store=True,
        readonly=False,
        tracking=True,
        help="Share of invited customers expected to answer (the satisfaction "
        "procedure asks at least 50 % mid-year and 30 % at year end).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    # population and sampling
    population_domain = fields.Char(
        string="Customer Filter",
        default=_default_population_domain,
        help="Which customers make the population; narrowed further by the "
        "key-customer, salesperson and tag filters.",
    )
    key_customers_only = fields.Boolean(string="Key Customers Only")
    salesperson_ids = fields.Many2many(
        "res.users",
        "cc_survey_campaign_salesperson_rel",
        "campaign_id",
        "user_id",
        string="Salespeople",
        help="Only the customers of these salespeople (all when empty).",
    )
    category_ids = fields.Many2many(
        "res.partner.category",
        "cc_survey_campaign_category_rel",
        "campaign_id",
        "category_id",
        string="Tags",
        help="Only the customers with one of these tags (all when empty).",
    )
    sample_mode = fields.Selection(
        [("all", "Whole Population"), ("sample", "Weighted Sample")],
        required=True,
        default="sample",
        tracking=True,
    )
    sample_rate = fields.Float(
        string="Sample Rate (%)",
        default=lambda self: self.env.company.cc_survey_sample_rate or 20.0,
        tracking=True,
        help="At least this share of the population is invited; the customers "
        "with the most complaints and quality feedback in the 12 months before "
        "the period are drawn first, the rest at random.",
    )
    sample_seed = fields.Integer(
        string="Random Seed",
        default=_default_seed,
        copy=False,
        tracking=True,
        help="Seed of the random draw: drawing again with the same seed gives "
        "the same sample.",
    )
    population_count = fields.Integer(readonly=True, copy=False)
    sampled_on = fields.Datetime(readonly=True, copy=False)
    line_ids = fields.One2many(
        "cc.survey.campaign.line", "campaign_id", string="Customers", copy=False
    )
    reminder_days = fields.Integer(
        string="Reminder Interval (Days)",
        default=lambda self: self.env.company.cc_survey_reminder_days or 7,
        help="Non-respondents invited by e-mail get a reminder every this many "
        "days until the deadline.",
    )
    # figures
    line_count = fields.Integer(compute="_compute_figures", string="Sampled")
    invited_count = fields.Integer(compute="_compute_figures", string="Invited")
    responded_count = fields.Integer(compute="_compute_figures", string="Responded")
    response_rate = fields.Float(
        compute="_compute_figures", string="Response Rate (%)", digits=(5, 2)
    )
    target_met = fields.Boolean(compute="_compute_figures")
    result_ids = fields.One2many(
        "cc.survey.campaign.result", "campaign_id", string="Index by Dimension"
    )
    satisfaction_index = fields.Float(
        string="Satisfaction Index",
        aggregator="avg",
        readonly=True,
        copy=False,
        digits=(5, 2),
        tracking=True,
    )
    previous_campaign_id = fields.Many2one(
        "cc.survey.campaign",
        readonly=True,
        copy=False,
        check_company=True,
        help="Campaign the trend is measured against.",
    )
    index_computed_on = fields.Datetime(readonly=True, copy=False)
    count_very_satisfied = fields.Integer(compute="_compute_level_counts")
    count_satisfied = fields.Integer(compute="_compute_level_counts")
    count_neutral = fields.Integer(compute="_compute_level_counts")
    count_dissatisfied = fields.Integer(compute="_compute_level_counts")
    count_very_dissatisfied = fields.Integer(compute="_compute_level_counts")
    plan_ids = fields.One2many(
        "cc.survey.improvement.plan", "campaign_id", string="Improvement Plans"
    )
    plan_count = fields.Integer(compute="_compute_plan_count")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("kind", "company_id")
    def _compute_response_target(self):
        for campaign in self:
            company = campaign.company_id or self.env.company
            if campaign.kind == "midyear":
                campaign.response_target = company.cc_survey_target_midyear
            elif campaign.kind == "yearend":
                campaign.response_target = company.cc_survey_target_yearend
            elif not campaign.response_target:
                campaign.response_target = company.cc_survey_target_yearend

    @api.depends("line_ids.user_input_id.state")
    def _compute_figures(self):
        counts = {}
        if self.ids:
            self.env["cc.survey.campaign.line"].flush_model(
                ["campaign_id", "user_input_id"]
            )
            self.env["survey.user_input"].flush_model(["state"])
            self.env.cr.execute(
                SQL(
                    """SELECT l.campaign_id, count(*), count(l.user_input_id),
                              count(*) FILTER (WHERE ui.state = 'done')
                         FROM cc_survey_campaign_line l
                    LEFT JOIN survey_user_input ui ON ui.id = l.user_input_id
                        WHERE l.campaign_id IN %s
                     GROUP BY l.campaign_id""",
                    tuple(self.ids),
                )
            )
            counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for campaign in self:
            total, invited, done = counts.get(campaign._origin.id, (0, 0, 0))
            campaign.line_count = total
            campaign.invited_count = invited
            campaign.responded_count = done
            campaign.response_rate = 100.0 * done / invited if invited else 0.0
            campaign.target_met = bool(invited) and (
                campaign.response_rate >= campaign.response_target
            )

    def _compute_level_counts(self):
        groups = self.env["survey.user_input"]._read_group(
            [("cc_campaign_id", "in", self.ids), ("cc_level", "!=", False)],
            ["cc_campaign_id", "cc_level"],
            ["__count"],
        )
        counts = {(campaign.id, level): count for campaign, level, count in groups}
        for campaign in self:
            for level, _label in LEVELS:
                campaign[f"count_{level}"] = counts.get((campaign.id, level), 0)

    def _compute_plan_count(self):
        groups = self.env["cc.survey.improvement.plan"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
        )
        counts = {campaign.id: count for campaign, count in groups}
        for campaign in self:
            campaign.plan_count = counts.get(campaign.id, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("sample_rate")
    def _check_sample_rate(self):
        for campaign in self:
            if not 1.0 <= campaign.sample_rate <= 100.0:
                raise ValidationError(
                    self.env._(
                        "Sample Rate (%%) of campaign %(name)s must lie between 1 "
                        "and 100 %%, not %(rate)s %%.",
                        name=campaign.display_name,
                        rate=campaign.sample_rate,
                    )
                )

    @api.constrains("response_target")
    def _check_response_target(self):
        for campaign in self:
            if not 0.0 <= campaign.response_target <= 100.0:
                raise ValidationError(
                    self.env._(
                        "Response Target (%%) of campaign %(name)s must lie between "
                        "0 and 100 %%, not %(rate)s %%.",
                        name=campaign.display_name,
                        rate=campaign.response_target,
                    )
                )

    @api.constrains("date_start", "date_end", "deadline")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_end < campaign.date_start:
                raise ValidationError(
                    self.env._(
                        "Period End of campaign %(name)s (%(end)s) is before its "
                        "Period Start (%(start)s).",
                        name=campaign.display_name,
                        end=campaign.date_end,
                        start=campaign.date_start,
                    )
                )
            if campaign.deadline and campaign.deadline < campaign.date_start:
                raise ValidationError(
                    self.env._(
                        "Deadline of campaign %(name)s (%(deadline)s) is before its "
                        "Period Start (%(start)s).",
                        name=campaign.display_name,
                        deadline=campaign.deadline,
                        start=campaign.date_start,
                    )
                )

    @api.constrains("reminder_days")
    def _check_reminder_days(self):
        for campaign in self:
            if campaign.reminder_days < 1:
                raise ValidationError(
                    self.env._(
                        "Reminder Interval (Days) of campaign %(name)s must be at "
                        "least 1, not %(days)s.",
                        name=campaign.display_name,
                        days=campaign.reminder_days,
                    )
                )

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for campaign in self:
            if campaign.reference and campaign.reference != "/":
                campaign.display_name = f"{campaign.reference} {campaign.name or ''}"
            else:
                campaign.display_name = campaign.name or ""

    @api.ondelete(at_uninstall=False)
    def _unlink_except_launched(self):
        if self.filtered(lambda c: c.state in ("running", "closed")):
            raise UserError(
                self.env._(
                    "A launched satisfaction campaign cannot be deleted; cancel it."
                )
            )

    # ------------------------------------------------------------------
    # Population and sampling
    # ------------------------------------------------------------------
    def _cc_population_domain(self):
        self.ensure_one()
        try:
            domain = safe_eval(self.population_domain or "[]")
        except Exception as error:
            raise ValidationError(
                self.env._(
                    "Customers filter of campaign %(name)s is not a valid domain: "
                    "%(error)s",
                    name=self.display_name,
                    error=error,
                )
            ) from error
        domain = list(domain) + [
            ("parent_id", "=", False),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        if self.key_customers_only:
            domain.append(("cc_is_key_customer", "=", True))
        if self.salesperson_ids:
            domain.append(("user_id", "in", self.salesperson_ids.ids))
        if self.category_ids:
            domain.append(("category_id", "in", self.category_ids.ids))
        return domain

    def _cc_population(self):
        """Customers (commercial partners) the campaign draws from."""
        self.ensure_one()
        return self.env["res.partner"].search(self._cc_population_domain(), order="id")

    def _cc_complaint_window(self):
        """``(date_from, date_to)``: the 12 months before the period."""
        self.ensure_one()
        return self.date_start - relativedelta(months=12), self.date_start

    @api.model
    def _cc_complaint_counts(self, partner_ids, date_from, date_to, company):
        """Complaints and quality feedback per commercial partner id.

        Counted in one query from the communication log; the complaint bridge
        adds the claims.
        """
        if not partner_ids:
            return {}
        self.env["cc.communication"].flush_model(
            ["partner_id", "topic", "date", "state", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT p.commercial_partner_id, count(*)
                     FROM cc_communication c
                     JOIN res_partner p ON p.id = c.partner_id
                    WHERE c.topic IN %s
                      AND c.state != 'cancel'
                      AND c.company_id = %s
                      AND c.date >= %s AND c.date < %s
                      AND p.commercial_partner_id = ANY(%s)
                 GROUP BY p.commercial_partner_id""",
                COMPLAINT_TOPICS,
                company.id,
                datetime.combine(date_from, time.min),
                datetime.combine(date_to, time.min),
                list(partner_ids),
            )
        )
        return dict(self.env.cr.fetchall())

    def _cc_draw(self, population, counts):
        """Pick the sample: ``[(partner_id, reason, complaints)]``.

        The customers with the most complaints come first (ties by id); the
        rest of the sample is a random draw with the stored seed, so drawing
        again gives the same customers.
        """
        self.ensure_one()
        ids = population.ids
        if self.sample_mode == "all":
            return [(pid, "population", counts.get(pid, 0)) for pid in ids]
        size = min(len(ids), max(1, math.ceil(len(ids) * self.sample_rate / 100.0)))
        complainers = sorted(
            (pid for pid in ids if counts.get(pid)), key=lambda pid: (-counts[pid], pid)
        )
        chosen = [(pid, "complaints", counts[pid]) for pid in complainers[:size]]
        left = size - len(chosen)
        if left > 0:
            rest = [pid for pid in ids if not counts.get(pid)]
            drawn = random.Random(self.sample_seed).sample(rest, left)
            chosen += [(pid, "random", 0) for pid in sorted(drawn)]
        return chosen

    def action_draw_sample(self):
        """(Re)draw the customers of draft campaigns."""
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(
                    self.env._(
                        "The customers of campaign %(name)s can only be drawn while "
                        "it is a draft.",
                        name=campaign.display_name,
                    )
                )
            population = campaign._cc_population()
            if not population:
                raise UserError(
                    self.env._(
                        "No customer matches the population of campaign %(name)s: "
                        "widen the Customers filter, the salespeople or the tags.",
                        name=campaign.display_name,
                    )
                )
            date_from, date_to = campaign._cc_complaint_window()
            counts = campaign._cc_complaint_counts(
                population.ids, date_from, date_to, campaign.company_id
            )
            chosen = campaign._cc_draw(population, counts)
            campaign.line_ids.unlink()
            self.env["cc.survey.campaign.line"].create(
                [
                    {
                        "campaign_id": campaign.id,
                        "partner_id": pid,
                        "sample_reason": reason,
                        "complaint_count": complaints,
                    }
                    for pid, reason, complaints in chosen
                ]
            )
            campaign.write(
                {
                    "population_count": len(population),
                    "sampled_on": fields.Datetime.now(),
                }
            )
        return True

    def action_new_seed(self):
        """Draw another sample with a new seed."""
        for campaign in self:
            campaign.sample_seed = self._default_seed()
        return self.action_draw_sample()

    # ------------------------------------------------------------------
    # Launch and invitations
    # ------------------------------------------------------------------
    def _cc_lock(self):
        """Lock the campaign rows; a concurrent launch fails at once with a
        lock error (retried by the HTTP layer, which then finds the campaign
        running)."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cc_survey_campaign WHERE id IN %s FOR UPDATE NOWAIT",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()

    def _cc_check_launch(self):
        for campaign in self:
            if not campaign.survey_id:
                raise UserError(
                    self.env._(
                        "Campaign %(name)s has no Questionnaire: choose the survey "
                        "the customers answer before launching it.",
                        name=campaign.display_name,
                    )
                )
            if not campaign.survey_id.active:
                raise UserError(
                    self.env._(
                        "Questionnaire %(survey)s of campaign %(name)s is archived.",
                        survey=campaign.survey_id.display_name,
                        name=campaign.display_name,
                    )
                )
            if not campaign.deadline:
                raise UserError(
                    self.env._(
                        "Campaign %(name)s has no Deadline: set the date until "
                        "which customers can answer.",
                        name=campaign.display_name,
                    )
                )
        self.env["cc.survey.dimension"]._cc_check_weights()

    def action_launch(self):
        """Draw the sample if needed, then invite every sampled customer once."""
        self._cc_lock()
        self._cc_check_transition("launch")
        self._cc_check_launch()
        for campaign in self.filtered(lambda c: not c.line_ids):
            campaign.action_draw_sample()
        self._cc_transition("launch")
        self._cc_send_invitations()
        return True

    def _cc_line_channel(self, partner):
        """Channel a sampled customer is asked through by default."""
        self.ensure_one()
        if partner.email and self.channel_email:
            return "email"
        for channel in ("phone", "fax", "visit"):
            if self[f"channel_{channel}"]:
                return channel
        return "email"

    def _cc_deadline_datetime(self):
        self.ensure_one()
        return datetime.combine(self.deadline, time.max).replace(microsecond=0)

    def _cc_send_invitations(self, lines=None):
        """Create the answers (tokens) of the lines still without one, in
        batches, and queue the e-mails of those asked by e-mail."""
        template = self.env.ref("cc_survey.mail_template_cc_survey_invite")
        for campaign in self:
            todo = (lines or campaign.line_ids).filtered(
                lambda line, c=campaign: line.campaign_id == c
                and not line.user_input_id
            )
            batch = self._invitation_batch_size
            for start in range(0, len(todo), batch):
                chunk = todo[start : start + batch]
                answers = campaign._cc_invite_lines(chunk)
                mailed = answers.filtered(
                    lambda a: a.cc_channel == "email"
                    and (a.partner_id.email or a.email)
                )
                if mailed:
                    template.send_mail_batch(mailed.ids)
        return True

    def _cc_invite_lines(self, lines):
        """Create the engine's answers of ``lines`` and link them."""
        self.ensure_one()
        now = fields.Datetime.now()
        vals_by_partner = {}
        for line in lines:
            channel = line.channel or self._cc_line_channel(line.partner_id)
            vals_by_partner[line.partner_id.id] = {
                "cc_campaign_id": self.id,
                "cc_campaign_line_id": line.id,
                "cc_channel": channel,
                "deadline": self._cc_deadline_datetime(),
            }
        # as the engine's invitation wizard: the answers of email and
        # nickname questions are saved as lines survey users only read; the
        # answers are handed back without superuser
        answers = self.survey_id.sudo()._cc_create_answers(
            lines.partner_id, vals_by_partner
        )
        by_line = {answer.cc_campaign_line_id.id: answer for answer in answers}
        for line in lines:
            answer = by_line[line.id]
            line.write(
                {
                    "user_input_id": answer.id,
                    "channel": answer.cc_channel,
                    "invited_on": now,
                }
            )
        return answers.sudo(False)

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    @api.model
    def _cron_cc_send_reminders(self, today=None):
        """Remind the non-respondents invited by e-mail, every
        ``reminder_days`` days, until the campaign's deadline.

        One row-locked batch of lines per call (``cc.cron.batch.mixin``): a
        reminded line leaves the domain (``last_reminder_on``), the scheduler
        calls again while lines remain."""
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        template = self.env.ref("cc_survey.mail_template_cc_survey_reminder")
        campaigns = self.search([("state", "=", "running"), ("deadline", ">=", today)])
        Line = self.env["cc.survey.campaign.line"]
        if not campaigns:
            return Line
        domains = []
        for campaign in campaigns:
            due = fields.Datetime.to_datetime(today) - relativedelta(
                days=campaign.reminder_days - 1
            )
            domains.append(
                [
                    ("campaign_id", "=", campaign.id),
                    "|",
                    "&",
                    ("last_reminder_on", "=", False),
                    ("invited_on", "<", due),
                    ("last_reminder_on", "<", due),
                ]
            )
        domain = [
            ("channel", "=", "email"),
            ("user_input_id", "!=", False),
            ("user_input_id.state", "!=", "done"),
            ("partner_id.email", "!=", False),
        ] + expression.OR(domains)
        batcher = self.env["cc.cron.batch.mixin"]
        lines = batcher._cc_cron_take_batch(domain, model=Line._name)
        if lines:
            template.send_mail_batch(lines.user_input_id.ids)
            now = fields.Datetime.now()
            for count, group in lines.grouped("reminder_count").items():
                group.write({"reminder_count": count + 1, "last_reminder_on": now})
        batcher._cc_cron_notify(len(lines), domain, model=Line._name)
        return lines

    @api.model
    def _cron_cc_campaign_overdue(self):
        return self._cron_cc_mark_overdue()

    # ------------------------------------------------------------------
    # Closing and index
    # ------------------------------------------------------------------
    def action_close(self):
        self._cc_transition("close")
        self.action_compute_index()
        return True

    def action_reopen(self):
        return self._cc_transition("reopen")

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")

    def _cc_previous_campaign(self):
        self.ensure_one()
        return self.search(
            [
                ("id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("running", "closed")),
                ("kind", "!=", "new_customer"),
                ("date_end", "<", self.date_start),
            ],
            order="date_end desc, id desc",
            limit=1,
        )

    def action_compute_index(self):
        """Score every completed response, then aggregate the campaign's index
        per dimension with its trend, and propose improvement plans."""
        self.env["cc.survey.dimension"]._cc_check_weights()
        answers = self.env["survey.user_input"].search(
            [("cc_campaign_id", "in", self.ids), ("state", "=", "done")]
        )
        answers._cc_compute_scores()
        self._cc_compute_results()
        answers._cc_propose_plans()
        return True

    def _cc_compute_results(self):
        """Aggregate the stored scores of each campaign per dimension (and the
        overall index) in one query, with the previous campaign's values."""
        Result = self.env["cc.survey.campaign.result"]
        self.env["cc.survey.score"].flush_model()
        previous = {campaign.id: campaign._cc_previous_campaign() for campaign in self}
        campaign_ids = set(self.ids) | {p.id for p in previous.values() if p}
        self.env.cr.execute(
            SQL(
                """SELECT campaign_id, dimension_id, avg(score), count(*)
                     FROM cc_survey_score
                    WHERE campaign_id IN %s
                 GROUP BY campaign_id, dimension_id""",
                tuple(campaign_ids),
            )
        )
        values = {
            (campaign_id, dimension_id): (score, count)
            for campaign_id, dimension_id, score, count in self.env.cr.fetchall()
        }
        self.result_ids.unlink()
        vals_list = []
        now = fields.Datetime.now()
        for campaign in self:
            prev = previous[campaign.id]
            for (campaign_id, dimension_id), (score, count) in values.items():
                if campaign_id != campaign.id:
                    continue
                prev_score = values.get((prev.id, dimension_id), (None, 0))[0]
                vals_list.append(
                    {
                        "campaign_id": campaign.id,
                        "dimension_id": dimension_id,
                        "score": score,
                        "response_count": count,
                        "previous_score": prev_score or 0.0,
                        "has_previous": prev_score is not None,
                    }
                )
            overall = values.get((campaign.id, None), (0.0, 0))[0]
            campaign.write(
                {
                    "satisfaction_index": overall or 0.0,
                    "previous_campaign_id": prev.id,
                    "index_computed_on": now,
                }
            )
        Result.create(vals_list)
        return True

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    def action_view_responses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_survey.cc_survey_user_input_action"
        )
        action["domain"] = [("cc_campaign_id", "=", self.id)]
        return action

    def action_view_scores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_survey.cc_survey_score_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        return action

    def action_view_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_survey.cc_survey_improvement_plan_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_open_plan(self):
        """A manager opens an improvement plan from the campaign's analysis."""
        self.ensure_one()
        if not self.env.user.has_group("cc_survey.group_cc_survey_manager"):
            raise UserError(
                self.env._("Only survey managers open improvement plans by hand.")
            )
        weakest = self.result_ids.filtered("dimension_id").sorted("score")[:1]
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.survey.improvement.plan",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_campaign_id": self.id,
                "default_dimension_id": weakest.dimension_id.id,
                "default_score": weakest.score,
                "default_problem": self.env._(
                    "%(dimension)s scored %(score).1f in campaign %(campaign)s.",
                    dimension=weakest.dimension_id.name or "",
                    score=weakest.score,
                    campaign=self.display_name,
                )
                if weakest
                else False,
            },
        }

    # ------------------------------------------------------------------
    # Management review
    # ------------------------------------------------------------------
    @api.model
    def _cc_review_campaigns(self, date_from, date_to, company):
        return self.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("running", "closed")),
                ("date_end", ">=", date_from),
                ("date_end", "<=", date_to),
            ],
            order="date_end, id",
        )

    @api.model
    def _cc_review_complaints(self, date_from, date_to, company):
        """Main complaints of the period: ``[(source, customer name, count)]``,
        from the communication log (the complaint bridge adds the claims)."""
        self.env["cc.communication"].flush_model(
            ["partner_id", "topic", "date", "state", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT cp.name, count(*)
                     FROM cc_communication c
                     JOIN res_partner p ON p.id = c.partner_id
                     JOIN res_partner cp ON cp.id = p.commercial_partner_id
                    WHERE c.topic IN %s AND c.state != 'cancel'
                      AND c.company_id = %s
                      AND c.date >= %s AND c.date <= %s
                 GROUP BY cp.name
                 ORDER BY count(*) DESC, cp.name
                    LIMIT 20""",
                COMPLAINT_TOPICS,
                company.id,
                datetime.combine(date_from, time.min),
                datetime.combine(date_to, time.max),
            )
        )
        source = self.env._("Communication log")
        return [(source, name, count) for name, count in self.env.cr.fetchall()]

    def _cc_management_review_data(self, date_from=None, date_to=None, company=None):
        """Everything the management review reports show, in bounded queries:
        the campaigns (``self``, or those ending in the period) with their
        response rate against target and their index per dimension with the
        trend, the main complaints of the period and the improvement plans."""
        company = company or self[:1].company_id or self.env.company
        campaigns = self
        if campaigns:
            date_from = date_from or min(campaigns.mapped("date_start"))
            date_to = date_to or max(campaigns.mapped("date_end"))
            # the complaints the campaigns answer: those of the 12 months
            # before their period, as the sampling counts them
            complaints_from = min(c._cc_complaint_window()[0] for c in campaigns)
        else:
            campaigns = self._cc_review_campaigns(date_from, date_to, company)
            complaints_from = date_from
        dimensions = self.env["cc.survey.dimension"].search([("active", "=", True)])
        rows = []
        for campaign in campaigns:
            results = {r.dimension_id.id: r for r in campaign.result_ids}
            rows.append(
                {
                    "campaign": campaign,
                    "overall": results.get(False),
                    "dimensions": [(dim, results.get(dim.id)) for dim in dimensions],
                }
            )
        plans = self.env["cc.survey.improvement.plan"].search(
            [
                ("company_id", "=", company.id),
                "|",
                ("campaign_id", "in", campaigns.ids),
                "&",
                ("create_date", ">=", datetime.combine(date_from, time.min)),
                ("create_date", "<=", datetime.combine(date_to, time.max)),
            ],
            order="state, id",
        )
        return {
            "date_from": date_from,
            "date_to": date_to,
            "company": company,
            "campaigns": campaigns,
            "dimensions": dimensions,
            "rows": rows,
            "complaints_from": complaints_from,
            "complaints": self._cc_review_complaints(complaints_from, date_to, company),
            "plans": plans,
            "product_lines": campaigns._cc_product_line_results(),
        }

    def _cc_product_line_results(self):
        """The overall index of each campaign per product line, with the trend
        against the same product line in the previous campaign, in one query:
        ``[{campaign, product_line, count, score, has_previous,
        previous_score, trend}]`` by campaign, then best index first."""
        if not self:
            return []
        previous = {
            campaign.id: campaign.previous_campaign_id
            or campaign._cc_previous_campaign()
            for campaign in self
        }
        campaign_ids = set(self.ids) | {p.id for p in previous.values() if p}
        self.env["cc.survey.score"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT campaign_id, product_categ_id, avg(score), count(*)
                     FROM cc_survey_score
                    WHERE campaign_id IN %s AND is_index
                 GROUP BY campaign_id, product_categ_id""",
                tuple(campaign_ids),
            )
        )
        values = {
            (campaign_id, categ_id): (score, count)
            for campaign_id, categ_id, score, count in self.env.cr.fetchall()
        }
        categories = self.env["product.category"].browse(
            {categ_id for _c, categ_id in values if categ_id}
        )
        rows = []
        for campaign in self:
            prev = previous[campaign.id]
            campaign_rows = []
            for (campaign_id, categ_id), (score, count) in values.items():
                if campaign_id != campaign.id:
                    continue
                prev_score = values.get((prev.id, categ_id), (None, 0))[0]
                campaign_rows.append(
                    {
                        "campaign": campaign,
                        "product_line": categories.browse(categ_id)
                        if categ_id
                        else categories.browse(),
                        "count": count,
                        "score": score,
                        "has_previous": prev_score is not None,
                        "previous_score": prev_score or 0.0,
                        "trend": score - prev_score if prev_score is not None else 0.0,
                    }
                )
            rows += sorted(
                campaign_rows,
                key=lambda row: (-row["score"], row["product_line"].id or 0),
            )
        return rows

    # ------------------------------------------------------------------
    # New-customer opinion card (征询卡)
    # ------------------------------------------------------------------
    @api.model
    def _cc_first_deliveries(self, company, date_from, date_to):
        """``{commercial partner id: first delivery date}`` of the customers
        of ``company`` whose first delivery falls in ``[date_from, date_to)``.

        Deliveries belong to the Inventory app: this module knows none (no
        card is sent); the bridge installed with Sales and Inventory
        (``cc_survey_stock``) reads them from the validated delivery orders.
        """
        return {}

    @api.model
    def _cc_opinion_card_campaign(self, company, today):
        """The running opinion-card campaign of the year, created if needed."""
        campaign = self.search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "new_customer"),
                ("state", "=", "running"),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ],
            limit=1,
        )
        if campaign:
            return campaign
        year_end = today.replace(month=12, day=31)
        campaign = self.create(
            {
                "name": self.env._(
                    "New-customer opinion cards %(year)s", year=today.year
                ),
                "kind": "new_customer",
                "company_id": company.id,
                "survey_id": company.cc_survey_card_survey_id.id,
                "date_start": today.replace(month=1, day=1),
                "date_end": year_end,
                "deadline": year_end,
                "sample_mode": "all",
                "response_target": company.cc_survey_target_yearend,
                "user_id": self.env.uid,
            }
        )
        campaign._cc_transition("launch")
        return campaign

    @api.model
    def _cc_opinion_cards_domain(self):
        """Customers added to a running opinion-card campaign and not invited
        yet: an invited customer (who has an answer) leaves the domain."""
        return [
            ("sample_reason", "=", "new_customer"),
            ("user_input_id", "=", False),
            ("campaign_id.kind", "=", "new_customer"),
            ("campaign_id.state", "=", "running"),
        ]

    @api.model
    def _cc_queue_opinion_cards(self, today, lookback_days):
        """Add the customers whose first delivery was ``cc_survey_card_days``
        days ago (up to ``lookback_days`` more) and who never had a card to the
        running opinion-card campaign of their company, without inviting them
        yet. Return the lines added."""
        Line = self.env["cc.survey.campaign.line"]
        companies = self.env["res.company"].search(
            [("cc_survey_card_survey_id", "!=", False)]
        )
        if not companies:
            return Line
        # row-locked: a second worker running at the same time skips the
        # companies this one adds customers of
        companies = self.env["cc.cron.batch.mixin"]._cc_cron_take_batch(
            [("id", "in", companies.ids)], limit=len(companies), model="res.company"
        )
        if companies:
            # a no-op update, not only a lock: a second worker whose snapshot
            # predates this transaction's commit then fails to lock these rows
            # (serialization error, retried by the scheduler) instead of adding
            # the same customers to a second campaign
            self.env.cr.execute(
                SQL(
                    "UPDATE res_company SET write_date = write_date WHERE id IN %s",
                    tuple(companies.ids),
                )
            )
        vals_list = []
        for company in companies:
            date_to = today - relativedelta(days=company.cc_survey_card_days - 1)
            date_from = date_to - relativedelta(days=lookback_days + 1)
            firsts = self._cc_first_deliveries(company, date_from, date_to)
            if not firsts:
                continue
            already = set(
                Line.search(
                    [
                        ("partner_id", "in", list(firsts)),
                        ("campaign_id.kind", "=", "new_customer"),
                        ("company_id", "=", company.id),
                    ]
                ).partner_id.ids
            )
            todo = [pid for pid in firsts if pid not in already]
            if not todo:
                continue
            campaign = self._cc_opinion_card_campaign(company, today)
            vals_list += [
                {
                    "campaign_id": campaign.id,
                    "partner_id": pid,
                    "sample_reason": "new_customer",
                }
                for pid in sorted(todo)
            ]
        return Line.create(vals_list)

    @api.model
    def _cron_cc_send_opinion_cards(self, today=None, lookback_days=30):
        """Send the opinion card to the customers whose first delivery was
        ``cc_survey_card_days`` days ago (up to ``lookback_days`` more, so that
        a day the scheduler missed is caught up); each customer gets one card.

        The customers due are added to the campaign first
        (``_cc_queue_opinion_cards``), then one row-locked batch of waiting
        customers per call (``cc.cron.batch.mixin``) is invited, the e-mails
        of a batch rendered together (``send_mail_batch``); an invited
        customer leaves the domain, the scheduler calls again while customers
        wait."""
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        Line = self.env["cc.survey.campaign.line"]
        self._cc_queue_opinion_cards(today, lookback_days)
        domain = self._cc_opinion_cards_domain()
        batcher = self.env["cc.cron.batch.mixin"]
        lines = batcher._cc_cron_take_batch(domain, model=Line._name)
        for campaign, campaign_lines in lines.grouped("campaign_id").items():
            campaign._cc_send_invitations(campaign_lines)
        batcher._cc_cron_notify(len(lines), domain, model=Line._name)
        return lines
