from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .cc_claim_penalty_rule import SANCTIONS


class CcClaimPenaltyNotice(models.Model):
    """Reward/penalty notice (奖罚通知单), approved by the GM."""

    _name = "cc.claim.penalty.notice"
    _description = "Claim Reward/Penalty Notice"
    _inherit = ["mail.thread", "mail.activity.mixin", "tier.validation"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _state_field = "state"
    _state_from = ["to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    claim_id = fields.Many2one(
        "cc.claim",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
        tracking=True,
    )
    responsibility_id = fields.Many2one(
        "cc.claim.responsibility", ondelete="set null", check_company=True
    )
    notice_type = fields.Selection(
        [("penalty", "Penalty"), ("reward", "Reward")],
        required=True,
        default="penalty",
        tracking=True,
    )
    department_id = fields.Many2one("hr.department", check_company=True, tracking=True)
    employee_id = fields.Many2one("hr.employee", check_company=True, tracking=True)
    ratio = fields.Float(string="Ratio (%)")
    amount = fields.Monetary(tracking=True)
    sanction = fields.Selection(
        SANCTIONS,
        default="none",
        required=True,
        string="Administrative Sanction",
        tracking=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    reason = fields.Text()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )

    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(amount >= 0)",
            "A notice amount cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                company = (
                    self.env["res.company"].browse(vals.get("company_id"))
                    or self.env.company
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("cc.claim.penalty.notice") or _("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if any(notice.state == "approved" for notice in self):
            raise UserError(_("An approved notice cannot be deleted; cancel it."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        if self.filtered(lambda n: n.state != "draft"):
            raise UserError(_("Only draft notices can be submitted to the GM."))
        self.write({"state": "to_approve"})
        self.request_validation()
        return True

    def action_approve(self):
        if self.filtered(lambda n: n.state != "to_approve"):
            raise UserError(_("Only notices waiting for approval can be approved."))
        not_validated = self.filtered(lambda n: n.validation_status != "validated")
        if not_validated:
            raise UserError(
                _(
                    "Notice %(name)s is not validated by the GM yet.",
                    name=not_validated[0].name,
                )
            )
        self.write({"state": "approved"})
        return True

    def action_cancel(self):
        if self.filtered(lambda n: n.state == "cancel"):
            raise UserError(_("The notice is already cancelled."))
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        if self.filtered(lambda n: n.state != "cancel"):
            raise UserError(_("Only cancelled notices can be reset to draft."))
        self.write({"state": "draft"})
        return True

    # ------------------------------------------------------------------
    # Tier validation
    # ------------------------------------------------------------------
    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        if self.state == "to_approve" and self.validation_status == "validated":
            self.write({"state": "approved"})
        return res
