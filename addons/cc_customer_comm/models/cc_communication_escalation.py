from odoo import api, fields, models
from odoo.exceptions import UserError


class CcCommunication(models.Model):
    """Escalation of a communication to the general manager (000 §4.1.5.1):
    the management representative verifies the result and, when needed,
    submits it to the general manager for a decision."""

    _inherit = "cc.communication"

    gm_escalated = fields.Boolean(
        string="Escalated to GM", readonly=True, copy=False, tracking=True, index=True
    )
    gm_escalation_reason = fields.Text(
        string="Escalation Reason", readonly=True, copy=False
    )
    gm_escalated_by_id = fields.Many2one(
        "res.users", string="Escalated By", readonly=True, copy=False, tracking=True
    )
    gm_escalation_date = fields.Datetime(
        string="Escalated On", readonly=True, copy=False
    )
    gm_decision = fields.Text(string="GM Decision", readonly=True, copy=False)
    gm_decided_by_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False, tracking=True
    )
    gm_decision_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    can_escalate_gm = fields.Boolean(compute="_compute_can_escalate_gm")
    can_decide_gm = fields.Boolean(compute="_compute_can_escalate_gm")

    @api.depends("state", "gm_escalated", "gm_decision_date")
    @api.depends_context("uid")
    def _compute_can_escalate_gm(self):
        is_rep = self.env.user.has_group("cc_customer_comm.group_cc_management_rep")
        is_gm = self.env.user.has_group("cc_customer_comm.group_cc_gm")
        for communication in self:
            communication.can_escalate_gm = (
                is_rep
                and not communication.gm_escalated
                and communication.state not in ("draft", "cancel")
            )
            communication.can_decide_gm = (
                is_gm
                and communication.gm_escalated
                and not communication.gm_decision_date
            )

    def action_open_escalate_gm(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to the General Manager"),
            "res_model": "cc.communication.escalate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_communication_id": self.id},
        }

    def _cc_escalate_gm(self, reason):
        """Submit the communications to the general manager with ``reason``."""
        self._cc_check_groups(
            "cc_customer_comm.group_cc_management_rep",
            self.env._("Escalating to the General Manager"),
        )
        if not (reason or "").strip():
            raise UserError(
                self.env._("Give the Escalation Reason: what the GM is to decide.")
            )
        wrong = self.filtered(
            lambda c: c.gm_escalated or c.state in ("draft", "cancel")
        )
        if wrong:
            raise UserError(
                self.env._(
                    "%(name)s cannot be escalated: it is already escalated, or "
                    "it is a draft or cancelled.",
                    name=wrong[0].name,
                )
            )
        # every internal user may read the groups and the internal users
        gm_users = self.env.ref("cc_customer_comm.group_cc_gm").users.filtered(
            lambda u: u.active and not u.share
        )
        if not gm_users:
            raise UserError(
                self.env._(
                    "Nobody is in the group General Manager: give a user that "
                    "role before escalating."
                )
            )
        for communication in self:
            company_gms = gm_users.filtered(
                lambda u, c=communication: c.company_id in u.company_ids
            )
            communication.write(
                {
                    "gm_escalated": True,
                    "gm_escalation_reason": reason,
                    "gm_escalated_by_id": self.env.user.id,
                    "gm_escalation_date": fields.Datetime.now(),
                }
            )
            communication.message_subscribe(partner_ids=company_gms.partner_id.ids)
            for user in company_gms:
                communication.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=fields.Date.context_today(communication),
                    summary=self.env._("Decide on an escalated communication"),
                    note=reason,
                    user_id=user.id,
                )
            communication.message_post(
                body=self.env._(
                    "Escalated to the General Manager: %(reason)s", reason=reason
                ),
                partner_ids=company_gms.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _cc_gm_decide(self, decision):
        """The general manager records the decision on an escalation."""
        self._cc_check_groups(
            "cc_customer_comm.group_cc_gm",
            self.env._("Deciding on an escalated communication"),
        )
        if not (decision or "").strip():
            raise UserError(self.env._("Write the GM Decision."))
        wrong = self.filtered(lambda c: not c.gm_escalated or c.gm_decision_date)
        if wrong:
            raise UserError(
                self.env._(
                    "%(name)s is not waiting for a decision of the General Manager.",
                    name=wrong[0].name,
                )
            )
        self.write(
            {
                "gm_decision": decision,
                "gm_decided_by_id": self.env.user.id,
                "gm_decision_date": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=decision)
        for communication in self:
            communication.message_post(
                body=self.env._(
                    "Decision of the General Manager: %(decision)s", decision=decision
                ),
                partner_ids=communication.gm_escalated_by_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_open_gm_decide(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decision of the General Manager"),
            "res_model": "cc.communication.escalate",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_communication_id": self.id,
                "default_mode": "decide",
            },
        }


class CcCommunicationEscalate(models.TransientModel):
    """Reason of an escalation to the GM, or the GM's decision."""

    _name = "cc.communication.escalate"
    _description = "Escalate a Communication to the General Manager"

    communication_id = fields.Many2one(
        "cc.communication", required=True, ondelete="cascade"
    )
    mode = fields.Selection(
        [("escalate", "Escalate"), ("decide", "Decide")],
        required=True,
        default="escalate",
    )
    text = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "decide":
            self.communication_id._cc_gm_decide(self.text)
        else:
            self.communication_id._cc_escalate_gm(self.text)
        return {"type": "ir.actions.act_window_close"}
