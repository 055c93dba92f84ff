from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CcTeamPoolExclusion(models.Model):
    """A colleague excluded from a deal's team pool for poaching (故意抢客)."""

    _name = "cc.team.pool.exclusion"
    _description = "Team Pool Exclusion for Poaching"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    pool_line_id = fields.Many2one(
        "cc.commission.line",
        string="Team Pool",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('role', '=', 'team_pool')]",
    )
    sale_order_id = fields.Many2one(
        related="pool_line_id.sale_order_id", store=True, string="Deal"
    )
    office_id = fields.Many2one(related="pool_line_id.office_id", store=True)
    company_id = fields.Many2one(
        related="pool_line_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        "res.users", string="Colleague", required=True, index=True
    )
    reason = fields.Text(required=True)
    excluded_by_id = fields.Many2one(
        "res.users", string="Excluded By", default=lambda self: self.env.user
    )

    _sql_constraints = [
        (
            "pool_user_uniq",
            "UNIQUE(pool_line_id, user_id)",
            "A colleague is excluded from a team pool once.",
        ),
    ]

    @api.depends("user_id", "sale_order_id")
    def _compute_display_name(self):
        for exclusion in self:
            exclusion.display_name = f"{exclusion.user_id.name} · " + (
                exclusion.sale_order_id.name or ""
            )

    @api.constrains("reason")
    def _check_reason(self):
        for exclusion in self:
            if not (exclusion.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the Reason for excluding %(user)s.",
                        user=exclusion.user_id.name,
                    )
                )

    @api.constrains("pool_line_id")
    def _check_pool_open(self):
        for exclusion in self:
            pool = exclusion.pool_line_id
            if not pool._cc_is_pool() or pool.pool_distributed:
                raise ValidationError(
                    self.env._(
                        "%(user)s can only be excluded from an undistributed team "
                        "pool.",
                        user=exclusion.user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        exclusions = super().create(vals_list)
        for exclusion in exclusions:
            body = self.env._(
                "%(user)s is excluded from the team pool of %(order)s for "
                "poaching: %(reason)s",
                user=exclusion.user_id.name,
                order=exclusion.sale_order_id.name,
                reason=exclusion.reason,
            )
            # sudo: logged on the deal and its pool whoever records it
            pool = exclusion.pool_line_id.sudo()
            pool.message_post(body=body, subtype_xmlid="mail.mt_note")
            pool.sale_order_id.message_post(body=body, subtype_xmlid="mail.mt_note")
        return exclusions

    @api.ondelete(at_uninstall=False)
    def _unlink_except_distributed(self):
        if self.filtered("pool_line_id.pool_distributed"):
            raise UserError(
                self.env._("The pool was distributed: its exclusions are kept.")
            )
