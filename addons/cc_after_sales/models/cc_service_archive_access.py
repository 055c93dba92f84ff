import logging

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

ACCESS_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
    ("cancel", "Cancelled"),
]


class CcServiceArchiveAccess(models.Model):
    """Request to read another customer's after-sales archive (档案查阅申请).

    Outside the after-sales team, a user reads the service requests, re-tests
    and dispatches of a customer only when they are its salesperson or hold an
    approved access request for the current period. The department head
    approves through tier validation; while the window is open the requester
    is one of the customer's archive readers, which the record rules read.
    """

    _name = "cc.service.archive.access"
    _description = "Service Archive Access Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cc.tier.approval.mixin",
    ]
    _order = "create_date desc, id desc"
    _rec_names_search = ["name", "partner_id.name", "requester_id.name"]
    _check_company_auto = True

    # tier validation (cc.tier.approval.mixin): the form stays locked once
    # reviewed
    _state_from = ["to_approve"]
    _cc_tier_lock_after_review = True
    # cc.document.mixin
    _cc_sequence_code = "cc.service.archive.access"
    _cc_transitions = {
        "submit": {
            "from": ("draft",),
            "to": "to_approve",
            "groups": "cc_customer_comm.group_cc_user",
        },
        # leaving "to approve" is decided by the tier reviews
        "approve": {"from": ("to_approve",), "to": "approved"},
        "reject": {"from": ("to_approve",), "to": "rejected"},
        # the daily check (superuser) closes past windows
        "expire": {
            "from": ("approved",),
            "to": "expired",
            "groups": "base.group_system",
        },
        "cancel": {
            "from": ("draft", "to_approve", "approved"),
            "to": "cancel",
            "groups": "cc_customer_comm.group_cc_user",
        },
        "reset": {
            "from": ("rejected", "cancel"),
            "to": "draft",
            "groups": "cc_customer_comm.group_cc_user",
        },
    }
    # what the workflow writes while the request is under validation
    _cc_tier_free_fields = {
        "state",
        "approved_by_id",
        "approved_on",
        "reject_reason",
        "activity_ids",
        "message_ids",
        "message_follower_ids",
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
        ACCESS_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requester",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
        help="The customer (commercial entity) whose archive is to be read.",
    )
    reason = fields.Text(required=True, tracking=True)
    date_from = fields.Date(
        string="Read From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_to = fields.Date(string="Read Until", required=True, tracking=True)
    department_id = fields.Many2one(
        "cc.communication.department",
        string="Department",
        check_company=True,
        help="The requester's department: its head approves.",
    )
    approver_id = fields.Many2one(
        "res.users",
        string="Department Head",
        compute="_compute_approver_id",
        store=True,
        readonly=False,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Approves the request: the head of the department, else the leader "
        "of the requester's sales team.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("department_id.user_id", "requester_id")
    def _compute_approver_id(self):
        for access in self:
            access.approver_id = (
                access.department_id.user_id
                or access.requester_id.sale_team_id.user_id
                or access.approver_id
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for access in self:
            if access.date_to < access.date_from:
                raise ValidationError(
                    _(
                        "Read Until (%(to)s) of %(access)s cannot be before Read "
                        "From (%(from)s).",
                        to=access.date_to,
                        access=access.display_name,
                        **{"from": access.date_from},
                    )
                )

    @api.constrains("partner_id")
    def _check_partner(self):
        for access in self:
            if access.partner_id != access.partner_id.commercial_partner_id:
                raise ValidationError(
                    _(
                        "Customer of %(access)s must be the company itself "
                        "(%(company)s), not one of its contacts.",
                        access=access.display_name,
                        company=access.partner_id.commercial_partner_id.display_name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.partner_id = self.partner_id.commercial_partner_id

    # ------------------------------------------------------------------
    # Tier validation
    # ------------------------------------------------------------------
    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        if self.state == "to_approve" and self.validation_status == "rejected":
            reason = self._cc_tier_reject_reason()
            self._cc_transition("reject", {"reject_reason": reason})
            self.message_post(
                body=_(
                    "Access to the archive of %(customer)s rejected by %(user)s: "
                    "%(reason)s",
                    customer=self.partner_id.display_name,
                    user=self.env.user.name,
                    reason=reason,
                ),
                partner_ids=self.requester_id.partner_id.ids,
            )
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        self._cc_check_transition("submit")
        today = fields.Date.context_today(self)
        for access in self:
            if access.date_to < today:
                raise UserError(
                    _(
                        "Read Until of %(access)s (%(date)s) is already past.",
                        access=access.display_name,
                        date=access.date_to,
                    )
                )
            if not access.approver_id:
                raise UserError(
                    _(
                        "Choose the department (or the Department Head) who "
                        "approves %(access)s.",
                        access=access.display_name,
                    )
                )
            head = access.department_id.user_id
            if head and access.approver_id != head:
                raise UserError(
                    _(
                        "%(access)s is approved by the head of %(department)s, "
                        "%(head)s, not %(approver)s.",
                        access=access.display_name,
                        department=access.department_id.display_name,
                        head=head.name,
                        approver=access.approver_id.name,
                    )
                )
            if access.approver_id == access.requester_id:
                raise UserError(
                    _(
                        "%(user)s cannot approve their own access request "
                        "%(access)s: choose another Department Head.",
                        user=access.requester_id.name,
                        access=access.display_name,
                    )
                )
        self._cc_transition("submit")
        self.request_validation()
        return True

    def action_approve(self):
        """Open the read window; only once every tier review is validated."""
        self._cc_check_transition("approve")
        for access in self:
            if access.validation_status != "validated":
                raise UserError(
                    _(
                        "%(access)s cannot be approved yet: %(next)s",
                        access=access.display_name,
                        next=access.next_review
                        or _("the department head must validate it."),
                    )
                )
        self._cc_approve(
            {"approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()}
        )
        for access in self:
            body = _(
                "Read window approved: %(user)s may read the after-sales archive "
                "of %(customer)s from %(from)s to %(to)s (approved by %(approver)s).",
                user=access.requester_id.name,
                customer=access.partner_id.display_name,
                to=access.date_to,
                approver=self.env.user.name,
                **{"from": access.date_from},
            )
            access.message_post(
                body=body, partner_ids=access.requester_id.partner_id.ids
            )
            _logger.info("Service archive access %s: %s", access.name, body)
        self._cc_sync_readers(self.partner_id)
        return True

    def action_cancel(self):
        partners = self.partner_id
        self._cc_transition("cancel")
        self._cc_sync_readers(partners)
        return True

    def action_reset(self):
        self._cc_transition(
            "reset",
            {"approved_by_id": False, "approved_on": False, "reject_reason": False},
        )
        return True

    # ------------------------------------------------------------------
    # Readers
    # ------------------------------------------------------------------
    @api.model
    def _cc_sync_readers(self, partners):
        """Make the archive readers of ``partners`` exactly the requesters of
        their approved requests whose window includes today."""
        today = fields.Date.context_today(self)
        # sudo: the reader list follows every approved window of the customer,
        # also those the approver may not read, and only after-sales managers
        # may edit it by hand; nothing elevated leaves this method
        Access = self.sudo()
        for partner in partners.with_env(Access.env):
            readers = Access.search(
                [
                    ("partner_id", "=", partner.id),
                    ("state", "=", "approved"),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ]
            ).requester_id
            if readers != partner.cc_as_archive_reader_ids:
                partner.cc_as_archive_reader_ids = [Command.set(readers.ids)]

    @api.model
    def _cron_cc_archive_access(self):
        """Daily: expire the windows that have ended and open those that start
        today; the readers of the customers concerned follow.

        The ended windows are expired one row-locked batch per call
        (``cc.cron.batch.mixin``); the readers of every customer are brought
        up to date by the call that expires the last batch."""
        # the cron runs as superuser (ir_cron_cc_service_archive_access)
        today = fields.Date.context_today(self)
        Access = self
        domain = [("state", "=", "approved"), ("date_to", "<", today)]
        batcher = self.env["cc.cron.batch.mixin"]
        ended = batcher._cc_cron_take_batch(domain, model=self._name)
        for access in ended:
            access._cc_transition("expire")
            access.message_post(
                body=_(
                    "Read window ended on %(date)s: %(user)s no longer reads the "
                    "archive of %(customer)s.",
                    date=access.date_to,
                    user=access.requester_id.name,
                    customer=access.partner_id.display_name,
                )
            )
        if batcher._cc_cron_notify(len(ended), domain, model=self._name):
            self._cc_sync_readers(ended.partner_id)
            return True
        current = Access.search([("state", "=", "approved")])
        stale = self.env["res.partner"].search(
            [("cc_as_archive_reader_ids", "!=", False)]
        )
        self._cc_sync_readers(ended.partner_id | current.partner_id | stale)
        if ended:
            _logger.info(
                "Service archive access: %s read window(s) expired", len(ended)
            )
        return True


class TierDefinition(models.Model):
    _inherit = "tier.definition"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + [
            "cc.service.archive.access"
        ]
