import tempfile

from odoo import fields, models

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - report_xlsx requires it
    xlsxwriter = None


class CcAbstractXlsx(models.AbstractModel):
    """Base of the suite's XLSX reports.

    * writes in xlsxwriter's ``constant_memory`` mode to a temporary file, so
      memory stays flat whatever the number of rows (rows of a sheet must be
      written top to bottom);
    * :meth:`_cc_period` reads the period either from ``data`` (report
      schedules: ``date_from``, ``date_to``, ``company_id``) or from the
      printed records.
    """

    _name = "report.cc_customer_comm.abstract_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Customer Service XLSX Report Base"

    _cc_chunk_size = 2000

    def get_workbook_options(self):
        return {"constant_memory": True, "default_date_format": "yyyy-mm-dd"}

    def create_xlsx_report(self, docids, data):
        objs = self._get_objs_for_report(docids, data)
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
            workbook = xlsxwriter.Workbook(tmp.name, self.get_workbook_options())
            self.generate_xlsx_report(workbook, data or {}, objs)
            workbook.close()
            tmp.seek(0)
            return tmp.read(), "xlsx"

    def _cc_period(self, data, objs, date_field):
        """Return ``(date_from, date_to, company)`` of the report."""
        data = data or {}
        company = (
            self.env["res.company"].browse(data.get("company_id")) or self.env.company
        )
        date_from = fields.Date.to_date(data.get("date_from"))
        date_to = fields.Date.to_date(data.get("date_to"))
        if objs and not (date_from and date_to):
            dates = [
                fields.Date.to_date(value) for value in objs.mapped(date_field) if value
            ]
            if dates:
                date_from, date_to = min(dates), max(dates)
            company = objs[:1].company_id or company
        today = fields.Date.context_today(self)
        return date_from or today.replace(day=1), date_to or today, company

    def _cc_formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "bold": workbook.add_format({"bold": True}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "number": workbook.add_format({"num_format": "0.0"}),
            "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        }

    def _cc_write_header(self, sheet, row, headers, formats, widths=None):
        for col, header in enumerate(headers):
            sheet.write_string(row, col, str(header), formats["header"])
            if widths:
                sheet.set_column(col, col, widths[col] if col < len(widths) else 14)
        return row + 1

    def _cc_selection_labels(self, model, field_name):
        field = self.env[model]._fields[field_name]
        return dict(field._description_selection(self.env))
