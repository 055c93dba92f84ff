"""The visitor register's rules (篇12): a registration is valid only with a
name, a phone and the demand type; every visit is followed up at least the
office's minimum number of times; reminders for both."""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .cc_visitor_followup import FOLLOWUP_TYPE

COMPLETE_TYPE = "cc_sales_office.mail_activity_type_cc_visitor_complete"


class CcVisitor(models.Model):
    _inherit = "cc.visitor"

    missing_info = fields.Char(
        string="Missing for a Valid Registration",
        compute="_compute_missing_info",
        help="A registration counts once it has the full name, a phone (mobile "
        "or landline) and the demand type.",
    )

    followup_checked_on = fields.Date(
        string="Follow-ups Checked On",
        readonly=True,
        copy=False,
        help="The day the reminders of the visits short of follow-ups were "
        "last checked for this customer.",
    )

    # ------------------------------------------------------------------
    # Completeness
    # ------------------------------------------------------------------
    def _cc_missing_fields(self, vals=None):
        """Labels of what this registration lacks to be valid (once ``vals``
        are written, if given)."""
        self.ensure_one()
        data = {
            fname: (vals or {}).get(fname, self[fname])
            for fname in ("name", "mobile", "phone", "demand_type")
        }
        missing = []
        if not (data["name"] or "").strip():
            missing.append(self._fields["name"].string)
        if not (data["mobile"] or data["phone"]):
            missing.append(_("Mobile or Landline"))
        if not data["demand_type"]:
            missing.append(self._fields["demand_type"].string)
        return missing

    @api.depends("name", "mobile", "phone", "demand_type")
    def _compute_missing_info(self):
        for visitor in self:
            visitor.missing_info = ", ".join(visitor._cc_missing_fields())

    def _cc_sync_registration(self):
        """Move entries between incomplete and registered as their data says."""
        complete = self.filtered(
            lambda v: v.state == "incomplete" and not v._cc_missing_fields()
        )
        reopened = self.filtered(
            lambda v: v.state == "draft" and v._cc_missing_fields()
        )
        if complete:
            complete._cc_transition("complete")
            complete._cc_close_reminders(COMPLETE_TYPE)
        if reopened:
            reopened._cc_transition("uncomplete")

    def _cc_close_reminders(self, type_xmlid, key=None):
        activity_type = self.env.ref(type_xmlid, raise_if_not_found=False)
        if not activity_type:
            return
        # sudo: whoever completes the data closes the owner's reminder, a
        # to-do only (marked done with its feedback)
        activities = self.sudo().activity_ids.filtered(
            lambda act: act.activity_type_id == activity_type
            and (key is None or key in (act.summary or ""))
        )
        if activities:
            activities.action_feedback(feedback=_("Done"))

    @api.model_create_multi
    def create(self, vals_list):
        visitors = super().create(vals_list)
        # created incomplete; a full registration is valid at once (an entry
        # of the walk-in has no demand type yet: nothing more is written)
        complete = visitors.filtered(
            lambda v: v.state == "incomplete" and not v._cc_missing_fields()
        )
        if complete:
            complete.with_context(mail_notrack=True)._cc_transition("complete")
        return visitors

    def write(self, vals):
        register_data = "state" not in vals and {
            "name",
            "mobile",
            "phone",
            "demand_type",
        } & set(vals)
        if register_data:
            # checked before writing: nothing is half-written
            for visitor in self.filtered(lambda v: v.state == "confirmed"):
                missing = visitor._cc_missing_fields(vals)
                if missing:
                    raise ValidationError(
                        _(
                            "A confirmed register entry keeps its full name, phone "
                            "and demand type: %(name)s would lack %(missing)s.",
                            name=visitor.name,
                            missing=", ".join(missing),
                        )
                    )
        res = super().write(vals)
        if register_data:
            self._cc_sync_registration()
        return res

    @api.model
    def _cc_incomplete_reminder_domain(self):
        """Owned incomplete registrations without a reminder to complete them."""
        activity_type = self.env.ref(COMPLETE_TYPE)
        return [
            ("state", "=", "incomplete"),
            ("user_id", "!=", False),
            ("in_pool", "=", False),
            (
                "activity_ids",
                "not any",
                [("activity_type_id", "=", activity_type.id)],
            ),
        ]

    @api.model
    def _cron_remind_incomplete(self, batch_size=None):
        """Remind each salesperson of their incomplete registrations, once.

        One bounded, row-locked batch per call (``cc.cron.batch.mixin``); the
        reminder keeps the entry out of the domain.
        """
        domain = self._cc_incomplete_reminder_domain()
        batcher = self.env["cc.cron.batch.mixin"]
        visitors = batcher._cc_cron_take_batch(
            domain, limit=batch_size, model=self._name
        )
        if not visitors:
            return visitors
        activity_type = self.env.ref(COMPLETE_TYPE)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": visitor.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "date_deadline": today,
                    "summary": self.env._(
                        "Complete the registration of %(name)s", name=visitor.name
                    ),
                    "note": self.env._(
                        "Missing for a valid registration: %(missing)s.",
                        missing=", ".join(visitor._cc_missing_fields()),
                    ),
                    "user_id": visitor.user_id.id,
                }
                for visitor in visitors
            ]
        )
        batcher._cc_cron_notify(len(visitors), domain, model=self._name)
        return visitors

    # ------------------------------------------------------------------
    # Follow-ups per visit
    # ------------------------------------------------------------------
    def _cc_visit_followups(self):
        """One row ``(visitor, visit, count)`` per visit of these visitors.

        A visit is an arrival at the showroom (not a reassignment log); a
        visitor registered without any arrival has its registration as the
        visit (``visit`` empty). ``count`` is the follow-ups of that visit.
        """
        # sudo: arrivals and follow-ups are counted whoever wrote them; only
        # the counts and the arrival references are returned
        arrivals = (
            self.env["cc.visitor.assignment"]
            .sudo()
            .search_fetch(
                [("visitor_id", "in", self.ids), ("rule", "!=", "reassign")],
                ["visitor_id", "name", "date"],
                order="date, id",
            )
        )
        # sudo: counts only, of the follow-ups whoever wrote them (see above)
        counts = {
            (visitor.id, visit.id): count
            for visitor, visit, count in self.env["cc.visitor.followup"]
            .sudo()
            ._read_group(
                [("visitor_id", "in", self.ids)],
                ["visitor_id", "assignment_id"],
                ["__count"],
            )
        }
        rows = []
        for visitor in self:
            visits = arrivals.filtered(lambda a, v=visitor: a.visitor_id.id == v.id)
            for visit in visits or [arrivals.browse()]:
                count = counts.get((visitor.id, visit.id), 0)
                rows.append((visitor, visit.with_env(self.env), count))
        return rows

    @api.depends("followup_ids.assignment_id", "office_id.min_followups")
    def _compute_followup_insufficient(self):
        short = {
            visitor.id
            for visitor, _visit, count in self._cc_visit_followups()
            if count < visitor.office_id.min_followups
        }
        for visitor in self:
            visitor.followup_insufficient = visitor.id in short

    def _search_followup_insufficient(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on Too Few Follow-ups."))
        self.env.flush_all()
        query = SQL(
            """
            SELECT v.id
              FROM cc_visitor v
              JOIN cc_sales_office o ON o.id = v.office_id
             WHERE EXISTS (
                       SELECT 1 FROM cc_visitor_assignment a
                        WHERE a.visitor_id = v.id AND a.rule != 'reassign'
                          AND (SELECT count(*) FROM cc_visitor_followup f
                                WHERE f.assignment_id = a.id) < o.min_followups)
                OR (NOT EXISTS (
                       SELECT 1 FROM cc_visitor_assignment a
                        WHERE a.visitor_id = v.id AND a.rule != 'reassign')
                    AND (SELECT count(*) FROM cc_visitor_followup f
                          WHERE f.visitor_id = v.id AND f.assignment_id IS NULL)
                        < o.min_followups)
            """
        )
        ids = [row[0] for row in self.env.execute_query(query)]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def _cc_followup_key(self, visit):
        """Text naming a visit in its reminder (the arrival's reference)."""
        return visit.name if visit else self.name

    @api.model
    def _cc_followup_reminder_domain(self, today):
        """Owned customers with a visit short of follow-ups, not checked yet
        ``today`` (``followup_checked_on``)."""
        return [
            ("followup_insufficient", "=", True),
            ("user_id", "!=", False),
            ("in_pool", "=", False),
            ("is_converted", "=", False),
            ("ownership_until", ">=", today),
            "|",
            ("followup_checked_on", "=", False),
            ("followup_checked_on", "<", today),
        ]

    @api.model
    def _cron_remind_followups(self):
        """One reminder per visit with fewer follow-ups than the minimum.

        Only customers still owned (not in the pool, not converted, within
        the ownership period) are chased. One bounded, row-locked batch of
        customers per call (``cc.cron.batch.mixin``); a checked customer
        leaves the domain for the day (``followup_checked_on``).
        """
        today = fields.Date.context_today(self)
        domain = self._cc_followup_reminder_domain(today)
        batcher = self.env["cc.cron.batch.mixin"]
        visitors = batcher._cc_cron_take_batch(domain, model=self._name)
        if not visitors:
            return self.env["mail.activity"]
        activity_type = self.env.ref(FOLLOWUP_TYPE)
        summaries = defaultdict(list)
        for activity in self.env["mail.activity"].search_fetch(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", visitors.ids),
                ("activity_type_id", "=", activity_type.id),
            ],
            ["res_id", "summary"],
        ):
            summaries[activity.res_id].append(activity.summary or "")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for visitor, visit, count in visitors._cc_visit_followups():
            minimum = visitor.office_id.min_followups
            if count >= minimum:
                continue
            key = visitor._cc_followup_key(visit)
            if any(key in summary for summary in summaries[visitor.id]):
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": visitor.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "date_deadline": today,
                    "summary": _("Follow up the visit %(visit)s", visit=key),
                    "note": _(
                        "%(count)s of the %(minimum)s follow-ups of this visit are "
                        "done.",
                        count=count,
                        minimum=minimum,
                    ),
                    "user_id": visitor.user_id.id,
                }
            )
        scheduled = self.env["mail.activity"].create(vals_list)
        visitors.write({"followup_checked_on": today})
        batcher._cc_cron_notify(len(visitors), domain, model=self._name)
        return scheduled
