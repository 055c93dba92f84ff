from datetime import datetime, time, timedelta

import pytz

from odoo import _, models


class CcServiceAppraisalXlsx(models.AbstractModel):
    """Monthly after-sales appraisal (售后服务考核表).

    Per engineer, for the requests received in the period: requests, closed
    and resolution rate, response timeliness (responses within the working-hour
    target), satisfaction (average follow-up score), first-time fix rate,
    re-handling rate and interpretation accuracy (reviewer verdict), with a
    totals row; a second sheet gives the same figures per request type.

    Rates are divided here from the summed counters of
    ``cc.service.kpi.report``, so the totals row is the rate of all requests,
    not an average of the engineers' rates. Each sheet is one grouped query:
    the number of queries does not depend on the number of requests.

    Works from the print menu (the selected requests) and from a report
    schedule (``data`` with ``date_from``, ``date_to``, ``company_id``).
    """

    _name = "report.cc_after_sales.service_appraisal"
    _inherit = "report.cc_customer_comm.abstract_xlsx"
    _description = "Monthly After-Sales Appraisal"

    _cc_counters = (
        "closed_count",
        "response_due_count",
        "in_time_count",
        "scored_count",
        "score_total",
        "first_time_fix_count",
        "rehandled_count",
        "interpretation_reviewed_count",
        "interpretation_accurate_count",
    )

    def generate_xlsx_report(self, workbook, data, objs):
        date_from, date_to, company = self._cc_period(data, objs, "date_request")
        formats = self._cc_formats(workbook)
        formats["percent"] = workbook.add_format({"num_format": "0.0"})
        formats["total"] = workbook.add_format({"bold": True, "top": 1})
        formats["total_number"] = workbook.add_format(
            {"bold": True, "top": 1, "num_format": "0.0"}
        )
        domain = self._cc_domain(data, objs, date_from, date_to, company)
        title = _(
            "%(company)s, requests received %(date_from)s to %(date_to)s",
            company=company.name,
            date_from=date_from,
            date_to=date_to,
        )
        engineers = self._cc_group_rows(domain, "user_id")
        self._cc_write_sheet(
            workbook,
            _("Appraisal"),
            _("After-Sales Appraisal per Engineer"),
            title,
            _("Engineer"),
            [
                (user.name or self.env._("Unassigned"), values)
                for user, values in engineers
            ],
            formats,
        )
        types = self.env["cc.service.kpi.report"]._fields["request_type"]
        labels = dict(types._description_selection(self.env))
        self._cc_write_sheet(
            workbook,
            _("By Type"),
            _("After-Sales KPIs per Request Type"),
            title,
            _("Type"),
            [
                (labels.get(key, key or ""), values)
                for key, values in self._cc_group_rows(domain, "request_type")
            ],
            formats,
        )

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def _cc_domain(self, data, objs, date_from, date_to, company):
        if objs and not (data or {}).get("date_from"):
            return [("request_id", "in", objs.ids)]
        # the period's days in the user's time zone, as the analysis groups them
        timezone = pytz.timezone(
            self.env.context.get("tz") or self.env.user.tz or "UTC"
        )

        def to_utc(day):
            local = timezone.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return [
            ("company_id", "=", company.id),
            ("date_request", ">=", to_utc(date_from)),
            ("date_request", "<", to_utc(date_to + timedelta(days=1))),
        ]

    def _cc_group_rows(self, domain, groupby):
        """``[(key, {counter: value})]`` of one grouped query."""
        aggregates = ["request_count:sum"] + [
            f"{name}:sum" for name in self._cc_counters
        ]
        names = ["request_count", *self._cc_counters]
        return [
            (key, dict(zip(names, [value or 0 for value in values], strict=True)))
            for key, *values in self.env["cc.service.kpi.report"]._read_group(
                domain, [groupby], aggregates, order=groupby
            )
        ]

    # ------------------------------------------------------------------
    # Rendering
    # ------------------------------------------------------------------
    def _cc_columns(self):
        """``(header, counter or (numerator, denominator, scale))``."""
        return [
            (_("Requests"), "request_count"),
            (_("Closed"), "closed_count"),
            (_("Resolution Rate (%)"), ("closed_count", "request_count", 100)),
            (_("Responses Due"), "response_due_count"),
            (_("Responded in Time"), "in_time_count"),
            (
                _("Response Timeliness (%)"),
                ("in_time_count", "response_due_count", 100),
            ),
            (_("Follow-ups Scored"), "scored_count"),
            (_("Satisfaction (1-5)"), ("score_total", "scored_count", 1)),
            (_("First-Time Fixes"), "first_time_fix_count"),
            (
                _("First-Time Fix Rate (%)"),
                ("first_time_fix_count", "closed_count", 100),
            ),
            (_("Re-handled"), "rehandled_count"),
            (_("Re-handling Rate (%)"), ("rehandled_count", "request_count", 100)),
            (_("Interpretations Reviewed"), "interpretation_reviewed_count"),
            (_("Accurate"), "interpretation_accurate_count"),
            (
                _("Interpretation Accuracy (%)"),
                (
                    "interpretation_accurate_count",
                    "interpretation_reviewed_count",
                    100,
                ),
            ),
        ]

    def _cc_write_sheet(self, workbook, name, heading, title, label, rows, formats):
        sheet = workbook.add_worksheet(name)
        sheet.write_string(0, 0, heading, formats["title"])
        sheet.write_string(1, 0, title)
        columns = self._cc_columns()
        row = self._cc_write_header(
            sheet,
            3,
            [label] + [header for header, _spec in columns],
            formats,
            [28] + [12] * len(columns),
        )
        totals = dict.fromkeys(["request_count", *self._cc_counters], 0)
        for key_label, values in rows:
            sheet.write_string(row, 0, key_label)
            self._cc_write_values(sheet, row, columns, values, formats, total=False)
            for counter in totals:
                totals[counter] += values[counter]
            row += 1
        sheet.write_string(row, 0, _("Total"), formats["total"])
        self._cc_write_values(sheet, row, columns, totals, formats, total=True)

    def _cc_write_values(self, sheet, row, columns, values, formats, total):
        number = formats["total_number"] if total else formats["percent"]
        plain = formats["total"] if total else None
        for col, (_header, spec) in enumerate(columns, start=1):
            if isinstance(spec, str):
                sheet.write_number(row, col, values[spec], plain)
                continue
            numerator, denominator, scale = spec
            if values[denominator]:
                sheet.write_number(
                    row, col, scale * values[numerator] / values[denominator], number
                )
            elif total:
                sheet.write_blank(row, col, None, plain)
