import re

from dateutil.relativedelta import relativedelta
from markupsafe import Markup
from psycopg2 import errors

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from .cc_sales_office import SUPERVISOR

PHONE_CHARS = re.compile(r"^[\d\s+\-().]+$")

# Register data a salesperson may no longer change once the supervisor
# confirmed the day (登记簿不得涂改和销毁).
LOCKED_FIELDS = {
    "name",
    "mobile",
    "phone",
    "office_id",
    "register_date",
    "demand_type",
    "demand_size",
    "source_id",
    "occupation",
    "business_card",
    "group_size",
    "related_visitor_id",
    "relation",
    "intro_type",
    "referral_id",
    "company_id",
    "active",
    "user_id",
    "assistant_user_ids",
}


SATISFACTION = [
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]


class CcVisitor(models.Model):
    _name = "cc.visitor"
    _description = "Showroom Visitor"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "register_date desc, id desc"
    _check_company_auto = True

    # cc.document.mixin: the name is the visitor's, no numbering
    _cc_transitions = {
        # a registration is valid with a name, a phone and a demand type:
        # these two moves follow the data (see ``_cc_sync_registration``)
        "complete": {"from": ("incomplete",), "to": "draft"},
        "uncomplete": {"from": ("draft",), "to": "incomplete"},
        # the supervisor's daily confirmation of the register (确认)
        "confirm": {
            "from": ("draft",),
            "to": "confirmed",
            "groups": SUPERVISOR,
        },
    }

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(string="Full Name", required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    office_id = fields.Many2one(
        "cc.sales.office",
        string="Sales Office",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("incomplete", "Incomplete"),
            ("draft", "Registered"),
            ("confirmed", "Confirmed"),
        ],
        default="incomplete",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        help="A registration is valid once it has the full name, a phone "
        "(mobile or landline) and the demand type; until then it is incomplete "
        "and its salesperson is reminded. The supervisor confirms the day's "
        "register before close; a confirmed entry can only be changed by the "
        "supervisor, field by field in the chatter, and never deleted or "
        "archived.",
    )
    register_date = fields.Date(
        required=True, default=fields.Date.context_today, index=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user,
        help="Salesperson whose customer this is (first registration wins).",
    )
    previous_user_id = fields.Many2one(
        "res.users", string="Previous Owner", readonly=True
    )
    in_pool = fields.Boolean(
        string="In Pool",
        tracking=True,
        copy=False,
        index=True,
        help="Ownership expired: the visitor goes to whoever receives them next.",
    )
    mobile = fields.Char(tracking=True)
    mobile_normalized = fields.Char(
        compute="_compute_mobile_normalized", store=True, index=True, precompute=True
    )
    phone = fields.Char(string="Landline", tracking=True)
    demand_type = fields.Selection(
        [
            ("studio", "Studio"),
            ("1br", "1 bedroom"),
            ("2br", "2 bedrooms"),
            ("3br", "3 bedrooms"),
            ("4br", "4+ bedrooms"),
            ("villa", "Villa"),
            ("shop", "Shop / office"),
        ],
        string="Demand Type",
        tracking=True,
    )
    demand_size = fields.Float(string="Demand Size (m²)")
    source_id = fields.Many2one("utm.source", string="Media Source", tracking=True)
    intro_type = fields.Selection(
        [
            ("walk_in", "Walk-in"),
            ("developer", "Introduced by the developer"),
            ("company", "Introduced by the company"),
            ("referral", "Employee referral"),
        ],
        string="Came Through",
        default="walk_in",
        required=True,
    )
    occupation = fields.Char(string="Occupation / Company")
    currency_id = fields.Many2one(related="company_id.currency_id")
    budget = fields.Monetary()
    objections = fields.Text(string="Objections")
    attractions = fields.Text(string="Attractions")
    competitors = fields.Char(string="Competitors Compared")
    opinion = fields.Text(string="Opinion of the Project")
    note_s = fields.Text(string="S: Situation", help="Need, budget, media, family.")
    note_o = fields.Text(
        string="O: Observation", help="Appearance, character, position, car."
    )
    note_a = fields.Text(string="A: Analysis", help="The reception told as a story.")
    note_p = fields.Text(
        string="P: Plan", help="Follow-up plan until the deal or the end."
    )
    business_card = fields.Image(max_width=1024, max_height=1024)
    group_size = fields.Integer(default=1)
    related_visitor_id = fields.Many2one(
        "cc.visitor",
        string="Same Customer As",
        index=True,
        check_company=True,
        help="Spouse, partner, parent or child of a registered visitor: one customer.",
    )
    relation = fields.Selection(
        [
            ("spouse", "Spouse"),
            ("partner", "Partner"),
            ("parent", "Parent"),
            ("child", "Child"),
        ]
    )
    family_ids = fields.One2many("cc.visitor", "related_visitor_id", string="Family")
    referral_id = fields.Many2one("cc.referral", string="Referral", check_company=True)
    assistant_user_ids = fields.Many2many(
        "res.users",
        "cc_visitor_assistant_rel",
        "visitor_id",
        "user_id",
        string="Assisting Salespeople",
        help="Colleagues who received this visitor on the owner's behalf; their "
        "help is paid from the team pool.",
    )
    followup_ids = fields.One2many(
        "cc.visitor.followup", "visitor_id", string="Follow-ups"
    )
    # stored computes are precomputed: a registration is one INSERT
    followup_count = fields.Integer(
        compute="_compute_followups", store=True, precompute=True
    )
    last_followup_date = fields.Date(
        compute="_compute_followups", store=True, precompute=True
    )
    ownership_until = fields.Date(
        compute="_compute_ownership_until",
        store=True,
        precompute=True,
        index=True,
        help="Last follow-up (or registration) plus the office's ownership period.",
    )
    # counted per visit (see cc_visitor_register.py)
    followup_insufficient = fields.Boolean(
        string="Too Few Follow-ups",
        compute="_compute_followup_insufficient",
        search="_search_followup_insufficient",
        help="A visit of this visitor has fewer follow-ups than the office's "
        "minimum (each visit counts on its own).",
    )
    call_ids = fields.One2many("cc.visitor.call", "visitor_id", string="Calls")
    assignment_ids = fields.One2many(
        "cc.visitor.assignment", "visitor_id", string="Arrivals"
    )
    arrival_count = fields.Integer(compute="_compute_arrival_count")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", tracking=True, copy=False
    )
    sale_order_ids = fields.One2many("sale.order", "cc_visitor_id", string="Quotations")
    sale_order_count = fields.Integer(compute="_compute_sale_order_count")
    is_converted = fields.Boolean(
        string="Converted",
        compute="_compute_is_converted",
        store=True,
        precompute=True,
        help="Has a confirmed sale order.",
    )
    can_confirm = fields.Boolean(compute="_compute_can")
    can_reassign = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------------
    # Init: one active registration per mobile number and company
    # ------------------------------------------------------------------
    def init(self):
        if not tools.index_exists(self.env.cr, "cc_visitor_mobile_company_active_uniq"):
            self.env.cr.execute(
                """
                CREATE UNIQUE INDEX cc_visitor_mobile_company_active_uniq
                    ON cc_visitor (company_id, mobile_normalized)
                 WHERE active AND mobile_normalized IS NOT NULL
                """
            )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.model
    def _cc_normalize_mobile(self, number):
        """Digits only, without the +86 / 0086 country prefix of a mobile."""
        digits = re.sub(r"\D", "", number or "")
        for prefix in ("0086", "86"):
            if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
                digits = digits[len(prefix) :]
                break
        return digits or False

    @api.depends("mobile")
    def _compute_mobile_normalized(self):
        for visitor in self:
            visitor.mobile_normalized = self._cc_normalize_mobile(visitor.mobile)

    @api.depends("followup_ids.date")
    def _compute_followups(self):
        for visitor in self:
            dates = visitor.followup_ids.mapped("date")
            visitor.followup_count = len(dates)
            visitor.last_followup_date = max(dates) if dates else False

    @api.depends("last_followup_date", "register_date", "office_id.ownership_months")
    def _compute_ownership_until(self):
        for visitor in self:
            start = visitor.last_followup_date or visitor.register_date
            months = visitor.office_id.ownership_months or 1
            visitor.ownership_until = start and start + relativedelta(months=months)

    def _compute_arrival_count(self):
        counts = dict(
            self.env["cc.visitor.assignment"]._read_group(
                [("visitor_id", "in", self.ids)], ["visitor_id"], ["__count"]
            )
        )
        for visitor in self:
            visitor.arrival_count = counts.get(visitor, 0)

    def _compute_sale_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("cc_visitor_id", "in", self.ids)], ["cc_visitor_id"], ["__count"]
            )
        )
        for visitor in self:
            visitor.sale_order_count = counts.get(visitor, 0)

    @api.depends("sale_order_ids.state")
    def _compute_is_converted(self):
        for visitor in self:
            visitor.is_converted = "sale" in visitor.sale_order_ids.mapped("state")

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can(self):
        is_supervisor = self.env.user.has_group(
            "cc_sales_office.group_cc_sales_office_supervisor"
        )
        for visitor in self:
            visitor.can_confirm = is_supervisor and visitor.state == "draft"
            visitor.can_reassign = is_supervisor

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("name", "mobile")
    def _check_name_mobile(self):
        for visitor in self:
            if not (visitor.name or "").strip():
                raise ValidationError(
                    _("A visitor needs a full name (field Full Name).")
                )
            if not visitor.mobile:
                # a registration without a phone is kept, incomplete
                continue
            digits = re.sub(r"\D", "", visitor.mobile)
            if not PHONE_CHARS.match(visitor.mobile) or not 7 <= len(digits) <= 15:
                raise ValidationError(
                    _(
                        "Mobile %(mobile)s of %(name)s is not a phone number: 7 to 15 "
                        "digits, with only spaces, +, -, ( ) between them.",
                        mobile=visitor.mobile or "",
                        name=visitor.name,
                    )
                )

    def _cc_check_duplicate(self, mobile, company_id, exclude_ids=()):
        """First registration wins: refuse a later one with the owner's name.

        Checked before writing, for a clear message; the partial unique index
        on (company, normalized mobile) backs it up against concurrent saves.
        """
        normalized = self._cc_normalize_mobile(mobile)
        if not normalized:
            return
        if not exclude_ids and self.env.context.get("cc_mobile_checked") == (
            company_id,
            normalized,
        ):
            # the walk-in looked this number up in this company under the
            # rota lock a moment ago and found nobody: the same check
            return
        # sudo: a registration of any colleague counts; only its name, date
        # and owner reach the message
        first = self.sudo().search(
            [
                ("id", "not in", list(exclude_ids)),
                ("company_id", "=", company_id),
                ("mobile_normalized", "=", normalized),
            ],
            limit=1,
        )
        if first:
            raise ValidationError(
                _(
                    "Mobile %(mobile)s is already registered as %(name)s on "
                    "%(date)s by %(owner)s: the first registration wins.",
                    mobile=mobile,
                    name=first.name,
                    date=first.register_date,
                    owner=first.user_id.name or _("the pool"),
                )
            )

    @api.constrains("related_visitor_id", "user_id")
    def _check_related_visitor(self):
        """Spouses, partners, parents and children are one customer."""
        for visitor in self.filtered("related_visitor_id"):
            # sudo: the main visitor may be a colleague's; only its owner and
            # name are read, for the check and its message
            main = visitor.sudo().related_visitor_id
            if main == visitor or main.related_visitor_id:
                raise ValidationError(
                    _(
                        "Link %(name)s to the main visitor of the family, not to a "
                        "family member.",
                        name=visitor.name,
                    )
                )
            owner = main._cc_current_owner()
            if owner and visitor.user_id and owner != visitor.user_id:
                raise ValidationError(
                    _(
                        "%(name)s is the same customer as %(main)s, already registered "
                        "by %(owner)s: the first registration wins.",
                        name=visitor.name,
                        main=main.name,
                        owner=owner.name,
                    )
                )

    @api.constrains("group_size")
    def _check_group_size(self):
        for visitor in self:
            if visitor.group_size < 1:
                raise ValidationError(_("The group size must be at least 1."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if "active" in vals and not vals["active"]:
            archived = self.filtered(lambda v: v.state == "confirmed")
            if archived:
                raise UserError(
                    _(
                        "The register is never destroyed: confirmed entries cannot "
                        "be archived, not even by the supervisor (%(names)s).",
                        names=", ".join(archived.mapped("name")),
                    )
                )
        if not self.env.su and not self.env.user.has_group(
            "cc_sales_office.group_cc_sales_office_supervisor"
        ):
            if "user_id" in vals and any(v.user_id.id != vals["user_id"] for v in self):
                raise UserError(
                    _(
                        "Only the supervisor can change the owner of a visitor "
                        "(Reassign)."
                    )
                )
            locked = LOCKED_FIELDS.intersection(vals)
            if locked and self.filtered(lambda v: v.state == "confirmed"):
                raise UserError(
                    _(
                        "The register of %(names)s is confirmed: only the supervisor "
                        "can change it (fields: %(fields)s).",
                        names=", ".join(
                            self.filtered(lambda v: v.state == "confirmed").mapped(
                                "name"
                            )
                        ),
                        fields=", ".join(sorted(locked)),
                    )
                )
        if vals.get("mobile") or vals.get("active"):
            for visitor in self:
                if vals.get("active", visitor.active):
                    visitor._cc_check_duplicate(
                        vals.get("mobile", visitor.mobile),
                        vals.get("company_id", visitor.company_id.id),
                        exclude_ids=self.ids,
                    )
        confirmed = self.filtered(lambda v: v.state == "confirmed")
        changed = sorted(LOCKED_FIELDS.intersection(vals))
        log = confirmed and changed and not self.env.context.get("cc_no_register_log")
        old_values = log and {
            visitor.id: {fname: visitor._cc_register_value(fname) for fname in changed}
            for visitor in confirmed
        }
        res = super().write(vals)
        if log:
            for visitor in confirmed:
                visitor._cc_log_register_change(old_values[visitor.id])
        return res

    def _cc_register_value(self, fname):
        """``fname`` of this entry as the register shows it (a text)."""
        self.ensure_one()
        field = self._fields[fname]
        value = self[fname]
        if field.type == "selection":
            value = dict(field._description_selection(self.env)).get(value, value)
        elif field.type == "binary":
            value = value and _("(image)")
        elif field.type in ("many2many", "one2many"):
            value = ", ".join(value.mapped("display_name"))
        else:
            value = field.convert_to_display_name(value, self)
        return value if value not in (False, None, "") else _("(empty)")

    def _cc_log_register_change(self, old_values):
        """Post who changed which field of a confirmed entry, from what to what."""
        self.ensure_one()
        lines = Markup("").join(
            Markup("<li>%s: %s → %s</li>")
            % (self._fields[fname].string, old, self._cc_register_value(fname))
            for fname, old in old_values.items()
            if old != self._cc_register_value(fname)
        )
        if lines:
            self.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    _(
                        "Confirmed register entry changed by %(user)s:",
                        user=self.env.user.name,
                    ),
                    lines,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("active", True):
                self._cc_check_duplicate(
                    vals.get("mobile"), vals.get("company_id") or self.env.company.id
                )
        try:
            visitors = super().create(vals_list)
        except errors.UniqueViolation as exc:
            if exc.diag.constraint_name != "cc_visitor_mobile_company_active_uniq":
                raise
            # a colleague saved the same number in a transaction this one could
            # not see yet: the first registration wins, this one is refused
            raise ValidationError(
                _(
                    "Mobile %(mobile)s was registered by a colleague at the same "
                    "moment: the first registration wins. Search the register for "
                    "its owner.",
                    mobile=", ".join(v.get("mobile") or "" for v in vals_list),
                )
            ) from exc
        assignment_id = self.env.context.get("cc_assignment_id")
        if assignment_id:
            # sudo: the salesperson registering the visitor of an arrival may
            # not write arrivals; only the link is written
            assignment = self.env["cc.visitor.assignment"].sudo().browse(assignment_id)
            if not assignment.visitor_id:
                assignment.visitor_id = visitors[:1]
        return visitors

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        """The register is never destroyed (登记簿不得销毁): by nobody."""
        confirmed = self.filtered(lambda v: v.state == "confirmed")
        if confirmed:
            raise UserError(
                _(
                    "The register is never destroyed: confirmed entries cannot be "
                    "deleted, not even by the supervisor (%(names)s).",
                    names=", ".join(confirmed.mapped("name")),
                )
            )

    def export_data(self, fields_to_export):
        """Customer files do not leave the office: only managers export."""
        if not self.env.su and not self.env.user.has_group(
            "cc_sales_office.group_cc_sales_office_manager"
        ):
            raise AccessError(_("Only sales office managers can export visitor data."))
        return super().export_data(fields_to_export)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        return self._cc_transition("confirm")

    def action_reassign(self):
        self.ensure_one()
        self.office_id._cc_check_supervisor()
        return {
            "type": "ir.actions.act_window",
            "name": _("Reassign Visitor"),
            "res_model": "cc.visitor.reassign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visitor_id": self.id},
        }

    def action_convert(self):
        """Turn the visitor into a customer and a quotation of the owner."""
        self.ensure_one()
        if not self.user_id:
            raise UserError(
                _("%(name)s has no owner: reassign the visitor first.", name=self.name)
            )
        if not self.partner_id:
            # the owner turns their own visitor into a customer, even without
            # the contact-creation right
            self.partner_id = (
                self.env["res.partner"].sudo().create(self._prepare_partner_vals())
            )
        order = self.env["sale.order"].create(self._prepare_sale_order_vals())
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_sale_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("cc_visitor_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_arrivals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_visitor_assignment_action"
        )
        action["domain"] = [("visitor_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _prepare_partner_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "mobile": self.mobile,
            "phone": self.phone,
            "function": self.occupation,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
        }

    def _prepare_sale_order_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "cc_visitor_id": self.id,
            "source_id": self.source_id.id,
        }

    def _cc_reassign(self, user, reason):
        """Supervisor reassigns the customer (request or conflict); logged.

        The new salesperson becomes the owner of the whole family; the former
        owner cannot contest it.
        """
        self.ensure_one()
        self.office_id._cc_check_supervisor()
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the reassignment."))
        if user not in self.office_id.salesperson_ids:
            raise UserError(
                _(
                    "%(user)s is not a salesperson of %(office)s.",
                    user=user.name,
                    office=self.office_id.name,
                )
            )
        main = self.related_visitor_id or self
        old = main.user_id
        if old == user:
            raise UserError(
                _("%(user)s already owns %(name)s.", user=user.name, name=main.name)
            )
        (main | main.family_ids).with_context(cc_no_register_log=True).write(
            {"user_id": user.id, "previous_user_id": old.id, "in_pool": False}
        )
        # sudo: the reassignment log is created in its final state, which
        # only the system may write outside a transition; nothing is returned
        self.env["cc.visitor.assignment"].sudo().create(
            {
                "office_id": self.office_id.id,
                "company_id": self.company_id.id,
                "visitor_id": self.id,
                "visitor_name": self.name,
                "mobile": self.mobile,
                "user_id": user.id,
                "previous_user_id": old.id,
                "rule": "reassign",
                "reason": reason,
                # a log line, created in its final state by the system (sudo)
                "state": "done",
            }
        )
        main.message_post(
            body=_(
                "Reassigned from %(old)s to %(new)s by %(by)s. Reason: %(reason)s",
                old=old.name or _("the pool"),
                new=user.name,
                by=self.env.user.name,
                reason=reason,
            ),
            partner_ids=(old | user).partner_id.ids,
        )
        return True

    def _cc_current_owner(self):
        """Owner of the customer this visitor belongs to, if still within ownership."""
        self.ensure_one()
        main = self.related_visitor_id or self
        today = fields.Date.context_today(self)
        if (
            main.user_id
            and not main.in_pool
            and (
                main.is_converted
                or not main.ownership_until
                or main.ownership_until >= today
            )
        ):
            return main.user_id
        return self.env["res.users"]

    @api.model
    def _cron_release_expired_ownership(self, batch_size=500):
        """Ownership ends a period after the last follow-up: back to the pool."""
        today = fields.Date.context_today(self)
        domain = [
            ("in_pool", "=", False),
            ("user_id", "!=", False),
            ("is_converted", "=", False),
            ("ownership_until", "<", today),
        ]
        # row-locked batch: a second worker takes other visitors
        batcher = self.env["cc.cron.batch.mixin"]
        visitors = batcher._cc_cron_take_batch(
            domain, limit=batch_size, model=self._name
        )
        for owner in visitors.user_id:
            visitors.filtered(lambda v, owner=owner: v.user_id == owner).with_context(
                cc_no_register_log=True
            ).write({"in_pool": True, "previous_user_id": owner.id, "user_id": False})
        batcher._cc_cron_notify(len(visitors), domain, model=self._name)
        return visitors

    # manager call-backs

    callback_ids = fields.One2many(
        "cc.visitor.callback", "visitor_id", string="Call-backs"
    )
    last_callback_date = fields.Date(
        string="Last Call-back",
        compute="_compute_last_callback",
        store=True,
        precompute=True,
        help="Date of the manager's last call-back done.",
    )
    last_callback_satisfaction = fields.Selection(
        SATISFACTION,
        string="Last Satisfaction",
        compute="_compute_last_callback",
        store=True,
        precompute=True,
    )
    # visitor file access requests (cc.visitor.file.access)
    file_reader_ids = fields.Many2many(
        "res.users",
        "cc_visitor_file_reader_rel",
        "visitor_id",
        "user_id",
        string="File Readers",
        readonly=True,
        copy=False,
        help="Colleagues who may read this file today through an approved file "
        "access request.",
    )
    file_access_ids = fields.One2many(
        "cc.visitor.file.access", "visitor_id", string="File Access Requests"
    )

    @api.depends("callback_ids.state", "callback_ids.date_done")
    def _compute_last_callback(self):
        for visitor in self:
            done = visitor.callback_ids.filtered(
                lambda c: c.state == "done" and c.date_done
            ).sorted(lambda c: (c.date_done, c.id))
            visitor.last_callback_date = done[-1:].date_done
            visitor.last_callback_satisfaction = done[-1:].satisfaction

    def action_view_callbacks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_visitor_callback_action"
        )
        action["domain"] = [("visitor_id", "=", self.id)]
        action["context"] = {"default_visitor_id": self.id}
        return action
