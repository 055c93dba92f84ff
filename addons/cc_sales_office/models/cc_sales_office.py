from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

SUPERVISOR = "cc_sales_office.group_cc_sales_office_supervisor"
RECEPTION_RULES = [
    ("owner", "Owner receives own customer"),
    ("standin", "Stand-in on the owner's behalf"),
    ("requested", "Requested salesperson"),
    ("rota", "Next in today's order"),
    ("introduced", "Introduced by developer/company (rota)"),
    ("referral", "Employee referral (rota)"),
    ("reassign", "Reassigned by the supervisor"),
    ("unassigned", "Unassigned (nobody free)"),
]


class CcSalesOffice(models.Model):
    _name = "cc.sales.office"
    _description = "Sales Office"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    salesperson_ids = fields.Many2many(
        "res.users",
        "cc_sales_office_salesperson_rel",
        "office_id",
        "user_id",
        string="Salespeople",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Salespeople of the showroom; each needs an employee so that "
        "today's reception order can follow their attendance check-ins.",
    )
    supervisor_id = fields.Many2one(
        "res.users",
        string="Supervisor",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Sales supervisor (project manager): adjusts the order, confirms "
        "the daily register and the employee referrals.",
    )
    obligatory_receptionist = fields.Boolean(
        string="Obligatory Receptionist",
        default=True,
        help="The last salesperson in today's order assists the others and "
        "receives registered customers on behalf of an absent or busy owner.",
    )
    ownership_months = fields.Integer(
        string="Ownership Period (months)",
        default=1,
        help="A visitor stays the salesperson's customer this many months "
        "after the last follow-up, then returns to the pool.",
    )
    min_followups = fields.Integer(string="Minimum Follow-ups", default=3)
    referral_share = fields.Float(string="Referrer Share (%)", default=30.0)
    receiver_share = fields.Float(
        string="Receiving Salesperson Share (%)", default=70.0
    )
    team_pool_share = fields.Float(
        string="Team Pool Share (%)",
        default=10.0,
        help="When other salespeople assisted with a visitor, this share of the "
        "commission goes to the office's team pool instead of to individuals.",
    )
    commission_rate = fields.Float(
        string="Commission Rate (%)",
        default=1.0,
        help="Commission on the untaxed amount of the order, unless a rate is "
        "set for the product category.",
    )
    commission_trigger = fields.Selection(
        [("confirm", "On order confirmation"), ("paid", "On full payment")],
        string="Commission Due",
        default="confirm",
        required=True,
    )
    rate_ids = fields.One2many(
        "cc.sales.office.rate", "office_id", string="Rates per Category"
    )
    rota_ids = fields.One2many("cc.sales.office.rota", "office_id", string="Rotas")
    visitor_count = fields.Integer(compute="_compute_visitor_count")

    _sql_constraints = [
        (
            "ownership_months_positive",
            "CHECK(ownership_months >= 1)",
            "The ownership period must be at least one month.",
        ),
        (
            "min_followups_positive",
            "CHECK(min_followups >= 0)",
            "The minimum number of follow-ups cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_visitor_count(self):
        counts = dict(
            self.env["cc.visitor"]._read_group(
                [("office_id", "in", self.ids)], ["office_id"], ["__count"]
            )
        )
        for office in self:
            office.visitor_count = counts.get(office, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains(
        "referral_share", "receiver_share", "team_pool_share", "commission_rate"
    )
    def _check_shares(self):
        for office in self:
            for fname in (
                "referral_share",
                "receiver_share",
                "team_pool_share",
                "commission_rate",
            ):
                if not 0.0 <= office[fname] <= 100.0:
                    raise ValidationError(
                        _(
                            "%(field)s must be between 0 and 100 (office %(office)s).",
                            field=office._fields[fname].string,
                            office=office.name,
                        )
                    )
            if float_compare(office.referral_share + office.receiver_share, 100.0, 2):
                raise ValidationError(
                    _(
                        "The referral split of office %(office)s must sum to 100%%: "
                        "referrer %(ref)s%% + receiving salesperson %(rec)s%%.",
                        office=office.name,
                        ref=office.referral_share,
                        rec=office.receiver_share,
                    )
                )

    @api.constrains("salesperson_ids", "company_id")
    def _check_salesperson_employees(self):
        for office in self:
            missing = office.sudo().salesperson_ids.filtered(
                lambda user, office=office: not user.employee_ids.filtered(
                    lambda emp: emp.company_id == office.company_id
                )
            )
            if missing:
                raise ValidationError(
                    _(
                        "Salespeople need an employee in %(company)s so that their "
                        "attendance sets today's order: %(users)s.",
                        company=office.company_id.name,
                        users=", ".join(missing.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_visitors(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_visitor_action"
        )
        action["domain"] = [("office_id", "=", self.id)]
        action["context"] = {"default_office_id": self.id}
        return action

    def action_open_today_rota(self):
        self.ensure_one()
        rota = self._cc_lock_rota()
        self._cc_sync_rota(rota)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cc.sales.office.rota",
            "res_id": rota.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_confirm_today_register(self):
        """Supervisor's daily confirmation (确认) of the visitor register."""
        self._cc_check_supervisor()
        today = self._cc_today()
        visitors = self.env["cc.visitor"].search(
            [
                ("office_id", "in", self.ids),
                ("state", "=", "draft"),
                ("register_date", "<=", today),
            ]
        )
        visitors.action_confirm()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s register entries confirmed.", count=len(visitors)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def action_open_reception_desk(self):
        """Open the reception desk on today's rotas, refreshed from attendance."""
        offices = self.search([("company_id", "in", self.env.companies.ids)])
        for office in offices:
            office._cc_sync_rota(office._cc_lock_rota())
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_sales_office.cc_sales_office_rota_line_action_desk"
        )
        action["domain"] = [("date", "=", fields.Date.to_string(self._cc_today()))]
        if len(offices) > 1:
            # one column per office: its name heads the column, not each card
            action["context"] = {"group_by": ["office_id"]}
        elif offices:
            # one office: its name once, in the breadcrumb
            action["name"] = f"{action['name']} · {offices.name}"
        return action

    @api.model
    def _cron_remind_unconfirmed_register(self, today=None):
        """Before close: remind each supervisor of the unconfirmed register entries.

        One open to-do per office at most; the count comes from one grouped query.
        """
        today = today or self._cc_today()
        counts = dict(
            self.env["cc.visitor"]._read_group(
                [("state", "=", "draft"), ("register_date", "<=", today)],
                ["office_id"],
                ["__count"],
            )
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        summary = _("Confirm the visitor register")
        for office, count in counts.items():
            if not office.supervisor_id or office.activity_ids.filtered(
                lambda act, summary=summary: act.summary == summary
            ):
                continue
            office.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=today,
                summary=summary,
                note=_(
                    "%(count)s register entries wait for confirmation.", count=count
                ),
                user_id=office.supervisor_id.id,
            )
        return True

    # ------------------------------------------------------------------
    # Demo helpers
    # ------------------------------------------------------------------
    def _cc_demo_check_in(self, employee_ids):
        """Demo: check the employees in today, in the given order, in the past."""
        self.ensure_one()
        start, _end = self._cc_day_bounds(self._cc_today())
        now = fields.Datetime.now()
        span = max((now - start).total_seconds(), 60.0)
        Attendance = self.env["hr.attendance"].sudo()
        vals_list = []
        for rank, employee_id in enumerate(employee_ids, start=1):
            if Attendance.search_count(
                [("employee_id", "=", employee_id), ("check_out", "=", False)]
            ):
                continue
            offset = span * rank / (len(employee_ids) + 2)
            vals_list.append(
                {
                    "employee_id": employee_id,
                    "check_in": min(now, start + timedelta(seconds=offset)),
                }
            )
        Attendance.create(vals_list)
        self._cc_sync_rota(self._cc_lock_rota())

    @api.model
    def _cc_demo_report_schedule(self):
        """Demo: a monthly commission statement, when report schedules exist."""
        if "cc.report.schedule" not in self.env:
            return False
        report = self.env.ref("cc_sales_office.cc_commission_statement_xlsx")
        schedule = self.env["cc.report.schedule"].create(
            {
                "name": self.env._("Monthly commission statement"),
                "report_id": report.id,
                "frequency": "monthly",
                "day_of_month": 5,
                "period": "previous_month",
                "user_ids": [fields.Command.link(self.env.ref("base.user_admin").id)],
            }
        )
        # run once, so that the history shows a success (no e-mail is sent)
        schedule._cc_demo_run_once()
        return schedule

    # ------------------------------------------------------------------
    # Business methods: day, rota lock and attendance
    # ------------------------------------------------------------------
    def _cc_tz(self):
        return pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

    @api.model
    def _cc_today(self):
        return fields.Date.context_today(self)

    def _cc_day_bounds(self, day):
        """UTC naive datetimes [start, end) of ``day`` in the user's timezone."""
        tz = self._cc_tz()
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
        end = tz.localize(datetime.combine(day, time.max)).astimezone(pytz.utc)
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    def _cc_check_supervisor(self):
        user = self.env.user
        if self.env.su or user.has_group(
            "cc_sales_office.group_cc_sales_office_manager"
        ):
            return
        if not user.has_group(SUPERVISOR):
            raise UserError(_("Only a sales office supervisor can do this."))

    def _cc_lock_rota(self, day=None):
        """Return the office's rota of ``day`` (today) with its row locked.

        The row is locked ``FOR NO KEY UPDATE`` for the rest of the transaction:
        two walk-ins registered at the same moment are serialized here, so they
        can never read the same pointer or hand out the same turn. The row is
        created with ``INSERT ... ON CONFLICT DO NOTHING`` when missing, so two
        first walk-ins of the day do not fail on the unique constraint either.
        """
        self.ensure_one()
        day = day or self._cc_today()
        Rota = self.env["cc.sales.office.rota"]
        Rota.flush_model()
        self.env["cc.sales.office.rota.line"].flush_model()
        cr = self.env.cr
        select = """
            SELECT id FROM cc_sales_office_rota
             WHERE office_id = %s AND date = %s
               FOR NO KEY UPDATE
        """
        cr.execute(select, (self.id, day))
        row = cr.fetchone()
        if not row:
            cr.execute(
                """
                INSERT INTO cc_sales_office_rota
                       (office_id, company_id, date, pointer_sequence,
                        create_uid, create_date, write_uid, write_date)
                VALUES (%s, %s, %s, 0, %s, now() at time zone 'UTC',
                        %s, now() at time zone 'UTC')
                ON CONFLICT (office_id, date) DO NOTHING
                """,
                (self.id, self.company_id.id, day, self.env.uid, self.env.uid),
            )
            cr.execute(select, (self.id, day))
            row = cr.fetchone()
        rota = Rota.browse(row[0])
        # what we read from now on must be what the lock protects
        rota.invalidate_recordset()
        self.env["cc.sales.office.rota.line"].invalidate_model()
        return rota

    def _cc_sync_rota(self, rota):
        """Bring ``rota``'s lines in line with the day's attendances.

        Order (按考勤日志顺序): salespeople in the order of their first
        check-in of the day; who never checked in is absent; who checked out
        is away. Newcomers are appended at the end of the order.
        """
        self.ensure_one()
        Line = self.env["cc.sales.office.rota.line"].sudo()
        start, end = self._cc_day_bounds(rota.date)
        # one query for the day's check-ins of the office's salespeople: first
        # check-in (the order) and whether their latest attendance is open
        self.env["hr.attendance"].flush_model(["employee_id", "check_in", "check_out"])
        self.env["hr.employee"].flush_model(["user_id", "company_id"])
        self.flush_model(["salesperson_ids"])
        self.env.cr.execute(
            """
            SELECT emp.user_id,
                   MIN(att.check_in),
                   (ARRAY_AGG(att.check_out IS NULL ORDER BY att.check_in DESC))[1]
              FROM hr_attendance att
              JOIN hr_employee emp ON emp.id = att.employee_id
              JOIN cc_sales_office_salesperson_rel rel
                ON rel.user_id = emp.user_id AND rel.office_id = %s
             WHERE emp.company_id = %s
               AND att.check_in >= %s AND att.check_in <= %s
             GROUP BY emp.user_id
            """,
            (self.id, self.company_id.id, start, end),
        )
        Users = self.env["res.users"]
        first_in, present = {}, {}
        for user_id, check_in, is_open in self.env.cr.fetchall():
            first_in[Users.browse(user_id)] = check_in
            present[Users.browse(user_id)] = is_open
        lines = {line.user_id: line for line in rota.sudo().line_ids}
        next_sequence = max(
            [line.sequence for line in lines.values() if line.checked_in] or [0]
        )
        newcomers = sorted(
            (
                user
                for user in first_in
                if not (user in lines and lines[user].checked_in)
            ),
            key=lambda user: (first_in[user], user.id),
        )
        new_sequence = {}
        for user in newcomers:
            next_sequence += 1
            new_sequence[user] = next_sequence
        to_create = []
        for user in self.salesperson_ids:
            is_present = present.get(user, False)
            line = lines.get(user)
            if not line:
                to_create.append(
                    {
                        "rota_id": rota.id,
                        "user_id": user.id,
                        "sequence": new_sequence.get(user, 0),
                        "checked_in": user in first_in,
                        "check_in_time": first_in.get(user),
                        "status": "available" if is_present else "away",
                    }
                )
                continue
            vals = {}
            if user in new_sequence:
                vals.update(
                    checked_in=True,
                    check_in_time=first_in[user],
                    sequence=new_sequence[user],
                )
            if not is_present and line.status == "available":
                vals["status"] = "away"
            elif is_present and line.status == "away" and not line.manual_away:
                vals["status"] = "available"
            if vals:
                line.with_context(cc_rota_sync=True).write(vals)
        if to_create:
            Line.with_context(cc_rota_sync=True).create(to_create)
        return rota

    # ------------------------------------------------------------------
    # Business methods: who receives a walk-in
    # ------------------------------------------------------------------
    @api.model
    def _cc_rota_turn(self, rota, lines):
        """Who gets the turn by rule 3, without writing anything.

        Walks today's order from the pointer; the first present and free
        salesperson gets it. Whoever is away or busy on the way is skipped and
        does not get the turn back (不予补回) — except a salesperson busy
        standing in for an owner, whose turn is credited back (补回).

        :return: (line or empty, skipped lines, credited lines, next pointer)
        """
        Line = self.env["cc.sales.office.rota.line"]
        ordered = lines.sorted(lambda line: (line.sequence, line.id))
        if not ordered:
            return Line, Line, Line, rota.pointer_sequence
        start = next(
            (
                i
                for i, line in enumerate(ordered)
                if line.sequence >= rota.pointer_sequence
            ),
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
            if (
                line.status == "busy"
                and line.sudo().current_assignment_id.rule == "standin"
            ):
                credited |= line
        return Line, skipped, Line, rota.pointer_sequence

    def _cc_decide(self, rota, visitor, requested_user, delegate_user, rota_rule):
        """Apply the reception rules in order; return a decision dict."""
        Line = self.env["cc.sales.office.rota.line"]
        lines = rota.line_ids.filtered("checked_in").sorted(
            lambda line: (line.sequence, line.id)
        )
        decision = {
            "line": Line,
            "rule": "unassigned",
            "owner": self.env["res.users"],
            "turn": False,
            "pointer": rota.pointer_sequence,
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
            line, skipped, credited, pointer = self._cc_rota_turn(rota, lines)
            decision.update(skipped=skipped, note=note)
            if line:
                decision.update(
                    line=line, rule=rule, turn=True, pointer=pointer, credited=credited
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
            if not stand_in and self.obligatory_receptionist and lines:
                stand_in = free & lines[-1]
            if not stand_in:
                turn_line = self._cc_rota_turn(rota, lines - owner_line)[0]
                stand_in = turn_line
            if stand_in:
                decision.update(line=stand_in, rule="standin")
            return decision
        # Rule 2: the visitor asks for a named salesperson
        if requested_user:
            requested_line = lines.filtered(lambda line: line.user_id == requested_user)
            if requested_line.status == "available":
                line, skipped, credited, pointer = self._cc_rota_turn(rota, lines)
                decision.update(line=requested_line, rule="requested")
                if line == requested_line:
                    decision.update(
                        turn=True, pointer=pointer, skipped=skipped, credited=credited
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

    def _cc_walk_in(
        self,
        visitor_name=False,
        mobile=False,
        visitor=None,
        requested_user=None,
        delegate_user=None,
        intro_type="walk_in",
        group_size=1,
        source=None,
    ):
        """Register an arrival at the office and assign who receives it.

        Runs entirely under the rota row lock. Never raises when nobody is
        present: the arrival is saved unassigned for the supervisor.

        :return: the ``cc.visitor.assignment`` record
        """
        self.ensure_one()
        Visitor = self.env["cc.visitor"].sudo()
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
        mobile_normalized = Visitor._cc_normalize_mobile(mobile)
        visitor = (visitor or Visitor).sudo()
        if not visitor and mobile_normalized:
            visitor = Visitor.search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("mobile_normalized", "=", mobile_normalized),
                ],
                limit=1,
            )
        referral = self.env["cc.referral"]
        if mobile_normalized:
            referral = (
                self.env["cc.referral"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", self.company_id.id),
                        ("mobile_normalized", "=", mobile_normalized),
                        ("state", "=", "registered"),
                        ("appointment_date", "=", self._cc_today()),
                    ],
                    limit=1,
                )
            )
        rota_rule = "rota"
        if referral:
            rota_rule = "referral"
        elif intro_type in ("developer", "company"):
            rota_rule = "introduced"

        rota = self._cc_lock_rota()
        # every walk-in writes the rota row it locked: a desk whose snapshot
        # predates another desk's walk-in then fails to serialize on the lock
        # (and is retried) instead of deciding on a stale view of the day
        self.env.cr.execute(
            """
            UPDATE cc_sales_office_rota
               SET write_date = now() at time zone 'UTC', write_uid = %s
             WHERE id = %s
            """,
            (self.env.uid, rota.id),
        )
        rota.invalidate_recordset(["write_date", "write_uid"])
        self._cc_sync_rota(rota)
        # under the rota lock: a second desk checking the same visitor in at
        # the same moment waits here and then sees the first reception
        self._cc_check_not_received(rota, visitor, mobile_normalized)
        decision = self._cc_decide(
            rota, visitor, requested_user, delegate_user, rota_rule
        )
        return self._cc_apply_decision(
            rota,
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
        )

    def _cc_open_reception(self, rota, visitor, mobile_normalized):
        """Today's open reception of this visitor (by record or mobile), if any.

        Called under the rota row lock, which every walk-in of the office takes
        first: what it reads cannot change before the new arrival is written.
        """
        self.ensure_one()
        Visitor = self.env["cc.visitor"]
        open_receptions = (
            self.env["cc.visitor.assignment"]
            .sudo()
            .search(
                [
                    ("rota_id", "=", rota.id),
                    ("state", "=", "receiving"),
                ]
            )
        )
        for reception in open_receptions:
            if visitor and reception.visitor_id == visitor:
                return reception
            if mobile_normalized and (
                Visitor._cc_normalize_mobile(reception.mobile) == mobile_normalized
            ):
                return reception
        return open_receptions.browse()

    def _cc_check_not_received(self, rota, visitor, mobile_normalized):
        """Refuse a second check-in of a visitor who is being received."""
        reception = self._cc_open_reception(rota, visitor, mobile_normalized)
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

    def _cc_apply_decision(self, rota, decision, arrival_vals):
        line = decision["line"]
        user = line.user_id
        # an arrival is a log line: no creation message, no "assigned to you"
        # e-mail per visitor (the desk shows it), no follower for the desk user
        assignment = (
            self.env["cc.visitor.assignment"]
            .sudo()
            .with_context(
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_auto_subscribe_no_notify=True,
            )
            .create(
                dict(
                    arrival_vals,
                    office_id=self.id,
                    company_id=self.company_id.id,
                    rota_id=rota.id,
                    user_id=user.id,
                    owner_id=decision["owner"].id,
                    rule=decision["rule"],
                    turn_counted=decision["turn"],
                    made_up=decision["made_up"],
                    skipped_user_ids=[
                        fields.Command.set(decision["skipped"].user_id.ids)
                    ],
                    credited_user_ids=[
                        fields.Command.set(decision["credited"].user_id.ids)
                    ],
                    note=decision["note"],
                    # the initial state of a system record (sudo), not a move
                    state="receiving" if user else "unassigned",
                )
            )
        )
        sync = (
            self.env["cc.sales.office.rota.line"].sudo().with_context(cc_rota_sync=True)
        )
        if line:
            vals = {
                "status": "busy",
                "current_assignment_id": assignment.id,
                "receptions_count": line.receptions_count + 1,
            }
            if decision["turn"]:
                vals["turns_taken"] = line.turns_taken + 1
            if decision["made_up"]:
                vals["makeup_credits"] = line.makeup_credits - 1
            sync.browse(line.id).write(vals)
        for credited in decision["credited"]:
            sync.browse(credited.id).write(
                {"makeup_credits": credited.makeup_credits + 1}
            )
        if decision["pointer"] != rota.pointer_sequence:
            rota.sudo().pointer_sequence = decision["pointer"]
        assignment._cc_register_visitor()
        if not user and self.supervisor_id:
            assignment.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.supervisor_id.id,
                summary=_("Unassigned arrival: nobody present and free"),
            )
        return assignment
