from odoo import _, fields, models


class CcCommissionStatementXlsx(models.AbstractModel):
    """Monthly commission statement, one sheet per salesperson (and pool)."""

    _name = "report.cc_sales_office.commission_statement"
    _inherit = "report.report_xlsx.abstract"
    _description = "Sales Office Commission Statement (XLSX)"

    def _cc_lines(self, data, objs):
        if objs:
            return objs
        data = data or {}
        company_id = data.get("company_id") or self.env.company.id
        today = fields.Date.context_today(self)
        date_from = data.get("date_from") or fields.Date.to_string(today.replace(day=1))
        date_to = data.get("date_to") or fields.Date.to_string(today)
        return self.env["cc.commission.line"].search(
            [
                ("company_id", "=", company_id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("state", "!=", "cancel"),
            ],
            order="beneficiary, date, id",
        )

    def generate_xlsx_report(self, workbook, data, objs):
        lines = self._cc_lines(data, objs)
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0.00"})
        total_fmt = workbook.add_format(
            {"bold": True, "num_format": "#,##0.00", "top": 1}
        )
        date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
        headers = [
            _("Date"),
            _("Order"),
            _("Visitor"),
            _("Role"),
            _("Base"),
            _("Rate (%)"),
            _("Share (%)"),
            _("Amount"),
            _("State"),
        ]
        roles = dict(lines._fields["role"]._description_selection(self.env))
        states = dict(lines._fields["state"]._description_selection(self.env))
        summary = workbook.add_worksheet(_("Summary"))
        summary.write_row(0, 0, [_("Beneficiary"), _("Lines"), _("Amount")], bold)
        summary.set_column(0, 0, 30)
        summary.set_column(1, 2, 14)
        groups = {}
        for line in lines:
            groups.setdefault(line.beneficiary or _("Unknown"), []).append(line)
        used = set()
        for row, (beneficiary, group) in enumerate(sorted(groups.items()), start=1):
            name = beneficiary[:28]
            while name in used:
                name = f"{name[:25]}_{row}"
            used.add(name)
            sheet = workbook.add_worksheet(name)
            sheet.set_column(0, 3, 18)
            sheet.set_column(4, 8, 12)
            sheet.write(0, 0, beneficiary, bold)
            sheet.write_row(1, 0, headers, bold)
            for index, line in enumerate(group, start=2):
                sheet.write_datetime(
                    index, 0, fields.Datetime.to_datetime(line.date), date_fmt
                )
                sheet.write(index, 1, line.sale_order_id.name or "")
                sheet.write(index, 2, line.visitor_id.name or "")
                sheet.write(index, 3, roles.get(line.role, ""))
                sheet.write_number(index, 4, line.base, money)
                sheet.write_number(index, 5, line.rate)
                sheet.write_number(index, 6, line.share)
                sheet.write_number(index, 7, line.amount, money)
                sheet.write(index, 8, states.get(line.state, ""))
            total = sum(line.amount for line in group)
            sheet.write(len(group) + 2, 6, _("Total"), bold)
            sheet.write_number(len(group) + 2, 7, total, total_fmt)
            summary.write(row, 0, beneficiary)
            summary.write_number(row, 1, len(group))
            summary.write_number(row, 2, total, money)
