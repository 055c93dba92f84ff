from odoo import fields, models


class CcClaimTimelinessReviewLine(models.Model):
    _name = "cc.claim.timeliness.review.line"
    _description = "Claim Timeliness Review Line"
    _order = "review_id, id"
    _check_company_auto = True

    review_id = fields.Many2one(
        "cc.claim.timeliness.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        "res.company", related="review_id.company_id", store=True, index=True
    )
    stage_log_id = fields.Many2one("cc.claim.stage.log", ondelete="set null")
    stage = fields.Char()
    department = fields.Char()
    responsible_id = fields.Many2one("res.users")
    deadline = fields.Date()
    date_out = fields.Datetime(string="Left On")
    overdue_days = fields.Integer()
