from odoo import _, api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    cc_visitor_id = fields.Many2one(
        "cc.visitor",
        string="Showroom Visitor",
        index=True,
        copy=False,
        check_company=True,
    )
    # showroom data: left out of the order's fields for users without a
    # showroom role (a plain read() of the order must not need commission rights)
    cc_commission_line_ids = fields.One2many(
        "cc.commission.line",
        "sale_order_id",
        string="Commission Lines",
        groups="cc_sales_office.group_cc_sales_office_salesperson",
    )
    cc_commission_count = fields.Integer(
        compute="_compute_cc_commission_count",
        groups="cc_sales_office.group_cc_sales_office_salesperson",
    )

    @api.depends("cc_commission_line_ids")
    def _compute_cc_commission_count(self):
        for order in self:
            order.cc_commission_count = len(order.cc_commission_line_ids)

    def action_confirm(self):
        res = super().action_confirm()
        # whoever confirms (a salesperson without showroom rights, another
        # salesperson's order): the visitor's office is read on sudo
        self.sudo().filtered(
            lambda o: o.cc_visitor_id
            and o.cc_visitor_id.office_id.commission_trigger == "confirm"
        )._cc_generate_commission_lines()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        # whoever cancels: the commission lines are read on sudo, in a single
        # query that finds none for an order that never had any
        self._cc_orders_with_commission()._cc_reverse_commission_lines(
            1.0, _("Order cancelled")
        )
        return res

    def _cc_orders_with_commission(self):
        """The orders of ``self`` having commission lines, on sudo (one query)."""
        if not self.ids:
            return self.browse()
        # sudo: commission lines are not readable by every salesman; only the
        # orders (in the caller's environment) leave this method
        lines = (
            self.env["cc.commission.line"]
            .sudo()
            .search_fetch([("sale_order_id", "in", self.ids)], ["sale_order_id"])
        )
        return lines.sale_order_id.with_env(self.env)

    def action_view_cc_commissions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_commission_line_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Commission
    # ------------------------------------------------------------------
    def _cc_commission_amount(self):
        """Commission of the order: per product-category rate, else office rate."""
        self.ensure_one()
        office = self.cc_visitor_id.office_id
        rates = {rate.categ_id: rate.rate for rate in office.rate_ids}
        if not rates:
            return self.amount_untaxed * office.commission_rate / 100.0
        return sum(
            line.price_subtotal
            * rates.get(line.product_id.categ_id, office.commission_rate)
            / 100.0
            for line in self.order_line
        )

    def _cc_commission_shares(self):
        """[(role, user, employee, share %)] summing to 100 (referral, pool, owner).

        A referred deal follows the office's Referral and Team Pool rule
        (``cc.sales.office._cc_referral_split``).
        """
        self.ensure_one()
        visitor = self.cc_visitor_id
        office = visitor.office_id
        owner = visitor.user_id or self.user_id
        Employee = self.env["hr.employee"]
        Users = self.env["res.users"]
        assisted = bool(visitor.assistant_user_ids - owner)
        referral = visitor.referral_id
        if referral.state == "valid":
            split = office._cc_referral_split(assisted)
            pool = split["team_pool"]
        else:
            pool = office.team_pool_share if assisted else 0.0
        shares = []
        if pool:
            shares.append(("team_pool", Users, Employee, pool))
        if referral.state == "valid":
            shares.append(("referrer", Users, referral.employee_id, split["referrer"]))
            shares.append(("receiver", owner, Employee, split["receiver"]))
        else:
            shares.append(("owner", owner, Employee, 100.0 - pool))
        return shares

    def _cc_generate_commission_lines(self):
        vals_list = []
        # sudo: the office, rates and shares are showroom data the confirming
        # user may not read; the lines are created by the system
        for order in self.sudo():
            if order.cc_commission_line_ids.filtered(
                lambda line: line.state != "cancel" and not line.reversed_line_id
            ):
                continue
            commission = order._cc_commission_amount()
            base = order.amount_untaxed
            rate = commission / base * 100.0 if base else 0.0
            for role, user, employee, share in order._cc_commission_shares():
                vals_list.append(
                    {
                        "company_id": order.company_id.id,
                        "office_id": order.cc_visitor_id.office_id.id,
                        "sale_order_id": order.id,
                        "visitor_id": order.cc_visitor_id.id,
                        "role": role,
                        "user_id": user.id,
                        "employee_id": employee.id,
                        "base": base,
                        "rate": rate,
                        "share": share,
                        "amount": order.currency_id.round(commission * share / 100.0),
                    }
                )
        # sudo: the confirming user cannot create commission lines; they are
        # returned in the caller's environment
        lines = self.env["cc.commission.line"].sudo().create(vals_list)
        return lines.with_env(self.env)

    def _cc_reverse_commission_lines(self, ratio, reason):
        """Reverse the order's commission (credit note or cancellation).

        Full reversal (ratio 1): draft lines are cancelled, approved/paid lines
        get a negative draft line for what is left of them. Partial reversal
        (credit note for part of the order): a negative line of ``ratio`` of
        each line, at most what is left of it.
        """
        # sudo: whoever cancels or refunds (no showroom rights needed) moves
        # the commission; the new lines are returned in the caller's env
        Line = self.env["cc.commission.line"].sudo()
        to_cancel = Line
        vals_list = []
        for order in self.sudo():
            lines = order.cc_commission_line_ids
            originals = lines.filtered(
                lambda line: not line.reversed_line_id and line.state != "cancel"
            )
            for line in originals:
                if ratio >= 1.0 and line.state == "draft":
                    to_cancel |= line
                    continue
                reversals = lines.filtered(
                    lambda rev, line=line: rev.reversed_line_id == line
                    and rev.state != "cancel"
                )
                left = line.amount + sum(reversals.mapped("amount"))
                full = order.currency_id.round(line.amount * min(ratio, 1.0))
                # a negative line (a team pool handed out) is reversed upwards
                amount = min(left, full) if line.amount >= 0 else max(left, full)
                if order.currency_id.is_zero(amount):
                    continue
                vals_list.append(
                    {
                        "company_id": line.company_id.id,
                        "office_id": line.office_id.id,
                        "sale_order_id": order.id,
                        "visitor_id": line.visitor_id.id,
                        "role": line.role,
                        "user_id": line.user_id.id,
                        "employee_id": line.employee_id.id,
                        "base": -line.base * min(ratio, 1.0),
                        "rate": line.rate,
                        "share": line.share,
                        "amount": -amount,
                        "reversed_line_id": line.id,
                        "note": reason,
                    }
                )
        # a system step, whoever cancels or refunds: sudo, source state checked
        to_cancel._cc_transition("cancel", {"note": reason})
        return Line.create(vals_list).with_env(self.env)
