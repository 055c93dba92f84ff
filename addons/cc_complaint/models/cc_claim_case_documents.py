from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class CcClaim(models.Model):
    """The claim's side documents: joint site inspections (会勘), objection
    memos (签呈) and the abnormality slip replacing a claim without loss
    (异常处理单)."""

    _inherit = "cc.claim"

    site_inspection_ids = fields.One2many(
        "cc.claim.site.inspection", "claim_id", string="Site Inspections"
    )
    # counts read by every role opening the claim (accounting, warehouse)
    site_inspection_count = fields.Integer(
        compute="_compute_case_document_counts", compute_sudo=True
    )
    objection_ids = fields.One2many(
        "cc.claim.objection", "claim_id", string="Objection Memos"
    )
    objection_count = fields.Integer(
        compute="_compute_case_document_counts", compute_sudo=True
    )
    abnormality_id = fields.Many2one(
        "cc.claim.abnormality",
        string="Abnormality Slip",
        compute="_compute_abnormality_id",
        compute_sudo=True,
    )

    @api.depends("site_inspection_ids", "objection_ids")
    def _compute_case_document_counts(self):
        for claim in self:
            claim.site_inspection_count = len(claim.site_inspection_ids)
            claim.objection_count = len(claim.objection_ids)

    def _compute_abnormality_id(self):
        slips = self.env["cc.claim.abnormality"].search(
            [("claim_id", "in", self.ids)], order="id desc"
        )
        by_claim = {}
        for slip in slips:
            by_claim.setdefault(slip.claim_id.id, slip)
        for claim in self:
            claim.abnormality_id = by_claim.get(
                claim.id, self.env["cc.claim.abnormality"]
            )

    def action_handle_as_abnormality(self):
        """No loss (篇4 第三条): the draft claim becomes an abnormality slip
        sent to the department concerned; the claim is cancelled."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                _(
                    "Claim %(name)s: only a draft claim can be handled as an "
                    "abnormality slip; once registered it follows the claim "
                    "procedure.",
                    name=self.display_name,
                )
            )
        line = self.line_ids[:1]
        slip = self.env["cc.claim.abnormality"].create(
            {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id or self.env.user.id,
                "date": self.date_claim,
                "product_id": line.product_id.id,
                "description": self.customer_summary
                or (self.description and html2plaintext(self.description))
                or self.display_name,
                "claim_id": self.id,
            }
        )
        self.action_cancel()
        self.message_post(
            body=_(
                "No loss: handled as abnormality slip %(slip)s.",
                slip=slip._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.claim.abnormality",
            "res_id": slip.id,
            "view_mode": "form",
            "name": slip.display_name,
        }

    def action_view_site_inspections(self):
        self.ensure_one()
        action = self._cc_action_view(
            self.site_inspection_ids, "cc_complaint.cc_claim_site_inspection_action"
        )
        action["context"] = {"default_claim_id": self.id}
        return action

    def action_view_objections(self):
        self.ensure_one()
        action = self._cc_action_view(
            self.objection_ids, "cc_complaint.cc_claim_objection_action"
        )
        action["context"] = {"default_claim_id": self.id}
        return action

    def action_view_abnormality(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.claim.abnormality",
            "res_id": self.abnormality_id.id,
            "view_mode": "form",
            "name": self.abnormality_id.display_name,
        }
