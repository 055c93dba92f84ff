from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class CcCompanyVisit(models.Model):
    """Customer visit to the company (顾客来访/参观接待).

    The project team reports the visit; the management representative or the
    general manager approves it through tier validation; the office is then
    asked to arrange the reception (lodging, transport, programme); after the
    presentation the customer's questions are recorded and filed with the
    materials the customer brought.
    """

    _name = "cc.company.visit"
    _description = "Customer Visit to the Company"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "date_arrival desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    _cc_sequence_code = "cc.company.visit"
    # "approve" is gated by tier validation as well
    _cc_transitions = {
        "approve": {"from": ("draft",), "to": "approved"},
        "arrange": {"from": ("approved",), "to": "arranged"},
        "done": {"from": ("arranged",), "to": "done"},
        "cancel": {"from": ("draft", "approved", "arranged"), "to": "cancel"},
        "reset_draft": {"from": ("cancel",), "to": "draft"},
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    visitor_names = fields.Text(
        string="Visitors", required=True, help="Names and positions of the visitors."
    )
    visitor_count = fields.Integer(string="Number of Visitors", default=1)
    purpose = fields.Text(required=True)
    date_arrival = fields.Datetime(string="Arrival", required=True, tracking=True)
    date_departure = fields.Datetime(string="Departure", required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    office_id = fields.Many2one(
        "cc.communication.department",
        string="Reception Office",
        required=True,
        tracking=True,
        check_company=True,
        default=lambda self: self._default_office(),
        help="Department that arranges the reception; its head is asked to "
        "arrange it once the visit is approved.",
    )
    office_user_id = fields.Many2one(related="office_id.user_id", string="Office Head")
    lodging_needed = fields.Boolean(string="Lodging Needed")
    lodging = fields.Text(string="Lodging Arrangement")
    transport_needed = fields.Boolean(string="Transport Needed")
    transport = fields.Text(string="Transport Arrangement")
    programme = fields.Text(string="Programme")
    arranged_by_id = fields.Many2one(
        "res.users", string="Arranged By", readonly=True, copy=False
    )
    presentation = fields.Text(
        string="Presentation Given",
        help="What was presented: company profile, history, production, "
        "business, sales, quality and staff.",
    )
    question_ids = fields.One2many(
        "cc.company.visit.question", "visit_id", string="Customer Questions"
    )
    material_ids = fields.Many2many(
        "ir.attachment",
        "cc_company_visit_material_rel",
        "visit_id",
        "attachment_id",
        string="Materials from the Customer",
        copy=False,
    )
    done_date = fields.Datetime(string="Filed On", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("arranged", "Reception Arranged"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.model
    def _default_office(self):
        office = self.env.ref(
            "cc_customer_comm.cc_department_office", raise_if_not_found=False
        )
        if office and office.company_id == self.env.company and office.active:
            return office
        return self.env["cc.communication.department"]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_arrival", "date_departure")
    def _check_dates(self):
        for visit in self:
            if visit.date_departure < visit.date_arrival:
                raise ValidationError(
                    self.env._(
                        "Departure of %(name)s (%(departure)s) must not be before "
                        "its arrival (%(arrival)s).",
                        name=visit.name,
                        departure=visit.date_departure,
                        arrival=visit.date_arrival,
                    )
                )

    @api.constrains("visitor_count")
    def _check_visitor_count(self):
        for visit in self:
            if visit.visitor_count < 1:
                raise ValidationError(
                    self.env._(
                        "Number of Visitors of %(name)s must be at least 1, "
                        "not %(count)s.",
                        name=visit.name,
                        count=visit.visitor_count,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda v: v.state not in ("draft", "cancel")):
            raise UserError(
                self.env._("Only draft or cancelled customer visits can be deleted.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_approve(self):
        """Approve validated visits and ask the office to arrange the
        reception; the tier validation blocks it while a review is pending."""
        self._cc_approve()
        for visit in self:
            office_user = visit.office_id.user_id
            if not office_user:
                visit.message_post(
                    body=self.env._(
                        "The visit is approved but office %(office)s has no head: "
                        "nobody was asked to arrange the reception.",
                        office=visit.office_id.display_name,
                    )
                )
                continue
            visit.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(visit),
                summary=self.env._("Arrange the customer's reception"),
                note=self.env._(
                    "%(customer)s visits from %(arrival)s to %(departure)s "
                    "(%(count)s visitors): arrange lodging, transport and the "
                    "programme.",
                    customer=visit.partner_id.display_name,
                    arrival=visit.date_arrival,
                    departure=visit.date_departure,
                    count=visit.visitor_count,
                ),
                user_id=office_user.id,
            )
        return True

    def _cc_check_office_user(self, step):
        """The office head or a manager takes the reception steps."""
        if self.env.su or self.env.user.has_group("cc_customer_comm.group_cc_manager"):
            return
        wrong = self.filtered(lambda v: v.office_id.user_id != self.env.user)
        if wrong:
            raise AccessError(
                self.env._(
                    "%(step)s of %(name)s is for the head of %(office)s or a "
                    "Customer Service manager.",
                    step=step,
                    name=wrong[0].name,
                    office=wrong[0].office_id.display_name,
                )
            )

    def action_arrange(self):
        self._cc_check_transition("arrange")
        self._cc_check_office_user(self.env._("Arranging the reception"))
        for visit in self:
            missing = []
            if not visit.programme:
                missing.append(visit._fields["programme"].string)
            if visit.lodging_needed and not visit.lodging:
                missing.append(visit._fields["lodging"].string)
            if visit.transport_needed and not visit.transport:
                missing.append(visit._fields["transport"].string)
            if missing:
                raise UserError(
                    self.env._(
                        "Fill in %(fields)s of %(name)s before marking the "
                        "reception arranged.",
                        fields=", ".join(missing),
                        name=visit.name,
                    )
                )
        self._cc_transition("arrange", {"arranged_by_id": self.env.user.id})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_done(self):
        self._cc_check_transition("done")
        missing = self.filtered(lambda v: not v.presentation)
        if missing:
            raise UserError(
                self.env._(
                    "Fill in Presentation Given of %(names)s before filing the visit.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        for visit in self:
            # the materials belong to the visit: filed with it, readable with it
            # (an attachment not yet linked to a record is writable by its
            # uploader only, and the materials are uploaded by several people);
            # nothing is returned
            visit.material_ids.sudo().filtered(
                lambda a, v=visit: not a.res_id or a.res_model == v._name
            ).write({"res_model": visit._name, "res_id": visit.id})
        return self._cc_transition("done", {"done_date": fields.Datetime.now()})

    def action_cancel(self):
        self._cc_check_transition("cancel")
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("reset_draft")


class CcCompanyVisitQuestion(models.Model):
    """A question the visiting customer asked, and the answer given."""

    _name = "cc.company.visit.question"
    _description = "Customer Visit Question"
    _order = "visit_id, sequence, id"
    _check_company_auto = True

    visit_id = fields.Many2one(
        "cc.company.visit", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    question = fields.Text(required=True)
    answer = fields.Text()
    department_id = fields.Many2one(
        "cc.communication.department",
        string="Follow-up Department",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="visit_id.company_id", store=True, index=True, precompute=True
    )
