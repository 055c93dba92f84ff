import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

ENGINEER = "cc_after_sales.group_cc_as_engineer"
MANAGER = "cc_after_sales.group_cc_as_manager"
REVIEW_STATES = [
    ("pending", "To Review"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
]
# fields of a station work order that its review and settlement stand on
STATION_FIELDS = {"cc_station_id", "cc_service_type", "cc_station_work_date"}


class _ReviewMove:
    """Context marker of a review decision made by the review actions: an
    object, which a JSON context sent by a client cannot hold."""

    __slots__ = ("ids",)

    def __init__(self, ids):
        self.ids = frozenset(ids)


class FsmOrder(models.Model):
    """A station's work order (维修工单): a dispatch done by the workers of
    an authorized service station, reviewed by our after-sales staff and paid
    in the station's monthly labour-fee settlement."""

    _inherit = "fsm.order"

    cc_station_id = fields.Many2one(
        "res.partner",
        string="Service Station",
        index="btree_not_null",
        tracking=True,
        domain="[('cc_is_service_station', '=', True)]",
        help="The authorized service station whose workers do this work order.",
    )
    cc_station_customer = fields.Char(
        string="End Customer",
        help="The customer served, as the station reported it.",
    )
    cc_station_work_date = fields.Date(
        string="Work Date",
        compute="_compute_cc_station_work_date",
        store=True,
        index="btree_not_null",
        help="Day the station did the work (actual end, else the signature, "
        "else the scheduled start), in the company's time zone: the month "
        "whose settlement pays it.",
    )
    cc_station_review = fields.Selection(
        REVIEW_STATES,
        string="Station Review",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    cc_station_review_reason = fields.Text(
        string="Rejection Reason", readonly=True, copy=False, tracking=True
    )
    cc_station_reviewer_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, copy=False
    )
    cc_station_reviewed_on = fields.Datetime(
        string="Reviewed On", readonly=True, copy=False
    )
    cc_settlement_id = fields.Many2one(
        "cc.station.settlement",
        string="Settlement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.depends("cc_station_id", "date_end", "signed_on", "scheduled_date_start")
    def _compute_cc_station_work_date(self):
        for order in self:
            moment = order.date_end or order.signed_on or order.scheduled_date_start
            if not order.cc_station_id or not moment:
                order.cc_station_work_date = False
                continue
            tz = pytz.timezone(order.company_id.partner_id.tz or "UTC")
            order.cc_station_work_date = pytz.utc.localize(moment).astimezone(tz).date()

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        marker = self.env.context.get("cc_station_review_move")
        for vals in vals_list:
            if vals.get("cc_station_id"):
                review = vals.get("cc_station_review") or "pending"
                if review != "pending" and not (
                    self.env.su or isinstance(marker, _ReviewMove)
                ):
                    self._cc_refuse_review_write()
                vals["cc_station_review"] = review
        return super().create(vals_list)

    def write(self, vals):
        if "cc_station_review" in vals and not self.env.su:
            marker = self.env.context.get("cc_station_review_move")
            if not (
                isinstance(marker, _ReviewMove) and marker.ids.issuperset(self.ids)
            ) and any(o.cc_station_review != vals["cc_station_review"] for o in self):
                self._cc_refuse_review_write()
        if STATION_FIELDS.intersection(vals) or "cc_station_review" in vals:
            settled = self.filtered("cc_settlement_id")
            if settled and not self.env.context.get("cc_settling"):
                raise UserError(
                    self.env._(
                        "Work order %(order)s is paid in settlement "
                        "%(settlement)s: its station, service type, review and "
                        "work date can no longer change.",
                        order=settled[0].name,
                        settlement=settled[0].cc_settlement_id.name,
                    )
                )
        if "cc_station_id" in vals and not vals["cc_station_id"]:
            vals = dict(vals, cc_station_review=False)
        elif vals.get("cc_station_id"):
            missing = self.filtered(lambda o: not o.cc_station_review)
            if missing and missing != self:
                missing.write({"cc_station_id": vals["cc_station_id"]})
                self -= missing  # noqa: PLW0642
            elif missing:
                vals = dict(vals, cc_station_review="pending")
        return super().write(vals)

    def _cc_refuse_review_write(self):
        raise UserError(
            self.env._(
                "The station review of a work order (field “Station Review”) "
                "changes only through its Accept and Reject buttons."
            )
        )

    # ------------------------------------------------------------------
    # Review by our staff
    # ------------------------------------------------------------------
    def _cc_check_reviewable(self, decision):
        if not (self.env.su or self.env.user.has_group(ENGINEER)):
            raise AccessError(
                self.env._(
                    "Only the after-sales staff reviews the work orders of "
                    "service stations."
                )
            )
        for order in self:
            if not order.cc_station_id:
                raise UserError(
                    self.env._(
                        "%(order)s is not a service station's work order (field "
                        "“Service Station” is empty).",
                        order=order.name,
                    )
                )
            if order.cc_settlement_id:
                raise UserError(
                    self.env._(
                        "Work order %(order)s is already paid in settlement "
                        "%(settlement)s.",
                        order=order.name,
                        settlement=order.cc_settlement_id.name,
                    )
                )
            if order.cc_station_review != "pending" and decision != "pending":
                raise UserError(
                    self.env._(
                        "Work order %(order)s is already reviewed (%(review)s); "
                        "a manager can send it back to review.",
                        order=order.name,
                        review=dict(REVIEW_STATES)[order.cc_station_review],
                    )
                )

    def _cc_station_review_write(self, vals):
        return self.with_context(cc_station_review_move=_ReviewMove(self.ids)).write(
            vals
        )

    def action_cc_station_accept(self):
        self._cc_check_reviewable("accepted")
        self._cc_station_review_write(
            {
                "cc_station_review": "accepted",
                "cc_station_review_reason": False,
                "cc_station_reviewer_id": self.env.user.id,
                "cc_station_reviewed_on": fields.Datetime.now(),
            }
        )
        return True

    def action_cc_station_reject(self, reason):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Enter the reason for rejecting the work order (field "
                    "“Rejection Reason”)."
                )
            )
        self._cc_check_reviewable("rejected")
        self._cc_station_review_write(
            {
                "cc_station_review": "rejected",
                "cc_station_review_reason": reason,
                "cc_station_reviewer_id": self.env.user.id,
                "cc_station_reviewed_on": fields.Datetime.now(),
            }
        )
        return True

    def action_cc_station_reset_review(self):
        if not (self.env.su or self.env.user.has_group(MANAGER)):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager sends a reviewed work order "
                    "back to review."
                )
            )
        self._cc_check_reviewable("pending")
        self._cc_station_review_write(
            {
                "cc_station_review": "pending",
                "cc_station_reviewer_id": False,
                "cc_station_reviewed_on": False,
            }
        )
        return True

    def action_cc_station_reject_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Work Order"),
            "res_model": "cc.station.review.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "fsm.order", "active_ids": self.ids},
        }


class CcStationReviewWizard(models.TransientModel):
    _name = "cc.station.review.wizard"
    _description = "Reject a Station Work Order"

    reason = fields.Text(string="Rejection Reason", required=True)

    def action_confirm(self):
        self.ensure_one()
        orders = self.env["fsm.order"].browse(self.env.context.get("active_ids", []))
        orders.action_cc_station_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
