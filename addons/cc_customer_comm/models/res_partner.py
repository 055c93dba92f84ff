from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import split_every

from .cc_partner_class_rule import CUSTOMER_CLASSES


class ResPartner(models.Model):
    _inherit = "res.partner"

    _cc_write_batch_size = 5000

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
    cc_last_evaluation_date = fields.Date(
        string="Last Evaluation", readonly=True, copy=False
    )
    cc_next_evaluation_date = fields.Date(
        string="Next Evaluation",
        copy=False,
        help="Set by each evaluation to the first day of the next month; "
        "can be changed by hand for an earlier review.",
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
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                domain, ["commercial_partner_id"], ["amount_untaxed_signed:sum"]
            )
        )
        return {partner.id: amount for partner, amount in groups}

    @api.model
    def _cc_evaluate_classes(
        self, company, today=None, partner_ids=None, include_shared=None
    ):
        """Re-evaluate the class of the customers of ``company`` in batch.

        Customers are the commercial partners of the company (and, for the
        current company, the shared ones without company) that are customers
        or have invoices in the period. Queries: one for the revenue, one for
        the current classes, then one write per class that changes, one for
        the evaluation dates and one batch of chatter notes; none per partner.

        :return: dict ``{partner_id: (old_class, new_class)}`` of the changes
        """
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        rules = self.env["cc.partner.class.rule"]
        thresholds = rules._cc_thresholds(company)
        if not thresholds:
            return {}
        revenue = self._cc_revenue_by_partner(company, today, partner_ids)
        if include_shared is None:
            include_shared = company == self.env.company
        company_domain = (
            [("company_id", "in", [company.id, False])]
            if include_shared
            else [("company_id", "=", company.id)]
        )
        domain = [("parent_id", "=", False), *company_domain]
        if partner_ids is not None:
            domain.append(("id", "in", list(partner_ids)))
        else:
            domain += ["|", ("customer_rank", ">", 0), ("id", "in", list(revenue))]
        Partner = self.sudo().with_context(active_test=False)
        current = Partner._read_group(domain, ["cc_class_computed"], ["id:array_agg"])
        changes = {}
        to_write = {}
        evaluated_ids = []
        for old_class, ids in current:
            evaluated_ids += ids
            for partner_id in ids:
                new_class = rules._cc_class_for(
                    revenue.get(partner_id, 0.0), thresholds
                )
                if new_class != old_class:
                    changes[partner_id] = (old_class, new_class)
                    to_write.setdefault(new_class, []).append(partner_id)
        Partner = Partner.with_context(tracking_disable=True)
        for new_class, ids in to_write.items():
            for chunk in split_every(self._cc_write_batch_size, ids):
                Partner.browse(chunk).write({"cc_class_computed": new_class})
        next_date = today + relativedelta(months=1, day=1)
        for chunk in split_every(self._cc_write_batch_size, evaluated_ids):
            Partner.browse(chunk).write(
                {"cc_last_evaluation_date": today, "cc_next_evaluation_date": next_date}
            )
        if changes:
            labels = dict(CUSTOMER_CLASSES)
            currency = company.currency_id
            bodies = {
                partner_id: self.env._(
                    "Customer class evaluated: %(old)s → %(new)s (12-month revenue "
                    "%(revenue)s %(currency)s, rules of %(company)s).",
                    old=labels.get(old) or self.env._("none"),
                    new=labels.get(new) or self.env._("none"),
                    revenue=currency.round(revenue.get(partner_id, 0.0)),
                    currency=currency.name,
                    company=company.name,
                )
                for partner_id, (old, new) in changes.items()
            }
            for chunk in split_every(self._cc_write_batch_size, list(bodies)):
                Partner.browse(chunk)._message_log_batch(
                    {partner_id: bodies[partner_id] for partner_id in chunk}
                )
        return changes

    @api.model
    def _cron_cc_evaluate_classes(self, today=None):
        """Monthly re-evaluation of the customer classes of every company."""
        main_company = self.env.company
        changes = {}
        groups = (
            self.env["cc.partner.class.rule"].sudo()._read_group([], ["company_id"])
        )
        companies = [company for (company,) in groups]
        for done, company in enumerate(sorted(companies, key=lambda c: c.id), start=1):
            changes.update(
                self._cc_evaluate_classes(
                    company, today=today, include_shared=company == main_company
                )
            )
            self.env["ir.cron"]._notify_progress(
                done=done, remaining=len(companies) - done
            )
        return changes
