from odoo import api, fields, models


class CcTeamPoolDistribute(models.TransientModel):
    """The supervisor hands a deal's team pool to the assisting colleagues."""

    _name = "cc.team.pool.distribute"
    _description = "Distribute a Team Pool"

    pool_line_id = fields.Many2one(
        "cc.commission.line", string="Team Pool", required=True, readonly=True
    )
    sale_order_id = fields.Many2one(related="pool_line_id.sale_order_id")
    visitor_id = fields.Many2one(related="pool_line_id.visitor_id")
    currency_id = fields.Many2one(related="pool_line_id.currency_id")
    pool_amount = fields.Monetary(
        string="Pool", compute="_compute_pool_amount", currency_field="currency_id"
    )
    excluded_user_ids = fields.Many2many(
        "res.users",
        string="Excluded for Poaching",
        compute="_compute_pool_amount",
    )
    line_ids = fields.One2many(
        "cc.team.pool.distribute.line", "wizard_id", string="Colleagues"
    )
    total = fields.Monetary(compute="_compute_total", currency_field="currency_id")

    @api.depends("pool_line_id")
    def _compute_pool_amount(self):
        for wizard in self:
            pool = wizard.pool_line_id
            wizard.pool_amount = pool._cc_pool_amount() if pool else 0.0
            wizard.excluded_user_ids = pool.pool_exclusion_ids.user_id

    @api.depends("line_ids.amount")
    def _compute_total(self):
        for wizard in self:
            wizard.total = sum(wizard.line_ids.mapped("amount"))

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        pool = self.env["cc.commission.line"].browse(res.get("pool_line_id"))
        if pool and "line_ids" in fields_list:
            res["line_ids"] = [
                fields.Command.create({"user_id": user.id, "amount": amount})
                for user, amount in self._cc_proposal(pool)
            ]
        return res

    @api.model
    def _cc_proposal(self, pool):
        """Equal shares to the assisting colleagues not excluded; the cents
        left by rounding go to the first."""
        users = pool._cc_pool_assistants() - pool.pool_exclusion_ids.user_id
        if not users:
            return []
        currency = pool.currency_id
        amount = pool._cc_pool_amount()
        each = currency.round(amount / len(users))
        shares = [[user, each] for user in users]
        shares[0][1] = currency.round(amount - each * (len(users) - 1))
        return [tuple(share) for share in shares]

    def action_confirm(self):
        self.ensure_one()
        allocations = {}
        for line in self.line_ids:
            allocations[line.user_id] = allocations.get(line.user_id, 0.0) + line.amount
        self.pool_line_id._cc_distribute_pool(allocations)
        return {"type": "ir.actions.act_window_close"}


class CcTeamPoolDistributeLine(models.TransientModel):
    _name = "cc.team.pool.distribute.line"
    _description = "Team Pool Share of a Colleague"

    wizard_id = fields.Many2one(
        "cc.team.pool.distribute", required=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Colleague", required=True)
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    amount = fields.Monetary(currency_field="currency_id")


class CcTeamPoolExclude(models.TransientModel):
    """The supervisor excludes a colleague from a deal's pool for poaching."""

    _name = "cc.team.pool.exclude"
    _description = "Exclude a Colleague from a Team Pool"

    pool_line_id = fields.Many2one(
        "cc.commission.line", string="Team Pool", required=True, readonly=True
    )
    sale_order_id = fields.Many2one(related="pool_line_id.sale_order_id")
    assistant_ids = fields.Many2many(related="pool_line_id.pool_assistant_ids")
    user_id = fields.Many2one(
        "res.users",
        string="Colleague",
        required=True,
        domain="[('id', 'in', assistant_ids)]",
    )
    reason = fields.Text(
        required=True, help="What the colleague did: how the customer was poached."
    )

    def action_confirm(self):
        self.ensure_one()
        self.pool_line_id._cc_exclude_colleague(self.user_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
