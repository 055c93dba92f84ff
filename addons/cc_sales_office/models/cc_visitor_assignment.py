from odoo import _, api, fields, models

from .cc_sales_office import RECEPTION_RULES, SUPERVISOR


class CcVisitorAssignment(models.Model):
    """One arrival at the showroom and who received it (接待记录).

    Written under the rota lock; the supervisor audits fairness from it.
    """

    _name = "cc.visitor.assignment"
    _description = "Showroom Arrival and Reception"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # cc.document.mixin: ARR/YYMMDD/NNNN of the office's company. An arrival
    # is created receiving, or unassigned when nobody is free, by the desk's
    # system step (_cc_apply_decision, on sudo); a reassignment log is created
    # done (cc.visitor._cc_reassign, on sudo).
    _cc_sequence_code = "cc.visitor.assignment"
    _cc_transitions = {
        # the visitor left: the desk (a salesperson at the shared desk, through
        # the rota line on sudo) or the supervisor on the arrival itself
        "finish": {
            "from": ("receiving",),
            "to": "done",
            "groups": SUPERVISOR,
        },
        # the supervisor hands an unassigned arrival to a salesperson
        "assign": {
            "from": ("unassigned",),
            "to": "done",
            "groups": SUPERVISOR,
        },
    }

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
        "cc.sales.office", required=True, index=True, check_company=True
    )
    rota_id = fields.Many2one("cc.sales.office.rota", index=True, ondelete="set null")
    date = fields.Datetime(
        string="Arrived", required=True, default=fields.Datetime.now, index=True
    )
    end_date = fields.Datetime(string="Left")
    visitor_id = fields.Many2one(
        "cc.visitor", index=True, check_company=True, tracking=True
    )
    visitor_name = fields.Char()
    mobile = fields.Char()
    group_size = fields.Integer(default=1)
    source_id = fields.Many2one("utm.source", string="Media Source")
    intro_type = fields.Selection(
        [
            ("walk_in", "Walk-in"),
            ("developer", "Introduced by the developer"),
            ("company", "Introduced by the company"),
        ],
        string="Came Through",
        default="walk_in",
    )
    user_id = fields.Many2one(
        "res.users", string="Received By", index=True, tracking=True
    )
    owner_id = fields.Many2one(
        "res.users",
        string="On Behalf Of",
        help="Owner of the customer, for a stand-in.",
    )
    previous_user_id = fields.Many2one("res.users", string="Previous Owner")
    requested_user_id = fields.Many2one("res.users", string="Asked For")
    delegate_user_id = fields.Many2one("res.users", string="Delegated To")
    rule = fields.Selection(RECEPTION_RULES, required=True, index=True, tracking=True)
    turn_counted = fields.Boolean(string="Took a Turn")
    made_up = fields.Boolean(string="Turn Given Back", help="A turn owed was used.")
    skipped_user_ids = fields.Many2many(
        "res.users",
        "cc_visitor_assignment_skipped_rel",
        "assignment_id",
        "user_id",
        string="Skipped (not made up)",
    )
    credited_user_ids = fields.Many2many(
        "res.users",
        "cc_visitor_assignment_credited_rel",
        "assignment_id",
        "user_id",
        string="Skipped, Turn Owed",
    )
    referral_id = fields.Many2one("cc.referral", check_company=True)
    reason = fields.Text()
    note = fields.Text()
    state = fields.Selection(
        [("receiving", "Receiving"), ("done", "Done"), ("unassigned", "Unassigned")],
        required=True,
        default="receiving",
        index=True,
        tracking=True,
    )

    @api.model
    def _cc_sequence_company(self, vals):
        """The office's company when the arrival does not name its own."""
        if not vals.get("company_id") and vals.get("office_id"):
            office = self.env["cc.sales.office"].browse(vals["office_id"])
            if office.company_id:
                return office.company_id
        return super()._cc_sequence_company(vals)

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        """A walk-in's arrival is the desk's log line: the salesperson who
        receives it follows the visitor, not each arrival. An arrival assigned
        later by the supervisor subscribes (and notifies) its salesperson."""
        if self.env.context.get("cc_walk_in_arrival"):
            return []
        return super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )

    @api.depends("name", "visitor_name")
    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = " ".join(
                filter(None, [assignment.name, assignment.visitor_name])
            )

    def action_done(self):
        self._cc_transition("finish", {"end_date": fields.Datetime.now()})
        # sudo: the supervisor frees the salesperson's line (lines are written
        # by the engine only); nothing is returned
        lines = (
            self.env["cc.sales.office.rota.line"]
            .sudo()
            .search([("current_assignment_id", "in", self.ids)])
        )
        lines.with_context(cc_rota_sync=True).write(
            {"status": "available", "current_assignment_id": False}
        )
        return True

    def action_register_visitor(self):
        """Open the register form for the visitor of this arrival."""
        self.ensure_one()
        if self.visitor_id:
            return {
                "type": "ir.actions.act_window",
                "res_model": "cc.visitor",
                "res_id": self.visitor_id.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.visitor",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_name": self.visitor_name,
                "default_mobile": self.mobile,
                "default_office_id": self.office_id.id,
                "default_group_size": self.group_size,
                "default_source_id": self.source_id.id,
                "default_intro_type": self.intro_type or "walk_in",
                "default_user_id": self.user_id.id or self.env.uid,
                "cc_assignment_id": self.id,
            },
        }

    def action_assign(self):
        """Supervisor hands an unassigned arrival to a salesperson."""
        self.ensure_one()
        self.office_id._cc_check_supervisor()
        return {
            "type": "ir.actions.act_window",
            "name": _("Assign Arrival"),
            "res_model": "cc.visitor.reassign",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_assignment_id": self.id,
                "default_reason_type": "unassigned",
            },
        }

    def _cc_assign_manually(self, user, reason):
        self.ensure_one()
        self._cc_transition("assign", {"user_id": user.id, "reason": reason})
        self.activity_ids.action_feedback(feedback=reason)
        if self.visitor_id and self.visitor_id.user_id != user:
            self.visitor_id._cc_reassign(user, reason)
        elif not self.visitor_id:
            self._cc_register_visitor()
        return True

    def _cc_notification(self):
        """Client notification telling the desk who receives the arrival."""
        self.ensure_one()
        if self.state == "unassigned":
            message = _(
                "%(ref)s: nobody is present and free. The arrival is saved unassigned "
                "for the supervisor.",
                ref=self.display_name,
            )
            kind = "warning"
        elif self.rule == "standin":
            message = _(
                "%(user)s receives %(visitor)s on behalf of %(owner)s.",
                user=self.user_id.name,
                visitor=self.visitor_name or _("the visitor"),
                owner=self.owner_id.name,
            )
            kind = "info"
        else:
            message = _(
                "%(user)s receives %(visitor)s (%(rule)s).",
                user=self.user_id.name,
                visitor=self.visitor_name or _("the visitor"),
                rule=dict(self._fields["rule"]._description_selection(self.env))[
                    self.rule
                ],
            )
            kind = "success"
        if self.skipped_user_ids:
            message += " " + _(
                "Skipped: %(names)s.",
                names=", ".join(self.skipped_user_ids.mapped("name")),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "title": _("Walk-in"),
                "message": message,
                # stays until dismissed: the desk may look up after the toast
                # would have faded (the receiver's card shows it too)
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cc_create_visitor(self, vals, mobile_checked=False):
        """Register the new visitor of an arrival about to be created.

        A visitor with a name and a mobile who is not registered yet becomes
        the receiver's customer. ``mobile_checked`` is the normalized mobile
        the walk-in looked up in the office's company under the rota lock: the
        duplicate check of the registration is then that same look-up and is
        not repeated.

        :return: the new visitor, or an empty recordset
        """
        Visitor = self.env["cc.visitor"]
        if vals.get("visitor_id") or not (
            vals.get("visitor_name") and vals.get("mobile")
        ):
            return Visitor
        visitor_vals = {
            "name": vals["visitor_name"],
            "mobile": vals["mobile"],
            "office_id": vals["office_id"],
            "company_id": vals["company_id"],
            "user_id": vals.get("user_id") or False,
            "group_size": vals.get("group_size") or 1,
            "source_id": vals.get("source_id") or False,
            "intro_type": "referral"
            if vals.get("referral_id")
            else (vals.get("intro_type") or "walk_in"),
            "referral_id": vals.get("referral_id") or False,
        }
        # called by the engine (on sudo) or by a supervisor
        return Visitor.with_context(
            mail_create_nosubscribe=True,
            mail_auto_subscribe_no_notify=True,
            cc_mobile_checked=mobile_checked
            and (visitor_vals["company_id"], mobile_checked),
        ).create(visitor_vals)

    def _cc_register_visitor(self, new_visitor=None):
        """Link or register the visitor of this arrival under the right owner.

        :param new_visitor: the visitor just registered for this arrival by
            ``_cc_create_visitor``, if any
        """
        self.ensure_one()
        # called by the engine (on sudo) or by a supervisor, who may write
        # visitors, referrals and arrivals of the office
        visitor = self.visitor_id
        receiver = self.user_id
        referral = self.referral_id
        if new_visitor is None and not visitor:
            new_visitor = self._cc_create_visitor(
                {
                    "visitor_name": self.visitor_name,
                    "mobile": self.mobile,
                    "office_id": self.office_id.id,
                    "company_id": self.company_id.id,
                    "user_id": receiver.id,
                    "group_size": self.group_size,
                    "source_id": self.source_id.id,
                    "intro_type": self.intro_type,
                    "referral_id": referral.id,
                }
            )
            if new_visitor:
                self.visitor_id = new_visitor
                visitor = new_visitor
        if referral and visitor:
            referral.write({"visitor_id": visitor.id, "assignment_id": self.id})
        if new_visitor or not visitor:
            return visitor
        if self.rule == "standin":
            # the arrival and the message below are the log of this change
            visitor.with_context(cc_no_register_log=True).assistant_user_ids = [
                fields.Command.link(receiver.id)
            ]
            visitor.message_post(
                body=_(
                    "%(visitor)s arrived; %(receiver)s receives them on behalf of "
                    "%(owner)s.",
                    visitor=visitor.name,
                    receiver=receiver.name,
                    owner=self.owner_id.name,
                ),
                partner_ids=self.owner_id.partner_id.ids,
            )
        elif receiver and not self.owner_id and not visitor._cc_current_owner():
            # back from the pool (or ownership expired): the receiver registers them
            main = visitor.related_visitor_id or visitor
            vals = {"user_id": receiver.id, "in_pool": False}
            if main.user_id:
                vals["previous_user_id"] = main.user_id.id
            (main | main.family_ids).write(vals)
        return visitor

    # visitor register

    followup_ids = fields.One2many(
        "cc.visitor.followup", "assignment_id", string="Follow-ups"
    )
    followup_count = fields.Integer(
        string="Follow-ups of the Visit", compute="_compute_followup_count"
    )

    def _compute_followup_count(self):
        # sudo: a count only, of the follow-ups written by any salesperson
        counts = dict(
            self.env["cc.visitor.followup"]
            .sudo()
            ._read_group(
                [("assignment_id", "in", self.ids)], ["assignment_id"], ["__count"]
            )
        )
        for arrival in self:
            arrival.followup_count = counts.get(arrival, 0)
