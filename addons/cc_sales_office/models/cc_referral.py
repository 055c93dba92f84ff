from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .cc_sales_office import SUPERVISOR


class CcReferral(models.Model):
    """Employee referral (公司员工介绍客户登记表)."""

    _name = "cc.referral"
    _description = "Employee Referral of a Visitor"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "appointment_date desc, id desc"
    _check_company_auto = True

    # cc.document.mixin: REF/YYYY/NNNN of the referral's company
    _cc_sequence_code = "cc.referral"
    _cc_transitions = {
        # the project manager confirms the referred visitor on arrival
        "confirm": {
            "from": ("registered",),
            "to": "valid",
            "groups": SUPERVISOR,
        },
        # cancelled by the project manager, registered first by a salesperson
        # (on confirmation) or no-show (the scheduler, on sudo records)
        "void": {
            "from": ("registered",),
            "to": "void",
            "groups": SUPERVISOR,
        },
    }

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    office_id = fields.Many2one(
        "cc.sales.office", required=True, check_company=True, tracking=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Referring Employee",
        required=True,
        check_company=True,
        tracking=True,
    )
    visitor_name = fields.Char(required=True, tracking=True)
    mobile = fields.Char(required=True, tracking=True)
    mobile_normalized = fields.Char(
        compute="_compute_mobile_normalized", store=True, index=True, precompute=True
    )
    appointment_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("registered", "Registered"), ("valid", "Valid"), ("void", "Void")],
        default="registered",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    void_reason = fields.Selection(
        [
            ("no_show", "Did not come on the appointment date"),
            ("registered_first", "A salesperson registered the visitor first"),
            ("cancelled", "Cancelled"),
        ],
        tracking=True,
        copy=False,
    )
    assignment_id = fields.Many2one(
        "cc.visitor.assignment", string="Arrival", copy=False, check_company=True
    )
    visitor_id = fields.Many2one(
        "cc.visitor", copy=False, check_company=True, tracking=True
    )
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed By", copy=False)
    confirmed_date = fields.Datetime(copy=False)
    note = fields.Text()

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("mobile")
    def _compute_mobile_normalized(self):
        Visitor = self.env["cc.visitor"]
        for referral in self:
            referral.mobile_normalized = Visitor._cc_normalize_mobile(referral.mobile)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("appointment_date", "state")
    def _check_appointment_date(self):
        Rota = self.env["cc.sales.office.rota"]
        for referral in self:
            # the office's today: its showroom's calendar, not the user's
            today = Rota._cc_office_today(referral.office_id)
            if referral.state == "registered" and referral.appointment_date < today:
                raise ValidationError(
                    _(
                        "The appointment date %(date)s of the referral of %(name)s "
                        "is in "
                        "the past: a referral is registered before the first visit.",
                        date=referral.appointment_date,
                        name=referral.visitor_name,
                    )
                )

    @api.constrains("mobile_normalized", "state")
    def _check_not_registered(self):
        # sudo: the supervisor must see a registration of any salesperson
        # (first registration wins); only names and dates reach the message
        Visitor = self.env["cc.visitor"].sudo()
        for referral in self.filtered(lambda r: r.state == "registered"):
            if not referral.mobile_normalized or len(referral.mobile_normalized) < 7:
                raise ValidationError(
                    _(
                        "Mobile %(mobile)s is not a phone number.",
                        mobile=referral.mobile,
                    )
                )
            visitor = Visitor.search(
                [
                    ("company_id", "=", referral.company_id.id),
                    ("mobile_normalized", "=", referral.mobile_normalized),
                ],
                limit=1,
            )
            if visitor:
                raise ValidationError(
                    _(
                        "%(name)s (%(mobile)s) was already registered on %(date)s by "
                        "%(owner)s: a referral must come before the first visit.",
                        name=visitor.name,
                        mobile=referral.mobile,
                        date=visitor.register_date,
                        owner=visitor.user_id.name or _("the pool"),
                    )
                )
            # sudo: referrals of the whole company count, whoever registered
            # them; only a name reaches the message
            other = self.sudo().search(
                [
                    ("id", "!=", referral.id),
                    ("company_id", "=", referral.company_id.id),
                    ("mobile_normalized", "=", referral.mobile_normalized),
                    ("state", "in", ("registered", "valid")),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _(
                        "%(mobile)s is already referred by %(employee)s (%(ref)s).",
                        mobile=referral.mobile,
                        employee=other.employee_id.name,
                        ref=other.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_valid(self):
        if self.filtered(lambda r: r.state == "valid"):
            raise UserError(
                _("A valid referral is the basis of a commission: void it instead.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Project manager confirms the referred visitor on arrival → valid.

        A visitor that a salesperson registered before the referral makes the
        referral void instead (returned as a warning, not raised, so the
        voiding is kept).
        """
        self._cc_check_transition("confirm")
        # the appointment is a date of the office's calendar: the arrival's
        # moment is read in the office's timezone, not in UTC
        Rota = self.env["cc.sales.office.rota"]
        not_arrived = self.filtered(
            lambda r: not r.assignment_id
            or Rota._cc_office_today(r.office_id, r.assignment_id.date)
            != r.appointment_date
        )
        if not_arrived:
            raise UserError(
                _(
                    "%(names)s did not arrive on the appointment date: register the "
                    "arrival with the Walk-in button first.",
                    names=", ".join(not_arrived.mapped("visitor_name")),
                )
            )
        registered_first = self.filtered(
            lambda r: r.visitor_id
            and (
                r.visitor_id.referral_id != r
                or r.visitor_id.create_date < r.create_date
            )
        )
        registered_first._cc_transition("void", {"void_reason": "registered_first"})
        valid = self - registered_first
        valid._cc_transition(
            "confirm",
            {"confirmed_by_id": self.env.uid, "confirmed_date": fields.Datetime.now()},
        )
        if registered_first:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "message": _(
                        "Void, a salesperson registered the visitor first: %(names)s",
                        names=", ".join(registered_first.mapped("visitor_name")),
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def action_void(self):
        return self._cc_transition("void", {"void_reason": "cancelled"})

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _cron_void_missed_referrals(self, today=None, batch_size=1000):
        """Void the referrals whose visitor did not come on the appointment
        date, one row-locked batch per call; the scheduler calls again while
        some remain (``cc.cron.batch.mixin``)."""
        today = today or fields.Date.context_today(self)
        domain = [
            ("state", "=", "registered"),
            ("appointment_date", "<", today),
            ("assignment_id", "=", False),
        ]
        batcher = self.env["cc.cron.batch.mixin"]
        referrals = batcher._cc_cron_take_batch(
            domain, limit=batch_size, model=self._name
        )
        # sudo: a system step (the scheduler), no group to check; the source
        # state still is; nothing elevated is returned
        referrals.sudo()._cc_transition("void", {"void_reason": "no_show"})
        batcher._cc_cron_notify(len(referrals), domain, model=self._name)
        return referrals

    # daily referral register

    register_date = fields.Date(
        string="Registered On",
        compute="_compute_register_date",
        store=True,
        precompute=True,
        index=True,
        help="The office's local date on which the referral was registered.",
    )

    @api.depends("office_id")
    def _compute_register_date(self):
        Rota = self.env["cc.sales.office.rota"]
        for referral in self:
            if referral.register_date or not referral.office_id:
                continue
            referral.register_date = Rota._cc_office_today(
                referral.office_id, referral.create_date or fields.Datetime.now()
            )

    @api.constrains("employee_id", "office_id")
    def _check_referrer_department(self):
        """篇7 #1: the referrer is staff of another department."""
        for referral in self:
            office = referral.office_id
            # sudo: the supervisor may not read HR data; only names are shown
            employee = referral.employee_id.sudo()
            staff = office.salesperson_ids | office.supervisor_id
            if employee.user_id and employee.user_id in staff:
                raise ValidationError(
                    self.env._(
                        "Referring Employee %(employee)s works at %(office)s: a "
                        "referrer must be staff of another department.",
                        employee=employee.name,
                        office=office.name,
                    )
                )
            # sudo: the supervisor may not read the office's HR department (compared)
            department = office.sudo().department_id
            if not department:
                continue
            if not employee.department_id:
                raise ValidationError(
                    self.env._(
                        "Referring Employee %(employee)s has no department: a "
                        "referrer must be staff of a department other than "
                        "%(department)s.",
                        employee=employee.name,
                        department=department.name,
                    )
                )
            if employee.department_id.parent_path.startswith(department.parent_path):
                raise ValidationError(
                    self.env._(
                        "Referring Employee %(employee)s belongs to %(department)s, "
                        "the sales department of %(office)s: a referrer must be "
                        "staff of another department.",
                        employee=employee.name,
                        department=employee.department_id.name,
                        office=office.name,
                    )
                )
