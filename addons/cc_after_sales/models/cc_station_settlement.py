from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

ENGINEER = "cc_after_sales.group_cc_as_engineer"
FINANCE = "cc_after_sales.group_cc_as_finance"
MANAGER = "cc_after_sales.group_cc_as_manager"

SETTLEMENT_STATES = [
    ("draft", "Draft"),
    ("billed", "Billed"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]
LINE_REASONS = [
    ("included", "Billed"),
    ("cancelled", "Work order cancelled"),
    ("rejected", "Rejected in review"),
    ("not_reviewed", "Not reviewed yet"),
    ("unsigned", "No signed receipt"),
    ("no_rate", "No contract rate"),
]


class CcStationSettlement(models.Model):
    """The monthly labour-fee settlement of a service station (劳务费结算):
    its accepted, unsettled work orders of the month at the contract rates
    become a draft vendor bill for the accountant; the work orders left out
    are listed with the reason."""

    _name = "cc.station.settlement"
    _description = "Service Station Settlement"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    # cc.document.mixin
    _cc_sequence_code = "cc.station.settlement"
    _cc_transitions = {
        "bill": {"from": ("draft",), "to": "billed", "groups": FINANCE},
        # the vendor bill posted (by the accountant, see account.move._post)
        "done": {"from": ("billed",), "to": "done", "groups": FINANCE},
        # the bill reset to draft in Accounting
        "reopen": {"from": ("done",), "to": "billed", "groups": FINANCE},
        "cancel": {"from": ("draft", "billed"), "to": "cancel", "groups": FINANCE},
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        SETTLEMENT_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    station_id = fields.Many2one(
        "res.partner",
        string="Station",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('cc_is_service_station', '=', True)]",
    )
    date_from = fields.Date(
        string="Month",
        required=True,
        tracking=True,
        help="First day of the month settled (any day of the month may be " "entered).",
    )
    date_to = fields.Date(string="Month End", compute="_compute_date_to", store=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        readonly=True,
        default=lambda self: self.env.company.currency_id,
    )
    line_ids = fields.One2many(
        "cc.station.settlement.line", "settlement_id", string="Work Orders"
    )
    order_ids = fields.One2many(
        "fsm.order", "cc_settlement_id", string="Settled Work Orders"
    )
    order_count = fields.Integer(
        compute="_compute_totals", store=True, string="Billed Orders"
    )
    excluded_count = fields.Integer(
        compute="_compute_totals", store=True, string="Left Out"
    )
    amount_total = fields.Monetary(
        compute="_compute_totals", store=True, string="Labour Fee", tracking=True
    )
    bill_id = fields.Many2one(
        "account.move",
        string="Vendor Bill",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
        tracking=True,
        groups="account.group_account_invoice",
    )
    bill_state = fields.Selection(
        related="bill_id.state",
        string="Bill Status",
        groups="account.group_account_invoice",
    )

    _sql_constraints = [
        (
            "date_from_first_day",
            "CHECK (EXTRACT(DAY FROM date_from) = 1)",
            "The month of a settlement starts on its first day.",
        ),
    ]

    def init(self):
        # one settlement per station and month, unless cancelled
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS cc_station_settlement_month_uniq
                ON cc_station_settlement (company_id, station_id, date_from)
             WHERE state != 'cancel'
            """
        )

    @api.depends("date_from")
    def _compute_date_to(self):
        for settlement in self:
            settlement.date_to = settlement.date_from and (
                settlement.date_from + relativedelta(day=31)
            )

    @api.depends("line_ids.amount", "line_ids.reason")
    def _compute_totals(self):
        for settlement in self:
            billed = settlement.line_ids.filtered(lambda x: x.reason == "included")
            settlement.order_count = len(billed)
            settlement.excluded_count = len(settlement.line_ids) - len(billed)
            settlement.amount_total = sum(billed.mapped("amount"))

    @api.depends("station_id", "date_from", "name")
    def _compute_display_name(self):
        for settlement in self:
            month = settlement.date_from and settlement.date_from.strftime("%Y-%m")
            settlement.display_name = " · ".join(
                filter(None, [settlement.name, settlement.station_id.name, month])
            )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_from"):
                vals["date_from"] = fields.Date.to_date(vals["date_from"]).replace(
                    day=1
                )
            if vals.get("station_id") and vals.get("date_from"):
                self._cc_check_not_settled(
                    self.env["res.partner"].browse(vals["station_id"]),
                    vals["date_from"],
                    self.env["res.company"].browse(
                        vals.get("company_id") or self.env.company.id
                    ),
                )
        return super().create(vals_list)

    def write(self, vals):
        if {"station_id", "date_from", "currency_id", "company_id"}.intersection(vals):
            if any(s.state != "draft" for s in self):
                raise UserError(
                    self.env._(
                        "The station, month and currency of a billed settlement "
                        "can no longer change."
                    )
                )
            if vals.get("date_from"):
                vals = dict(
                    vals,
                    date_from=fields.Date.to_date(vals["date_from"]).replace(day=1),
                )
            for settlement in self:
                self._cc_check_not_settled(
                    self.env["res.partner"].browse(
                        vals.get("station_id", settlement.station_id.id)
                    ),
                    vals.get("date_from", settlement.date_from),
                    settlement.company_id,
                    exclude=settlement,
                )
            self.line_ids.unlink()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_cancelled(self):
        if any(s.state not in ("draft", "cancel") or s.order_ids for s in self):
            raise UserError(
                self.env._(
                    "A settlement that billed work orders is cancelled, not deleted."
                )
            )

    # ------------------------------------------------------------------
    # Settling
    # ------------------------------------------------------------------
    @api.model
    def _cc_check_not_settled(self, station, month, company, exclude=None):
        if not station.cc_is_service_station:
            raise UserError(
                self.env._(
                    "%(partner)s is not an authorized service station (field "
                    "“Authorized Service Station” on the contact).",
                    partner=station.display_name,
                )
            )
        existing = self.search(
            [
                ("station_id", "=", station.id),
                ("date_from", "=", month),
                ("company_id", "=", company.id),
                ("state", "!=", "cancel"),
                ("id", "not in", exclude.ids if exclude else []),
            ],
            limit=1,
        )
        if existing:
            raise UserError(
                self.env._(
                    "%(station)s is already settled for %(month)s in %(number)s: "
                    "a month is settled once (cancel that settlement first).",
                    station=station.display_name,
                    month=month.strftime("%Y-%m"),
                    number=existing.name,
                )
            )

    @api.model
    def _cc_settle(self, station, month, company=None):
        """Create and bill the settlement of ``station`` for the month of
        ``month`` in one step (the work orders are locked first)."""
        company = company or self.env.company
        month = fields.Date.to_date(month).replace(day=1)
        self._cc_lock_orders(station, month, company)
        settlement = self.create(
            {"station_id": station.id, "date_from": month, "company_id": company.id}
        )
        settlement.action_bill()
        return settlement

    @api.model
    def _cc_lock_orders(self, station, month, company):
        """The station's unsettled work orders of the month, locked before
        they are read: a concurrent settlement that took them makes this
        transaction wait, then fail with a serialization error (which Odoo
        retries; the retry finds the month settled)."""
        Order = self.env["fsm.order"]
        Order.flush_model(["cc_station_id", "cc_station_work_date", "cc_settlement_id"])
        self.env.cr.execute(
            """
            SELECT id FROM fsm_order
             WHERE cc_station_id = %s
               AND cc_station_work_date BETWEEN %s AND %s
               AND cc_settlement_id IS NULL
               AND company_id = %s
             ORDER BY id
               FOR NO KEY UPDATE
            """,
            [station.id, month, month + relativedelta(day=31), company.id],
        )
        return Order.browse(row[0] for row in self.env.cr.fetchall())

    def _cc_line_values(self, orders):
        """One line per work order: billed at the rate valid on its work date,
        or left out with the reason."""
        self.ensure_one()
        rates = self.env["cc.service.station.rate"].search(
            [
                ("station_id", "=", self.station_id.id),
                ("company_id", "=", self.company_id.id),
                ("currency_id", "=", self.currency_id.id),
                ("date_from", "<=", self.date_to),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", self.date_from),
            ]
        )
        cancelled = self.env.ref("fieldservice.fsm_stage_cancelled")
        values = []
        for order in orders:
            rate = rates.filtered(
                lambda r, o=order: r._cc_applies(
                    o.cc_service_type, o.cc_station_work_date
                )
            )[:1]
            if order.stage_id == cancelled:
                reason = "cancelled"
            elif order.cc_station_review == "rejected":
                reason = "rejected"
            elif order.cc_station_review != "accepted":
                reason = "not_reviewed"
            elif not order.cc_receipt_signed:
                reason = "unsigned"
            elif not rate:
                reason = "no_rate"
            else:
                reason = "included"
            values.append(
                {
                    "settlement_id": self.id,
                    "order_id": order.id,
                    "reason": reason,
                    "rate_id": rate.id if reason == "included" else False,
                    "amount": rate.amount if reason == "included" else 0.0,
                }
            )
        return values

    def _cc_bill_values(self, billed):
        """The draft vendor bill: one line per billed work order (``billed``:
        line values of ``_cc_line_values``)."""
        self.ensure_one()
        product = self.env.ref("cc_after_sales.product_cc_station_labour_fee")
        orders = self.env["fsm.order"].browse(v["order_id"] for v in billed)
        rates = self.env["cc.service.station.rate"].browse(v["rate_id"] for v in billed)
        taxes = [Command.set(product.supplier_taxes_id.ids)]
        return {
            "move_type": "in_invoice",
            "partner_id": self.station_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "ref": self.name,
            "invoice_origin": self.name,
            "invoice_date": self.date_to,
            "invoice_line_ids": [
                Command.create(
                    {
                        "sequence": index,
                        "product_id": product.id,
                        "name": " ".join(
                            filter(
                                None,
                                [
                                    order.name,
                                    rate._cc_type_label(),
                                    str(order.cc_station_work_date),
                                    order.cc_station_customer
                                    or order.cc_partner_id.name,
                                ],
                            )
                        ),
                        "quantity": 1.0,
                        "price_unit": vals["amount"],
                        "tax_ids": taxes,
                    }
                )
                for index, (vals, order, rate) in enumerate(
                    zip(billed, orders, rates, strict=True), start=1
                )
            ],
        }

    def action_compute(self):
        """Preview the month in draft: which work orders would be billed and
        which are left out."""
        for settlement in self:
            settlement._cc_check_state(("draft",), self.env._("Recomputing"))
            orders = self.env["fsm.order"].search(
                [
                    ("cc_station_id", "=", settlement.station_id.id),
                    ("cc_station_work_date", ">=", settlement.date_from),
                    ("cc_station_work_date", "<=", settlement.date_to),
                    ("cc_settlement_id", "=", False),
                    ("company_id", "=", settlement.company_id.id),
                ],
                order="id",
            )
            settlement.line_ids.unlink()
            self.env["cc.station.settlement.line"].create(
                settlement._cc_line_values(orders)
            )
        return True

    def action_bill(self):
        """Bill the accepted, unsettled work orders of the month."""
        self._cc_check_transition("bill")
        Move = self.env["account.move"]
        for settlement in self:
            orders = self._cc_lock_orders(
                settlement.station_id, settlement.date_from, settlement.company_id
            )
            settlement.line_ids.unlink()
            values = settlement._cc_line_values(orders)
            billed = [v for v in values if v["reason"] == "included"]
            if not billed:
                raise UserError(
                    self.env._(
                        "%(station)s has no accepted work order with a signed "
                        "receipt and a contract rate to bill in %(month)s "
                        "(%(left)s work order(s), all left out).",
                        station=settlement.station_id.display_name,
                        month=settlement.date_from.strftime("%Y-%m"),
                        left=len(values),
                    )
                )
            bill = Move.with_company(settlement.company_id).create(
                settlement._cc_bill_values(billed)
            )
            bill_lines = bill.invoice_line_ids.sorted("sequence")
            for vals, bill_line in zip(billed, bill_lines, strict=True):
                vals["bill_line_id"] = bill_line.id
            lines = self.env["cc.station.settlement.line"].create(values)
            billed = lines.filtered(lambda x: x.reason == "included")
            # sudo: the settlement's own step, finance has no write access to
            # the work orders themselves
            billed.order_id.sudo().with_context(cc_settling=True).write(
                {"cc_settlement_id": settlement.id}
            )
            settlement._cc_transition("bill", {"bill_id": bill.id})
            settlement.message_post(
                body=self.env._(
                    "Vendor bill of %(count)s work order(s) for %(amount)s "
                    "created; %(left)s left out.",
                    count=len(billed),
                    amount=settlement.currency_id.format(settlement.amount_total),
                    left=len(lines) - len(billed),
                )
            )
        return True

    def action_cancel(self):
        """Cancel while the bill is a draft: the bill is cancelled too and the
        work orders can be settled again."""
        self._cc_check_transition("cancel")
        for settlement in self:
            bill = settlement.bill_id
            if bill and bill.state == "posted":
                raise UserError(
                    self.env._(
                        "Vendor bill %(bill)s of %(settlement)s is posted: reset "
                        "it to draft (or reverse it) in Accounting before "
                        "cancelling the settlement.",
                        bill=bill.display_name,
                        settlement=settlement.name,
                    )
                )
            if bill.state == "draft":
                bill.button_cancel()
            # sudo: as in action_bill, finance does not write work orders
            settlement.order_ids.sudo().with_context(cc_settling=True).write(
                {"cc_settlement_id": False}
            )
        self._cc_transition("cancel")
        return True

    def _cc_bill_posted(self):
        self.filtered(lambda s: s.state == "billed")._cc_transition("done")

    def _cc_bill_reset(self):
        self.filtered(lambda s: s.state == "done")._cc_transition("reopen")

    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.bill_id.id,
            "view_mode": "form",
        }

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.fsm_order_action_cc_station"
        )
        action["domain"] = [("id", "in", self.line_ids.order_id.ids)]
        action["context"] = {}
        return action


class CcStationSettlementLine(models.Model):
    _name = "cc.station.settlement.line"
    _description = "Service Station Settlement Line"
    _order = "settlement_id, reason, work_date, id"
    _check_company_auto = True

    settlement_id = fields.Many2one(
        "cc.station.settlement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="settlement_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    order_id = fields.Many2one(
        "fsm.order", string="Work Order", required=True, ondelete="cascade", index=True
    )
    work_date = fields.Date(related="order_id.cc_station_work_date", store=True)
    service_type = fields.Selection(related="order_id.cc_service_type", store=True)
    reason = fields.Selection(LINE_REASONS, string="Status", required=True)
    rate_id = fields.Many2one("cc.service.station.rate", string="Rate")
    amount = fields.Monetary(string="Labour Fee")
    bill_line_id = fields.Many2one(
        "account.move.line", string="Bill Line", ondelete="set null"
    )


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        bills = posted.filtered(lambda m: m.move_type == "in_invoice")
        if bills:
            # sudo: the accountant needs no after-sales rights to close the month
            self.env["cc.station.settlement"].sudo().search(
                [("bill_id", "in", bills.ids), ("state", "=", "billed")]
            )._cc_bill_posted()
        return posted

    def button_draft(self):
        result = super().button_draft()
        bills = self.filtered(lambda m: m.move_type == "in_invoice")
        if bills:
            # sudo: as in _post, the accountant needs no after-sales rights
            self.env["cc.station.settlement"].sudo().search(
                [("bill_id", "in", bills.ids), ("state", "=", "done")]
            )._cc_bill_reset()
        return result
