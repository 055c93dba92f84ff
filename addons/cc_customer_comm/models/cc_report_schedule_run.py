from odoo import fields, models


class CcReportScheduleRun(models.Model):
    """One sending of a scheduled report.

    A run is a record of what happened: the scheduler creates it, as the
    superuser, with its final state (success, or failed with the error) and
    nothing changes it afterwards. It therefore declares no transition: the
    document mixin refuses any state written by a user, managers included.
    """

    _name = "cc.report.schedule.run"
    _description = "Report Schedule Run"
    _inherit = ["cc.document.mixin"]
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
        [("success", "Success"), ("failed", "Failed")],
        required=True,
        default="success",
        readonly=True,
    )
    error_message = fields.Text()
    company_id = fields.Many2one(
        related="schedule_id.company_id", store=True, index=True, precompute=True
    )
