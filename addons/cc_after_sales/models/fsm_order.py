from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# The work report and the units: frozen once the customer has signed.
RECEIPT_FIELDS = {
    "cc_lot_ids",
    "cc_findings",
    "resolution",
    "cc_service_type",
    "cc_result",
    "date_start",
    "date_end",
    "signature",
    "signed_by",
    "signed_on",
}


class FsmOrder(models.Model):
    """The dispatch order (产品调试(维修)派遣书) is fieldservice's order,
    with the request it serves, the units, the work report, the repair orders
    of the parts used and the customer-signed receipt (回执单)."""

    _name = "fsm.order"
    _inherit = ["fsm.order", "portal.mixin"]

    cc_request_id = fields.Many2one(
        "cc.service.request",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    cc_service_type = fields.Selection(
        [("commissioning", "Commissioning"), ("repair", "Repair")],
        string="Service Type",
        tracking=True,
    )
    cc_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_cc_partner_id",
        store=True,
        index="btree_not_null",
    )
    cc_sale_order_id = fields.Many2one(
        "sale.order", string="Sale Order", check_company=True
    )
    cc_picking_id = fields.Many2one(
        "stock.picking", string="Delivery", check_company=True
    )
    cc_lot_ids = fields.Many2many(
        "stock.lot",
        "cc_fsm_order_stock_lot_rel",
        "order_id",
        "lot_id",
        string="Units",
        check_company=True,
    )
    cc_engineer_user_ids = fields.Many2many(
        "res.users",
        "cc_fsm_order_engineer_user_rel",
        "order_id",
        "user_id",
        string="Engineer Users",
        compute="_compute_cc_engineer_user_ids",
        store=True,
    )
    cc_is_my_dispatch = fields.Boolean(
        string="Dispatched to Me",
        compute="_compute_cc_is_my_dispatch",
        search="_search_cc_is_my_dispatch",
        help="You are one of the engineers of this dispatch.",
    )
    cc_findings = fields.Html(string="Findings")
    cc_result = fields.Selection(
        [("success", "Successful"), ("failed", "Failed")],
        string="Result",
        tracking=True,
        copy=False,
    )
    cc_failure_reason = fields.Text(string="Failure Reason", copy=False)
    cc_repair_ids = fields.One2many(
        "repair.order", "cc_dispatch_id", string="Repair Orders"
    )
    cc_repair_count = fields.Integer(compute="_compute_cc_repair_count")
    cc_return_picking_id = fields.Many2one(
        "stock.picking", string="Sales Return", readonly=True, copy=False
    )
    cc_receipt_signed = fields.Boolean(
        string="Receipt Signed", compute="_compute_cc_receipt_signed", store=True
    )
    cc_scheduled_notified = fields.Boolean(readonly=True, copy=False)

    @api.constrains("date_start", "date_end")
    def _check_cc_dates(self):
        for order in self:
            if (
                order.date_start
                and order.date_end
                and order.date_end < order.date_start
            ):
                raise ValidationError(
                    _(
                        "Dispatch %(order)s: Actual End (%(end)s) is before "
                        "Actual Start (%(start)s).",
                        order=order.name,
                        end=order.date_end,
                        start=order.date_start,
                    )
                )

    @api.constrains("scheduled_date_start", "scheduled_date_end")
    def _check_cc_scheduled_dates(self):
        for order in self:
            if (
                order.scheduled_date_start
                and order.scheduled_date_end
                and order.scheduled_date_end < order.scheduled_date_start
            ):
                raise ValidationError(
                    _(
                        "Dispatch %(order)s: Scheduled End is before Scheduled "
                        "Start.",
                        order=order.name,
                    )
                )

    @api.depends("cc_request_id.commercial_partner_id", "location_id.owner_id")
    def _compute_cc_partner_id(self):
        for order in self:
            order.cc_partner_id = (
                order.cc_request_id.commercial_partner_id
                or order.location_id.owner_id.commercial_partner_id
            )

    @api.depends("person_id.partner_id.user_ids", "person_ids.partner_id.user_ids")
    def _compute_cc_engineer_user_ids(self):
        for order in self:
            people = order.person_id | order.person_ids
            order.cc_engineer_user_ids = [Command.set(people.partner_id.user_ids.ids)]

    @api.depends_context("uid")
    @api.depends("cc_engineer_user_ids")
    def _compute_cc_is_my_dispatch(self):
        for order in self:
            order.cc_is_my_dispatch = self.env.uid in order.cc_engineer_user_ids.ids

    def _search_cc_is_my_dispatch(self, operator, value):
        """The engineers' record rule: one uncorrelated sub-select on the
        engineers' index, where ``cc_engineer_user_ids in [uid]`` gives a
        correlated EXISTS that PostgreSQL plans row by row once it is ORed with
        the other rules."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                _(
                    "Dispatched to Me is searched with = or != True/False, not "
                    "%(operator)s %(value)s.",
                    operator=operator,
                    value=value,
                )
            )
        field = self._fields["cc_engineer_user_ids"]
        mine = SQL(
            "(SELECT %s FROM %s WHERE %s = %s)",
            SQL.identifier(field.column1),
            SQL.identifier(field.relation),
            SQL.identifier(field.column2),
            self.env.uid,
        )
        return [("id", "in" if (operator == "=") == value else "not in", mine)]

    @api.depends("signature", "signed_on")
    def _compute_cc_receipt_signed(self):
        for order in self:
            order.cc_receipt_signed = bool(order.signature and order.signed_on)

    def _compute_cc_repair_count(self):
        counts = dict(
            self.env["repair.order"]._read_group(
                [("cc_dispatch_id", "in", self.ids)], ["cc_dispatch_id"], ["__count"]
            )
        )
        for order in self:
            order.cc_repair_count = counts.get(order, 0)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/service/dispatch/{order.id}"
        return res

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("cc_request_id") and not vals.get("cc_service_type"):
                request = self.env["cc.service.request"].browse(vals["cc_request_id"])
                vals["cc_service_type"] = (
                    "commissioning"
                    if request.request_type == "commissioning"
                    else "repair"
                )
        return super().create(vals_list)

    def write(self, vals):
        frozen = RECEIPT_FIELDS.intersection(vals)
        if frozen and not self.env.context.get("cc_signing"):
            signed = self.filtered("cc_receipt_signed")
            if signed:
                raise UserError(
                    _(
                        "The receipt of %(orders)s is signed: its work report, "
                        "units and signature can no longer change.",
                        orders=", ".join(signed.mapped("name")),
                    )
                )
        result = super().write(vals)
        if "scheduled_date_start" in vals or "person_id" in vals:
            self._cc_notify_scheduled()
        return result

    # ------------------------------------------------------------------
    # Scheduling
    # ------------------------------------------------------------------
    def _cc_notify_scheduled(self):
        """Tell the customer once, when an engineer and a date are set."""
        template = self.env.ref(
            "cc_after_sales.mail_template_dispatch_scheduled", raise_if_not_found=False
        )
        to_notify = self.filtered(
            lambda o: o.cc_request_id
            and o.scheduled_date_start
            and o.person_id
            and not o.cc_scheduled_notified
            and not o.is_closed
        )
        if not template or not to_notify:
            return
        to_notify.with_context(cc_signing=True).write({"cc_scheduled_notified": True})
        for order in to_notify:
            order.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    # ------------------------------------------------------------------
    # Receipt
    # ------------------------------------------------------------------
    def _cc_sign_receipt(self, signed_by, signature):
        """Record the customer's signature on the receipt, once, and post the
        signed receipt PDF in the chatter. Used by the engineer's tablet
        (sign wizard) and by the portal."""
        self.ensure_one()
        if self.cc_receipt_signed:
            raise UserError(
                _(
                    "The receipt of %(order)s was already signed by %(who)s on "
                    "%(when)s.",
                    order=self.name,
                    who=self.signed_by,
                    when=self.signed_on,
                )
            )
        if self.cc_result == "failed":
            raise UserError(
                _(
                    "Dispatch %(order)s failed: the unit goes back through the "
                    "sales return; there is no receipt to sign.",
                    order=self.name,
                )
            )
        if not (signed_by or "").strip():
            raise UserError(_("Enter the name of the person signing the receipt."))
        if not signature:
            raise UserError(_("The receipt needs the customer's signature."))
        if self.stage_id == self.env.ref("fieldservice.fsm_stage_cancelled"):
            raise UserError(
                _("Dispatch %(order)s is cancelled: nothing to sign.", order=self.name)
            )
        self.with_context(cc_signing=True).write(
            {
                "signed_by": signed_by.strip(),
                "signed_on": fields.Datetime.now(),
                "signature": signature,
                "cc_result": self.cc_result or "success",
            }
        )
        self._cc_post_receipt()
        return True

    def _cc_post_receipt(self):
        self.ensure_one()
        report = self.env.ref("cc_after_sales.action_report_cc_service_receipt")
        # sudo: the signed receipt is archived in full (units, parts used)
        # whoever signs: the engineer on site or the customer on the portal;
        # only the PDF bytes come out
        pdf, _fmt = (
            self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, self.ids)
        )
        if self.cc_service_type == "commissioning":
            title = _("Commissioning receipt %s", self.name)
        else:
            title = _("Repair receipt %s", self.name)
        self.message_post(
            body=_("Receipt signed by %(who)s.", who=self.signed_by),
            subtype_xmlid="mail.mt_comment",
            attachments=[(f"{title}.pdf", pdf)],
        )

    def action_complete(self):
        # fieldservice asks for the signature on the stage an order moves
        # to: the receipt of a dispatch is signed before it is completed,
        # unless it failed and the unit goes back
        completed = self.env.ref("fieldservice.fsm_stage_completed")
        for order in self.filtered("cc_request_id"):
            if order.cc_result == "failed":
                if not order.cc_return_picking_id:
                    order._cc_check_failure_handled()
            elif completed.require_signature and not order.cc_receipt_signed:
                raise UserError(
                    _(
                        "Dispatch %(order)s needs the customer's signed receipt "
                        "before it is completed.",
                        order=order.name,
                    )
                )
        result = super().action_complete()
        self.filtered("cc_request_id").cc_request_id._cc_dispatch_completed(self)
        return result

    def _cc_check_failure_handled(self):
        """A failed dispatch is completed once the unit's return exists; the
        complaint bridge accepts a claim instead."""
        self.ensure_one()
        raise UserError(
            _(
                "Dispatch %(order)s failed: create the sales return of the unit "
                "(Failed → Return) before completing it.",
                order=self.name,
            )
        )

    # ------------------------------------------------------------------
    # Failure → sales return into the nonconforming location
    # ------------------------------------------------------------------
    def action_cc_failed(self):
        """Failed commissioning or repair: return the units to the
        nonconforming location through Odoo's return wizard."""
        self.ensure_one()
        if self.cc_receipt_signed:
            raise UserError(
                _(
                    "The receipt of %(order)s is signed as a success: a failed "
                    "dispatch is not signed off.",
                    order=self.name,
                )
            )
        if not self.cc_failure_reason:
            raise UserError(
                _(
                    "Describe why dispatch %(order)s failed (Failure Reason) " "first.",
                    order=self.name,
                )
            )
        self.with_context(cc_signing=True).write({"cc_result": "failed"})
        return self._cc_handle_failure()

    def _cc_handle_failure(self):
        self.ensure_one()
        if self.cc_return_picking_id:
            return self._cc_action_open(self.cc_return_picking_id)
        picking = self._cc_delivery_to_return()
        return_picking = self._cc_create_return(picking)
        self.cc_return_picking_id = return_picking
        self.message_post(
            body=_(
                "Failed %(type)s: sales return %(ret)s of %(units)s into "
                "nonconforming stock.",
                type=dict(
                    self._fields["cc_service_type"]._description_selection(self.env)
                ).get(self.cc_service_type, ""),
                ret=return_picking.name,
                units=", ".join(self.cc_lot_ids.mapped("name")) or "-",
            )
        )
        return self._cc_action_open(return_picking)

    def _cc_delivery_to_return(self):
        self.ensure_one()
        picking = self.cc_picking_id or self.cc_request_id.picking_id
        if not picking and self.cc_lot_ids:
            picking = (
                self.env["stock.move.line"]
                .search(
                    [
                        ("lot_id", "in", self.cc_lot_ids.ids),
                        ("state", "=", "done"),
                        ("location_dest_id.usage", "=", "customer"),
                    ],
                    order="date desc",
                    limit=1,
                )
                .picking_id
            )
        if not picking or picking.state != "done":
            raise UserError(
                _(
                    "Dispatch %(order)s has no validated delivery of the unit "
                    "to return: set the Delivery.",
                    order=self.name,
                )
            )
        return picking

    def _cc_create_return(self, picking):
        """Return the dispatch's units (all of the delivery without units)
        through stock.return.picking, into the company's nonconforming
        location."""
        self.ensure_one()
        location = self.env["stock.location"]._cc_nonconforming_location(
            picking.company_id
        )
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        lots = self.cc_lot_ids
        for line in wizard.product_return_moves:
            if lots:
                returned = line.move_id.move_line_ids.filtered(
                    lambda ml, lots=lots: ml.lot_id in lots
                )
                line.quantity = sum(returned.mapped("quantity"))
            else:
                line.quantity = line.move_id.quantity
        if not any(wizard.product_return_moves.mapped("quantity")):
            raise UserError(
                _(
                    "None of the units of dispatch %(order)s is on delivery "
                    "%(picking)s.",
                    order=self.name,
                    picking=picking.name,
                )
            )
        return_picking = wizard._create_return()
        return_picking.write({"location_dest_id": location.id})
        return_picking.move_ids.write({"location_dest_id": location.id})
        return_picking.move_ids.move_line_ids.write({"location_dest_id": location.id})
        return return_picking

    def _cc_action_open(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Parts through repair orders
    # ------------------------------------------------------------------
    def action_cc_create_repair(self):
        self.ensure_one()
        lot = self.cc_lot_ids[:1]
        product = lot.product_id or self.cc_request_id.product_id
        if not product:
            raise UserError(
                _(
                    "Set the unit (or the request's product) of dispatch "
                    "%(order)s before recording parts.",
                    order=self.name,
                )
            )
        warranty = self._cc_under_warranty(lot)
        repair = self.env["repair.order"].create(
            {
                "cc_dispatch_id": self.id,
                "partner_id": self.cc_partner_id.id or self.location_id.owner_id.id,
                "product_id": product.id,
                "lot_id": lot.id,
                "under_warranty": warranty,
                "company_id": self.company_id.id or self.env.company.id,
                "internal_notes": self.cc_findings,
            }
        )
        return self._cc_action_open(repair)

    def _cc_under_warranty(self, lot):
        """Hook for the warranty computation of the spare-part module; the
        engineer decides on the repair order meanwhile."""
        return False

    def action_cc_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "repair.action_repair_order_tree"
        )
        action["domain"] = [("cc_dispatch_id", "=", self.id)]
        action["context"] = {"default_cc_dispatch_id": self.id}
        return action

    def action_cc_print_receipt(self):
        return self.env.ref(
            "cc_after_sales.action_report_cc_service_receipt"
        ).report_action(self)
