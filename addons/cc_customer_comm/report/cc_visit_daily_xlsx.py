import re
from datetime import datetime, time

from odoo import _, models


class CcVisitDailyXlsx(models.AbstractModel):
    """Daily visit report per salesperson (巡访日报表): one sheet per
    salesperson, one row per visit report, in date order."""

    _name = "report.cc_customer_comm.visit_daily"
    _inherit = "report.cc_customer_comm.abstract_xlsx"
    _description = "Daily Visit Report per Salesperson"

    def generate_xlsx_report(self, workbook, data, objs):
        date_from, date_to, company = self._cc_period(data, objs, "visit_date")
        formats = self._cc_formats(workbook)
        Visit = self.env["cc.visit.report"]
        if objs and objs._name == "cc.visit.report":
            reports = objs
        else:
            reports = Visit.search(
                [
                    ("company_id", "=", company.id),
                    ("visit_date", ">=", date_from),
                    ("visit_date", "<=", date_to),
                    ("state", "!=", "cancel"),
                ]
            )
        reports = reports.sorted(lambda r: (r.user_id.name or "", r.visit_date, r.id))
        purposes = self._cc_selection_labels("cc.visit.report", "purpose")
        urgent_types = self._cc_selection_labels("cc.visit.report", "urgent_type")
        headers = [
            _("Visit Date"),
            _("Number"),
            _("Customer"),
            _("Met With"),
            _("Purpose"),
            _("Planned"),
            _("Quality"),
            _("Service"),
            _("Renown"),
            _("Average"),
            _("Opinions and Suggestions"),
            _("Market Information"),
            _("Competitor Moves"),
            _("Effect"),
            _("Promises"),
            _("Urgent"),
        ]
        widths = [12, 14, 28, 16, 18, 8, 8, 8, 8, 8, 40, 40, 40, 30, 40, 24]
        if not reports:
            sheet = workbook.add_worksheet(_("Visits"))
            sheet.write_string(
                0,
                0,
                _(
                    "No visit between %(date_from)s and %(date_to)s.",
                    date_from=date_from,
                    date_to=date_to,
                ),
            )
            return
        for user in reports.user_id:
            user_reports = reports.filtered(lambda r, u=user: r.user_id == u)
            sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", user.name)[:31])
            sheet.write_string(
                0,
                0,
                _("Daily visit report: %(name)s", name=user.name),
                formats["title"],
            )
            sheet.write_string(
                1,
                0,
                _("%(date_from)s to %(date_to)s", date_from=date_from, date_to=date_to),
            )
            row = self._cc_write_header(sheet, 3, headers, formats, widths)
            for report in user_reports:
                sheet.write_datetime(
                    row,
                    0,
                    datetime.combine(report.visit_date, time.min),
                    formats["date"],
                )
                sheet.write_string(row, 1, report.name)
                sheet.write_string(row, 2, report.partner_id.display_name or "")
                sheet.write_string(row, 3, report.contact_name or "")
                sheet.write_string(row, 4, purposes.get(report.purpose, ""))
                sheet.write_boolean(row, 5, report.is_planned)
                for col, fname in enumerate(
                    ("quality_score", "service_score", "renown_score"), start=6
                ):
                    if report[fname]:
                        sheet.write_number(row, col, int(report[fname]))
                sheet.write_number(row, 9, report.score_average, formats["number"])
                for col, fname in enumerate(
                    ("customer_opinion", "market_info", "competitor_info", "effect"),
                    start=10,
                ):
                    sheet.write_string(row, col, report[fname] or "", formats["wrap"])
                sheet.write_string(
                    row,
                    14,
                    "; ".join(report.promise_ids.mapped("name")),
                    formats["wrap"],
                )
                sheet.write_string(
                    row,
                    15,
                    urgent_types.get(report.urgent_type, "")
                    if report.is_urgent
                    else "",
                )
                row += 1
