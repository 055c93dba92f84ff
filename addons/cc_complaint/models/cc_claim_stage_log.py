from odoo import api, fields, models

from .cc_claim import CLAIM_STATES


class CcClaimStageLog(models.Model):
    _name = "cc.claim.stage.log"
    _description = "Claim Stage Log"
    _order = "claim_id, date_in, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    claim_id = fields.Many2one(
        "cc.claim", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        related="claim_id.company_id",
        store=True,
        index=True,
    )
    stage = fields.Selection(CLAIM_STATES, required=True)
    date_in = fields.Datetime(required=True, default=fields.Datetime.now)
    date_out = fields.Datetime()
    user_id = fields.Many2one(
        "res.users", string="Entered by", default=lambda self: self.env.user
    )
    responsible_id = fields.Many2one("res.users", string="Responsible")
    department = fields.Selection(
        [
            ("sales", "Sales"),
            ("gm_office", "GM Office"),
            ("qa", "Quality Assurance"),
            ("production", "Production"),
            ("approvers", "Approvers"),
        ],
        help="Department in charge of the claim during this stage.",
    )
    deadline = fields.Date()
    overdue_days = fields.Integer(
        help="Calendar days past the stage deadline: when the stage was left, or "
        "up to today (daily check) while it is still open.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", store=True)
    duration_days = fields.Float(compute="_compute_duration_days", store=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("overdue_days")
    def _compute_is_overdue(self):
        for log in self:
            log.is_overdue = log.overdue_days > 0

    @api.depends("date_in", "date_out")
    def _compute_duration_days(self):
        for log in self:
            if log.date_in and log.date_out:
                delta = log.date_out - log.date_in
                log.duration_days = round(delta.total_seconds() / 86400.0, 2)
            else:
                log.duration_days = 0.0
