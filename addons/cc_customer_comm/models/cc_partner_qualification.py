from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CcPartnerQualification(models.Model):
    """A customer's registered qualification (资质备案) with its validity."""

    _name = "cc.partner.qualification"
    _description = "Customer Qualification"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.cron.batch.mixin"]
    _order = "valid_to, id"
    _check_company_auto = True

    _cc_reminder_days = 30

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    qualification_type = fields.Selection(
        [
            ("business_license", "Business License"),
            ("tax_registration", "Tax Registration"),
            ("quality_certificate", "Quality System Certificate"),
            ("industry_permit", "Industry Permit"),
            ("credit_rating", "Credit Rating"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="business_license",
        tracking=True,
    )
    name = fields.Char(string="Number", required=True, tracking=True)
    issuer = fields.Char()
    valid_from = fields.Date(tracking=True)
    valid_to = fields.Date(tracking=True, index=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    note = fields.Text()
    reminder_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="Set once the expiry reminder has been scheduled, so it is sent once.",
    )
    validity = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        compute="_compute_validity",
        search="_search_validity",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("valid_to")
    @api.depends_context("date")
    def _compute_validity(self):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._cc_reminder_days)
        for qualification in self:
            if qualification.valid_to and qualification.valid_to < today:
                qualification.validity = "expired"
            elif qualification.valid_to and qualification.valid_to <= soon:
                qualification.validity = "expiring"
            else:
                qualification.validity = "valid"

    def _search_validity(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(
                _("Unsupported search on the qualification validity.")
            )
        values = [value] if isinstance(value, str) else list(value or [])
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._cc_reminder_days)
        domains = {
            "expired": [("valid_to", "<", today)],
            "expiring": [("valid_to", ">=", today), ("valid_to", "<=", soon)],
            "valid": ["|", ("valid_to", "=", False), ("valid_to", ">", soon)],
        }
        domain = []
        for validity in values:
            domain = ["|", *domain, *domains[validity]] if domain else domains[validity]
        if operator in ("!=", "not in"):
            domain = ["!", *domain] if domain else []
        return domain or [(0, "=", 1)]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("valid_from", "valid_to")
    def _check_validity(self):
        for qualification in self:
            if (
                qualification.valid_from
                and qualification.valid_to
                and qualification.valid_to < qualification.valid_from
            ):
                raise ValidationError(
                    _(
                        "Valid To (%(to)s) of qualification %(name)s cannot be "
                        "before Valid From (%(from)s).",
                        to=qualification.valid_to,
                        name=qualification.name,
                        **{"from": qualification.valid_from},
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if "valid_to" in vals and "reminder_sent" not in vals:
            # a renewed qualification gets a new reminder before its new expiry
            vals = dict(vals, reminder_sent=False)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_reminder_user(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        return partner.user_id or self.partner_id.user_id or self.create_uid

    @api.model
    def _cron_cc_qualification_reminders(self, today=None):
        """Schedule one activity on the customer 30 days before expiry, once;
        one bounded batch per call (``cc.cron.batch.mixin``): the reminded
        qualifications leave the domain (``reminder_sent``)."""
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        limit = today + timedelta(days=self._cc_reminder_days)
        domain = [
            ("reminder_sent", "=", False),
            ("valid_to", "!=", False),
            ("valid_to", "<=", limit),
        ]
        qualifications = self._cc_cron_take_batch(domain)
        if not qualifications:
            return qualifications
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        # run by the scheduler (or demo data), as superuser
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": partner_model_id,
                    "res_id": qualification.partner_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._(
                        "Qualification %(number)s expires on %(date)s",
                        number=qualification.name,
                        date=qualification.valid_to,
                    ),
                    "note": self.env._(
                        "Ask the customer for the renewed %(type)s.",
                        type=dict(
                            qualification._fields[
                                "qualification_type"
                            ]._description_selection(self.env)
                        )[qualification.qualification_type],
                    ),
                    "user_id": qualification._cc_reminder_user().id,
                    "date_deadline": max(
                        qualification.valid_to - timedelta(days=7), today
                    ),
                }
                for qualification in qualifications
            ]
        )
        qualifications.write({"reminder_sent": True})
        self._cc_cron_notify(len(qualifications), domain)
        return qualifications
