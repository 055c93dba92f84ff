from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

REGION_CLASSES = [
    ("1", "Class 1"),
    ("2", "Class 2"),
    ("3", "Class 3"),
]


class CcServiceRegion(models.Model):
    """An after-sales region (地区) with its field staff (驻外人员).

    Its class follows the units the region's customers bought in the last
    twelve months (posted customer invoices minus credit notes): class 1 from
    the company's class-1 volume, or from the class-2 volume when the region
    buys high-failure models; class 2 from the class-2 volume; class 3 below.
    """

    _name = "cc.service.region"
    _description = "After-Sales Region"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state_ids = fields.Many2many(
        "res.country.state",
        string="States Covered",
        help="Customers whose address is in one of these states belong to the "
        "region (unless a region is set on the customer by hand).",
    )
    partner_ids = fields.One2many(
        "res.partner", "cc_service_region_id", string="Customers"
    )
    user_ids = fields.Many2many(
        "res.users",
        "cc_service_region_user_rel",
        "region_id",
        "user_id",
        string="Field Staff",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    class_level = fields.Selection(
        REGION_CLASSES,
        string="Class",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="Computed monthly from the posted sales of the last twelve months.",
    )
    annual_units = fields.Float(
        string="Units Sold (12 Months)",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
    )
    high_failure_units = fields.Float(
        string="High-Failure Units (12 Months)",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
    )
    class_computed_on = fields.Datetime(
        string="Class Computed On", readonly=True, copy=False
    )
    class_month = fields.Date(
        string="Classed by the Monthly Run",
        readonly=True,
        copy=False,
        help="First day of the month in which the monthly run last classed the "
        "region; the run skips the regions it already classed this month.",
    )
    loaner_out_count = fields.Integer(
        string="Loaners Out", compute="_compute_loaner_counts"
    )
    loaner_overdue_count = fields.Integer(
        string="Loaners Overdue", compute="_compute_loaner_counts"
    )
    replacement_count = fields.Integer(
        string="Replacements", compute="_compute_replacement_count"
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "name_company_uniq",
            "UNIQUE(name, company_id)",
            "A region with this name already exists in the company.",
        ),
    ]

    def _compute_loaner_counts(self):
        out, overdue = {}, {}
        for region, is_overdue, count in self.env["cc.loaner"]._read_group(
            [("region_id", "in", self.ids), ("state", "=", "out")],
            ["region_id", "is_overdue"],
            ["__count"],
        ):
            out[region.id] = out.get(region.id, 0) + count
            if is_overdue:
                overdue[region.id] = count
        for region in self:
            region.loaner_out_count = out.get(region.id, 0)
            region.loaner_overdue_count = overdue.get(region.id, 0)

    def _compute_replacement_count(self):
        counts = dict(
            self.env["cc.unit.replacement"]._read_group(
                [("region_id", "in", self.ids)], ["region_id"], ["__count"]
            )
        )
        for region in self:
            region.replacement_count = counts.get(region, 0)

    # ------------------------------------------------------------------
    # Classes
    # ------------------------------------------------------------------
    def action_compute_class(self):
        """Button: recompute the class of the selected regions now."""
        self._cc_compute_classes()
        return True

    @api.model
    def _cc_class_cron_domain(self, today=None):
        """Active regions the monthly run has not classed this month yet."""
        today = today or fields.Date.context_today(self)
        return [
            ("active", "=", True),
            "|",
            ("class_month", "=", False),
            ("class_month", "<", today + relativedelta(day=1)),
        ]

    @api.model
    def _cron_cc_compute_classes(self):
        """Monthly: the class of every active region of every company, one
        row-locked batch per call (``cc.cron.batch.mixin``); the classed
        regions leave the domain for the month (``class_month``)."""
        # the cron runs as superuser: every company's regions
        today = fields.Date.context_today(self)
        domain = self._cc_class_cron_domain(today)
        batcher = self.env["cc.cron.batch.mixin"]
        regions = batcher._cc_cron_take_batch(domain, model=self._name)
        regions._cc_compute_classes(
            today=today, vals={"class_month": today + relativedelta(day=1)}
        )
        batcher._cc_cron_notify(len(regions), domain, model=self._name)
        return regions

    def _cc_compute_classes(self, today=None, vals=None):
        """Class the regions from one grouped query on the posted invoice
        lines of the last twelve months, whatever the number of regions;
        ``vals`` are written along with the class."""
        if not self:
            return
        today = today or fields.Date.context_today(self)
        date_from = today - relativedelta(years=1)
        # sudo: the after-sales manager classing regions needs no accounting
        # rights; only the sums per region come out
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("cc_service_region_id", "in", self.ids),
                    ("parent_state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("display_type", "=", "product"),
                    ("date", ">", date_from),
                    ("date", "<=", today),
                ],
                [
                    "cc_service_region_id",
                    "company_id",
                    "move_type",
                    "cc_high_failure_model",
                ],
                ["quantity:sum"],
            )
        )
        totals, high = {}, {}
        for region, company, move_type, high_failure, quantity in groups:
            if company != region.company_id:
                continue
            signed = (
                -(quantity or 0.0) if move_type == "out_refund" else quantity or 0.0
            )
            totals[region.id] = totals.get(region.id, 0.0) + signed
            if high_failure:
                high[region.id] = high.get(region.id, 0.0) + signed
        now = fields.Datetime.now()
        for region in self:
            units = totals.get(region.id, 0.0)
            high_units = high.get(region.id, 0.0)
            region.write(
                {
                    "annual_units": units,
                    "high_failure_units": high_units,
                    "class_level": region._cc_class_for(units, high_units),
                    "class_computed_on": now,
                    **(vals or {}),
                }
            )

    def _cc_class_for(self, units, high_failure_units):
        self.ensure_one()
        company = self.company_id
        if units >= company.cc_as_region_class1_units or (
            high_failure_units > 0 and units >= company.cc_as_region_class2_units
        ):
            return "1"
        if units >= company.cc_as_region_class2_units:
            return "2"
        return "3"

    # ------------------------------------------------------------------
    # Customers of the covered states
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        regions = super().create(vals_list)
        regions._cc_assign_customers()
        return regions

    def write(self, vals):
        result = super().write(vals)
        if "state_ids" in vals:
            self._cc_assign_customers()
        return result

    def _cc_assign_customers(self):
        """Customers of the covered states that have no region yet get this one."""
        # sudo: setting a region's states assigns its customers; the after-sales
        # manager need not be allowed to edit contacts
        Partner = self.env["res.partner"].sudo()
        for region in self.filtered("state_ids"):
            Partner.search(
                [
                    ("state_id", "in", region.state_ids.ids),
                    ("cc_service_region_id", "=", False),
                    ("company_id", "in", [False, region.company_id.id]),
                ]
            ).write({"cc_service_region_id": region.id})

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    def action_open_loaners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.cc_loaner_action"
        )
        action["domain"] = [("region_id", "=", self.id)]
        action["context"] = {"search_default_out": 1}
        return action

    def action_open_replacements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_after_sales.cc_unit_replacement_action"
        )
        action["domain"] = [("region_id", "=", self.id)]
        action["context"] = {}
        return action


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # not stored: only for grouping the region classes in SQL
    cc_service_region_id = fields.Many2one(
        related="partner_id.commercial_partner_id.cc_service_region_id",
        string="After-Sales Region",
    )
    cc_high_failure_model = fields.Boolean(
        related="product_id.product_tmpl_id.cc_high_failure_model",
        string="High-Failure Model",
    )
