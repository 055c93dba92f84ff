from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

ENGINEER = "cc_after_sales.group_cc_as_engineer"
MANAGER = "cc_after_sales.group_cc_as_manager"
WAREHOUSE = "cc_after_sales.group_cc_as_warehouse"


class CcSparePartNotice(models.Model):
    """Spare-part reissue notice (备件补发通知单): parts sent to a customer or a
    service station, under warranty (三包, at no charge, approved by the
    applicant's department leader then QA) or chargeable (a quotation,
    approved by QA)."""

    _name = "cc.spare.part.notice"
    _description = "Spare-Part Reissue Notice"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    # tier validation (cc.tier.approval.mixin): leaving "to approve" waits for
    # every review; the form stays locked once reviewed
    _state_from = ["to_approve"]
    _cc_tier_lock_after_review = True
    # cc.document.mixin
    _cc_sequence_code = "cc.spare.part.notice"
    _cc_transitions = {
        "submit": {"from": ("draft",), "to": "to_approve", "groups": ENGINEER},
        # decided by the tier reviews, not by a group
        "approve": {"from": ("to_approve",), "to": "approved"},
        "approval_rejected": {"from": ("to_approve",), "to": "draft"},
        # the delivery of the parts is validated (stock.picking hook)
        "done": {"from": ("approved",), "to": "done"},
        "cancel": {
            "from": ("draft", "to_approve", "approved"),
            "to": "cancel",
            "groups": ENGINEER,
        },
        "reset": {"from": ("cancel",), "to": "draft", "groups": ENGINEER},
    }
    # workflow bookkeeping written while the reviews run
    _cc_tier_free_fields = {"state", "approval_reject_reason"}

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
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("done", "Shipped"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    kind = fields.Selection(
        [("warranty", "Warranty"), ("chargeable", "Chargeable")],
        required=True,
        default="warranty",
        tracking=True,
        help="Warranty parts are shipped at no charge after the department "
        "leader's and QA's approval; chargeable parts are quoted to the "
        "customer after QA's approval.",
    )
    origin = fields.Selection(
        [
            ("request", "Service Request"),
            ("dispatch", "Dispatch"),
            ("station", "Service Station"),
            ("customer", "Customer"),
        ],
        required=True,
        default="customer",
        tracking=True,
    )
    request_id = fields.Many2one(
        "cc.service.request",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    dispatch_id = fields.Many2one(
        "fsm.order",
        string="Dispatch",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    station_partner_id = fields.Many2one(
        "res.partner",
        string="Service Station",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Unit",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="The unit (serial number) the parts are for.",
    )
    unit_product_id = fields.Many2one(related="lot_id.product_id", string="Model")
    cc_under_warranty = fields.Boolean(
        related="lot_id.cc_under_warranty", string="Under Warranty"
    )
    cc_warranty_end = fields.Date(
        related="lot_id.cc_warranty_end", string="Warranty Until"
    )
    warranty_override = fields.Boolean(
        string="Warranty Override",
        tracking=True,
        copy=False,
        help="An after-sales manager allows this warranty reissue for a unit "
        "out of warranty.",
    )
    warranty_override_reason = fields.Text(
        string="Override Reason", tracking=True, copy=False
    )
    user_id = fields.Many2one(
        "res.users",
        string="Applicant",
        required=True,
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Department Leader",
        compute="_compute_leader_id",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
        help="Reviews a warranty reissue before QA: the manager of the "
        "applicant's employee when known.",
    )
    date_ship = fields.Date(string="Ship Date", tracking=True)
    delivery_partner_id = fields.Many2one(
        "res.partner",
        string="Delivery Address",
        check_company=True,
        tracking=True,
    )
    receiver = fields.Char(string="Receiver")
    reason = fields.Text(string="Reason")
    line_ids = fields.One2many(
        "cc.spare.part.notice.line", "notice_id", string="Parts", copy=True
    )
    approval_reject_reason = fields.Text(readonly=True, copy=False)
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        readonly=True,
        copy=False,
        check_company=True,
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Quotation",
        readonly=True,
        copy=False,
        check_company=True,
    )

    # ------------------------------------------------------------------
    # Computes and onchanges
    # ------------------------------------------------------------------
    @api.depends("user_id")
    def _compute_leader_id(self):
        for notice in self:
            user = notice.user_id
            manager = self.env["res.users"]
            if "employee_id" in user._fields:
                # a stored compute runs as superuser (compute_sudo): the
                # employee's manager is read whatever the user's HR rights
                manager = user.employee_id.parent_id.user_id
            notice.leader_id = manager or notice.leader_id

    @api.onchange("request_id")
    def _onchange_request_id(self):
        if self.request_id:
            self.partner_id = self.request_id.commercial_partner_id
            self.lot_id = self.request_id.lot_id or self.lot_id

    @api.onchange("dispatch_id")
    def _onchange_dispatch_id(self):
        if self.dispatch_id:
            self.request_id = self.dispatch_id.cc_request_id or self.request_id
            self.partner_id = self.dispatch_id.cc_partner_id or self.partner_id
            self.lot_id = self.dispatch_id.cc_lot_ids[:1] or self.lot_id

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and not self.delivery_partner_id:
            self.delivery_partner_id = self.partner_id.address_get(["delivery"])[
                "delivery"
            ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("warranty_override", "warranty_override_reason")
    def _check_warranty_override_reason(self):
        for notice in self:
            if (
                notice.warranty_override
                and not (notice.warranty_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Notice %(name)s: give the Override Reason of the "
                        "warranty override.",
                        name=notice.name,
                    )
                )

    def _check_warranty_override_rights(self, vals):
        if (
            {"warranty_override", "warranty_override_reason"} & set(vals)
            and not self.env.su
            and not self.env.user.has_group(MANAGER)
        ):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager may allow a warranty reissue "
                    "for a unit out of warranty (Warranty Override)."
                )
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("warranty_override") or vals.get("warranty_override_reason"):
                self._check_warranty_override_rights(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_warranty_override_rights(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(notice.state not in ("draft", "cancel") for notice in self):
            raise UserError(
                self.env._("A submitted spare-part notice is cancelled, not deleted.")
            )

    # ------------------------------------------------------------------
    # Tier validation
    # ------------------------------------------------------------------
    def _cc_tier_auto_approve(self):
        self._cc_transition("approve")
        self.message_post(body=self.env._("All approval tiers validated."))
        self._cc_create_document_if_allowed()

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        if self.state == "to_approve" and self.validation_status == "rejected":
            reason = self._cc_tier_reject_reason()
            self.restart_validation()
            self._cc_transition("approval_rejected", {"approval_reject_reason": reason})
            self.message_post(
                body=self.env._(
                    "Approval rejected by %(user)s: %(reason)s. The notice is back "
                    "to draft.",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """The applicant submits the notice to its reviewers."""
        self._cc_check_transition("submit")
        for notice in self:
            notice._cc_check_before_submit()
        self._cc_transition("submit", {"approval_reject_reason": False})
        for notice in self:
            if notice.review_ids:
                notice.restart_validation()
            notice.request_validation()
            notice.invalidate_recordset(["review_ids", "need_validation"])
        return True

    def _cc_check_before_submit(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(
                self.env._("Notice %(name)s: add the parts to send.", name=self.name)
            )
        if not (self.reason or "").strip():
            raise UserError(
                self.env._(
                    "Notice %(name)s: give the Reason of the reissue.", name=self.name
                )
            )
        if self.kind != "warranty":
            return
        if not self.lot_id:
            raise UserError(
                self.env._(
                    "Notice %(name)s: a warranty reissue names the Unit (serial "
                    "number) whose warranty covers the parts.",
                    name=self.name,
                )
            )
        if not self.leader_id:
            raise UserError(
                self.env._(
                    "Notice %(name)s: set the Department Leader who reviews the "
                    "warranty reissue before QA.",
                    name=self.name,
                )
            )
        if not self.lot_id.cc_under_warranty and not self.warranty_override:
            raise UserError(
                self.env._(
                    "Notice %(name)s: unit %(lot)s is out of warranty (warranty "
                    "until %(end)s). Make the reissue chargeable, or ask an "
                    "after-sales manager for a Warranty Override with its reason.",
                    name=self.name,
                    lot=self.lot_id.display_name,
                    end=self.lot_id.cc_warranty_end or self.env._("no delivery"),
                )
            )

    def action_approve(self):
        """Leave "to approve" once every tier is validated (the last review
        does it by itself)."""
        self._cc_check_transition("approve")
        for notice in self:
            if notice.validation_status != "validated":
                raise UserError(
                    self.env._(
                        "Notice %(name)s cannot be approved yet: %(next)s",
                        name=notice.name,
                        next=notice.next_review
                        or self.env._("every tier must be validated."),
                    )
                )
        return self._cc_approve()

    def action_cancel(self):
        self._cc_check_transition("cancel")
        for notice in self:
            open_docs = notice.picking_id.filtered(
                lambda p: p.state != "cancel"
            ) or notice.sale_order_id.filtered(lambda o: o.state != "cancel")
            if open_docs:
                raise UserError(
                    self.env._(
                        "Notice %(name)s: cancel %(document)s first.",
                        name=notice.name,
                        document=open_docs.display_name,
                    )
                )
        return self._cc_transition("cancel")

    def action_draft(self):
        self._cc_transition("reset", {"approval_reject_reason": False})
        # any internal user may delete tier reviews (base_tier_validation)
        self.review_ids.unlink()
        return True

    def action_create_document(self):
        """Approved warranty notice → the outgoing delivery; approved
        chargeable notice → the quotation. Once, however often it is pressed
        and by however many users at once."""
        self.ensure_one()
        self._cc_check_state(("approved",), self.env._("Creating the delivery"))
        self._cc_lock()
        document = self._cc_document()
        if not document:
            if self.kind == "warranty":
                document = self._cc_create_picking()
            else:
                document = self._cc_create_sale_order()
        return self._cc_action_open(document)

    def _cc_create_document_if_allowed(self):
        """At the last approval, make the document when the approver may."""
        model = "stock.picking" if self.kind == "warranty" else "sale.order"
        if self.env[model].has_access("create"):
            self.action_create_document()
        else:
            # the customer's salesperson (or the applicant) makes the quotation
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Create the document of the approved notice"),
                note=self.env._(
                    "Notice %(name)s is approved: create its %(document)s.",
                    name=self.name,
                    document=self.env[model]._description,
                ),
                user_id=(
                    self.partner_id.commercial_partner_id.user_id or self.user_id
                ).id,
            )

    def _cc_document(self):
        self.ensure_one()
        return self.picking_id if self.kind == "warranty" else self.sale_order_id

    def _cc_lock(self):
        """Serialize document creation per notice.

        NOWAIT: a concurrent transaction holding the row fails at once with
        LockNotAvailable; a transaction whose snapshot predates a committed
        creation fails with a serialization error. Odoo retries both, and the
        retry finds the document made here.
        """
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cc_spare_part_notice WHERE id IN %s "
                "FOR NO KEY UPDATE NOWAIT",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["picking_id", "sale_order_id"])

    def _cc_warehouse(self):
        self.ensure_one()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse.out_type_id:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse delivery type to ship "
                    "notice %(name)s.",
                    company=self.company_id.name,
                    name=self.name,
                )
            )
        return warehouse

    def _cc_create_picking(self):
        self.ensure_one()
        picking_type = self._cc_warehouse().out_type_id
        source = picking_type.default_location_src_id
        destination = self.env.ref("stock.stock_location_customers")
        partner = self.delivery_partner_id or self.partner_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": self.name,
                "scheduled_date": self.date_ship or fields.Datetime.now(),
                "company_id": self.company_id.id,
                "cc_spare_part_notice_id": self.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": line.specification or line.product_id.display_name,
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.quantity,
                            "product_uom": line.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "price_unit": 0.0,
                            "company_id": self.company_id.id,
                        }
                    )
                    for line in self.line_ids
                ],
            }
        )
        picking.action_confirm()
        self.picking_id = picking
        self.message_post(
            body=self.env._(
                "Delivery %(picking)s created: warranty parts at no charge.",
                picking=picking._get_html_link(),
            )
        )
        return picking

    def _cc_create_sale_order(self):
        self.ensure_one()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "partner_shipping_id": (self.delivery_partner_id or self.partner_id).id,
                "origin": self.name,
                "commitment_date": self.date_ship,
                "company_id": self.company_id.id,
                "cc_spare_part_notice_id": self.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.quantity,
                        }
                    )
                    for line in self.line_ids
                ],
            }
        )
        self.sale_order_id = order
        self.message_post(
            body=self.env._(
                "Quotation %(order)s created for the chargeable parts.",
                order=order._get_html_link(),
            )
        )
        return order

    def _cc_delivered(self):
        """Hook of the validated deliveries: the notices shipped are done."""
        self.filtered(lambda n: n.state == "approved")._cc_transition("done")

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    def _cc_action_open(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_picking(self):
        self.ensure_one()
        return self._cc_action_open(self.picking_id)

    def action_view_sale_order(self):
        self.ensure_one()
        return self._cc_action_open(self.sale_order_id)

    @api.model
    def _cc_action_new(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Spare-Part Notice"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    @api.model
    def _cc_action_list(self, domain, context):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.cc_spare_part_notice_action"
        )
        action["domain"] = domain
        action["context"] = context
        return action


class CcSparePartNoticeLine(models.Model):
    _name = "cc.spare.part.notice.line"
    _description = "Spare-Part Reissue Notice Line"
    _order = "notice_id, sequence, id"
    _check_company_auto = True

    notice_id = fields.Many2one(
        "cc.spare.part.notice",
        string="Notice",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="notice_id.company_id", store=True, index=True, precompute=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    specification = fields.Char(
        string="Specification / Model",
        compute="_compute_specification",
        store=True,
        readonly=False,
    )
    quantity = fields.Float(
        default=1.0, digits="Product Unit of Measure", required=True
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit of Measure")

    @api.depends("product_id")
    def _compute_specification(self):
        for line in self:
            if not line.specification:
                line.specification = line.product_id.default_code or False

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "Notice %(notice)s, part %(product)s: the Quantity "
                        "(%(qty)s) must be greater than 0.",
                        notice=line.notice_id.name,
                        product=line.product_id.display_name,
                        qty=line.quantity,
                    )
                )

    def _cc_check_notice_editable(self):
        locked = self.notice_id.filtered(lambda n: n.state != "draft")
        if locked and not self.env.su:
            raise UserError(
                self.env._(
                    "Notice %(name)s is submitted: its parts can no longer change.",
                    name=locked[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._cc_check_notice_editable()
        return lines

    def write(self, vals):
        self._cc_check_notice_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        self._cc_check_notice_editable()


class TierDefinition(models.Model):
    _inherit = "tier.definition"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _get_tier_validation_model_names(self):
        res = super()._get_tier_validation_model_names()
        res.append("cc.spare.part.notice")
        return res
