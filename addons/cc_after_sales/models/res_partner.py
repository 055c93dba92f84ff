import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

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
    def _cron_cc_archive_retention(self):
        """Flag the closed service records kept longer than the company's
        retention years and give each after-sales manager one review activity.
        Nothing is deleted: deciding what to destroy stays a human decision."""
        # the cron runs as superuser (ir_cron_cc_archive_retention)
        Request = self.env["cc.service.request"]
        Retest = self.env["cc.service.retest"]
        now = fields.Datetime.now()
        group = self.env.ref(AS_MANAGER, raise_if_not_found=False)
        managers = (group.users if group else self.env["res.users"]).filtered(
            lambda u: u.active and not u.share
        )
        total = 0
        for company in self.env["res.company"].search([("id", "!=", 0)]):
            limit = now - relativedelta(years=company.cc_as_retention_years)
            requests = Request.search(
                [
                    ("company_id", "=", company.id),
                    ("cc_past_retention", "=", False),
                    ("state", "in", ("closed", "cancel")),
                    "|",
                    ("closed_on", "<", limit),
                    "&",
                    ("closed_on", "=", False),
                    ("date_request", "<", limit),
                ]
            )
            retests = Retest.search(
                [
                    ("company_id", "=", company.id),
                    ("cc_past_retention", "=", False),
                    ("state", "=", "done"),
                    ("done_on", "<", limit),
                ]
            )
            if not requests and not retests:
                continue
            requests.write({"cc_past_retention": True})
            retests.write({"cc_past_retention": True})
            total += len(requests) + len(retests)
            summary = self.env._(
                "Service archive past retention (%(years)s years): %(requests)s "
                "request(s), %(retests)s re-test(s)",
                years=company.cc_as_retention_years,
                requests=len(requests),
                retests=len(retests),
            )
            note = self.env._(
                "Review them with the Past Retention filter of Service Requests "
                "and Re-tests: %(names)s",
                names=", ".join(
                    (requests.mapped("name") + retests.mapped("name"))[:50]
                ),
            )
            for manager in managers.filtered(lambda u, c=company: c in u.company_ids):
                company.partner_id.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=summary,
                    note=note,
                )
        _logger.info(
            "Service archive retention review: %s record(s) past retention", total
        )
        return total
