from odoo import models


class CcSurveyManagementReviewXlsx(models.AbstractModel):
    """Management review of customer satisfaction (XLSX): index per dimension
    with the trend, response rate against target, main complaints of the
    period, improvement plans with their status."""

    _name = "report.cc_survey.management_review"
    _inherit = "report.cc_customer_comm.abstract_xlsx"
    _description = "Satisfaction Management Review"

    def generate_xlsx_report(self, workbook, data, objs):
        Campaign = self.env["cc.survey.campaign"]
        date_from, date_to, company = self._cc_period(data, objs, "date_end")
        if objs and objs._name == "cc.survey.campaign":
            review = objs._cc_management_review_data()
        else:
            review = Campaign._cc_management_review_data(date_from, date_to, company)
        formats = self._cc_formats(workbook)
        self._cc_sheet_index(workbook, formats, review)
        self._cc_sheet_product_lines(workbook, formats, review)
        self._cc_sheet_complaints(workbook, formats, review)
        self._cc_sheet_plans(workbook, formats, review)

    def _cc_title(self, sheet, formats, review, title):
        sheet.write_string(0, 0, title, formats["title"])
        sheet.write_string(
            1,
            0,
            self.env._(
                "%(company)s, %(date_from)s to %(date_to)s",
                company=review["company"].name,
                date_from=review["date_from"],
                date_to=review["date_to"],
            ),
        )
        return 3

    def _cc_sheet_index(self, workbook, formats, review):
        sheet = workbook.add_worksheet(self.env._("Satisfaction Index"))
        row = self._cc_title(
            sheet, formats, review, self.env._("Customer Satisfaction Review")
        )
        kinds = self._cc_selection_labels("cc.survey.campaign", "kind")
        headers = [
            self.env._("Campaign"),
            self.env._("Kind"),
            self.env._("Period End"),
            self.env._("Invited"),
            self.env._("Responded"),
            self.env._("Response Rate (%)"),
            self.env._("Target (%)"),
            self.env._("Target Met"),
            self.env._("Overall Index"),
            self.env._("Trend"),
        ]
        for dim in review["dimensions"]:
            headers += [dim.name, self.env._("%(dimension)s trend", dimension=dim.name)]
        row = self._cc_write_header(sheet, row, headers, formats, [28, 16, 12])
        yes, no = self.env._("Yes"), self.env._("No")
        for item in review["rows"]:
            campaign = item["campaign"]
            overall = item["overall"]
            values = [
                campaign.display_name,
                kinds.get(campaign.kind, ""),
                campaign.date_end,
                campaign.invited_count,
                campaign.responded_count,
                campaign.response_rate,
                campaign.response_target,
                yes if campaign.target_met else no,
                overall.score if overall else "",
                overall.trend if overall and overall.has_previous else "",
            ]
            for _dim, result in item["dimensions"]:
                values += [
                    result.score if result else "",
                    result.trend if result and result.has_previous else "",
                ]
            for col, value in enumerate(values):
                if col == 2:
                    sheet.write_datetime(row, col, value, formats["date"])
                elif isinstance(value, float):
                    sheet.write_number(row, col, value, formats["number"])
                elif isinstance(value, int):
                    sheet.write_number(row, col, value)
                else:
                    sheet.write_string(row, col, str(value))
            row += 1

    def _cc_sheet_product_lines(self, workbook, formats, review):
        sheet = workbook.add_worksheet(self.env._("By Product Line"))
        row = self._cc_title(
            sheet, formats, review, self.env._("Satisfaction Index per Product Line")
        )
        row = self._cc_write_header(
            sheet,
            row,
            [
                self.env._("Campaign"),
                self.env._("Product Line"),
                self.env._("Responses"),
                self.env._("Overall Index"),
                self.env._("Previous Index"),
                self.env._("Trend"),
            ],
            formats,
            [28, 30, 12, 14, 14, 10],
        )
        no_line = self.env._("No purchase in the period")
        for item in review["product_lines"]:
            sheet.write_string(row, 0, item["campaign"].display_name)
            sheet.write_string(row, 1, item["product_line"].display_name or no_line)
            sheet.write_number(row, 2, item["count"])
            sheet.write_number(row, 3, item["score"], formats["number"])
            if item["has_previous"]:
                sheet.write_number(row, 4, item["previous_score"], formats["number"])
                sheet.write_number(row, 5, item["trend"], formats["number"])
            row += 1

    def _cc_sheet_complaints(self, workbook, formats, review):
        sheet = workbook.add_worksheet(self.env._("Main Complaints"))
        row = self._cc_title(
            sheet, formats, review, self.env._("Main Complaints of the Period")
        )
        row = self._cc_write_header(
            sheet,
            row,
            [self.env._("Source"), self.env._("Customer"), self.env._("Complaints")],
            formats,
            [20, 36, 12],
        )
        for source, customer, count in review["complaints"]:
            sheet.write_string(row, 0, source)
            sheet.write_string(row, 1, customer or "")
            sheet.write_number(row, 2, count)
            row += 1

    def _cc_sheet_plans(self, workbook, formats, review):
        sheet = workbook.add_worksheet(self.env._("Improvement Plans"))
        row = self._cc_title(sheet, formats, review, self.env._("Improvement Plans"))
        states = self._cc_selection_labels("cc.survey.improvement.plan", "state")
        results = self._cc_selection_labels(
            "cc.survey.improvement.plan", "verification_result"
        )
        row = self._cc_write_header(
            sheet,
            row,
            [
                self.env._("Plan"),
                self.env._("Customer"),
                self.env._("Dimension"),
                self.env._("Score Found"),
                self.env._("Problem"),
                self.env._("Responsible"),
                self.env._("Deadline"),
                self.env._("Status"),
                self.env._("Verification"),
                self.env._("Customer Informed"),
            ],
            formats,
            [14, 28, 18, 10, 40, 20, 12, 12, 14, 12],
        )
        for plan in review["plans"]:
            sheet.write_string(row, 0, plan.name or "")
            sheet.write_string(row, 1, plan.partner_id.display_name or "")
            sheet.write_string(row, 2, plan.dimension_id.name or "")
            sheet.write_number(row, 3, plan.score, formats["number"])
            sheet.write_string(row, 4, plan.problem or "", formats["wrap"])
            sheet.write_string(row, 5, plan.user_id.name or "")
            if plan.deadline:
                sheet.write_datetime(row, 6, plan.deadline, formats["date"])
            sheet.write_string(row, 7, states.get(plan.state, ""))
            sheet.write_string(row, 8, results.get(plan.verification_result, ""))
            if plan.reply_sent_on:
                sheet.write_datetime(row, 9, plan.reply_sent_on, formats["date"])
            row += 1
