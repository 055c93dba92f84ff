from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .cc_claim_penalty_rule import SANCTIONS

GM_OFFICE = "cc_complaint.group_cc_complaint_gm_office"


class CcClaimPenaltyNotice(models.Model):
    """Reward/penalty notice (奖罚通知单), approved by the GM."""

    _name = "cc.claim.penalty.notice"
    _description = "Claim Reward/Penalty Notice"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.document.mixin",
        "tier.validation",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    # cc.document.mixin
    _cc_sequence_code = "cc.claim.penalty.notice"
    _cc_transitions = {
        "submit": {"from": ("draft",), "to": "to_approve", "groups": GM_OFFICE},
        # approval is decided by the tier reviews (the GM), not by a group
        "approve": {"from": ("to_approve",), "to": "approved"},
        "cancel": {
            "from": ("draft", "to_approve", "approved"),
            "to": "cancel",
            "groups": GM_OFFICE,
        },
        "draft": {"from": ("cancel",), "to": "draft", "groups": GM_OFFICE},
    }

    # tier.validation
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
        default=lambda self: self.env._("New"),
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
    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if any(notice.state == "approved" for notice in self):
            raise UserError(_("An approved notice cannot be deleted; cancel it."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def _create_from_claims(self, claims):
        """Reward/penalty notices of closed claims, one per responsibility line
        carrying a penalty or a sanction, submitted to the GM for approval.

        Whoever closes the claim (sales) raises the notices, which only the GM
        office and HR may read or create: the responsibility lines are read and
        the notices made as superuser; nothing is returned."""
        vals_list = []
        # sudo: the closer (sales) can neither read the responsibilities' notices
        # nor create them (GM office, HR); nothing is returned
        for claim in claims.sudo():
            if claim.penalty_notice_ids.filtered(lambda n: n.state != "cancel"):
                continue
            for resp in claim.responsibility_ids:
                if not resp.penalty_amount and resp.sanction in (False, "none"):
                    continue
                vals_list.append(
                    {
                        "claim_id": claim.id,
                        "company_id": claim.company_id.id,
                        "responsibility_id": resp.id,
                        "notice_type": "penalty",
                        "department_id": resp.department_id.id,
                        "employee_id": resp.employee_id.id,
                        "ratio": resp.ratio,
                        "amount": resp.penalty_amount,
                        "sanction": resp.sanction or "none",
                        "reason": _(
                            "Claim %(name)s (%(cause)s), loss %(loss)s, responsibility "
                            "%(ratio)s%%.",
                            name=claim.name,
                            cause=claim.cause_id.name or "-",
                            loss=claim.loss_amount,
                            ratio=resp.ratio,
                        ),
                    }
                )
        if vals_list:
            # see the docstring: submitted here, not returned
            notices = self.sudo().create(vals_list)
            notices.action_submit()
        return True

    def action_submit(self):
        self._cc_transition("submit")
        self.request_validation()
        return True

    def action_approve(self):
        self._cc_check_transition("approve")
        not_validated = self.filtered(lambda n: n.validation_status != "validated")
        if not_validated:
            raise UserError(
                _(
                    "Notice %(name)s is not validated by the GM yet.",
                    name=not_validated[0].name,
                )
            )
        return self._cc_transition("approve")

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("draft")

    # ------------------------------------------------------------------
    # Tier validation
    # ------------------------------------------------------------------
    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        if self.state == "to_approve" and self.validation_status == "validated":
            self._cc_transition("approve")
        return res
