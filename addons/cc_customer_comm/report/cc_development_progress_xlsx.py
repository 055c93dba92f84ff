from datetime import datetime, time

from odoo import _, models


class CcDevelopmentProgressXlsx(models.AbstractModel):
    """Monthly customer development progress report: one row per approved
    development plan, with the progress reported in the period."""

    _name = "report.cc_customer_comm.development_progress"
    _inherit = "report.cc_customer_comm.abstract_xlsx"
    _description = "Monthly Customer Development Progress Report"

    def generate_xlsx_report(self, workbook, data, objs):
        date_from, date_to, company = self._cc_period(data, objs, "month")
        formats = self._cc_formats(workbook)
        if objs and objs._name == "cc.development.progress":
            entries = objs
        else:
            entries = self.env["cc.development.progress"].search(
                [
                    ("company_id", "=", company.id),
                    ("month", ">=", date_from.replace(day=1)),
                    ("month", "<=", date_to),
                ]
            )
        plans = (
            self.env["cc.development.plan"].search(
                [("company_id", "=", company.id), ("state", "=", "approved")]
            )
            | entries.plan_id
        )
        plans = plans.sorted(lambda p: (p.user_id.name or "", p.name))
        sheet = workbook.add_worksheet(_("Development Progress"))
        sheet.write_string(0, 0, _("Customer development progress"), formats["title"])
        sheet.write_string(
            1,
            0,
            _("%(date_from)s to %(date_to)s", date_from=date_from, date_to=date_to),
        )
        headers = [
            _("Plan"),
            _("Target Customer"),
            _("Development Specialist"),
            _("Target Date"),
            _("Status"),
            _("Month"),
            _("Progress (%)"),
            _("Done This Month"),
            _("Difficulties"),
            _("Next Month"),
            _("Support Needed"),
        ]
        widths = [14, 28, 20, 12, 12, 10, 10, 40, 30, 30, 40]
        row = self._cc_write_header(sheet, 3, headers, formats, widths)
        states = self._cc_selection_labels("cc.development.plan", "state")
        for plan in plans:
            plan_entries = entries.filtered(lambda e, p=plan: e.plan_id == p).sorted(
                "month"
            )
            support = "; ".join(
                f"{line.department_id.name}: {line.support}"
                for line in plan.support_ids
            )
            for entry in plan_entries or [None]:
                sheet.write_string(row, 0, plan.name)
                sheet.write_string(row, 1, plan.partner_id.display_name or "")
                sheet.write_string(row, 2, plan.user_id.name or "")
                sheet.write_datetime(
                    row, 3, datetime.combine(plan.date_end, time.min), formats["date"]
                )
                sheet.write_string(row, 4, states.get(plan.state, ""))
                if entry:
                    sheet.write_string(row, 5, entry.month.strftime("%Y-%m"))
                    sheet.write_number(row, 6, entry.progress)
                    sheet.write_string(
                        row, 7, entry.achievements or "", formats["wrap"]
                    )
                    sheet.write_string(
                        row, 8, entry.difficulties or "", formats["wrap"]
                    )
                    sheet.write_string(row, 9, entry.next_steps or "", formats["wrap"])
                else:
                    sheet.write_string(row, 7, _("No progress reported"))
                sheet.write_string(row, 10, support, formats["wrap"])
                row += 1
