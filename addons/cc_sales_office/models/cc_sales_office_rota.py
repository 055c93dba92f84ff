from datetime import datetime, time

import pytz
from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, mute_logger

# what the turn order, the decision and the duplicate check read of a line and
# of an open reception: fetched in one query each, under the rota lock
LINE_FIELDS = [
    "user_id",
    "sequence",
    "checked_in",
    "status",
    "manual_away",
    "turns_taken",
    "receptions_count",
    "makeup_credits",
    "current_assignment_id",
]
RECEPTION_FIELDS = ["visitor_id", "visitor_name", "mobile", "user_id", "rule", "name"]
OWNER_FIELDS = [
    "name",
    "mobile",
    "user_id",
    "related_visitor_id",
    "in_pool",
    "is_converted",
    "ownership_until",
]


class CcSalesOfficeRota(models.Model):
    """Today's reception order of an office, and the reception engine.

    The office holds the configuration (salespeople, receptionist rule,
    supervisor, timezone); the rota decides who receives an arrival: it locks
    its row, refreshes its lines from the attendances, walks the turn order,
    applies the reception rules and writes the arrival.
    """

    _name = "cc.sales.office.rota"
    _description = "Sales Office Daily Reception Rota"
    _inherit = ["mail.thread"]
    _order = "date desc, office_id"
    _check_company_auto = True

    office_id = fields.Many2one(
        "cc.sales.office",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    pointer_sequence = fields.Integer(
        string="Turn Pointer",
        default=0,
        help="Sequence in today's order from which the next turn is searched.",
    )
    last_arrival_date = fields.Datetime(
        string="Last Arrival",
        readonly=True,
        help="Time of the latest arrival decided on this rota.",
    )
    line_ids = fields.One2many("cc.sales.office.rota.line", "rota_id", string="Order")
    assignment_ids = fields.One2many(
        "cc.visitor.assignment", "rota_id", string="Arrivals"
    )
    next_user_id = fields.Many2one(
        "res.users",
        string="Next Turn",
        compute="_compute_next_user_id",
        # the turn looks at colleagues' arrivals, which a salesperson may not read
        compute_sudo=True,
    )
    arrival_count = fields.Integer(compute="_compute_arrival_count")

    _sql_constraints = [
        ("office_date_uniq", "UNIQUE(office_id, date)", "One rota per office and day."),
    ]

    @api.depends("office_id", "date")
    def _compute_display_name(self):
        for rota in self:
            rota.display_name = f"{rota.office_id.name or ''} {rota.date or ''}".strip()

    @api.depends("line_ids.status", "line_ids.sequence", "pointer_sequence")
    def _compute_next_user_id(self):
        for rota in self:
            rota.next_user_id = rota._cc_turn(rota._cc_order())[0].user_id

    def _compute_arrival_count(self):
        counts = dict(
            self.env["cc.visitor.assignment"]._read_group(
                [("rota_id", "in", self.ids)], ["rota_id"], ["__count"]
            )
        )
        for rota in self:
            rota.arrival_count = counts.get(rota, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_sync_attendance(self):
        for rota in self:
            self._cc_lock(rota.office_id, rota.date)._cc_sync_attendance()
        return True

    def action_view_arrivals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_visitor_assignment_action"
        )
        action["domain"] = [("rota_id", "=", self.id)]
        action["context"] = {}
        return action

    def _cc_log_order_change(self, before):
        """Post the new order on the rota (the supervisor's adjustment is tracked)."""
        for rota in self:
            order = rota.line_ids.filtered("checked_in").sorted("sequence")
            rota.message_post(
                body=_(
                    "Order changed by %(user)s: %(before)s → %(after)s",
                    user=self.env.user.name,
                    before=before.get(rota.id, ""),
                    after=", ".join(order.user_id.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Day of an office
    # ------------------------------------------------------------------
    @api.model
    def _cc_office_tz(self, office):
        return pytz.timezone(
            office.tz or self.env.context.get("tz") or self.env.user.tz or "UTC"
        )

    @api.model
    def _cc_office_today(self, office, moment=None):
        """The office's local date of ``moment`` (UTC naive; now by default)."""
        moment = moment or fields.Datetime.now()
        return pytz.utc.localize(moment).astimezone(self._cc_office_tz(office)).date()

    @api.model
    def _cc_day_bounds(self, office, day):
        """UTC naive datetimes [start, end] of ``day`` in the office's tz."""
        tz = self._cc_office_tz(office)
        start = tz.localize(datetime.combine(day, time.min))
        end = tz.localize(datetime.combine(day, time.max))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    # ------------------------------------------------------------------
    # Engine: lock and attendance
    # ------------------------------------------------------------------
    @api.model
    def _cc_lock(self, office, day=None):
        """Return ``office``'s rota of ``day`` (today) with its row locked."""
        return self._cc_lock_pointer(office, day)[0]

    @api.model
    def _cc_lock_pointer(self, office, day=None):
        """Lock ``office``'s rota of ``day`` (today); return it and its pointer.

        The row is locked ``FOR NO KEY UPDATE`` for the rest of the transaction
        and every arrival writes it: two walk-ins registered at the same moment
        are serialized here, so they never read the same pointer or hand out
        the same turn, and a desk whose snapshot predates another desk's
        walk-in fails to serialize (and is retried by the server) instead of
        deciding on a stale view of the day.
        """
        office.ensure_one()
        day = day or self._cc_office_today(office)
        # the lock protects what is read after it: nothing pending may hide it
        self.flush_model()
        self.env["cc.sales.office.rota.line"].flush_model()
        row = self._cc_select_for_update(office, day)
        if not row:
            row = self._cc_create_day(office, day)
        rota = self.browse(row[0])
        # what we read from now on must be what the lock protects
        rota.invalidate_recordset()
        self.env["cc.sales.office.rota.line"].invalidate_model()
        self.env["cc.visitor.assignment"].invalidate_model(["state"])
        return rota, row[1]

    @api.model
    def _cc_select_for_update(self, office, day):
        self.env.cr.execute(
            SQL(
                "SELECT id, pointer_sequence FROM %s"
                " WHERE office_id = %s AND date = %s FOR NO KEY UPDATE",
                SQL.identifier(self._table),
                office.id,
                day,
            )
        )
        return self.env.cr.fetchone()

    @api.model
    def _cc_create_day(self, office, day):
        """Create the day's rota; the first of two concurrent desks wins.

        Created under a savepoint: the second desk's insert fails on the
        unique (office, date) constraint and rolls back to it alone.
        """
        try:
            # sudo: the desk user (a salesperson) opens the day without the
            # right to create rotas; only the id leaves this method
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                rota = self.sudo().create(
                    {
                        "office_id": office.id,
                        "company_id": office.company_id.id,
                        "date": day,
                    }
                )
        except errors.UniqueViolation:
            self.invalidate_model()
        else:
            row = self._cc_select_for_update(office, day)
            if row and row[0] == rota.id:
                return row
        row = self._cc_select_for_update(office, day)
        if not row:
            # created by a transaction committed after this one began: only a
            # new attempt can see it; the server retries serialization failures
            self.env.cr.execute(
                "DO $$ BEGIN RAISE EXCEPTION 'concurrent creation of the day''s "
                "rota' USING ERRCODE = 'serialization_failure'; END $$",
                log_exceptions=False,
            )
        return row

    def _cc_sync_attendance(self):
        """Bring the lines in line with the day's attendances; return the rota."""
        self.ensure_one()
        # sudo: the desk user (a salesperson) only reads the rota; the refresh
        # is the engine's system step and returns the rota in the user's env
        self.sudo()._cc_sync_lines(self.office_id, self.date)
        return self

    def _cc_sync_lines(self, office, day):
        """Bring the lines in line with the day's attendances; return the lines.

        Order (按考勤日志顺序): salespeople in the order of their first
        check-in of the day; who never checked in is absent; who checked out
        is away. Newcomers are appended at the end of the order.
        """
        self.ensure_one()
        Line = self.env["cc.sales.office.rota.line"].with_context(cc_rota_sync=True)
        start, end = self._cc_day_bounds(office, day)
        # one query for the office's salespeople and their check-ins of the
        # day: first check-in (the order) and whether the latest is open
        self.env["hr.attendance"].flush_model(["employee_id", "check_in", "check_out"])
        self.env["hr.employee"].flush_model(["user_id", "company_id"])
        office.flush_recordset(["salesperson_ids"])
        self.env.cr.execute(
            """
            SELECT rel.user_id,
                   MIN(att.check_in),
                   (ARRAY_AGG(att.check_out IS NULL ORDER BY att.check_in DESC))[1]
              FROM cc_sales_office_salesperson_rel rel
              JOIN res_users usr ON usr.id = rel.user_id AND usr.active
         LEFT JOIN hr_employee emp
                ON emp.user_id = rel.user_id AND emp.company_id = %s
         LEFT JOIN hr_attendance att
                ON att.employee_id = emp.id
               AND att.check_in >= %s AND att.check_in <= %s
             WHERE rel.office_id = %s
             GROUP BY rel.user_id
            """,
            (office.company_id.id, start, end, office.id),
        )
        salespeople, first_in, present = [], {}, {}
        for user_id, check_in, is_open in self.env.cr.fetchall():
            salespeople.append(user_id)
            if check_in:
                first_in[user_id] = check_in
                present[user_id] = is_open
        # runs on sudo (see _cc_sync_attendance and _cc_walk_in)
        lines = Line.search_fetch([("rota_id", "=", self.id)], LINE_FIELDS)
        by_user = {line.user_id.id: line for line in lines}
        next_sequence = max([line.sequence for line in lines if line.checked_in] or [0])
        newcomers = sorted(
            (
                user_id
                for user_id in first_in
                if not (user_id in by_user and by_user[user_id].checked_in)
            ),
            key=lambda user_id: (first_in[user_id], user_id),
        )
        new_sequence = {}
        for user_id in newcomers:
            next_sequence += 1
            new_sequence[user_id] = next_sequence
        to_create = []
        for user_id in sorted(salespeople):
            is_present = present.get(user_id, False)
            line = by_user.get(user_id)
            if not line:
                to_create.append(
                    {
                        "rota_id": self.id,
                        "user_id": user_id,
                        "sequence": new_sequence.get(user_id, 0),
                        "checked_in": user_id in first_in,
                        "check_in_time": first_in.get(user_id),
                        "status": "available" if is_present else "away",
                    }
                )
                continue
            vals = {}
            if user_id in new_sequence:
                vals.update(
                    checked_in=True,
                    check_in_time=first_in[user_id],
                    sequence=new_sequence[user_id],
                )
            if not is_present and line.status == "available":
                vals["status"] = "away"
            elif is_present and line.status == "away" and not line.manual_away:
                vals["status"] = "available"
            if vals:
                line.write(vals)
        if to_create:
            lines |= Line.create(to_create)
        return lines

    # ------------------------------------------------------------------
    # Engine: turn order and decision
    # ------------------------------------------------------------------
    def _cc_order(self, lines=None):
        """Today's order: the checked-in lines by sequence."""
        lines = self.line_ids if lines is None else lines
        return lines.filtered("checked_in").sorted(
            lambda line: (line.sequence, line.id)
        )

    def _cc_turn(self, ordered, pointer=None):
        """Who gets the turn by rule 3, without writing anything.

        Walks today's order from the pointer; the first present and free
        salesperson gets it. Whoever is away or busy on the way is skipped and
        does not get the turn back (不予补回) — except a salesperson busy
        standing in for an owner, whose turn is credited back (补回).

        :param ordered: lines of this rota in today's order
        :param pointer: the pointer read under the lock (the rota's by default)
        :return: (line or empty, skipped lines, credited lines, next pointer)
        """
        Line = self.env["cc.sales.office.rota.line"]
        if pointer is None:
            pointer = self.pointer_sequence
        if not ordered:
            return Line, Line, Line, pointer
        start = next(
            (i for i, line in enumerate(ordered) if line.sequence >= pointer),
            0,
        )
        skipped = credited = Line
        size = len(ordered)
        for step in range(size):
            line = ordered[(start + step) % size]
            if line.status == "available":
                following = ordered[(start + step + 1) % size]
                return line, skipped, credited, following.sequence
            skipped |= line
            # runs on sudo (the engine, or the computes with compute_sudo):
            # the arrival is a colleague's
            if line.status == "busy" and line.current_assignment_id.rule == "standin":
                credited |= line
        return Line, skipped, Line, pointer

    def _cc_decide(self, office, pointer, lines, visitor, requested, delegate, rule):
        """Apply the reception rules in order; return a decision dict.

        :param office: the rota's office (its configuration)
        :param pointer: the rota's pointer, read under the lock
        :param lines: the rota's lines, refreshed under the lock
        """
        self.ensure_one()
        Line = self.env["cc.sales.office.rota.line"]
        requested_user, delegate_user, rota_rule = requested, delegate, rule
        lines = self._cc_order(lines)
        decision = {
            "line": Line,
            "rule": "unassigned",
            "owner": self.env["res.users"],
            "turn": False,
            "pointer": pointer,
            "skipped": Line,
            "credited": Line,
            "made_up": False,
            "note": False,
        }

        def by_rota(rule, note=False):
            makeup = lines.filtered(
                lambda line: line.makeup_credits > 0 and line.status == "available"
            )[:1]
            if makeup:
                decision.update(
                    line=makeup, rule=rule, turn=True, made_up=True, note=note
                )
                return decision
            line, skipped, credited, following = self._cc_turn(lines, pointer)
            decision.update(skipped=skipped, note=note)
            if line:
                decision.update(
                    line=line,
                    rule=rule,
                    turn=True,
                    pointer=following,
                    credited=credited,
                )
            return decision

        # Rule 1: a registered customer within ownership goes back to the owner
        owner = visitor._cc_current_owner() if visitor else self.env["res.users"]
        if owner:
            decision["owner"] = owner
            owner_line = lines.filtered(lambda line: line.user_id == owner)
            if owner_line.status == "available":
                decision.update(line=owner_line, rule="owner")
                return decision
            free = lines.filtered(
                lambda line: line.status == "available" and line != owner_line
            )
            stand_in = free.filtered(lambda line: line.user_id == delegate_user)[:1]
            if not stand_in and office.obligatory_receptionist and lines:
                stand_in = free & lines[-1]
            if not stand_in:
                stand_in = self._cc_turn(lines - owner_line, pointer)[0]
            if stand_in:
                decision.update(line=stand_in, rule="standin")
            return decision
        # Rule 2: the visitor asks for a named salesperson
        if requested_user:
            requested_line = lines.filtered(lambda line: line.user_id == requested_user)
            if requested_line.status == "available":
                line, skipped, credited, following = self._cc_turn(lines, pointer)
                decision.update(line=requested_line, rule="requested")
                if line == requested_line:
                    decision.update(
                        turn=True, pointer=following, skipped=skipped, credited=credited
                    )
                return decision
            return by_rota(
                rota_rule,
                _(
                    "%(user)s was asked for but is not present and free.",
                    user=requested_user.name,
                ),
            )
        # Rules 3 and 4
        return by_rota(rota_rule)

    # ------------------------------------------------------------------
    # Engine: the walk-in
    # ------------------------------------------------------------------
    @api.model
    def _cc_walk_in(
        self,
        office,
        visitor_name=False,
        mobile=False,
        visitor=None,
        requested_user=None,
        delegate_user=None,
        intro_type="walk_in",
        group_size=1,
        source=None,
    ):
        """Register an arrival at ``office`` and assign who receives it.

        Runs entirely under the rota row lock. Never raises when nobody is
        present: the arrival is saved unassigned for the supervisor.

        :return: the ``cc.visitor.assignment`` record
        """
        office.ensure_one()
        Users = self.env["res.users"]
        requested_user = requested_user or Users
        delegate_user = delegate_user or Users
        visitor_name = (visitor_name or "").strip() or False
        mobile = (mobile or "").strip() or False
        if not (visitor or visitor_name or mobile):
            # checked before the rota is locked: an empty arrival takes no turn
            raise ValidationError(
                _(
                    "Enter the visitor's Name or Mobile before asking who receives "
                    "them: an arrival without either would use up a turn."
                )
            )
        # sudo: the desk (a salesperson) registers arrivals for colleagues,
        # looks visitors and referrals up whoever owns them and writes rota
        # lines it may only read. The engine runs on sudo from here on; the
        # arrival is handed back in the caller's environment.
        caller_env = self.env
        engine = self.sudo()
        Visitor = engine.env["cc.visitor"]
        mobile_normalized = Visitor._cc_normalize_mobile(mobile)
        visitor = Visitor.browse(visitor.ids) if visitor else Visitor
        if not visitor and mobile_normalized:
            visitor = Visitor.search_fetch(
                [
                    ("company_id", "=", office.company_id.id),
                    ("mobile_normalized", "=", mobile_normalized),
                ],
                OWNER_FIELDS,
                limit=1,
            )
        referral = engine.env["cc.referral"]
        today = engine._cc_office_today(office)
        if mobile_normalized:
            referral = referral.search(
                [
                    ("company_id", "=", office.company_id.id),
                    ("mobile_normalized", "=", mobile_normalized),
                    ("state", "=", "registered"),
                    ("appointment_date", "=", today),
                ],
                limit=1,
            )
        rota_rule = "rota"
        if referral:
            rota_rule = "referral"
        elif intro_type in ("developer", "company"):
            rota_rule = "introduced"

        rota, pointer = engine._cc_lock_pointer(office, today)
        lines = rota._cc_sync_lines(office, today)
        # under the rota lock: a second desk checking the same visitor in at
        # the same moment waits here and then sees the first reception
        rota._cc_check_not_received(visitor, mobile_normalized)
        decision = rota._cc_decide(
            office, pointer, lines, visitor, requested_user, delegate_user, rota_rule
        )
        arrival = rota._cc_apply(
            office,
            decision,
            {
                "visitor_id": visitor.id,
                "visitor_name": visitor_name or visitor.name,
                "mobile": mobile or visitor.mobile,
                "requested_user_id": requested_user.id,
                "delegate_user_id": delegate_user.id,
                "intro_type": intro_type,
                "group_size": group_size or 1,
                "referral_id": referral.id,
                "source_id": source.id if source else False,
            },
            # the look-up above is the duplicate check of a new registration
            mobile_checked=mobile_normalized if not visitor else False,
        )
        return arrival.with_env(caller_env)

    def _cc_open_reception(self, visitor, mobile_normalized):
        """Today's open reception of this visitor (by record or mobile), if any.

        Called under the rota row lock, which every walk-in of the office takes
        first: what it reads cannot change before the new arrival is written.
        """
        self.ensure_one()
        Visitor = self.env["cc.visitor"]
        # runs on sudo (see _cc_walk_in): colleagues' arrivals
        open_receptions = self.env["cc.visitor.assignment"].search_fetch(
            [("rota_id", "=", self.id), ("state", "=", "receiving")],
            RECEPTION_FIELDS,
        )
        for reception in open_receptions:
            if visitor and reception.visitor_id == visitor:
                return reception
            if mobile_normalized and (
                Visitor._cc_normalize_mobile(reception.mobile) == mobile_normalized
            ):
                return reception
        return open_receptions.browse()

    def _cc_check_not_received(self, visitor, mobile_normalized):
        """Refuse a second check-in of a visitor who is being received."""
        reception = self._cc_open_reception(visitor, mobile_normalized)
        if reception:
            raise UserError(
                _(
                    "%(visitor)s is already being received by %(user)s (%(ref)s). "
                    "Finish that reception before checking them in again.",
                    visitor=reception.visitor_name
                    or reception.visitor_id.name
                    or reception.mobile,
                    user=reception.user_id.name,
                    ref=reception.name,
                )
            )

    def _cc_apply(self, office, decision, arrival_vals, mobile_checked=False):
        """Write the decision: the arrival, the lines, the pointer, the visitor.

        Runs on sudo (see ``_cc_walk_in``): the arrival and the lines are desk
        records a salesperson may not write directly.
        """
        self.ensure_one()
        line = decision["line"]
        user = line.user_id
        now = fields.Datetime.now()
        vals = dict(
            arrival_vals,
            office_id=office.id,
            company_id=office.company_id.id,
            rota_id=self.id,
            date=now,
            user_id=user.id,
            owner_id=decision["owner"].id,
            rule=decision["rule"],
            turn_counted=decision["turn"],
            made_up=decision["made_up"],
            note=decision["note"],
            # the initial state of a system record, not a move
            state="receiving" if user else "unassigned",
        )
        if decision["skipped"]:
            vals["skipped_user_ids"] = [
                fields.Command.set(decision["skipped"].user_id.ids)
            ]
        if decision["credited"]:
            vals["credited_user_ids"] = [
                fields.Command.set(decision["credited"].user_id.ids)
            ]
        # an arrival is a log line: no creation message, no "assigned to you"
        # e-mail per visitor (the desk shows it), no follower for the desk user
        # nor for the salesperson (who follows the visitor)
        arrival = self.env["cc.visitor.assignment"].with_context(
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_auto_subscribe_no_notify=True,
            cc_walk_in_arrival=True,
        )
        # a new visitor first, so that the arrival is inserted complete
        visitor = arrival._cc_create_visitor(vals, mobile_checked=mobile_checked)
        if visitor:
            vals["visitor_id"] = visitor.id
        arrival = arrival.create(vals)
        arrival._cc_register_visitor(new_visitor=visitor)
        sync = self.env["cc.sales.office.rota.line"].with_context(cc_rota_sync=True)
        if line:
            line_vals = {
                "status": "busy",
                "current_assignment_id": arrival.id,
                "receptions_count": line.receptions_count + 1,
            }
            if decision["turn"]:
                line_vals["turns_taken"] = line.turns_taken + 1
            if decision["made_up"]:
                line_vals["makeup_credits"] = line.makeup_credits - 1
            sync.browse(line.id).write(line_vals)
        for credited in decision["credited"]:
            sync.browse(credited.id).write(
                {"makeup_credits": credited.makeup_credits + 1}
            )
        # every arrival writes the rota row it locked (see _cc_lock)
        self.write({"pointer_sequence": decision["pointer"], "last_arrival_date": now})
        if not user and office.supervisor_id:
            arrival.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=office.supervisor_id.id,
                summary=_("Unassigned arrival: nobody present and free"),
            )
        return arrival
