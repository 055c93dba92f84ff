from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .cc_claim_penalty_rule import SANCTIONS

PENALTY_GROUPS = "cc_complaint.group_cc_complaint_gm_office,hr.group_hr_user"


class CcClaimResponsibility(models.Model):
    """Responsibility (责任归属): who bears which share of a claim."""

    _name = "cc.claim.responsibility"
    _description = "Claim Responsibility"
    _order = "claim_id, ratio desc, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    claim_id = fields.Many2one(
        "cc.claim", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", related="claim_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="claim_id.currency_id", store=True)
    department_id = fields.Many2one("hr.department", check_company=True, index=True)
    employee_id = fields.Many2one("hr.employee", check_company=True)
    ratio = fields.Float(string="Ratio (%)", required=True, default=100.0)
    loss_share = fields.Monetary(
        compute="_compute_loss_share",
        store=True,
        help="The claim's loss × ratio.",
    )
    penalty_rule_id = fields.Many2one(
        "cc.claim.penalty.rule",
        compute="_compute_penalty",
        store=True,
        readonly=False,
        groups=PENALTY_GROUPS,
    )
    penalty_amount = fields.Monetary(
        compute="_compute_penalty",
        store=True,
        readonly=False,
        groups=PENALTY_GROUPS,
        help="Claim penalty under the rule × ratio; can be adjusted.",
    )
    sanction = fields.Selection(
        SANCTIONS,
        compute="_compute_penalty",
        store=True,
        readonly=False,
        groups=PENALTY_GROUPS,
        string="Administrative Sanction",
    )
    note = fields.Char()
    # 篇4 第九条(十二): a raw-material supplier bearing the defect
    supplier_id = fields.Many2one(
        "res.partner",
        string="Raw-material Supplier",
        check_company=True,
        index="btree_not_null",
        help="Supplier of the raw material found at fault; the GM office settles "
        "it with them and the amount below is charged back.",
    )
    chargeback_amount = fields.Monetary(
        string="Charged Back to Supplier",
        help="Amount claimed back from the supplier for this share of the loss.",
    )
    # 篇4 第九条(六): human negligence is decided but not tracked
    decision = fields.Selection(
        [
            ("tracked", "Tracked"),
            ("negligence_untracked", "Human Negligence, Not Tracked"),
        ],
        string="Decision",
        default="tracked",
        required=True,
        help="Human negligence, not tracked: the responsibility is closed without "
        "penalty nor improvement tracking; the reason is mandatory.",
    )
    decision_reason = fields.Text(string="Reason Not Tracked")

    _sql_constraints = [
        (
            "ratio_range",
            "CHECK(ratio > 0 AND ratio <= 100)",
            "A responsibility ratio must be above 0% and at most 100%.",
        ),
        (
            "chargeback_positive",
            "CHECK(chargeback_amount IS NULL OR chargeback_amount >= 0)",
            "The amount charged back to a supplier cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("ratio", "claim_id.loss_amount")
    def _compute_loss_share(self):
        for line in self:
            line.loss_share = line.claim_id.loss_amount * line.ratio / 100.0

    @api.depends(
        "ratio",
        "claim_id.loss_amount",
        "claim_id.severity",
        "claim_id.cause_id",
        "decision",
    )
    def _compute_penalty(self):
        # the penalty rules are configuration read by the QA entering the
        # responsibility, who may not read the rules' menu; only amounts are kept
        rules = self.env["cc.claim.penalty.rule"].sudo()
        cache = {}
        for line in self:
            claim = line.claim_id
            key = (claim.company_id.id, claim.severity, claim.cause_id.id)
            if key not in cache:
                cache[key] = rules._cc_find_rule(claim) if claim else rules
            rule = cache[key]
            if line.decision == "negligence_untracked":
                rule = rules.browse()
            line.penalty_rule_id = rule
            if rule:
                line.penalty_amount = claim.currency_id.round(
                    rule._cc_claim_penalty(claim) * line.ratio / 100.0
                )
                line.sanction = rule.sanction
            else:
                line.penalty_amount = 0.0
                line.sanction = "none"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("department_id", "employee_id", "supplier_id")
    def _check_party(self):
        for line in self:
            if not (line.department_id or line.employee_id or line.supplier_id):
                raise ValidationError(
                    _(
                        "A responsibility line needs a department, an employee or "
                        "a raw-material supplier."
                    )
                )

    @api.constrains("supplier_id", "chargeback_amount")
    def _check_chargeback(self):
        for line in self:
            if line.chargeback_amount and not line.supplier_id:
                raise ValidationError(
                    _(
                        "Claim %(name)s: an amount Charged Back to Supplier needs the "
                        "Raw-material Supplier it is charged to.",
                        name=line.claim_id.name,
                    )
                )

    @api.constrains("decision", "decision_reason")
    def _check_decision_reason(self):
        for line in self:
            if (
                line.decision == "negligence_untracked"
                and not (line.decision_reason or "").strip()
            ):
                raise ValidationError(
                    _(
                        "Claim %(name)s: “Human Negligence, Not Tracked” needs the "
                        "Reason Not Tracked.",
                        name=line.claim_id.name,
                    )
                )

    @api.constrains("ratio", "claim_id")
    def _check_total_ratio(self):
        for claim in self.claim_id:
            total = sum(claim.responsibility_ids.mapped("ratio"))
            if total > 100.0 + 0.001:
                raise ValidationError(
                    _(
                        "Claim %(name)s: responsibility ratios total %(total)s%%, more "
                        "than 100%%.",
                        name=claim.name,
                        total=round(total, 2),
                    )
                )
