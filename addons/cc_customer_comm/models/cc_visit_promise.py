from odoo import api, fields, models


class CcVisitPromise(models.Model):
    """A promise made to the customer during a visit; each gets a follow-up
    activity for the person who has to keep it."""

    _name = "cc.visit.promise"
    _description = "Visit Promise"
    _order = "due_date, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    report_id = fields.Many2one(
        "cc.visit.report", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="report_id.partner_id", store=True)
    name = fields.Char(string="Promise", required=True)
    due_date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Follow-up By",
        required=True,
        default=lambda self: self.env.user,
        check_company=True,
    )
    activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, ondelete="set null"
    )
    done = fields.Boolean(compute="_compute_done")
    company_id = fields.Many2one(
        related="report_id.company_id", store=True, index=True, precompute=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("activity_id")
    def _compute_done(self):
        for promise in self:
            promise.done = bool(promise._origin.id) and not promise.activity_id.exists()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        promises._cc_schedule_follow_up()
        return promises

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cc_schedule_follow_up(self):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("cc.visit.report")
        promises = self.filtered(lambda p: not p.activity_id)
        activities = self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": promise.report_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._(
                        "Promise to %(customer)s: %(promise)s",
                        customer=promise.report_id.partner_id.display_name,
                        promise=promise.name,
                    ),
                    "user_id": promise.user_id.id,
                    "date_deadline": promise.due_date,
                }
                for promise in promises
            ]
        )
        for promise, activity in zip(promises, activities, strict=True):
            promise.activity_id = activity
