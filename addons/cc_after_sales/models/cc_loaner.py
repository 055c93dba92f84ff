from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ENGINEER = "cc_after_sales.group_cc_as_engineer"
MANAGER = "cc_after_sales.group_cc_as_manager"


class CcLoaner(models.Model):
    """A standby unit (备机) lent to a service station or a customer.

    Lending moves the serial unit by an internal transfer from the warehouse
    stock to the company's loaner location: the unit stays ours and is
    counted in the loaner stock. Past the due date the daily deadline check
    flags the loan and reminds the person responsible; the return moves the
    unit back to stock. A unit is never out on two loans at once.
    """

    _name = "cc.loaner"
    _description = "Loaner Unit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.deadline.mixin",
        "cc.document.mixin",
    ]
    _order = "date_out desc, id desc"
    _rec_names_search = ["name", "lot_id.name", "borrower_id.name"]
    _check_company_auto = True

    # cc.document.mixin
    _cc_sequence_code = "cc.loaner"
    _cc_transitions = {
        "lend": {"from": ("draft",), "to": "out", "groups": ENGINEER},
        "return": {"from": ("out",), "to": "returned", "groups": ENGINEER},
        "cancel": {"from": ("draft",), "to": "cancel", "groups": ENGINEER},
        "reset": {"from": ("cancel",), "to": "draft", "groups": MANAGER},
    }
    # cc.deadline.mixin: the due date
    _cc_deadline_closed_states = ("draft", "returned", "cancel")
    _cc_deadline_user_field = "user_id"

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
        [
            ("draft", "Draft"),
            ("out", "Out"),
            ("returned", "Returned"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Unit (Serial Number)",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('product_id.tracking', '=', 'serial')]",
    )
    product_id = fields.Many2one(
        related="lot_id.product_id", store=True, index=True, string="Product"
    )
    borrower_type = fields.Selection(
        [("station", "Service Station"), ("customer", "Customer")],
        string="Lent To a",
        required=True,
        default="customer",
    )
    borrower_id = fields.Many2one(
        "res.partner",
        string="Lent To",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    region_id = fields.Many2one(
        related="borrower_id.commercial_partner_id.cc_service_region_id",
        store=True,
        index="btree_not_null",
        string="Region",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    request_id = fields.Many2one(
        "cc.service.request",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
    )
    date_out = fields.Date(
        string="Lent On",
        default=fields.Date.context_today,
        required=True,
        tracking=True,
    )
    deadline = fields.Date(string="Due Back On")
    date_returned = fields.Date(string="Returned On", readonly=True, copy=False)
    picking_out_id = fields.Many2one(
        "stock.picking", string="Loan Transfer", readonly=True, copy=False
    )
    picking_return_id = fields.Many2one(
        "stock.picking", string="Return Transfer", readonly=True, copy=False
    )
    note = fields.Text()

    @api.constrains("date_out", "deadline")
    def _check_dates(self):
        for loaner in self:
            if loaner.deadline and loaner.deadline < loaner.date_out:
                raise ValidationError(
                    _(
                        "Loaner %(name)s: the due date (%(due)s) cannot be "
                        "before the day the unit is lent (%(out)s).",
                        name=loaner.name,
                        due=loaner.deadline,
                        out=loaner.date_out,
                    )
                )

    def _cc_reminder_summary(self):
        self.ensure_one()
        return _(
            "Loaner %(name)s: unit %(lot)s was due back from %(borrower)s on %(due)s",
            name=self.name,
            lot=self.lot_id.name,
            borrower=self.borrower_id.display_name,
            due=self.deadline,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_lend(self):
        """Lend the units: lock them, check none is already out, move them to
        the loaner location."""
        self._cc_check_transition("lend")
        missing = self.filtered(lambda loaner: not loaner.deadline)
        if missing:
            raise UserError(
                _(
                    "Loaner %(name)s: set the due date (“Due Back On”) before "
                    "lending the unit.",
                    name=missing[0].name,
                )
            )
        self._cc_lock_units()
        for loaner in self:
            company = loaner.company_id
            stock = loaner._cc_warehouse().lot_stock_id
            available = self.env["stock.quant"]._get_available_quantity(
                loaner.product_id, stock, lot_id=loaner.lot_id, strict=False
            )
            if available < 1:
                raise UserError(
                    _(
                        "Unit %(lot)s is not available in %(location)s: only "
                        "a unit in stock can be lent.",
                        lot=loaner.lot_id.name,
                        location=stock.display_name,
                    )
                )
            location = self.env["stock.location"]._cc_loaner_location(company)
            picking = loaner._cc_transfer(stock, location)
            loaner._cc_transition("lend", {"picking_out_id": picking.id})
            loaner.lot_id.cc_open_loaner_id = loaner
        return True

    def action_return(self):
        """The unit is back: transfer it from the loaner location to stock."""
        self._cc_check_transition("return")
        for loaner in self:
            location = self.env["stock.location"]._cc_loaner_location(loaner.company_id)
            picking = loaner._cc_transfer(location, loaner._cc_warehouse().lot_stock_id)
            loaner._cc_transition(
                "return",
                {
                    "picking_return_id": picking.id,
                    "date_returned": fields.Date.context_today(loaner),
                    "is_overdue": False,
                },
            )
            if loaner.lot_id.cc_open_loaner_id == loaner:
                loaner.lot_id.cc_open_loaner_id = False
            # the overdue reminder is answered by the return
            summary = loaner._cc_reminder_summary()
            loaner.activity_ids.filtered(
                lambda activity, summary=summary: activity.summary == summary
            ).action_feedback(feedback=_("The unit is back."))
        return True

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_reset(self):
        return self._cc_transition("reset")

    def action_open_picking(self):
        self.ensure_one()
        pickings = self.picking_out_id | self.picking_return_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("id", "in", pickings.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _cc_lock_units(self):
        """Lock the units' rows, then refuse a unit already out.

        The lock makes a second loan of the same unit wait for the first
        transaction; the first one writes the unit's open loaner, so the
        second fails with a serialization error, which Odoo retries: the
        retry sees the unit out and is refused.
        """
        lots = self.lot_id
        self.env.cr.execute(
            SQL(
                "SELECT id FROM stock_lot WHERE id IN %s FOR NO KEY UPDATE",
                tuple(lots.ids),
            )
        )
        lots.invalidate_recordset(["cc_open_loaner_id"])
        # sudo: the guard must see every open loan of the units, also one
        # the user may not read; only its name and borrower are shown
        open_loans = self.sudo().search(
            [("lot_id", "in", lots.ids), ("state", "=", "out")]
        )
        seen = {}
        for loaner in self:
            other = open_loans.filtered(lambda o, lot=loaner.lot_id: o.lot_id == lot)
            other = other or seen.get(loaner.lot_id.id)
            if other:
                raise UserError(
                    _(
                        "Unit %(lot)s is already out on loaner %(loaner)s "
                        "(lent to %(borrower)s): it must be returned before it "
                        "is lent again.",
                        lot=loaner.lot_id.name,
                        loaner=other[:1].name,
                        borrower=other[:1].borrower_id.display_name,
                    )
                )
            seen[loaner.lot_id.id] = loaner

    def _cc_warehouse(self):
        self.ensure_one()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                _(
                    "Company %(company)s has no warehouse to lend units from.",
                    company=self.company_id.name,
                )
            )
        return warehouse

    def _cc_transfer(self, source, destination):
        """A done internal transfer of the unit from ``source`` to
        ``destination``."""
        self.ensure_one()
        warehouse = self._cc_warehouse()
        product = self.product_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.int_type_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "partner_id": self.borrower_id.id,
                "origin": self.name,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.name,
                            "product_id": product.id,
                            "product_uom_qty": 1.0,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "company_id": self.company_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "product_uom_id": product.uom_id.id,
                "lot_id": self.lot_id.id,
                "quantity": 1.0,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "company_id": self.company_id.id,
            }
        )
        move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        if picking.state != "done":
            raise UserError(
                _(
                    "The transfer %(picking)s of unit %(lot)s could not be "
                    "validated.",
                    picking=picking.name,
                    lot=self.lot_id.name,
                )
            )
        return picking


class StockLot(models.Model):
    _inherit = "stock.lot"

    cc_open_loaner_id = fields.Many2one(
        "cc.loaner",
        string="Out on Loaner",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
