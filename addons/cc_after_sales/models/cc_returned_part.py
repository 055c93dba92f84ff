from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

ENGINEER = "cc_after_sales.group_cc_as_engineer"
MANAGER = "cc_after_sales.group_cc_as_manager"


class CcReturnedPart(models.Model):
    """A replaced part coming back from the field (旧件返回), received into the
    company's Returned Parts location and analysed: confirmed defect, no
    trouble found (NTF, 未发现故障) or damaged by use. A high NTF rate at a
    service station is a training signal."""

    _name = "cc.returned.part"
    _description = "Returned Part"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _cc_sequence_code = "cc.returned.part"
    _cc_transitions = {
        "analyse": {"from": ("draft",), "to": "analysed", "groups": ENGINEER},
        "reopen": {"from": ("analysed",), "to": "draft", "groups": MANAGER},
    }

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
    state = fields.Selection(
        [("draft", "To Analyse"), ("analysed", "Analysed")],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", check_company=True, tracking=True
    )
    station_partner_id = fields.Many2one(
        "res.partner",
        string="Service Station",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    dispatch_id = fields.Many2one(
        "fsm.order", string="Dispatch", index="btree_not_null", check_company=True
    )
    notice_id = fields.Many2one(
        "cc.spare.part.notice",
        string="Spare-Part Notice",
        index="btree_not_null",
        check_company=True,
        help="The reissue whose new part replaced this one.",
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Receipt", readonly=True, copy=False
    )
    picking_state = fields.Selection(
        related="picking_id.state", string="Receipt Status"
    )
    verdict = fields.Selection(
        [
            ("defect", "Confirmed Defect"),
            ("ntf", "No Trouble Found (NTF)"),
            ("damaged", "Damaged by Use"),
        ],
        tracking=True,
        copy=False,
    )
    ntf_rate = fields.Float(
        string="NTF Rate (%)",
        compute="_compute_ntf_rate",
        store=True,
        aggregator="avg",
        help="100 for an analysed part without trouble found, 0 for the other "
        "analysed parts: its average over analysed parts is the NTF rate.",
    )
    analyst_id = fields.Many2one(
        "res.users", string="Analyst", readonly=True, copy=False, tracking=True
    )
    date_analysed = fields.Date(string="Analysed On", readonly=True, copy=False)
    note = fields.Text(string="Analysis")

    @api.depends("verdict", "state")
    def _compute_ntf_rate(self):
        for part in self:
            part.ntf_rate = (
                100.0 if part.state == "analysed" and part.verdict == "ntf" else 0.0
            )

    @api.constrains("quantity")
    def _check_quantity(self):
        for part in self:
            if part.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "Returned part %(name)s: the Quantity (%(qty)s) must be "
                        "greater than 0.",
                        name=part.name,
                        qty=part.quantity,
                    )
                )

    @api.onchange("dispatch_id")
    def _onchange_dispatch_id(self):
        if self.dispatch_id:
            self.partner_id = self.dispatch_id.cc_partner_id or self.partner_id

    @api.onchange("notice_id")
    def _onchange_notice_id(self):
        if self.notice_id:
            self.partner_id = self.notice_id.partner_id
            self.station_partner_id = self.notice_id.station_partner_id
            self.dispatch_id = self.notice_id.dispatch_id or self.dispatch_id

    # ------------------------------------------------------------------
    # Receipt into the Returned Parts location
    # ------------------------------------------------------------------
    def action_create_receipt(self):
        """One incoming transfer per company and sender for the parts still
        without one, into the company's Returned Parts location."""
        todo = self.filtered(lambda p: not p.picking_id)
        groups = defaultdict(lambda: self.browse())
        for part in todo:
            sender = part.station_partner_id or part.partner_id
            groups[part.company_id, sender] |= part
        pickings = self.env["stock.picking"]
        for (company, sender), parts in groups.items():
            pickings |= parts._cc_create_receipt(company, sender)
        pickings = pickings or self.picking_id
        if len(pickings) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "stock.picking",
                "res_id": pickings.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return True

    def _cc_create_receipt(self, company, sender):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        if not warehouse.in_type_id:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse receipt type for the "
                    "returned parts.",
                    company=company.name,
                )
            )
        destination = self.env["stock.location"]._cc_returned_parts_location(company)
        source = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": sender.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": ", ".join(self.mapped("name")),
                "company_id": company.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": part.name,
                            "product_id": part.product_id.id,
                            "product_uom_qty": part.quantity,
                            "product_uom": part.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "company_id": company.id,
                        }
                    )
                    for part in self
                ],
            }
        )
        picking.action_confirm()
        self.picking_id = picking
        return picking

    # ------------------------------------------------------------------
    # Analysis
    # ------------------------------------------------------------------
    def action_analyse(self):
        self._cc_check_transition("analyse")
        missing = self.filtered(lambda p: not p.verdict)
        if missing:
            raise UserError(
                self.env._(
                    "Returned part %(name)s: choose the Verdict of the analysis "
                    "(confirmed defect, NTF or damaged by use).",
                    name=missing[0].name,
                )
            )
        self._cc_transition(
            "analyse",
            {
                "analyst_id": self.env.uid,
                "date_analysed": fields.Date.context_today(self),
            },
        )
        self.filtered(lambda p: p.verdict == "defect")._cc_on_confirmed_defect()
        return True

    def action_reopen(self):
        return self._cc_transition(
            "reopen", {"analyst_id": False, "date_analysed": False}
        )

    def _cc_on_confirmed_defect(self):
        """Hook: confirmed defects (the complaint bridge starts a CAPA)."""
        return True

    # ------------------------------------------------------------------
    # NTF rate
    # ------------------------------------------------------------------
    @api.model
    def _cc_ntf_rates(self, groupby, domain=None):
        """{group record: (analysed, ntf, rate %)} of the analysed parts per
        ``groupby`` (``product_id``, ``station_partner_id``...), one query."""
        groups = self._read_group(
            [("state", "=", "analysed"), *(domain or [])],
            [groupby, "verdict"],
            ["__count"],
        )
        figures = defaultdict(lambda: [0, 0])
        for key, verdict, count in groups:
            figures[key][0] += count
            if verdict == "ntf":
                figures[key][1] += count
        return {
            key: (analysed, ntf, round(100.0 * ntf / analysed, 2))
            for key, (analysed, ntf) in figures.items()
        }
