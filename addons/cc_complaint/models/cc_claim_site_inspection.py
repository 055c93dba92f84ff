from odoo import _, api, fields, models
from odoo.exceptions import UserError

# sales, QA and production go to the customer together (篇15 (九)2)
INSPECTORS = (
    "cc_complaint.group_cc_complaint_user,cc_complaint.group_cc_complaint_qa,"
    "cc_complaint.group_cc_complaint_production,"
    "cc_complaint.group_cc_complaint_gm_office"
)


class CcClaimSiteInspection(models.Model):
    """Joint site inspection (会勘) of a claim at the customer's."""

    _name = "cc.claim.site.inspection"
    _description = "Claim Joint Site Inspection"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _cc_sequence_code = "cc.claim.site.inspection"
    _cc_transitions = {
        "done": {"from": ("draft",), "to": "done", "groups": INSPECTORS},
        "reopen": {
            "from": ("done",),
            "to": "draft",
            "groups": "cc_complaint.group_cc_complaint_gm_office",
        },
    }

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    claim_id = fields.Many2one(
        "cc.claim",
        string="Claim",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="claim_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="claim_id.partner_id", string="Customer", store=True
    )
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    site = fields.Char(
        required=True, tracking=True, help="Where the goods were inspected."
    )
    participant_ids = fields.Many2many(
        "res.users",
        string="Our Participants",
        domain="[('share', '=', False)]",
        help="Sales, QA and production staff who went to the site.",
    )
    customer_participants = fields.Char(
        string="Customer Participants",
        help="Names and positions on the customer's side.",
    )
    findings = fields.Html(help="What was found on site, lot and quantity checked.")
    conclusion = fields.Selection(
        [
            ("confirmed", "Defect Confirmed"),
            ("not_confirmed", "Defect Not Confirmed"),
            ("further_test", "Further Tests Needed"),
        ],
        tracking=True,
    )
    conclusion_note = fields.Text(string="Conclusion Details")
    customer_signature = fields.Binary(copy=False, attachment=True)
    customer_signed_by = fields.Char(copy=False, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Concluded")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _cc_sequence_company(self, vals):
        if vals.get("claim_id"):
            return self.env["cc.claim"].browse(vals["claim_id"]).company_id
        return super()._cc_sequence_company(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        self._cc_check_transition("done")
        for inspection in self:
            missing = [
                label
                for fname, label in (
                    ("site", _("Site")),
                    ("participant_ids", _("Our Participants")),
                    ("conclusion", _("Conclusion")),
                )
                if not inspection[fname]
            ]
            if missing:
                raise UserError(
                    _(
                        "Site inspection %(name)s cannot be concluded without: "
                        "%(fields)s.",
                        name=inspection.name,
                        fields=", ".join(missing),
                    )
                )
        self._cc_transition("done")
        for inspection in self:
            # logged on the claim whoever may only read it; the author stays
            # the user
            inspection.claim_id.sudo().message_post(
                body=_(
                    "Joint site inspection %(inspection)s concluded: %(conclusion)s.",
                    inspection=inspection._get_html_link(),
                    conclusion=dict(
                        self._fields["conclusion"]._description_selection(self.env)
                    )[inspection.conclusion],
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_reopen(self):
        return self._cc_transition("reopen")
