from odoo import fields, models


class CcReportScheduleRun(models.Model):
    _name = "cc.report.schedule.run"
    _description = "Report Schedule Run"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    schedule_id = fields.Many2one(
        "cc.report.schedule", required=True, ondelete="cascade", index=True
    )
    report_id = fields.Many2one(related="schedule_id.report_id")
    date = fields.Date(string="Run Date", required=True)
    date_from = fields.Date(string="Period From")
    date_to = fields.Date(string="Period To")
    attachment_id = fields.Many2one("ir.attachment", string="File", ondelete="set null")
    attachment_datas = fields.Binary(related="attachment_id.datas", string="XLSX")
    attachment_name = fields.Char(related="attachment_id.name", string="File Name")
    partner_ids = fields.Many2many("res.partner", string="Recipients")
    mail_id = fields.Many2one("mail.mail", string="E-mail", ondelete="set null")
    state = fields.Selection(
        [("success", "Success"), ("failed", "Failed")], required=True, default="success"
    )
    error_message = fields.Text()
    company_id = fields.Many2one(
        related="schedule_id.company_id", store=True, index=True, precompute=True
    )
