import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression

_logger = logging.getLogger(__name__)

AFTER_SALES = "cc_after_sales.group_cc_as_engineer"
AS_MANAGER = "cc_after_sales.group_cc_as_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    cc_as_request_ids = fields.One2many(
        "cc.service.request",
        "commercial_partner_id",
        string="Service Requests",
        groups=AFTER_SALES,
    )
    cc_as_dispatch_ids = fields.One2many(
        "fsm.order",
        "cc_partner_id",
        string="Dispatches",
        groups=AFTER_SALES,
    )
    cc_as_request_count = fields.Integer(
        string="Service Requests Count",
        compute="_compute_cc_as_request_count",
        groups="cc_customer_comm.group_cc_user",
    )

    def _compute_cc_as_request_count(self):
        counts = dict(
            self.env["cc.service.request"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cc_as_request_count = counts.get(partner.commercial_partner_id, 0)

    def action_cc_view_service_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.cc_service_request_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Service archive
    # ------------------------------------------------------------------
    cc_as_retest_ids = fields.One2many(
        "cc.service.retest",
        "commercial_partner_id",
        string="Re-tests",
        groups=AFTER_SALES,
    )
    cc_as_receipt_ids = fields.Many2many(
        "fsm.order",
        string="Signed Receipts",
        compute="_compute_cc_as_archive",
        groups=AFTER_SALES,
    )
    cc_as_interpretation_ids = fields.Many2many(
        "cc.service.request",
        string="Report Interpretations",
        compute="_compute_cc_as_archive",
        groups=AFTER_SALES,
    )
    cc_as_archive_count = fields.Integer(
        string="Service Archive",
        compute="_compute_cc_as_archive_count",
        groups=AFTER_SALES,
    )
    cc_as_claim_count = fields.Integer(
        string="Claims",
        compute="_compute_cc_as_archive_count",
        groups=AFTER_SALES,
    )
    cc_as_archive_reader_ids = fields.Many2many(
        "res.users",
        "cc_as_partner_archive_reader_rel",
        "partner_id",
        "user_id",
        string="Archive Readers",
        copy=False,
        groups=AS_MANAGER,
        help="Users outside the after-sales team who may read this customer's "
        "service archive now: kept by the approved archive access requests.",
    )

    def _compute_cc_as_archive(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.cc_as_receipt_ids = commercial.cc_as_dispatch_ids.filtered(
                "cc_receipt_signed"
            )
            partner.cc_as_interpretation_ids = commercial.cc_as_request_ids.filtered(
                lambda r: r.request_type == "interpretation"
            )

    def _compute_cc_as_archive_count(self):
        commercial_ids = self.commercial_partner_id.ids
        totals = dict.fromkeys(commercial_ids, 0)
        for model, field in (
            ("cc.service.request", "commercial_partner_id"),
            ("cc.service.retest", "commercial_partner_id"),
            ("fsm.order", "cc_partner_id"),
        ):
            for partner, count in self.env[model]._read_group(
                [(field, "in", commercial_ids)], [field], ["__count"]
            ):
                totals[partner.id] += count
        claims = dict.fromkeys(commercial_ids, 0)
        if self._cc_can_read_claims():
            for partner, count in self.env["cc.claim"]._read_group(
                [("partner_id.commercial_partner_id", "in", commercial_ids)],
                ["partner_id"],
                ["__count"],
            ):
                claims[partner.commercial_partner_id.id] += count
        for partner in self:
            key = partner.commercial_partner_id.id
            partner.cc_as_claim_count = claims.get(key, 0)
            partner.cc_as_archive_count = totals.get(key, 0) + claims.get(key, 0)

    def _cc_can_read_claims(self):
        """Claims belong to the archive when the complaint module is installed
        and the user may read them."""
        return "cc.claim" in self.env and self.env["cc.claim"].has_access("read")

    def _cc_archive_claims(self):
        """The customer's claims when the complaint module is installed."""
        self.ensure_one()
        if not self._cc_can_read_claims():
            return []
        return self.env["cc.claim"].search(
            [("partner_id", "child_of", self.commercial_partner_id.id)]
        )

    def action_cc_open_archive(self):
        """The customer's service archive: requests, dispatches, receipts,
        interpretations, re-tests and claims, on one page."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Service Archive: %(customer)s",
                customer=self.commercial_partner_id.display_name,
            ),
            "res_model": "res.partner",
            "res_id": self.commercial_partner_id.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("cc_after_sales.res_partner_view_form_cc_archive").id,
                    "form",
                )
            ],
            "target": "current",
        }

    def action_cc_archive_claims(self):
        self.ensure_one()
        claims = self._cc_archive_claims()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Claims"),
            "res_model": "cc.claim",
            "view_mode": "list,form",
            "domain": [("id", "in", claims.ids if claims else [])],
        }

    # ------------------------------------------------------------------
    # Retention review (monthly)
    # ------------------------------------------------------------------
    @api.model
    def _cc_retention_domains(self, now=None):
        """Domains of the closed service requests and the done re-tests kept
        longer than their company's retention years and not flagged yet."""
        now = now or fields.Datetime.now()
        companies = self.env["res.company"].search([("id", "!=", 0)])
        request_domains, retest_domains = [], []
        for company in companies:
            limit = now - relativedelta(years=company.cc_as_retention_years)
            request_domains.append(
                [
                    ("company_id", "=", company.id),
                    "|",
                    ("closed_on", "<", limit),
                    "&",
                    ("closed_on", "=", False),
                    ("date_request", "<", limit),
                ]
            )
            retest_domains.append(
                [("company_id", "=", company.id), ("done_on", "<", limit)]
            )
        requests = expression.AND(
            [
                [
                    ("cc_past_retention", "=", False),
                    ("state", "in", ("closed", "cancel")),
                ],
                expression.OR(request_domains or [expression.FALSE_DOMAIN]),
            ]
        )
        retests = expression.AND(
            [
                [("cc_past_retention", "=", False), ("state", "=", "done")],
                expression.OR(retest_domains or [expression.FALSE_DOMAIN]),
            ]
        )
        return requests, retests

    @api.model
    def _cron_cc_archive_retention(self):
        """Flag the closed service records kept longer than the company's
        retention years and give each after-sales manager one review activity
        per company. Nothing is deleted: deciding what to destroy stays a human
        decision.

        One row-locked batch of requests, then of re-tests, per call
        (``cc.cron.batch.mixin``): the flagged records leave the domain, the
        scheduler calls again while some remain; a run of several batches
        gives one review activity per batch.

        :return: the number of records flagged by this call
        """
        # the cron runs as superuser (ir_cron_cc_archive_retention)
        Request = self.env["cc.service.request"]
        Retest = self.env["cc.service.retest"]
        batcher = self.env["cc.cron.batch.mixin"]
        request_domain, retest_domain = self._cc_retention_domains()
        size = batcher._cc_cron_batch_limit()
        requests = batcher._cc_cron_take_batch(
            request_domain, limit=size, model=Request._name
        )
        retests = Retest.browse()
        if len(requests) < size:
            retests = batcher._cc_cron_take_batch(
                retest_domain, limit=size - len(requests), model=Retest._name
            )
        requests.write({"cc_past_retention": True})
        retests.write({"cc_past_retention": True})
        total = len(requests) + len(retests)
        if total:
            self._cc_retention_review_activities(requests, retests)
        self.env.flush_all()
        remaining = (
            Request.search_count(request_domain) + Retest.search_count(retest_domain)
            if total
            else 0
        )
        self.env["ir.cron"]._notify_progress(done=total, remaining=remaining)
        _logger.info(
            "Service archive retention review: %s record(s) past retention, " "%s left",
            total,
            remaining,
        )
        return total

    @api.model
    def _cc_retention_review_activities(self, requests, retests):
        """One review activity per after-sales manager of each company of
        ``requests`` and ``retests``, created at once."""
        group = self.env.ref(AS_MANAGER, raise_if_not_found=False)
        managers = (group.users if group else self.env["res.users"]).filtered(
            lambda u: u.active and not u.share
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        vals_list = []
        for company in (requests.company_id | retests.company_id).sorted("id"):
            company_requests = requests.filtered(lambda r, c=company: r.company_id == c)
            company_retests = retests.filtered(lambda r, c=company: r.company_id == c)
            summary = self.env._(
                "Service archive past retention (%(years)s years): %(requests)s "
                "request(s), %(retests)s re-test(s)",
                years=company.cc_as_retention_years,
                requests=len(company_requests),
                retests=len(company_retests),
            )
            note = self.env._(
                "Review them with the Past Retention filter of Service Requests "
                "and Re-tests: %(names)s",
                names=", ".join(
                    (company_requests.mapped("name") + company_retests.mapped("name"))[
                        :50
                    ]
                ),
            )
            vals_list += [
                {
                    "res_model_id": partner_model_id,
                    "res_id": company.partner_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": manager.id,
                    "date_deadline": today,
                }
                for manager in managers
                if company in manager.company_ids
            ]
        return self.env["mail.activity"].create(vals_list)
