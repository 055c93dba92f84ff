import logging

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)

SALESPERSON = "cc_sales_office.group_cc_sales_office_salesperson"
SUPERVISOR = "cc_sales_office.group_cc_sales_office_supervisor"
MANAGER = "cc_sales_office.group_cc_sales_office_manager"


class CcVisitorFileAccess(models.Model):
    """Request to read a colleague's visitor file (查阅客户档案).

    A salesperson reads the file of a visitor who is not theirs only with the
    sales office manager's approval (tier validation), the operations manager
    being informed; the file is readable from Read From to Read Until and
    every opening is logged on the request.
    """

    _name = "cc.visitor.file.access"
    _description = "Visitor File Access Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.tier.approval.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "visitor_id.name", "requester_id.name"]

    _cc_sequence_code = "cc.visitor.file.access"
    _cc_transitions = {
        # leaving draft is decided by the manager's tier review
        "approve": {"from": ("draft",), "to": "approved"},
        # the daily check (superuser) closes the windows that ended
        "expire": {
            "from": ("approved",),
            "to": "expired",
            "groups": "base.group_system",
        },
        "cancel": {
            "from": ("draft", "approved"),
            "to": "cancel",
            "groups": SALESPERSON,
        },
        "reset_draft": {"from": ("cancel",), "to": "draft", "groups": SALESPERSON},
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    mobile = fields.Char(
        string="Visitor's Mobile",
        help="The mobile number of the visitor whose file is requested: it finds "
        "the file in the register.",
    )
    visitor_id = fields.Many2one(
        "cc.visitor",
        string="Visitor File",
        compute="_compute_visitor_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    office_id = fields.Many2one(
        related="visitor_id.office_id", store=True, index=True, string="Sales Office"
    )
    owner_id = fields.Many2one(related="visitor_id.user_id", string="Owner", store=True)
    reason = fields.Text(required=True, tracking=True)
    date_from = fields.Date(
        string="Read From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_to = fields.Date(string="Read Until", required=True, tracking=True)
    inform_user_id = fields.Many2one(
        "res.users",
        string="Operations Manager Informed",
        compute="_compute_inform_user_id",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        tracking=True,
        help="Informed of the request and of its approval.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    open_count = fields.Integer(string="Openings", readonly=True, copy=False)
    last_opened = fields.Datetime(string="Last Opened", readonly=True, copy=False)
    is_open_now = fields.Boolean(
        string="Readable Today", compute="_compute_is_open_now"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("expired", "Expired"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("mobile", "company_id")
    def _compute_visitor_id(self):
        # sudo: the requester cannot read a colleague's visitor; only the id
        # of the file with this number is stored
        Visitor = self.env["cc.visitor"].sudo()
        for access in self:
            normalized = Visitor._cc_normalize_mobile(access.mobile)
            if not normalized:
                # a file set directly (import, another module) stays
                access.visitor_id = access.visitor_id
                continue
            visitor = Visitor.search(
                [
                    ("company_id", "=", access.company_id.id),
                    ("mobile_normalized", "=", normalized),
                ],
                limit=1,
            )
            access.visitor_id = visitor.id

    @api.depends("visitor_id")
    def _compute_inform_user_id(self):
        for access in self:
            access.inform_user_id = (
                # sudo: the requester may not read the visitor's office; only its
                # user is kept
                access.visitor_id.sudo().office_id.file_access_inform_user_id
                or access.inform_user_id
            )

    @api.depends_context("uid")
    @api.depends("state", "date_from", "date_to")
    def _compute_is_open_now(self):
        today = fields.Date.context_today(self)
        for access in self:
            access.is_open_now = (
                access.state == "approved"
                and access.date_from <= today <= access.date_to
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for access in self:
            if access.date_to < access.date_from:
                raise ValidationError(
                    self.env._(
                        "Read Until (%(date_to)s) of %(name)s cannot be before Read "
                        "From (%(date_from)s).",
                        date_to=access.date_to,
                        date_from=access.date_from,
                        name=access.name,
                    )
                )
            if (access.date_to - access.date_from).days > 30:
                raise ValidationError(
                    self.env._(
                        "The read window of %(name)s is limited to 31 days; "
                        "%(date_from)s to %(date_to)s is longer.",
                        name=access.name,
                        date_from=access.date_from,
                        date_to=access.date_to,
                    )
                )

    @api.constrains("visitor_id", "requester_id")
    def _check_requester(self):
        for access in self:
            if not access.visitor_id:
                raise ValidationError(
                    self.env._(
                        "No visitor file found for %(name)s: enter the mobile "
                        "number of a registered visitor (Visitor's Mobile).",
                        name=access.name,
                    )
                )
            # sudo: the owner of a colleague's visitor is only compared
            owner = access.visitor_id.sudo().user_id
            if owner and owner == access.requester_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s owns the file of %(visitor)s and reads it "
                        "without a request.",
                        user=access.requester_id.name,
                        # sudo: a colleague's visitor; only its name is shown
                        visitor=access.visitor_id.sudo().name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.filtered(lambda a: a.state not in ("draft", "cancel")):
            raise UserError(
                self.env._(
                    "An approved or expired file access request is the log of the "
                    "reading: it cannot be deleted."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def request_validation(self):
        today = fields.Date.context_today(self)
        for access in self:
            if access.date_to < today:
                raise UserError(
                    self.env._(
                        "Read Until of %(name)s (%(date)s) is already past.",
                        name=access.name,
                        date=access.date_to,
                    )
                )
            if access.requester_id.has_group(SUPERVISOR):
                raise UserError(
                    self.env._(
                        "%(user)s reads every visitor file of the office already: "
                        "no request is needed.",
                        user=access.requester_id.name,
                    )
                )
            if access.inform_user_id:
                access.message_subscribe(
                    partner_ids=access.inform_user_id.partner_id.ids
                )
        return super().request_validation()

    def action_approve(self):
        self._cc_approve(
            {"approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()}
        )
        for access in self:
            # sudo: the name of the visitor reaches the message only
            visitor = access.visitor_id.sudo()
            body = self.env._(
                "File access approved by %(approver)s: %(user)s may read the file "
                "of %(visitor)s from %(date_from)s to %(date_to)s.",
                approver=self.env.user.name,
                user=access.requester_id.name,
                visitor=visitor.name,
                date_from=access.date_from,
                date_to=access.date_to,
            )
            access.message_post(
                body=body,
                partner_ids=(
                    access.requester_id | access.inform_user_id
                ).partner_id.ids,
            )
            visitor.message_post(
                body=self.env._(
                    "%(body)s Request %(name)s.", body=body, name=access.name
                ),
                partner_ids=visitor.user_id.partner_id.ids,
            )
            _logger.info("Visitor file access %s: %s", access.name, body)
        self._cc_sync_readers(self.visitor_id)
        return True

    def action_cancel(self):
        visitors = self.visitor_id
        self._cc_transition("cancel")
        self._cc_sync_readers(visitors)
        return True

    def action_draft(self):
        return self._cc_transition(
            "reset_draft", {"approved_by_id": False, "approved_on": False}
        )

    def action_open_file(self):
        """Open the visitor's file; each opening is logged on the request."""
        self.ensure_one()
        if self.env.user != self.requester_id and not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._(
                    "Only %(user)s opens the file through request %(name)s.",
                    user=self.requester_id.name,
                    name=self.name,
                )
            )
        if not self.is_open_now:
            raise UserError(
                self.env._(
                    "Request %(name)s does not open the file today: it must be "
                    "approved and today within %(date_from)s to %(date_to)s.",
                    name=self.name,
                    date_from=self.date_from,
                    date_to=self.date_to,
                )
            )
        now = fields.Datetime.now()
        # sudo: the requester logs the opening on their approved request,
        # which only the workflow writes
        self.sudo().write({"open_count": self.open_count + 1, "last_opened": now})
        self.message_post(
            body=self.env._("File opened by %(user)s.", user=self.env.user.name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.visitor",
            "res_id": self.visitor_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"create": False, "edit": False},
        }

    # ------------------------------------------------------------------
    # Readers
    # ------------------------------------------------------------------
    @api.model
    def _cc_sync_readers(self, visitors):
        """The readers of each visitor file are exactly the requesters of its
        approved requests whose window includes today."""
        if not visitors:
            return
        today = fields.Date.context_today(self)
        # sudo: the reader list follows every approved window of the file;
        # nobody edits it by hand and nothing elevated leaves this method
        Access = self.sudo()
        readers = {
            visitor.id: requesters
            for visitor, requesters in Access._read_group(
                [
                    ("visitor_id", "in", visitors.ids),
                    ("state", "=", "approved"),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ],
                ["visitor_id"],
                ["requester_id:recordset"],
            )
        }
        # in id order: two workers syncing the same files lock them in the
        # same order
        for visitor in visitors.sudo().sorted("id"):
            current = readers.get(visitor.id, self.env["res.users"])
            if current != visitor.file_reader_ids:
                visitor.with_context(cc_no_register_log=True).write(
                    {"file_reader_ids": [Command.set(current.ids)]}
                )

    @api.model
    def _cc_file_access_cron_domain(self, today=None):
        """Approved requests whose read window has ended."""
        today = today or fields.Date.context_today(self)
        return [("state", "=", "approved"), ("date_to", "<", today)]

    @api.model
    def _cron_file_access(self):
        """Daily: expire the windows that ended; the readers follow.

        The ended windows are expired one row-locked batch per call
        (``cc.cron.batch.mixin``): expired, they leave the domain. The readers
        of the files of the batch follow at once; those of every file (the
        windows that start today) are brought up to date by the call that
        expires the last batch."""
        # the cron runs as superuser (ir_cron_cc_visitor_file_access)
        domain = self._cc_file_access_cron_domain()
        batcher = self.env["cc.cron.batch.mixin"]
        ended = batcher._cc_cron_take_batch(domain, model=self._name)
        ended._cc_transition("expire")
        ended._message_log_batch(
            {
                access.id: self.env._(
                    "Read window ended on %(date)s: %(user)s no longer reads the "
                    "file.",
                    date=access.date_to,
                    user=access.requester_id.name,
                )
                for access in ended
            }
        )
        if batcher._cc_cron_notify(len(ended), domain, model=self._name):
            self._cc_sync_readers(ended.visitor_id)
            return ended
        current = self.search([("state", "=", "approved")])
        stale = self.env["cc.visitor"].search([("file_reader_ids", "!=", False)])
        self._cc_sync_readers(ended.visitor_id | current.visitor_id | stale)
        if ended:
            _logger.info("Visitor file access: %s read window(s) expired", len(ended))
        return ended


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + ["cc.visitor.file.access"]
