from collections import defaultdict
from datetime import datetime, time

import pytz

from odoo import _, models
from odoo.tools import SQL, split_every

from ..models.cc_visit_report import SCORE_FIELDS


class CcMonthlySummaryXlsx(models.AbstractModel):
    """Monthly communication and visit summary (每月巡访情况报告书).

    Sheets: summary; communications by topic and state; by department with
    overdue counts; visits by team and salesperson with counts and average
    scores; urgent visit reports; and the communication register (one row per
    communication, streamed in chunks).
    """

    _name = "report.cc_customer_comm.monthly_summary"
    _inherit = "report.cc_customer_comm.abstract_xlsx"
    _description = "Monthly Communication and Visit Summary"

    def generate_xlsx_report(self, workbook, data, objs):
        date_from, date_to, company = self._cc_period(data, objs, "date")
        formats = self._cc_formats(workbook)
        Communication = self.env["cc.communication"].with_context(active_test=False)
        if objs and objs._name == "cc.communication":
            comm_domain = [("id", "in", objs.ids)]
        else:
            comm_domain = [
                ("company_id", "=", company.id),
                ("date", ">=", datetime.combine(date_from, time.min)),
                ("date", "<=", datetime.combine(date_to, time.max)),
            ]
        visit_domain = [
            ("company_id", "=", company.id),
            ("visit_date", ">=", date_from),
            ("visit_date", "<=", date_to),
            ("state", "!=", "cancel"),
        ]
        context = {
            "date_from": date_from,
            "date_to": date_to,
            "company": company,
            "formats": formats,
        }
        self._cc_sheet_summary(workbook, context, comm_domain, visit_domain)
        self._cc_sheet_topics(workbook, context, comm_domain)
        self._cc_sheet_departments(workbook, context, comm_domain)
        self._cc_sheet_visits(workbook, context, visit_domain)
        self._cc_sheet_urgent(workbook, context, visit_domain)
        self._cc_sheet_register(workbook, context, Communication, comm_domain)

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------
    def _cc_title(self, sheet, context, title):
        formats = context["formats"]
        sheet.write_string(0, 0, title, formats["title"])
        sheet.write_string(
            1,
            0,
            _(
                "%(company)s, %(date_from)s to %(date_to)s",
                company=context["company"].name,
                date_from=context["date_from"],
                date_to=context["date_to"],
            ),
        )
        return 3

    def _cc_sheet_summary(self, workbook, context, comm_domain, visit_domain):
        sheet = workbook.add_worksheet(_("Summary"))
        row = self._cc_title(sheet, context, _("Communication and Visit Summary"))
        Communication = self.env["cc.communication"]
        Visit = self.env["cc.visit.report"]
        states = dict(Communication._read_group(comm_domain, ["state"], ["__count"]))
        overdue = Communication.search_count(comm_domain + [("is_overdue", "=", True)])
        [[visit_count, average]] = Visit._read_group(
            visit_domain, [], ["__count", "score_average:avg"]
        )
        urgent = Visit.search_count(visit_domain + [("is_urgent", "=", True)])
        plan_lines = self.env["cc.visit.plan.line"]._read_group(
            [
                ("company_id", "=", context["company"].id),
                ("planned_date", ">=", context["date_from"]),
                ("planned_date", "<=", context["date_to"]),
                ("state", "in", ("approved", "done")),
            ],
            ["visited"],
            ["__count"],
        )
        planned = sum(count for _visited, count in plan_lines)
        planned_done = sum(count for visited, count in plan_lines if visited)
        lines = [
            (_("Communications"), sum(states.values())),
            *(
                (
                    self.env._("Communications: %(state)s", state=label),
                    states.get(key, 0),
                )
                for key, label in self._cc_selection_labels(
                    "cc.communication", "state"
                ).items()
            ),
            (_("Communications overdue"), overdue),
            (_("Visits reported"), visit_count),
            (_("Planned visits (approved plans)"), planned),
            (_("Planned visits done"), planned_done),
            (_("Average visit score"), round(average or 0.0, 1)),
            (_("Urgent reports"), urgent),
        ]
        row = self._cc_write_header(
            sheet, row, [_("Figure"), _("Value")], context["formats"], [40, 14]
        )
        for label, value in lines:
            sheet.write_string(row, 0, label)
            sheet.write_number(row, 1, value)
            row += 1

    def _cc_sheet_topics(self, workbook, context, comm_domain):
        sheet = workbook.add_worksheet(_("By Topic"))
        row = self._cc_title(sheet, context, _("Communications by Topic and State"))
        Communication = self.env["cc.communication"]
        topics = self._cc_selection_labels("cc.communication", "topic")
        states = self._cc_selection_labels("cc.communication", "state")
        counts = defaultdict(int)
        for topic, state, is_overdue, count in Communication._read_group(
            comm_domain, ["topic", "state", "is_overdue"], ["__count"]
        ):
            counts[topic, state] += count
            counts[topic, "total"] += count
            if is_overdue:
                counts[topic, "overdue"] += count
        headers = [_("Topic"), *states.values(), _("Total"), _("Overdue")]
        row = self._cc_write_header(sheet, row, headers, context["formats"], [32])
        for key, label in topics.items():
            sheet.write_string(row, 0, label)
            for col, state in enumerate([*states, "total", "overdue"], start=1):
                sheet.write_number(row, col, counts[key, state])
            row += 1

    def _cc_sheet_departments(self, workbook, context, comm_domain):
        sheet = workbook.add_worksheet(_("By Department"))
        row = self._cc_title(sheet, context, _("Communications by Department"))
        Communication = self.env["cc.communication"]
        stats = defaultdict(lambda: defaultdict(int))
        for department, state, is_overdue, count in Communication._read_group(
            comm_domain, ["department_id", "state", "is_overdue"], ["__count"]
        ):
            stat = stats[department]
            stat["total"] += count
            stat[state] += count
            if is_overdue:
                stat["overdue"] += count
        headers = [
            _("Department"),
            _("Total"),
            _("Routed"),
            _("Answered"),
            _("Verified"),
            _("Overdue"),
        ]
        row = self._cc_write_header(sheet, row, headers, context["formats"], [32])
        for department, stat in sorted(
            stats.items(), key=lambda item: item[0].name or ""
        ):
            sheet.write_string(row, 0, department.name or _("Not routed"))
            for col, key in enumerate(
                ["total", "routed", "answered", "verified", "overdue"], 1
            ):
                sheet.write_number(row, col, stat[key])
            row += 1

    def _cc_sheet_visits(self, workbook, context, visit_domain):
        sheet = workbook.add_worksheet(_("Visits"))
        row = self._cc_title(sheet, context, _("Visits by Salesperson"))
        Visit = self.env["cc.visit.report"]
        stats = {}
        for team, user, planned, urgent, count, average in Visit._read_group(
            visit_domain,
            ["team_id", "user_id", "is_planned", "is_urgent"],
            ["__count", "score_average:sum"],
        ):
            stat = stats.setdefault(
                (team, user),
                {"count": 0, "planned": 0, "urgent": 0, "average_sum": 0.0},
            )
            stat["count"] += count
            stat["planned"] += count if planned else 0
            stat["urgent"] += count if urgent else 0
            stat["average_sum"] += average or 0.0
        score_sums = defaultdict(lambda: [0, 0])
        for fname in SCORE_FIELDS:
            for team, user, score, count in Visit._read_group(
                visit_domain + [(fname, "!=", False)],
                ["team_id", "user_id", fname],
                ["__count"],
            ):
                score_sums[team, user, fname][0] += int(score) * count
                score_sums[team, user, fname][1] += count
        headers = [
            _("Sales Team"),
            _("Salesperson"),
            _("Visits"),
            _("Planned"),
            _("Unplanned"),
            _("Urgent"),
            _("Avg Quality"),
            _("Avg Service"),
            _("Avg Renown"),
            _("Avg Score"),
        ]
        formats = context["formats"]
        row = self._cc_write_header(sheet, row, headers, formats, [24, 24])
        for (team, user), stat in sorted(
            stats.items(),
            key=lambda item: (item[0][0].name or "", item[0][1].name or ""),
        ):
            sheet.write_string(row, 0, team.name or "")
            sheet.write_string(row, 1, user.name or "")
            sheet.write_number(row, 2, stat["count"])
            sheet.write_number(row, 3, stat["planned"])
            sheet.write_number(row, 4, stat["count"] - stat["planned"])
            sheet.write_number(row, 5, stat["urgent"])
            for col, fname in enumerate(SCORE_FIELDS, start=6):
                total, count = score_sums[team, user, fname]
                if count:
                    sheet.write_number(
                        row, col, round(total / count, 1), formats["number"]
                    )
            sheet.write_number(
                row, 9, round(stat["average_sum"] / stat["count"], 1), formats["number"]
            )
            row += 1
        # the same figures per team (每月巡访情况报告书 per unit)
        teams = {}
        for (team, _user), stat in stats.items():
            total = teams.setdefault(team, defaultdict(float))
            for key, value in stat.items():
                total[key] += value
        row = self._cc_write_header(
            sheet,
            row + 1,
            [_("Sales Team"), _("Visits"), _("Planned"), _("Unplanned"), _("Urgent")]
            + [""] * 4
            + [_("Avg Score")],
            formats,
        )
        for team, total in sorted(teams.items(), key=lambda item: item[0].name or ""):
            sheet.write_string(row, 0, team.name or _("No team"))
            sheet.write_number(row, 1, total["count"])
            sheet.write_number(row, 2, total["planned"])
            sheet.write_number(row, 3, total["count"] - total["planned"])
            sheet.write_number(row, 4, total["urgent"])
            sheet.write_number(
                row,
                9,
                round(total["average_sum"] / total["count"], 1),
                formats["number"],
            )
            row += 1

    def _cc_sheet_urgent(self, workbook, context, visit_domain):
        sheet = workbook.add_worksheet(_("Urgent Reports"))
        row = self._cc_title(sheet, context, _("Urgent Visit Reports"))
        formats = context["formats"]
        headers = [
            _("Number"),
            _("Visit Date"),
            _("Salesperson"),
            _("Customer"),
            _("Urgent Type"),
            _("Details"),
            _("Status"),
        ]
        row = self._cc_write_header(
            sheet, row, headers, formats, [14, 12, 20, 30, 28, 60, 12]
        )
        types = self._cc_selection_labels("cc.visit.report", "urgent_type")
        states = self._cc_selection_labels("cc.visit.report", "state")
        reports = self.env["cc.visit.report"].search(
            visit_domain + [("is_urgent", "=", True)], order="visit_date, id"
        )
        for report in reports:
            sheet.write_string(row, 0, report.name)
            sheet.write_datetime(
                row, 1, datetime.combine(report.visit_date, time.min), formats["date"]
            )
            sheet.write_string(row, 2, report.user_id.name or "")
            sheet.write_string(row, 3, report.partner_id.display_name or "")
            sheet.write_string(row, 4, types.get(report.urgent_type, ""))
            sheet.write_string(row, 5, report.urgent_note or "", formats["wrap"])
            sheet.write_string(row, 6, states.get(report.state, ""))
            row += 1

    def _cc_sheet_register(self, workbook, context, Communication, comm_domain):
        """One row per communication, streamed in chunks.

        The ids come from an ORM search (access rules apply); the rows of each
        chunk are then read with one SQL query joining the names, so the cost
        per row is the XLSX writing only.
        """
        sheet = workbook.add_worksheet(_("Communications"))
        row = self._cc_title(sheet, context, _("Communication Register"))
        formats = context["formats"]
        headers = [
            _("Number"),
            _("Date"),
            _("Customer"),
            _("Channel"),
            _("Direction"),
            _("Stage"),
            _("Topic"),
            _("Responsible"),
            _("Routed To"),
            _("Deadline"),
            _("Status"),
            _("Overdue"),
        ]
        row = self._cc_write_header(
            sheet,
            row,
            headers,
            formats,
            [14, 16, 30, 10, 10, 14, 26, 20, 20, 12, 12, 8],
        )
        labels = {
            fname: self._cc_selection_labels("cc.communication", fname)
            for fname in ("channel", "direction", "stage", "topic", "state")
        }
        timezone = pytz.timezone(
            self.env.context.get("tz") or self.env.user.tz or "UTC"
        )
        lang = self.env.lang or "en_US"
        all_ids = Communication.search(comm_domain, order="date, id").ids
        Communication.flush_model()
        write_string = sheet.write_string
        date_format, datetime_format = formats["date"], formats["datetime"]
        for chunk in split_every(self._cc_chunk_size, all_ids):
            self.env.cr.execute(
                SQL(
                    """
                    SELECT c.name, c.date, p.complete_name, c.channel, c.direction,
                           c.stage, c.topic, up.name,
                           COALESCE(d.name->>%(lang)s, d.name->>'en_US'),
                           c.deadline, c.state, c.is_overdue
                      FROM unnest(%(ids)s::int[]) WITH ORDINALITY AS o(id, seq)
                      JOIN cc_communication c ON c.id = o.id
                      JOIN res_partner p ON p.id = c.partner_id
                 LEFT JOIN res_users u ON u.id = c.user_id
                 LEFT JOIN res_partner up ON up.id = u.partner_id
                 LEFT JOIN cc_communication_department d ON d.id = c.department_id
                  ORDER BY o.seq
                    """,
                    ids=list(chunk),
                    lang=lang,
                )
            )
            for values in self.env.cr.fetchall():
                (name, date, customer, channel, direction, stage, topic, user,
                 department, deadline, state, is_overdue) = values  # fmt: skip
                write_string(row, 0, name)
                local = (
                    pytz.utc.localize(date).astimezone(timezone).replace(tzinfo=None)
                )
                sheet.write_datetime(row, 1, local, datetime_format)
                write_string(row, 2, customer or "")
                write_string(row, 3, labels["channel"].get(channel, ""))
                write_string(row, 4, labels["direction"].get(direction, ""))
                write_string(row, 5, labels["stage"].get(stage, ""))
                write_string(row, 6, labels["topic"].get(topic, ""))
                write_string(row, 7, user or "")
                write_string(row, 8, department or "")
                if deadline:
                    sheet.write_datetime(
                        row, 9, datetime.combine(deadline, time.min), date_format
                    )
                write_string(row, 10, labels["state"].get(state, ""))
                sheet.write_boolean(row, 11, bool(is_overdue))
                row += 1
