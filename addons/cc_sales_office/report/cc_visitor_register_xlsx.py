import re
from collections import defaultdict
from datetime import datetime, time

import pytz

from odoo import models


class CcVisitorRegisterXlsxBase(models.AbstractModel):
    """What the daily and the weekly register reports share: the visitors
    received, the registrations, the deals and the call-backs of a period,
    each office's days read in its own timezone."""

    _name = "report.cc_sales_office.visitor_register_base"
    _inherit = "report.cc_customer_comm.abstract_xlsx"
    _description = "Showroom Visitor Register Report Base"

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def _cc_collect(self, data, objs):
        date_from, date_to, company = self._cc_period(data, objs, "register_date")
        Office = self.env["cc.sales.office"]
        if objs and objs._name == "cc.visitor":
            offices = objs.office_id
        else:
            offices = Office.search([("company_id", "=", company.id)])
        Rota = self.env["cc.sales.office.rota"]
        arrivals = self.env["cc.visitor.assignment"]
        deals = self.env["sale.order"]
        for office in offices:
            start = Rota._cc_day_bounds(office, date_from)[0]
            end = Rota._cc_day_bounds(office, date_to)[1]
            arrivals |= arrivals.search(
                [
                    ("office_id", "=", office.id),
                    ("date", ">=", start),
                    ("date", "<=", end),
                    ("rule", "!=", "reassign"),
                ],
                order="date, id",
            )
            deals |= deals.search(
                [
                    ("cc_visitor_id.office_id", "=", office.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", start),
                    ("date_order", "<=", end),
                ],
                order="date_order, id",
            )
        registered = self.env["cc.visitor"].search(
            [
                ("office_id", "in", offices.ids),
                ("register_date", ">=", date_from),
                ("register_date", "<=", date_to),
            ],
            order="register_date, id",
        )
        callbacks = self.env["cc.visitor.callback"].search(
            [
                ("office_id", "in", offices.ids),
                ("state", "=", "done"),
                ("date_done", ">=", date_from),
                ("date_done", "<=", date_to),
            ],
            order="date_done, id",
        )
        return {
            "date_from": date_from,
            "date_to": date_to,
            "company": company,
            "offices": offices,
            "visits": self._cc_visits(arrivals, registered, date_from, date_to),
            "registered": registered,
            "deals": deals,
            "callbacks": callbacks,
        }

    def _cc_visits(self, arrivals, registered, date_from, date_to):
        """One entry per visitor received: each arrival, and each registration
        of the period entered without an arrival at the desk."""
        visits = []
        for arrival in arrivals:
            visitor = arrival.visitor_id
            tz = pytz.timezone(arrival.office_id.tz or "UTC")
            local = pytz.utc.localize(arrival.date).astimezone(tz).replace(tzinfo=None)
            visits.append(
                {
                    "date": local,
                    "office": arrival.office_id,
                    "user": arrival.user_id,
                    "visitor": visitor,
                    "name": visitor.name or arrival.visitor_name or "",
                    "mobile": visitor.mobile or arrival.mobile or "",
                    "source": arrival.source_id or visitor.source_id,
                    "demand_type": visitor.demand_type,
                    "intro_type": visitor.intro_type or arrival.intro_type,
                    "group_size": arrival.group_size or 1,
                    "new": bool(
                        visitor and date_from <= visitor.register_date <= date_to
                    ),
                }
            )
        for visitor in registered - arrivals.visitor_id:
            visits.append(
                {
                    "date": datetime.combine(visitor.register_date, time.min),
                    "office": visitor.office_id,
                    "user": visitor.user_id,
                    "visitor": visitor,
                    "name": visitor.name,
                    "mobile": visitor.mobile or "",
                    "source": visitor.source_id,
                    "demand_type": visitor.demand_type,
                    "intro_type": visitor.intro_type,
                    "group_size": visitor.group_size or 1,
                    "new": True,
                }
            )
        visits.sort(key=lambda v: (v["date"], v["name"]))
        return visits

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------
    def _cc_sheet(self, workbook, name):
        return workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", name)[:31])

    def _cc_title(self, sheet, title, info, formats):
        sheet.write_string(0, 0, title, formats["title"])
        sheet.write_string(
            1,
            0,
            self.env._(
                "%(company)s, %(date_from)s to %(date_to)s",
                company=info["company"].name,
                date_from=info["date_from"],
                date_to=info["date_to"],
            ),
        )

    def _cc_write_groups(self, workbook, info, formats, name, label, key_of):
        """A summary sheet: visitors, new registrations, deals and amounts
        per value of ``key_of(visit or visitor)``."""
        sheet = self._cc_sheet(workbook, name)
        self._cc_title(sheet, name, info, formats)
        money = formats["money"]
        headers = [
            label,
            self.env._("Visitors Received"),
            self.env._("New Registrations"),
            self.env._("Deals"),
            self.env._("Untaxed Amount"),
            self.env._("Total Amount"),
        ]
        row = self._cc_write_header(
            sheet, 3, headers, formats, [30, 12, 12, 10, 16, 16]
        )
        counts = defaultdict(lambda: [0, 0, 0, 0.0, 0.0])
        for visit in info["visits"]:
            key = key_of(visit)
            counts[key][0] += 1
            counts[key][1] += int(visit["new"])
        for order in info["deals"]:
            key = key_of(self._cc_deal_visit(order))
            counts[key][2] += 1
            counts[key][3] += order.amount_untaxed
            counts[key][4] += order.amount_total
        totals = [0, 0, 0, 0.0, 0.0]
        for key in sorted(counts):
            values = counts[key]
            sheet.write_string(row, 0, key)
            for col, value in enumerate(values, start=1):
                sheet.write_number(row, col, value, money if col > 3 else None)
                totals[col - 1] += value
            row += 1
        sheet.write_string(row, 0, self.env._("Total"), formats["bold"])
        for col, value in enumerate(totals, start=1):
            sheet.write_number(
                row, col, value, formats["money_total"] if col > 3 else formats["bold"]
            )
        return sheet

    def _cc_deal_visit(self, order):
        visitor = order.cc_visitor_id
        return {
            "office": visitor.office_id,
            "user": order.user_id,
            "visitor": visitor,
            "source": order.source_id or visitor.source_id,
            "demand_type": visitor.demand_type,
        }

    def _cc_key_user(self, visit):
        return " / ".join(
            [
                visit["office"].name or "",
                visit["user"].name or self.env._("Unassigned"),
            ]
        )

    def _cc_key_source(self, visit):
        return visit["source"].name or self.env._("No source")

    def _cc_key_demand(self, visit):
        labels = self._cc_selection_labels("cc.visitor", "demand_type")
        return labels.get(visit["demand_type"]) or self.env._("Not stated")

    def _cc_write_summaries(self, workbook, info, formats):
        self._cc_write_groups(
            workbook,
            info,
            formats,
            self.env._("By Salesperson"),
            self.env._("Office / Salesperson"),
            self._cc_key_user,
        )
        self._cc_write_groups(
            workbook,
            info,
            formats,
            self.env._("By Source"),
            self.env._("Media Source"),
            self._cc_key_source,
        )
        self._cc_write_groups(
            workbook,
            info,
            formats,
            self.env._("By Demand Type"),
            self.env._("Demand Type"),
            self._cc_key_demand,
        )

    def _cc_write_visits(self, workbook, info, formats):
        sheet = self._cc_sheet(workbook, self.env._("Visitors"))
        self._cc_title(sheet, self.env._("Visitors Received"), info, formats)
        headers = [
            self.env._("Arrived"),
            self.env._("Office"),
            self.env._("Received By"),
            self.env._("Visitor"),
            self.env._("Mobile"),
            self.env._("Came Through"),
            self.env._("Media Source"),
            self.env._("Demand Type"),
            self.env._("Group Size"),
            self.env._("New Registration"),
        ]
        row = self._cc_write_header(
            sheet, 3, headers, formats, [17, 24, 18, 22, 16, 22, 20, 14, 8, 10]
        )
        intros = self._cc_selection_labels("cc.visitor", "intro_type")
        demands = self._cc_selection_labels("cc.visitor", "demand_type")
        for visit in info["visits"]:
            sheet.write_datetime(row, 0, visit["date"], formats["datetime"])
            sheet.write_string(row, 1, visit["office"].name or "")
            sheet.write_string(row, 2, visit["user"].name or self.env._("Unassigned"))
            sheet.write_string(row, 3, visit["name"])
            sheet.write_string(row, 4, visit["mobile"])
            sheet.write_string(row, 5, intros.get(visit["intro_type"], ""))
            sheet.write_string(row, 6, visit["source"].name or "")
            sheet.write_string(row, 7, demands.get(visit["demand_type"], ""))
            sheet.write_number(row, 8, visit["group_size"])
            sheet.write_boolean(row, 9, visit["new"])
            row += 1

    def _cc_write_deals(self, workbook, info, formats):
        sheet = self._cc_sheet(workbook, self.env._("Deals"))
        self._cc_title(sheet, self.env._("Deals"), info, formats)
        headers = [
            self.env._("Confirmed On"),
            self.env._("Order"),
            self.env._("Office"),
            self.env._("Salesperson"),
            self.env._("Visitor"),
            self.env._("Customer"),
            self.env._("Media Source"),
            self.env._("Demand Type"),
            self.env._("Untaxed Amount"),
            self.env._("Total Amount"),
        ]
        row = self._cc_write_header(
            sheet, 3, headers, formats, [17, 14, 24, 18, 22, 24, 20, 14, 16, 16]
        )
        demands = self._cc_selection_labels("cc.visitor", "demand_type")
        for order in info["deals"]:
            visit = self._cc_deal_visit(order)
            tz = pytz.timezone(visit["office"].tz or "UTC")
            local = (
                pytz.utc.localize(order.date_order).astimezone(tz).replace(tzinfo=None)
            )
            sheet.write_datetime(row, 0, local, formats["datetime"])
            sheet.write_string(row, 1, order.name)
            sheet.write_string(row, 2, visit["office"].name or "")
            sheet.write_string(row, 3, order.user_id.name or "")
            sheet.write_string(row, 4, visit["visitor"].name or "")
            sheet.write_string(row, 5, order.partner_id.display_name or "")
            sheet.write_string(row, 6, visit["source"].name or "")
            sheet.write_string(row, 7, demands.get(visit["demand_type"], ""))
            sheet.write_number(row, 8, order.amount_untaxed, formats["money"])
            sheet.write_number(row, 9, order.amount_total, formats["money"])
            row += 1
        sheet.write_string(row, 7, self.env._("Total"), formats["bold"])
        sheet.write_number(
            row, 8, sum(info["deals"].mapped("amount_untaxed")), formats["money_total"]
        )
        sheet.write_number(
            row, 9, sum(info["deals"].mapped("amount_total")), formats["money_total"]
        )

    def _cc_formats(self, workbook):
        formats = super()._cc_formats(workbook)
        formats["money"] = workbook.add_format({"num_format": "#,##0.00"})
        formats["money_total"] = workbook.add_format(
            {"bold": True, "num_format": "#,##0.00", "top": 1}
        )
        return formats


class CcVisitorDailyXlsx(models.AbstractModel):
    """Daily report of visitors and deals to the sales manager (篇10 一)."""

    _name = "report.cc_sales_office.visitor_daily"
    _inherit = "report.cc_sales_office.visitor_register_base"
    _description = "Showroom Daily Visitors and Deals Report"

    def generate_xlsx_report(self, workbook, data, objs):
        info = self._cc_collect(data, objs)
        formats = self._cc_formats(workbook)
        self._cc_write_summaries(workbook, info, formats)
        self._cc_write_visits(workbook, info, formats)
        self._cc_write_deals(workbook, info, formats)


class CcVisitorWeeklyXlsx(models.AbstractModel):
    """The week's visitor register, sorted and summarised for the archive and
    the general manager (篇10 一: 每周分类整理一次后归档, 复印一份交总经理)."""

    _name = "report.cc_sales_office.visitor_weekly"
    _inherit = "report.cc_sales_office.visitor_register_base"
    _description = "Showroom Weekly Visitor Archive Report"

    def generate_xlsx_report(self, workbook, data, objs):
        info = self._cc_collect(data, objs)
        formats = self._cc_formats(workbook)
        self._cc_write_overview(workbook, info, formats)
        self._cc_write_summaries(workbook, info, formats)
        self._cc_write_register(workbook, info, formats)
        self._cc_write_deals(workbook, info, formats)
        self._cc_write_callbacks(workbook, info, formats)

    def _cc_write_overview(self, workbook, info, formats):
        _ = self.env._
        sheet = self._cc_sheet(workbook, _("Summary"))
        self._cc_title(sheet, _("Weekly visitor archive"), info, formats)
        registered = info["registered"]
        callbacks = info["callbacks"]
        rated = [int(c.satisfaction) for c in callbacks if c.satisfaction]
        rows = [
            (_("Visitors received"), len(info["visits"])),
            (_("New registrations"), len(registered)),
            (
                _("Registrations confirmed"),
                len(registered.filtered(lambda v: v.state == "confirmed")),
            ),
            (
                _("Registrations not confirmed"),
                len(registered.filtered(lambda v: v.state != "confirmed")),
            ),
            (
                _("Registrations with too few follow-ups"),
                len(registered.filtered("followup_insufficient")),
            ),
            (_("Deals"), len(info["deals"])),
            (
                _("Untaxed amount of the deals"),
                sum(info["deals"].mapped("amount_untaxed")),
            ),
            (_("Call-backs done"), len(callbacks)),
            (
                _("Average satisfaction (1-5)"),
                round(sum(rated) / len(rated), 2) if rated else 0.0,
            ),
        ]
        row = self._cc_write_header(
            sheet, 3, [_("Figure"), _("Value")], formats, [40, 16]
        )
        for label, value in rows:
            sheet.write_string(row, 0, label)
            sheet.write_number(row, 1, value)
            row += 1

    def _cc_write_register(self, workbook, info, formats):
        _ = self.env._
        sheet = self._cc_sheet(workbook, _("Register"))
        self._cc_title(sheet, _("Visitor register of the week"), info, formats)
        headers = [
            _("Registered"),
            _("Office"),
            _("Owner"),
            _("Visitor"),
            _("Mobile"),
            _("Demand Type"),
            _("Demand Size (m²)"),
            _("Media Source"),
            _("Came Through"),
            _("Register Status"),
            _("Follow-ups"),
            _("Last Follow-up"),
            _("Converted"),
        ]
        row = self._cc_write_header(
            sheet,
            3,
            headers,
            formats,
            [12, 24, 18, 22, 16, 14, 10, 20, 22, 12, 10, 12, 10],
        )
        demands = self._cc_selection_labels("cc.visitor", "demand_type")
        intros = self._cc_selection_labels("cc.visitor", "intro_type")
        states = self._cc_selection_labels("cc.visitor", "state")
        ordered = info["registered"].sorted(
            lambda v: (
                v.office_id.name or "",
                v.user_id.name or "",
                v.register_date,
                v.id,
            )
        )
        for visitor in ordered:
            sheet.write_datetime(
                row,
                0,
                datetime.combine(visitor.register_date, time.min),
                formats["date"],
            )
            sheet.write_string(row, 1, visitor.office_id.name or "")
            sheet.write_string(row, 2, visitor.user_id.name or _("Pool"))
            sheet.write_string(row, 3, visitor.name)
            sheet.write_string(row, 4, visitor.mobile or "")
            sheet.write_string(row, 5, demands.get(visitor.demand_type, ""))
            sheet.write_number(row, 6, visitor.demand_size)
            sheet.write_string(row, 7, visitor.source_id.name or "")
            sheet.write_string(row, 8, intros.get(visitor.intro_type, ""))
            sheet.write_string(row, 9, states.get(visitor.state, ""))
            sheet.write_number(row, 10, visitor.followup_count)
            if visitor.last_followup_date:
                sheet.write_datetime(
                    row,
                    11,
                    datetime.combine(visitor.last_followup_date, time.min),
                    formats["date"],
                )
            sheet.write_boolean(row, 12, visitor.is_converted)
            row += 1

    def _cc_write_callbacks(self, workbook, info, formats):
        _ = self.env._
        sheet = self._cc_sheet(workbook, _("Call-backs"))
        self._cc_title(sheet, _("Manager's call-backs"), info, formats)
        headers = [
            _("Called On"),
            _("Reference"),
            _("Visitor"),
            _("Manager"),
            _("Outcome"),
            _("Satisfaction"),
            _("Notes"),
            _("Changes to the File"),
        ]
        row = self._cc_write_header(
            sheet, 3, headers, formats, [12, 14, 22, 18, 26, 16, 40, 40]
        )
        outcomes = self._cc_selection_labels("cc.visitor.callback", "outcome")
        levels = self._cc_selection_labels("cc.visitor.callback", "satisfaction")
        for callback in info["callbacks"]:
            sheet.write_datetime(
                row, 0, datetime.combine(callback.date_done, time.min), formats["date"]
            )
            sheet.write_string(row, 1, callback.name)
            sheet.write_string(row, 2, callback.visitor_id.name)
            sheet.write_string(row, 3, callback.user_id.name or "")
            sheet.write_string(row, 4, outcomes.get(callback.outcome, ""))
            sheet.write_string(row, 5, levels.get(callback.satisfaction, ""))
            sheet.write_string(row, 6, callback.note or "", formats["wrap"])
            sheet.write_string(row, 7, callback.file_update or "", formats["wrap"])
            row += 1
