from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .cc_sales_office import ValidationError, check_supervisor

MANAGER = "cc_sales_office.group_cc_sales_office_manager"


class CcCommissionLine(models.Model):
    _name = "cc.commission.line"
    _description = "Sales Office Commission Line"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, sale_order_id, id"
    _check_company_auto = True
    _rec_name = "beneficiary"

    # cc.document.mixin: no numbering (the line belongs to its order)
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved", "groups": MANAGER},
        "pay": {"from": ("approved",), "to": "paid", "groups": MANAGER},
        # by the manager, or by the system on sudo records when the order is
        # cancelled or refunded (sale.order._cc_reverse_commission_lines);
        # approved lines are reversed by a negative line instead
        "cancel": {"from": ("draft",), "to": "cancel", "groups": MANAGER},
    }

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    office_id = fields.Many2one(
        "cc.sales.office", required=True, index=True, check_company=True
    )
    sale_order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="restrict", check_company=True
    )
    visitor_id = fields.Many2one("cc.visitor", index=True, check_company=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    role = fields.Selection(
        [
            ("owner", "Owner (100%)"),
            ("receiver", "Receiving salesperson"),
            ("referrer", "Referrer"),
            ("team_pool", "Team pool"),
            ("pool_share", "Team pool share"),
        ],
        required=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", index=True, tracking=True
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Referring Employee", check_company=True
    )
    beneficiary = fields.Char(compute="_compute_beneficiary", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    base = fields.Monetary(
        string="Commission Base", help="Untaxed amount of the order."
    )
    rate = fields.Float(string="Rate (%)", digits=(16, 4))
    share = fields.Float(string="Share (%)", digits=(16, 4))
    amount = fields.Monetary(tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("paid", "Paid"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    reversed_line_id = fields.Many2one(
        "cc.commission.line", string="Reverses", index=True
    )
    note = fields.Char()

    @api.depends("role", "user_id", "employee_id")
    def _compute_beneficiary(self):
        for line in self:
            if line.role == "team_pool":
                line.beneficiary = _(
                    "Team pool — %(office)s", office=line.office_id.name
                )
            elif line.role == "referrer":
                line.beneficiary = line.employee_id.name
            else:
                line.beneficiary = line.user_id.name

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda line: line.state in ("approved", "paid")):
            raise UserError(_("Approved or paid commission lines cannot be deleted."))

    def action_approve(self):
        return self._cc_transition("approve")

    def action_pay(self):
        return self._cc_transition("pay")

    def action_cancel(self):
        return self._cc_transition("cancel")

    # team pool

    pool_line_id = fields.Many2one(
        "cc.commission.line",
        string="From Team Pool",
        index=True,
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The deal's team pool this line distributes.",
    )
    pool_distributed = fields.Boolean(
        string="Pool Distributed", readonly=True, copy=False, tracking=True
    )
    pool_exclusion_ids = fields.One2many(
        "cc.team.pool.exclusion", "pool_line_id", string="Excluded Colleagues"
    )
    pool_share_ids = fields.One2many(
        "cc.commission.line", "pool_line_id", string="Distribution"
    )
    pool_assistant_ids = fields.Many2many(
        "res.users",
        string="Assisting Colleagues",
        compute="_compute_pool_assistant_ids",
        help="The colleagues who assisted with the visitor, the deal's own "
        "salespeople left out.",
    )
    is_open_pool = fields.Boolean(
        string="Pool to Distribute", compute="_compute_pool_assistant_ids"
    )

    @api.depends("role", "visitor_id", "pool_distributed", "state")
    def _compute_pool_assistant_ids(self):
        for line in self:
            is_pool = line._cc_is_pool()
            line.pool_assistant_ids = line._cc_pool_assistants() if is_pool else False
            line.is_open_pool = (
                is_pool and not line.pool_distributed and line.state != "cancel"
            )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _cc_is_pool(self):
        self.ensure_one()
        return (
            self.role == "team_pool"
            and not self.reversed_line_id
            and not self.pool_line_id
        )

    def _cc_pool_assistants(self):
        """Assisting colleagues of the deal (not its owner or receiver)."""
        self.ensure_one()
        # sudo: a supervisor reads the visitor's assistants and the order's
        # lines whatever their own visitor rules; users are returned
        order = self.sudo().sale_order_id
        own = order.cc_commission_line_ids.filtered(
            lambda line: line.role in ("owner", "receiver")
        ).user_id
        # sudo: the visitor's assistants are read whatever the visitor rules; the
        # users are returned in the caller's environment
        return (self.sudo().visitor_id.assistant_user_ids - own).with_env(self.env)

    def _cc_pool_amount(self):
        """What is left of the pool after the order's credit notes."""
        self.ensure_one()
        # sudo: reversal lines are read whatever the user's rights
        reversals = self.sudo().sale_order_id.cc_commission_line_ids.filtered(
            lambda rev: rev.reversed_line_id == self and rev.state != "cancel"
        )
        return self.currency_id.round(self.amount + sum(reversals.mapped("amount")))

    def _cc_lock_pool(self):
        """Lock the pool's row for the rest of the transaction and check it is
        still open. The distribution writes the row: a second supervisor whose
        transaction started before fails to serialize instead of paying twice."""
        self.ensure_one()
        check_supervisor(self.env)
        if not self._cc_is_pool():
            raise UserError(
                self.env._("%(line)s is not a team pool.", line=self.display_name)
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cc_commission_line WHERE id = %s FOR NO KEY UPDATE",
                self.id,
            )
        )
        self.invalidate_recordset()
        self.env["cc.team.pool.exclusion"].invalidate_model()
        if self.pool_distributed:
            raise UserError(
                self.env._(
                    "The team pool of %(order)s was already distributed.",
                    order=self.sale_order_id.name,
                )
            )
        if self.state == "cancel":
            raise UserError(
                self.env._(
                    "The team pool of %(order)s is cancelled.",
                    order=self.sale_order_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_distribute_pool(self):
        self.ensure_one()
        check_supervisor(self.env)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Distribute Team Pool"),
            "res_model": "cc.team.pool.distribute",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pool_line_id": self.id},
        }

    def action_exclude_colleague(self):
        self.ensure_one()
        check_supervisor(self.env)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exclude a Colleague"),
            "res_model": "cc.team.pool.exclude",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pool_line_id": self.id},
        }

    def _cc_exclude_colleague(self, user, reason):
        """Exclude ``user`` from this deal's pool for poaching, with a reason."""
        self.ensure_one()
        self._cc_lock_pool()
        if not (reason or "").strip():
            raise ValidationError(
                self.env._("Give the Reason for excluding %(user)s.", user=user.name)
            )
        # sudo: the exclusion is written for the supervisor, who was checked
        exclusion = (
            self.env["cc.team.pool.exclusion"]
            .sudo()
            .create(
                {
                    "pool_line_id": self.id,
                    "user_id": user.id,
                    "reason": reason.strip(),
                    "excluded_by_id": self.env.uid,
                }
            )
        )
        return exclusion.with_env(self.env)

    def action_distribute_evenly(self):
        """Hand each open pool out in equal shares to its assisting colleagues
        not excluded (the supervisor's quick way for many deals)."""
        Wizard = self.env["cc.team.pool.distribute"]
        done = self.browse()
        for pool in self.filtered(lambda line: line.is_open_pool):
            proposal = Wizard._cc_proposal(pool)
            if proposal:
                pool._cc_distribute_pool(dict(proposal))
                done |= pool
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if done else "warning",
                "message": self.env._(
                    "%(count)s team pools distributed.", count=len(done)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _cc_distribute_pool(self, allocations):
        """Hand the pool out: ``allocations`` {res.users: amount}.

        The amounts must add up to the pool; only assisting colleagues who are
        not excluded receive anything. Returns the new share lines.
        """
        self.ensure_one()
        self._cc_lock_pool()
        currency = self.currency_id
        pool = self._cc_pool_amount()
        if currency.compare_amounts(pool, 0.0) <= 0:
            raise UserError(
                self.env._(
                    "Nothing is left in the team pool of %(order)s.",
                    order=self.sale_order_id.name,
                )
            )
        assistants = self._cc_pool_assistants()
        excluded = self.pool_exclusion_ids
        for user, amount in allocations.items():
            if currency.compare_amounts(amount, 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "The Amount for %(user)s cannot be negative.", user=user.name
                    )
                )
            exclusion = excluded.filtered(lambda exc, user=user: exc.user_id == user)
            if exclusion and not currency.is_zero(amount):
                raise ValidationError(
                    self.env._(
                        "%(user)s is excluded from this pool for poaching "
                        "(%(reason)s) and receives nothing from it.",
                        user=user.name,
                        reason=exclusion[0].reason,
                    )
                )
            if user not in assistants and not currency.is_zero(amount):
                raise ValidationError(
                    self.env._(
                        "%(user)s did not assist with %(visitor)s: the team pool "
                        "goes to the assisting colleagues only.",
                        user=user.name,
                        visitor=self.visitor_id.name,
                    )
                )
        total = currency.round(sum(allocations.values()))
        if currency.compare_amounts(total, pool):
            raise ValidationError(
                self.env._(
                    "The amounts handed out (%(total)s) must add up to the team "
                    "pool of %(order)s: %(pool)s.",
                    total=total,
                    order=self.sale_order_id.name,
                    pool=pool,
                )
            )
        common = {
            "company_id": self.company_id.id,
            "office_id": self.office_id.id,
            "sale_order_id": self.sale_order_id.id,
            "visitor_id": self.visitor_id.id,
            "base": 0.0,
            "rate": self.rate,
            "pool_line_id": self.id,
            "date": fields.Date.context_today(self),
        }
        vals_list = [
            dict(
                common,
                role="team_pool",
                share=-self.share,
                amount=-pool,
                note=self.env._("Distributed to the assisting colleagues"),
            )
        ]
        for user, amount in allocations.items():
            if currency.is_zero(amount):
                continue
            vals_list.append(
                dict(
                    common,
                    role="pool_share",
                    user_id=user.id,
                    share=self.share * amount / pool,
                    amount=currency.round(amount),
                )
            )
        # sudo: the supervisor (checked) hands out the pool; commission lines
        # are otherwise written by the system only
        lines = self.env["cc.commission.line"].sudo().create(vals_list)
        self.sudo().pool_distributed = True
        self.sudo().message_post(
            body=self.env._(
                "Team pool of %(pool)s distributed: %(shares)s.",
                pool=pool,
                shares=", ".join(
                    f"{line.user_id.name} {line.amount}"
                    for line in lines.filtered("user_id")
                ),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return lines.filtered("user_id").with_env(self.env)
