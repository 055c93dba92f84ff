from odoo import _, models


class CcAfterSalesMonthlyXlsx(models.AbstractModel):
    """Monthly after-sales report (售后月报).

    Sheets: loaners out and overdue at the end of the period and lent or
    returned during it, unit replacements, per region; and, as far as the
    corresponding documents are installed, the spare parts reissued
    (warranty and chargeable, at cost), the NTF rate of the returned parts
    and the labour fees settled with the service stations.

    Every figure comes from grouped queries: the number of queries does not
    depend on the number of documents. Works from the print menu (the
    selected loaners' period) and from a report schedule (``data`` with
    ``date_from``, ``date_to``, ``company_id``).
    """

    _name = "report.cc_after_sales.after_sales_monthly"
    _inherit = "report.cc_customer_comm.abstract_xlsx"
    _description = "Monthly After-Sales Report"

    def generate_xlsx_report(self, workbook, data, objs):
        date_from, date_to, company = self._cc_period(data, objs, "date_out")
        formats = self._cc_formats(workbook)
        formats["total"] = workbook.add_format({"bold": True, "top": 1})
        formats["money"] = workbook.add_format({"num_format": "#,##0.00"})
        formats["total_money"] = workbook.add_format(
            {"bold": True, "top": 1, "num_format": "#,##0.00"}
        )
        title = _(
            "%(company)s, %(date_from)s to %(date_to)s",
            company=company.name,
            date_from=date_from,
            date_to=date_to,
        )
        period = (date_from, date_to, company)
        self._cc_sheet_loaners(workbook, formats, title, *period)
        self._cc_sheet_replacements(workbook, formats, title, *period)
        if "cc.spare.part.notice.line" in self.env:
            self._cc_sheet_reissues(workbook, formats, title, *period)
        if "cc.returned.part" in self.env:
            self._cc_sheet_ntf(workbook, formats, title, *period)
        if "cc.station.settlement.line" in self.env:
            self._cc_sheet_labour_fees(workbook, formats, title, *period)

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------
    def _cc_region_label(self, region):
        return region.display_name if region else _("No Region")

    def _cc_count_by(self, model, domain, groupby):
        return dict(self.env[model]._read_group(domain, [groupby], ["__count"]))

    def _cc_sheet_loaners(self, workbook, formats, title, date_from, date_to, company):
        base = [("company_id", "=", company.id), ("state", "in", ("out", "returned"))]
        out_at_end = base + [
            ("date_out", "<=", date_to),
            "|",
            ("date_returned", "=", False),
            ("date_returned", ">", date_to),
        ]
        columns = {
            "out": self._cc_count_by("cc.loaner", out_at_end, "region_id"),
            "overdue": self._cc_count_by(
                "cc.loaner", out_at_end + [("deadline", "<", date_to)], "region_id"
            ),
            "lent": self._cc_count_by(
                "cc.loaner",
                base + [("date_out", ">=", date_from), ("date_out", "<=", date_to)],
                "region_id",
            ),
            "returned": self._cc_count_by(
                "cc.loaner",
                base
                + [
                    ("date_returned", ">=", date_from),
                    ("date_returned", "<=", date_to),
                ],
                "region_id",
            ),
        }
        regions = self._cc_sorted_keys(*columns.values())
        self._cc_table(
            workbook,
            formats,
            _("Loaners"),
            _("Loaner Units per Region"),
            title,
            [
                _("Region"),
                _("Out at Period End"),
                _("Overdue at Period End"),
                _("Lent in Period"),
                _("Returned in Period"),
            ],
            [
                [self._cc_region_label(region)]
                + [
                    columns[key].get(region, 0)
                    for key in ("out", "overdue", "lent", "returned")
                ]
                for region in regions
            ],
        )

    def _cc_sheet_replacements(
        self, workbook, formats, title, date_from, date_to, company
    ):
        counts = self._cc_count_by(
            "cc.unit.replacement",
            [
                ("company_id", "=", company.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            "region_id",
        )
        self._cc_table(
            workbook,
            formats,
            _("Replacements"),
            _("Units Replaced with New Units per Region"),
            title,
            [_("Region"), _("Replacements")],
            [
                [self._cc_region_label(region), counts[region]]
                for region in self._cc_sorted_keys(counts)
            ],
        )

    def _cc_sheet_reissues(self, workbook, formats, title, date_from, date_to, company):
        Line = self.env["cc.spare.part.notice.line"]
        Notice = self.env["cc.spare.part.notice"]
        date_field = next(
            (name for name in ("date_ship", "date") if name in Notice._fields),
            "create_date",
        )
        kinds = (
            self._cc_selection_labels("cc.spare.part.notice", "kind")
            if "kind" in Notice._fields
            else {}
        )
        domain = [
            ("notice_id.company_id", "=", company.id),
            ("notice_id.state", "not in", ("draft", "cancel")),
            (f"notice_id.{date_field}", ">=", date_from),
            (f"notice_id.{date_field}", "<=", date_to),
        ]
        quantities = {}
        for kind in kinds or [False]:
            kind_domain = domain + ([("notice_id.kind", "=", kind)] if kind else [])
            for product, quantity in Line._read_group(
                kind_domain, ["product_id"], ["quantity:sum"]
            ):
                quantities.setdefault(product, {})[kind] = quantity
        products = self.env["product.product"].union(*quantities)
        headers = [_("Part")]
        for kind in kinds or [False]:
            label = kinds.get(kind) or _("Reissued")
            headers += [
                _("%(kind)s Qty", kind=label),
                _("%(kind)s Cost", kind=label),
            ]
        rows = []
        for product in products.with_company(company).sorted("display_name"):
            cost = product.standard_price
            row = [product.display_name]
            for kind in kinds or [False]:
                quantity = quantities[product].get(kind, 0.0)
                row += [quantity, quantity * cost]
            rows.append(row)
        money_columns = {index for index in range(2, len(headers), 2)}
        self._cc_table(
            workbook,
            formats,
            _("Parts Reissued"),
            _("Spare Parts Reissued (at Cost)"),
            title,
            headers,
            rows,
            money_columns=money_columns,
        )

    def _cc_sheet_ntf(self, workbook, formats, title, date_from, date_to, company):
        Part = self.env["cc.returned.part"]
        if "verdict" not in Part._fields or "date_analysed" not in Part._fields:
            return
        verdicts = self._cc_selection_labels("cc.returned.part", "verdict")
        groups = Part._read_group(
            [
                ("company_id", "=", company.id),
                ("verdict", "!=", False),
                ("date_analysed", ">=", date_from),
                ("date_analysed", "<=", date_to),
            ],
            ["product_id", "verdict"],
            ["quantity:sum"],
        )
        table = {}
        for product, verdict, quantity in groups:
            table.setdefault(product, {})[verdict] = quantity or 0.0
        rows = []
        for product in self.env["product.product"].union(*table).sorted("display_name"):
            values = table[product]
            analysed = sum(values.values())
            rows.append(
                [product.display_name]
                + [values.get(verdict, 0.0) for verdict in verdicts]
                + [
                    analysed,
                    100.0 * values.get("ntf", 0.0) / analysed if analysed else 0.0,
                ]
            )
        self._cc_table(
            workbook,
            formats,
            _("NTF"),
            _("Returned Parts Analysed: No Trouble Found Rate"),
            title,
            [_("Part"), *verdicts.values(), _("Analysed"), _("NTF Rate (%)")],
            rows,
            no_total={len(verdicts) + 2},
        )

    def _cc_sheet_labour_fees(
        self, workbook, formats, title, date_from, date_to, company
    ):
        Line = self.env["cc.station.settlement.line"]
        domain = [
            ("settlement_id.company_id", "=", company.id),
            ("settlement_id.state", "!=", "cancel"),
            ("settlement_id.date_from", ">=", date_from.replace(day=1)),
            ("settlement_id.date_from", "<=", date_to),
        ]
        if "reason" in Line._fields:
            domain.append(("reason", "=", "included"))
        groups = Line._read_group(domain, ["settlement_id"], ["__count", "amount:sum"])
        per_station = {}
        for settlement, count, amount in groups:
            station = settlement.station_id
            total = per_station.setdefault(station, [0, 0.0])
            total[0] += count
            total[1] += amount or 0.0
        self._cc_table(
            workbook,
            formats,
            _("Station Labour Fees"),
            _("Labour Fees Settled with the Service Stations"),
            title,
            [_("Service Station"), _("Work Orders"), _("Labour Fee")],
            [
                [station.display_name, count, amount]
                for station, (count, amount) in sorted(
                    per_station.items(), key=lambda item: item[0].display_name or ""
                )
            ],
            money_columns={2},
        )

    # ------------------------------------------------------------------
    # Rendering
    # ------------------------------------------------------------------
    @staticmethod
    def _cc_sorted_keys(*columns):
        keys = set()
        for column in columns:
            keys.update(column)
        # named regions first, in their order; records without a region last
        return sorted(
            keys, key=lambda region: (not region, region.sequence, region.name or "")
        )

    def _cc_table(
        self,
        workbook,
        formats,
        name,
        heading,
        title,
        headers,
        rows,
        money_columns=(),
        no_total=(),
    ):
        """A sheet: heading, period, header row, ``rows`` and a totals row
        (sums of the numeric columns except ``no_total``)."""
        sheet = workbook.add_worksheet(name)
        sheet.write_string(0, 0, heading, formats["title"])
        sheet.write_string(1, 0, title)
        row = self._cc_write_header(
            sheet, 3, headers, formats, [34] + [16] * (len(headers) - 1)
        )
        totals = [0.0] * len(headers)
        for values in rows:
            for col, value in enumerate(values):
                if isinstance(value, str):
                    sheet.write_string(row, col, value)
                    continue
                cell_format = formats["money"] if col in money_columns else None
                sheet.write_number(row, col, value, cell_format)
                totals[col] += value
            row += 1
        sheet.write_string(row, 0, _("Total"), formats["total"])
        for col in range(1, len(headers)):
            if col in no_total:
                sheet.write_blank(row, col, None, formats["total"])
                continue
            cell_format = (
                formats["total_money"] if col in money_columns else formats["total"]
            )
            sheet.write_number(row, col, totals[col], cell_format)
        return sheet
