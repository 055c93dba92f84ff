import tempfile

from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.tools import SQL

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - report_xlsx requires it
    xlsxwriter = None


class CcClaimStatisticsXlsx(models.AbstractModel):
    """Monthly claim statistics (客诉案件统计表).

    Claims closed in the period (done or unsubstantiated) by cause category,
    responsible department (with ratios), customer, product and classification:
    count, loss, average and maximum handling days, number closed late; a
    detail sheet of every claim; and, for the GM office, the reward/penalty
    notices and administrative sanctions of the period.

    Works from the print menu (the selected claims) and from a report schedule
    (``data`` with ``date_from``, ``date_to``, ``company_id``). Aggregates come
    from grouped queries and the detail sheet from one streamed query, so the
    number of queries does not depend on the number of claims; the workbook is
    written in ``constant_memory`` mode to a temporary file.
    """

    _name = "report.cc_complaint.claim_statistics_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Claim Statistics XLSX Report"

    _fetch_size = 2000

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

    # ------------------------------------------------------------------
    # Period and domain
    # ------------------------------------------------------------------
    def _get_period(self, data, objs):
        data = data or {}
        company = (
            self.env["res.company"].browse(data.get("company_id")) or self.env.company
        )
        date_from = fields.Date.to_date(data.get("date_from"))
        date_to = fields.Date.to_date(data.get("date_to"))
        if not (date_from and date_to):
            if objs:
                dates = [d for d in objs.mapped("date_closed") if d] or [
                    d for d in objs.mapped("date_claim") if d
                ]
                date_from, date_to = min(dates), max(dates)
                company = objs[:1].company_id or company
            else:
                first = fields.Date.context_today(self).replace(day=1)
                date_from = first - relativedelta(months=1)
                date_to = first - relativedelta(days=1)
        return date_from, date_to, company

    def _get_domain(self, data, objs):
        date_from, date_to, company = self._get_period(data, objs)
        if objs and not (data or {}).get("date_from"):
            return [("id", "in", objs.ids)], date_from, date_to, company
        domain = [
            ("company_id", "=", company.id),
            ("state", "in", ("done", "rejected")),
            ("date_closed", ">=", date_from),
            ("date_closed", "<=", date_to),
        ]
        return domain, date_from, date_to, company

    # ------------------------------------------------------------------
    # Rendering
    # ------------------------------------------------------------------
    def generate_xlsx_report(self, workbook, data, objs):
        Claim = self.env["cc.claim"]
        domain, date_from, date_to, company = self._get_domain(data, objs)
        fmt = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "number": workbook.add_format({"num_format": "0.0"}),
            "percent": workbook.add_format({"num_format": "0.0"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }
        title = _(
            "Claim statistics %(company)s, closed %(date_from)s – %(date_to)s",
            company=company.name,
            date_from=date_from,
            date_to=date_to,
        )
        selection = {
            name: dict(Claim._fields[name]._description_selection(self.env))
            for name in ("claim_type", "severity", "state", "market")
        }
        headers = [
            _("Count"),
            _("Loss"),
            _("Disposition Amount"),
            _("Avg Handling Days"),
            _("Max Handling Days"),
            _("Closed Late"),
        ]
        summaries = [
            (_("By Cause"), _("Cause Category"), "cause_id"),
            (_("By Customer"), _("Customer"), "commercial_partner_id"),
            (_("By Classification"), _("Classification"), "claim_type"),
            (_("By Severity"), _("Severity"), "severity"),
            (_("By Salesperson"), _("Salesperson"), "user_id"),
        ]
        for sheet_name, label, groupby in summaries:
            sheet = workbook.add_worksheet(sheet_name)
            sheet.write_string(0, 0, title, fmt["title"])
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, len(headers), 14)
            for col, header in enumerate([label] + headers):
                sheet.write_string(2, col, header, fmt["header"])
            rows = self._summary_rows(domain, groupby)
            row = 3
            for key, values in rows:
                if isinstance(key, models.BaseModel):
                    name = key.display_name or _("Undefined")
                else:
                    name = selection.get(groupby, {}).get(key) or key or _("Undefined")
                sheet.write_string(row, 0, str(name))
                self._write_values(sheet, row, values, fmt)
                row += 1
        self._write_department_sheet(workbook, domain, title, fmt)
        self._write_product_sheet(workbook, domain, title, fmt)
        self._write_detail_sheet(workbook, domain, title, fmt, selection)
        if self.env.user.has_group(
            "cc_complaint.group_cc_complaint_gm_office"
        ) or self.env.user.has_group("hr.group_hr_user"):
            self._write_penalty_sheet(workbook, date_from, date_to, company, title, fmt)

    def _write_values(self, sheet, row, values, fmt):
        count, loss, amount, avg_days, max_days, late = values
        sheet.write_number(row, 1, count)
        sheet.write_number(row, 2, loss or 0.0, fmt["money"])
        sheet.write_number(row, 3, amount or 0.0, fmt["money"])
        sheet.write_number(row, 4, avg_days or 0.0, fmt["number"])
        sheet.write_number(row, 5, max_days or 0)
        sheet.write_number(row, 6, late)

    def _summary_rows(self, domain, groupby):
        Claim = self.env["cc.claim"]
        groups = Claim._read_group(
            domain,
            [groupby],
            [
                "__count",
                "loss_amount:sum",
                "amount_total:sum",
                "handling_days:avg",
                "handling_days:max",
            ],
            order=f"{groupby}",
        )
        late = dict(
            Claim._read_group(
                domain + [("closed_late", "=", True)], [groupby], ["__count"]
            )
        )
        rows = []
        for key, count, loss, amount, avg_days, max_days in groups:
            rows.append(
                (key, (count, loss, amount, avg_days, max_days, late.get(key, 0)))
            )
        rows.sort(key=lambda r: -r[1][1])
        return rows

    def _write_department_sheet(self, workbook, domain, title, fmt):
        # totals per department of the claims the user may read (the claim
        # domain keeps their record rules); the responsibility lines themselves
        # are restricted to QA/GM office/HR, and only their sums are written
        Resp = self.env["cc.claim.responsibility"].sudo()
        claim_query = self.env["cc.claim"]._search(domain)
        resp_domain = [("claim_id", "in", claim_query)]
        groups = Resp._read_group(
            resp_domain,
            ["department_id"],
            ["claim_id:count_distinct", "ratio:avg", "loss_share:sum"],
        )
        sheet = workbook.add_worksheet(_("By Department"))
        sheet.write_string(0, 0, title, fmt["title"])
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 4, 16)
        headers = [
            _("Responsible Department"),
            _("Claims"),
            _("Average Ratio (%)"),
            _("Loss Share"),
        ]
        for col, header in enumerate(headers):
            sheet.write_string(2, col, header, fmt["header"])
        row = 3
        for department, count, ratio, loss in sorted(
            groups, key=lambda g: -(g[3] or 0)
        ):
            sheet.write_string(row, 0, department.display_name or _("Individuals only"))
            sheet.write_number(row, 1, count)
            sheet.write_number(row, 2, ratio or 0.0, fmt["percent"])
            sheet.write_number(row, 3, loss or 0.0, fmt["money"])
            row += 1

    def _write_product_sheet(self, workbook, domain, title, fmt):
        Line = self.env["cc.claim.line"]
        claim_query = self.env["cc.claim"]._search(domain)
        groups = Line._read_group(
            [("claim_id", "in", claim_query)],
            ["product_id"],
            [
                "claim_id:count_distinct",
                "shipped_qty:sum",
                "defect_qty:sum",
                "loss_amount:sum",
                "amount:sum",
            ],
        )
        sheet = workbook.add_worksheet(_("By Product"))
        sheet.write_string(0, 0, title, fmt["title"])
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 6, 14)
        headers = [
            _("Product"),
            _("Claims"),
            _("Shipped Qty"),
            _("Defect Qty"),
            _("Defect Rate (%)"),
            _("Loss"),
            _("Disposition Amount"),
        ]
        for col, header in enumerate(headers):
            sheet.write_string(2, col, header, fmt["header"])
        row = 3
        for product, count, shipped, defect, loss, amount in sorted(
            groups, key=lambda g: -(g[4] or 0)
        ):
            sheet.write_string(row, 0, product.display_name or "")
            sheet.write_number(row, 1, count)
            sheet.write_number(row, 2, shipped or 0.0)
            sheet.write_number(row, 3, defect or 0.0)
            sheet.write_number(
                row,
                4,
                100.0 * (defect or 0.0) / shipped if shipped else 0.0,
                fmt["percent"],
            )
            sheet.write_number(row, 5, loss or 0.0, fmt["money"])
            sheet.write_number(row, 6, amount or 0.0, fmt["money"])
            row += 1

    def _write_detail_sheet(self, workbook, domain, title, fmt, selection):
        Claim = self.env["cc.claim"]
        query = Claim._search(domain, order="date_closed, id")
        lang = self.env.lang or "en_US"
        sql = SQL(
            """
            SELECT c.name, c.date_registered, c.date_closed, p.name,
                   COALESCE(cause.name->>%(lang)s, cause.name->>'en_US'),
                   c.claim_type, c.severity, c.state, c.market,
                   c.loss_amount, c.amount_total, c.handling_days, c.closed_late
              FROM cc_claim c
              LEFT JOIN res_partner p ON p.id = c.commercial_partner_id
              LEFT JOIN cc_claim_cause cause ON cause.id = c.cause_id
             WHERE c.id IN %(ids)s
             ORDER BY c.date_closed, c.id
            """,
            lang=lang,
            ids=query.subselect(),
        )
        sheet = workbook.add_worksheet(_("Claims"))
        sheet.write_string(0, 0, title, fmt["title"])
        headers = [
            _("Number"),
            _("Registered"),
            _("Closed"),
            _("Customer"),
            _("Cause"),
            _("Classification"),
            _("Severity"),
            _("Status"),
            _("Market"),
            _("Loss"),
            _("Disposition Amount"),
            _("Handling Days"),
            _("Closed Late"),
        ]
        sheet.set_column(0, len(headers), 14)
        for col, header in enumerate(headers):
            sheet.write_string(2, col, header, fmt["header"])
        row = 3
        cr = self.env.cr
        cr.execute(sql)
        yes, no = _("Yes"), _("No")
        while True:
            chunk = cr.fetchmany(self._fetch_size)
            if not chunk:
                break
            for rec in chunk:
                (
                    name,
                    registered,
                    closed,
                    partner,
                    cause,
                    claim_type,
                    severity,
                    state,
                    market,
                    loss,
                    amount,
                    days,
                    late,
                ) = rec
                sheet.write_string(row, 0, name or "")
                if registered:
                    sheet.write_datetime(
                        row, 1, fields.Datetime.to_datetime(registered), fmt["date"]
                    )
                if closed:
                    sheet.write_datetime(
                        row, 2, fields.Datetime.to_datetime(closed), fmt["date"]
                    )
                sheet.write_string(row, 3, partner or "")
                sheet.write_string(row, 4, cause or "")
                sheet.write_string(
                    row, 5, selection["claim_type"].get(claim_type) or ""
                )
                sheet.write_string(row, 6, selection["severity"].get(severity) or "")
                sheet.write_string(row, 7, selection["state"].get(state) or "")
                sheet.write_string(row, 8, selection["market"].get(market) or "")
                sheet.write_number(row, 9, float(loss or 0.0), fmt["money"])
                sheet.write_number(row, 10, float(amount or 0.0), fmt["money"])
                sheet.write_number(row, 11, days or 0)
                sheet.write_string(row, 12, yes if late else no)
                row += 1

    def _write_penalty_sheet(self, workbook, date_from, date_to, company, title, fmt):
        Notice = self.env["cc.claim.penalty.notice"]
        notices = Notice.search_fetch(
            [
                ("company_id", "=", company.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("state", "!=", "cancel"),
            ],
            [
                "name",
                "date",
                "claim_id",
                "department_id",
                "employee_id",
                "amount",
                "sanction",
                "state",
            ],
            order="date, id",
        )
        sanctions = dict(Notice._fields["sanction"]._description_selection(self.env))
        states = dict(Notice._fields["state"]._description_selection(self.env))
        sheet = workbook.add_worksheet(_("Penalties and Sanctions"))
        sheet.write_string(0, 0, title, fmt["title"])
        headers = [
            _("Notice"),
            _("Date"),
            _("Claim"),
            _("Department"),
            _("Employee"),
            _("Amount"),
            _("Administrative Sanction"),
            _("Status"),
        ]
        sheet.set_column(0, len(headers), 16)
        for col, header in enumerate(headers):
            sheet.write_string(2, col, header, fmt["header"])
        row = 3
        for notice in notices:
            sheet.write_string(row, 0, notice.name)
            sheet.write_datetime(
                row, 1, fields.Datetime.to_datetime(notice.date), fmt["date"]
            )
            sheet.write_string(row, 2, notice.claim_id.name or "")
            sheet.write_string(row, 3, notice.department_id.name or "")
            sheet.write_string(row, 4, notice.employee_id.name or "")
            sheet.write_number(row, 5, notice.amount, fmt["money"])
            sheet.write_string(row, 6, sanctions.get(notice.sanction) or "")
            sheet.write_string(row, 7, states.get(notice.state) or "")
            row += 1
