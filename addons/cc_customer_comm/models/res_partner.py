from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL, split_every

from .cc_partner_class_rule import (
    COMPANY_SIZES,
    CUSTOMER_CLASSES,
    CUSTOMER_NATURES,
    REVENUE_TRENDS,
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    _cc_write_batch_size = 5000
    # a change of the twelve-month revenue of less than this share of the
    # previous twelve months' is a stable trend
    _cc_trend_band = 0.05

    # ------------------------------------------------------------------
    # Fields: customer file
    # ------------------------------------------------------------------
    cc_class = fields.Selection(
        CUSTOMER_CLASSES,
        string="Customer Class",
        compute="_compute_cc_class",
        store=True,
        index=True,
        tracking=True,
        help="The manual class when one is set, otherwise the class computed "
        "by the last evaluation from the class rules.",
    )
    cc_class_computed = fields.Selection(
        CUSTOMER_CLASSES,
        string="Evaluated Class",
        readonly=True,
        copy=False,
        help="Class given by the last evaluation from the trailing 12-month "
        "invoiced revenue and the class rules of the company.",
    )
    cc_class_manual = fields.Selection(
        CUSTOMER_CLASSES,
        string="Class Override",
        tracking=True,
        copy=False,
        help="Keeps this class whatever the evaluation gives. A reason is required.",
    )
    cc_class_manual_reason = fields.Char(
        string="Override Reason", tracking=True, copy=False
    )
    cc_is_key_customer = fields.Boolean(
        string="Key Customer",
        tracking=True,
        help="Key customers are managed individually with their own card.",
    )
    cc_revenue_12m = fields.Monetary(
        string="12-Month Revenue",
        compute="_compute_cc_revenue_12m",
        currency_field="currency_id",
        help="Posted customer invoices minus refunds of the last twelve months, "
        "untaxed, in the company currency.",
    )
    cc_customer_nature = fields.Selection(
        CUSTOMER_NATURES,
        string="Customer Nature",
        tracking=True,
        help="Distributor, retailer, contract manufacturer or end user: class "
        "rules may differ by nature.",
    )
    cc_company_size = fields.Selection(
        COMPANY_SIZES,
        string="Company Size",
        tracking=True,
        help="Size of the customer's business, a criterion of the class rules.",
    )
    cc_revenue_trend = fields.Selection(
        REVENUE_TRENDS,
        string="Revenue Trend",
        readonly=True,
        copy=False,
        help="Set by each evaluation: the last twelve months' invoiced revenue "
        "against the twelve before, stable within 5 %.",
    )
    cc_visits_per_month = fields.Integer(
        string="Visits Due per Month",
        compute="_compute_cc_visit_status",
        help="Visits per month of the class rules of the customer's class.",
    )
    cc_visits_this_month = fields.Integer(
        string="Visits This Month", compute="_compute_cc_visit_status"
    )
    cc_visits_this_quarter = fields.Integer(
        string="Visits This Quarter", compute="_compute_cc_visit_status"
    )
    cc_visits_due = fields.Boolean(
        string="Visits Due",
        readonly=True,
        copy=False,
        index=True,
        help="Set every day: the customer had fewer visits this month than its "
        "class requires, or is a key customer not visited this quarter.",
    )
    cc_visits_checked_on = fields.Date(
        string="Visits Checked On",
        readonly=True,
        copy=False,
        help="Day the daily check of the visits due last looked at this "
        "customer; the check skips the customers it already looked at that day.",
    )
    cc_last_evaluation_date = fields.Date(
        string="Last Evaluation", readonly=True, copy=False
    )
    cc_next_evaluation_date = fields.Date(
        string="Next Evaluation",
        copy=False,
        help="Set by each evaluation to the first day of the next month; "
        "can be changed by hand for an earlier review.",
    )
    cc_legal_representative = fields.Char(
        string="Legal Representative",
        tracking=True,
        help="Legal representative or person in charge of the customer's company.",
    )
    # relationship card (客户关系卡)
    cc_employer = fields.Char(string="Employer")
    cc_birthday = fields.Date(string="Birthday")
    cc_hobbies = fields.Char(string="Hobbies")
    cc_relationship_notes = fields.Text(string="Relationship Notes")
    cc_relationship_since = fields.Date(string="Relationship Since")
    cc_qualification_ids = fields.One2many(
        "cc.partner.qualification",
        "partner_id",
        string="Qualifications",
        groups="cc_customer_comm.group_cc_user",
    )
    cc_communication_count = fields.Integer(
        string="Communications", compute="_compute_cc_counts"
    )
    cc_visit_report_count = fields.Integer(
        string="Visits", compute="_compute_cc_counts"
    )
    # key-customer card (重要客户档案): orders by batch and ordering trend
    cc_order_count = fields.Integer(
        string="Confirmed Orders",
        compute="_compute_cc_order_history",
        help="Confirmed sales orders of the customer and its contacts.",
    )
    cc_last_order_date = fields.Date(
        string="Last Order", compute="_compute_cc_order_history"
    )
    cc_order_amount_6m = fields.Monetary(
        string="Ordered Last 6 Months",
        compute="_compute_cc_order_history",
        currency_field="currency_id",
        help="Untaxed amount of the confirmed orders of the last six months, in "
        "the company currency.",
    )
    cc_order_trend = fields.Selection(
        REVENUE_TRENDS,
        string="Ordering Trend",
        compute="_compute_cc_order_history",
        help="Ordered amount of the last six months against the six months "
        "before, stable within 5 %.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("cc_class_manual", "cc_class_computed")
    def _compute_cc_class(self):
        for partner in self:
            partner.cc_class = partner.cc_class_manual or partner.cc_class_computed

    @api.depends_context("company")
    def _compute_cc_revenue_12m(self):
        company = self.env.company
        revenue = self._cc_revenue_by_partner(company, fields.Date.context_today(self))
        for partner in self:
            partner.cc_revenue_12m = revenue.get(partner.commercial_partner_id.id, 0.0)

    def _compute_cc_counts(self):
        ids = [partner.id for partner in self if isinstance(partner.id, int)]
        communications, visits = {}, {}
        Communication = self.env["cc.communication"]
        Visit = self.env["cc.visit.report"]
        if ids and Communication.has_access("read"):
            communications = dict(
                Communication._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            )
        if ids and Visit.has_access("read"):
            visits = dict(
                Visit._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            )
        for partner in self:
            partner.cc_communication_count = communications.get(partner, 0)
            partner.cc_visit_report_count = visits.get(partner, 0)

    @api.depends_context("company")
    def _compute_cc_order_history(self):
        history = self._cc_order_history(
            self.filtered(lambda p: isinstance(p.id, int)).commercial_partner_id.ids,
            fields.Date.context_today(self),
        )
        for partner in self:
            count, last, recent, before = history.get(
                partner.commercial_partner_id.id, (0, False, 0.0, 0.0)
            )
            partner.cc_order_count = count
            partner.cc_last_order_date = last
            partner.cc_order_amount_6m = recent
            partner.cc_order_trend = self._cc_trend_of(recent, before)

    @api.model
    def _cc_order_history(self, partner_ids, today):
        """Per commercial partner: ``(confirmed orders, last order date, amount
        ordered in the last six months, amount in the six months before)``
        of the current company, from the sales analysis, one query, within
        the user's access to the sales analysis."""
        SaleReport = self.env["sale.report"]
        # with the user's own rights: a salesperson who sees only their own
        # orders gets the card of their own orders
        if not partner_ids or not SaleReport.has_access("read"):
            return {}
        recent_start = today - relativedelta(months=6)
        groups = SaleReport._read_group(
            [
                ("commercial_partner_id", "in", partner_ids),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "sale"),
            ],
            ["commercial_partner_id", "name", "date:day"],
            ["price_subtotal:sum"],
        )
        history = {}
        for partner, order_name, day, amount in groups:
            day = fields.Date.to_date(day)
            orders, last, recent, before = history.get(
                partner.id, (set(), False, 0.0, 0.0)
            )
            orders.add(order_name)
            last = max(last, day) if last else day
            if recent_start < day <= today:
                recent += amount
            elif recent_start - relativedelta(months=6) < day <= recent_start:
                before += amount
            history[partner.id] = (orders, last, recent, before)
        return {
            partner_id: (len(orders), last, recent, before)
            for partner_id, (orders, last, recent, before) in history.items()
        }

    @api.depends_context("company")
    @api.depends("cc_class", "cc_is_key_customer")
    def _compute_cc_visit_status(self):
        today = fields.Date.context_today(self)
        partners = self.filtered(lambda p: isinstance(p.id, int))
        policy = self.env["cc.partner.class.rule"]._cc_visit_policy(self.env.company)
        month, quarter = self._cc_visit_counts(
            partners.commercial_partner_id.ids, today
        )
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.cc_visits_per_month = policy.get(commercial.cc_class, 0)
            partner.cc_visits_this_month = month.get(commercial.id, 0)
            partner.cc_visits_this_quarter = quarter.get(commercial.id, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("cc_class_manual", "cc_class_manual_reason")
    def _check_cc_class_manual_reason(self):
        for partner in self:
            if (
                partner.cc_class_manual
                and not (partner.cc_class_manual_reason or "").strip()
            ):
                raise ValidationError(
                    _(
                        "Override Reason is required to set the class of %(name)s "
                        "by hand.",
                        name=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cc_view_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_customer_comm.cc_communication_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_cc_view_visit_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_customer_comm.cc_visit_report_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_cc_view_order_history(self):
        """Order history of the key-customer card: the confirmed order lines
        (product, specification, quantity) of the customer, batch by batch."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_customer_comm.sale_order_line_action_cc_order_history"
        )
        action["domain"] = [
            ("order_partner_id", "child_of", self.commercial_partner_id.id),
            ("state", "=", "sale"),
            ("display_type", "=", False),
        ]
        action["display_name"] = self.env._(
            "Order History of %(customer)s",
            customer=self.commercial_partner_id.display_name,
        )
        return action

    def action_cc_view_order_trend(self):
        """Ordering trend of the key-customer card: ordered quantities and
        amounts per month."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_customer_comm.sale_report_action_cc_order_trend"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("state", "=", "sale"),
        ]
        action["display_name"] = self.env._(
            "Ordering Trend of %(customer)s",
            customer=self.commercial_partner_id.display_name,
        )
        return action

    def _cc_key_customer_card_lines(self):
        """Confirmed order lines of the card, newest batch first (report)."""
        self.ensure_one()
        return (
            self.env["sale.order.line"]
            .search(
                [
                    ("order_partner_id", "child_of", self.commercial_partner_id.id),
                    ("state", "=", "sale"),
                    ("display_type", "=", False),
                    ("company_id", "=", self.env.company.id),
                ]
            )
            .sorted(
                lambda line: (line.order_id.date_order, line.order_id.id), reverse=True
            )
        )

    def _cc_key_customer_card_months(self, months=12):
        """``[(month label, quantity, amount)]`` of the last ``months`` months,
        oldest first (report)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        start = today + relativedelta(day=1, months=-(months - 1))
        groups = dict(
            (fields.Date.to_date(month), (qty, amount))
            for month, qty, amount in self.env["sale.report"]._read_group(
                [
                    ("commercial_partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", self.env.company.id),
                    ("state", "=", "sale"),
                    ("date", ">=", start),
                ],
                ["date:month"],
                ["product_uom_qty:sum", "price_subtotal:sum"],
            )
        )
        result = []
        for index in range(months):
            month = start + relativedelta(months=index)
            qty, amount = groups.get(month, (0.0, 0.0))
            result.append((month.strftime("%Y-%m"), qty, amount))
        return result

    def action_cc_evaluate_class(self):
        """Re-evaluate the class of the selected customers now."""
        partners = self.commercial_partner_id
        for company in partners.company_id | self.env.company:
            scope = partners.filtered(
                lambda p, c=company: p.company_id == c
                or (not p.company_id and c == self.env.company)
            )
            if scope:
                self._cc_evaluate_classes(company, partner_ids=scope.ids)
        return True

    # ------------------------------------------------------------------
    # Business methods: class evaluation
    # ------------------------------------------------------------------
    @api.model
    def _cc_revenue_period(self, today):
        return today - relativedelta(months=12) + relativedelta(days=1), today

    @api.model
    def _cc_revenue_by_partner(self, company, today, partner_ids=None):
        """Trailing 12-month untaxed revenue per commercial partner, one query.

        Posted customer invoices count positive, posted refunds negative
        (``amount_untaxed_signed`` is already signed and in company currency).
        """
        date_from, date_to = self._cc_revenue_period(today)
        domain = [
            ("company_id", "=", company.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("invoice_date", ">=", date_from),
            ("invoice_date", "<=", date_to),
        ]
        if partner_ids is not None:
            domain.append(("commercial_partner_id", "in", list(partner_ids)))
        # the revenue shown on the customer to any internal user, invoicing
        # rights or not (and the class evaluation): sums only are returned
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                domain, ["commercial_partner_id"], ["amount_untaxed_signed:sum"]
            )
        )
        return {partner.id: amount for partner, amount in groups}

    @api.model
    def _cc_trend_of(self, revenue, previous):
        if not revenue and not previous:
            return False
        if not previous:
            return "growing" if revenue > 0 else "declining"
        change = (revenue - previous) / abs(previous)
        if change > self._cc_trend_band:
            return "growing"
        if change < -self._cc_trend_band:
            return "declining"
        return "stable"

    @api.model
    def _cc_evaluation_domain(self, company, today, include_shared):
        """The customers the evaluation of ``company`` covers: its commercial
        partners (and the shared ones without company if ``include_shared``)
        that are customers or were invoiced in the last two years, archived
        ones included."""
        date_from = self._cc_revenue_period(today - relativedelta(months=12))[0]
        # the invoiced customers as a sub-query: no list of ids in memory
        moves = (
            self.env["account.move"]
            .sudo()
            ._search(
                [
                    ("company_id", "=", company.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("invoice_date", ">=", date_from),
                    ("invoice_date", "<=", today),
                ]
            )
        )
        invoiced = moves.subselect(SQL.identifier(moves.table, "commercial_partner_id"))
        return [
            ("parent_id", "=", False),
            (
                "company_id",
                "in",
                [company.id, False] if include_shared else [company.id],
            ),
            "|",
            ("customer_rank", ">", 0),
            ("id", "in", invoiced),
        ]

    @api.model
    def _cc_evaluate_classes(
        self, company, today=None, partner_ids=None, include_shared=None
    ):
        """Re-evaluate the class of the customers of ``company`` in batch.

        Customers are the commercial partners of the company (and, for the
        current company, the shared ones without company) that are customers
        or have invoices in the last two years. Their class follows the class
        rules from their nature, size, twelve-month revenue and its trend
        against the twelve months before. Queries: two for the revenue, one
        for the current values, then one write per class and per trend that
        changes, one for the evaluation dates and one batch of chatter notes;
        none per partner.

        :return: dict ``{partner_id: (old_class, new_class)}`` of the changes
        """
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        rules = self.env["cc.partner.class.rule"]
        thresholds = rules._cc_thresholds(company)
        if not thresholds:
            return {}
        revenue = self._cc_revenue_by_partner(company, today, partner_ids)
        previous = self._cc_revenue_by_partner(
            company, today - relativedelta(months=12), partner_ids
        )
        if include_shared is None:
            include_shared = company == self.env.company
        company_domain = (
            [("company_id", "in", [company.id, False])]
            if include_shared
            else [("company_id", "=", company.id)]
        )
        if partner_ids is not None:
            domain = [
                ("parent_id", "=", False),
                *company_domain,
                ("id", "in", list(partner_ids)),
            ]
        else:
            domain = self._cc_evaluation_domain(company, today, include_shared)
        # the evaluation covers archived customers and those of every
        # salesperson and writes the read-only class fields, for the manager's
        # button as for the scheduler; only the changes (ids) are returned
        Partner = self.sudo().with_context(active_test=False)
        current = Partner._read_group(
            domain,
            [
                "cc_class_computed",
                "cc_revenue_trend",
                "cc_customer_nature",
                "cc_company_size",
            ],
            ["id:array_agg"],
        )
        changes = {}
        class_writes = {}
        trend_writes = {}
        evaluated_ids = []
        for old_class, old_trend, nature, size, ids in current:
            evaluated_ids += ids
            for partner_id in ids:
                amount = revenue.get(partner_id, 0.0)
                trend = self._cc_trend_of(amount, previous.get(partner_id, 0.0))
                if trend != old_trend:
                    trend_writes.setdefault(trend, []).append(partner_id)
                new_class = rules._cc_class_for(
                    amount, thresholds, nature=nature, size=size, trend=trend
                )
                if new_class != old_class:
                    changes[partner_id] = (old_class, new_class)
                    class_writes.setdefault(new_class, []).append(partner_id)
        Partner = Partner.with_context(tracking_disable=True)
        batch = self._cc_write_batch_size
        for fname, writes in (
            ("cc_class_computed", class_writes),
            ("cc_revenue_trend", trend_writes),
        ):
            for value, ids in writes.items():
                for chunk in split_every(batch, ids):
                    Partner.browse(chunk).write({fname: value})
        next_date = today + relativedelta(months=1, day=1)
        for chunk in split_every(batch, evaluated_ids):
            Partner.browse(chunk).write(
                {"cc_last_evaluation_date": today, "cc_next_evaluation_date": next_date}
            )
        if changes:
            labels = dict(CUSTOMER_CLASSES)
            currency = company.currency_id
            none = self.env._("none")
            # the same sentence for every customer: translated once, formatted
            # per customer
            template = self.env._(
                "Customer class evaluated: %(old)s → %(new)s (12-month revenue "
                "%(revenue)s %(currency)s, rules of %(company)s)."
            )
            bodies = {
                partner_id: template
                % {
                    "old": labels.get(old) or none,
                    "new": labels.get(new) or none,
                    "revenue": currency.round(revenue.get(partner_id, 0.0)),
                    "currency": currency.name,
                    "company": company.name,
                }
                for partner_id, (old, new) in changes.items()
            }
            for chunk in split_every(batch, list(bodies)):
                Partner.browse(chunk)._message_log_batch(
                    {partner_id: bodies[partner_id] for partner_id in chunk}
                )
        return changes

    # ------------------------------------------------------------------
    # Business methods: visits due by class policy
    # ------------------------------------------------------------------
    @api.model
    def _cc_quarter_start(self, today):
        return today + relativedelta(month=((today.month - 1) // 3) * 3 + 1, day=1)

    @api.model
    def _cc_visit_counts(self, partner_ids, today, company=None):
        """Visits (reports not cancelled) of this month and this quarter per
        commercial partner: ``({id: count}, {id: count})``, one query."""
        if not partner_ids:
            return {}, {}
        month_start = today + relativedelta(day=1)
        quarter_start = self._cc_quarter_start(today)
        domain = [
            ("partner_id.commercial_partner_id", "in", list(partner_ids)),
            ("state", "!=", "cancel"),
            ("visit_date", ">=", quarter_start),
            ("visit_date", "<=", today + relativedelta(day=31)),
        ]
        if company:
            domain.append(("company_id", "=", company.id))
        # every visit to the customer counts, also those of colleagues that a
        # salesperson's record rule hides; counts only are returned
        groups = (
            self.env["cc.visit.report"]
            .sudo()
            ._read_group(domain, ["partner_id", "visit_date:day"], ["__count"])
        )
        month, quarter = {}, {}
        for partner, day, count in groups:
            commercial_id = partner.commercial_partner_id.id
            quarter[commercial_id] = quarter.get(commercial_id, 0) + count
            if fields.Date.to_date(day) >= month_start:
                month[commercial_id] = month.get(commercial_id, 0) + count
        return month, quarter

    @api.model
    def _cc_visits_due_domain(self, company, include_shared):
        """The customers of ``company`` the daily visits check looks at: those
        of a class due visits, the key customers and those flagged due."""
        policy = self.env["cc.partner.class.rule"]._cc_visit_policy(company)
        classes = [cls for cls, visits in policy.items() if visits > 0]
        return [
            ("parent_id", "=", False),
            ("active", "=", True),
            (
                "company_id",
                "in",
                [company.id, False] if include_shared else [company.id],
            ),
            "|",
            "|",
            ("cc_class", "in", classes),
            ("cc_is_key_customer", "=", True),
            ("cc_visits_due", "=", True),
        ]

    @api.model
    def _cc_update_visits_due(self, company, partners, today=None):
        """Flag the customers ``partners`` of ``company`` whose class policy is
        not met (fewer visits this month than their class requires, or key
        customers not visited this quarter), remind their salesperson with one
        activity due at the end of the month (of the quarter for a key
        customer only late for the quarter), and close the reminders of those
        visited since. Queries do not depend on the number of customers,
        except for the reminders closed (one feedback each).

        :return: the customers now due
        """
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        policy = self.env["cc.partner.class.rule"]._cc_visit_policy(company)
        # run by the scheduler (``_cron_cc_visits_due``), as superuser
        Partner = self.with_context(tracking_disable=True)
        scope = Partner.browse(partners.ids)
        month, quarter = self._cc_visit_counts(scope.ids, today, company)
        due = Partner.browse()
        due_quarter_only = Partner.browse()
        for partner in scope:
            short_month = month.get(partner.id, 0) < policy.get(partner.cc_class, 0)
            short_quarter = partner.cc_is_key_customer and not quarter.get(partner.id)
            if short_month:
                due |= partner
            elif short_quarter:
                due_quarter_only |= partner
        due |= due_quarter_only
        (scope.filtered("cc_visits_due") - due).write({"cc_visits_due": False})
        (due - scope.filtered("cc_visits_due")).write({"cc_visits_due": True})
        activity_type = self.env.ref("cc_customer_comm.mail_activity_type_cc_visit_due")
        Activity = self.env["mail.activity"]
        open_activities = Activity.search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", scope.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        open_activities.filtered(lambda a: a.res_id not in due.ids).action_feedback(
            feedback=self.env._("Visited as the class requires.")
        )
        scope.invalidate_recordset(["activity_ids"])
        reminded = set(open_activities.exists().mapped("res_id"))
        model_id = self.env["ir.model"]._get_id("res.partner")
        month_end = today + relativedelta(day=31)
        quarter_end = self._cc_quarter_start(today) + relativedelta(months=2, day=31)
        vals_list = []
        for partner in due:
            if partner.id in reminded or not partner.user_id:
                continue
            quarter_only = partner in due_quarter_only
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": partner.user_id.id,
                    "date_deadline": quarter_end if quarter_only else month_end,
                    "summary": self.env._("Key customer not visited this quarter")
                    if quarter_only
                    else self.env._(
                        "%(done)s of %(due)s visits this month (class %(cls)s)",
                        done=month.get(partner.id, 0),
                        due=policy.get(partner.cc_class, 0),
                        cls=(partner.cc_class or "").upper(),
                    ),
                }
            )
        Activity.create(vals_list)
        return due

    @api.model
    def _cc_class_rule_companies(self):
        """The companies with class rules, by id."""
        # run by the scheduler, as superuser: the rules of every company
        groups = self.env["cc.partner.class.rule"]._read_group([], ["company_id"])
        return sorted((company for (company,) in groups), key=lambda c: c.id)

    @api.model
    def _cc_cron_partner_batch(self, scopes, pending):
        """One row-locked batch of the customers matching the domain of their
        company in ``scopes`` (``{company: domain}``) and ``pending``: the
        batch, its customers by company, and the domain of the whole run."""
        domain = expression.AND([pending, expression.OR(list(scopes.values()))])
        Batch = self.env["cc.cron.batch.mixin"].with_context(active_test=False)
        batch = Batch._cc_cron_take_batch(domain, model="res.partner")
        main_company = self.env.company
        by_company = {
            company: batch.filtered(
                lambda p, c=company: (p.company_id or main_company) == c
            )
            for company in scopes
        }
        return batch, by_company, domain

    @api.model
    def _cron_cc_visits_due(self, today=None):
        """Daily: visits due by class policy in every company with rules, one
        row-locked batch of customers per call. The customers checked today
        (``cc_visits_checked_on``) leave the run: the scheduler calls again
        while some remain, and a second worker takes other customers."""
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        main_company = self.env.company
        scopes = {
            company: self._cc_visits_due_domain(
                company, include_shared=company == main_company
            )
            for company in self._cc_class_rule_companies()
        }
        if not scopes:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return self.browse()
        pending = [
            "|",
            ("cc_visits_checked_on", "=", False),
            ("cc_visits_checked_on", "<", today),
        ]
        batch, by_company, domain = self._cc_cron_partner_batch(scopes, pending)
        due = self.browse()
        for company, partners in by_company.items():
            if partners:
                due |= self.with_company(company)._cc_update_visits_due(
                    company, partners, today=today
                )
        if batch:
            # the scheduler's bookkeeping, not a change of the customer: no
            # write_date, no recomputation
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET cc_visits_checked_on = %s WHERE id IN %s",
                    today,
                    tuple(batch.ids),
                )
            )
            batch.invalidate_recordset(["cc_visits_checked_on"])
        self.env["cc.cron.batch.mixin"].with_context(active_test=False)._cc_cron_notify(
            len(batch), domain, model="res.partner"
        )
        return due

    @api.model
    def _cron_cc_evaluate_classes(self, today=None):
        """Monthly re-evaluation of the customer classes of every company, one
        row-locked batch of customers per call: the customers not evaluated
        since the first day of the month (``cc_last_evaluation_date``). The
        scheduler calls again while some remain; a second worker takes other
        customers; a customer evaluated by hand this month is not evaluated
        again."""
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        main_company = self.env.company
        scopes = {
            company: self._cc_evaluation_domain(
                company, today, include_shared=company == main_company
            )
            for company in self._cc_class_rule_companies()
        }
        if not scopes:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return {}
        pending = [
            "|",
            ("cc_last_evaluation_date", "=", False),
            ("cc_last_evaluation_date", "<", today + relativedelta(day=1)),
        ]
        Partner = self.sudo()
        batch, by_company, domain = Partner._cc_cron_partner_batch(scopes, pending)
        changes = {}
        for company, partners in by_company.items():
            if partners:
                changes.update(
                    Partner._cc_evaluate_classes(
                        company,
                        today=today,
                        partner_ids=partners.ids,
                        include_shared=company == main_company,
                    )
                )
        self.env["cc.cron.batch.mixin"].sudo().with_context(
            active_test=False
        )._cc_cron_notify(len(batch), domain, model="res.partner")
        return changes
