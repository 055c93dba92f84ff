from odoo import api, fields, models


class CcSurveyImprovementAction(models.Model):
    """One action of an improvement plan, with its owner and deadline."""

    _name = "cc.survey.improvement.action"
    _description = "Service Improvement Action"
    _inherit = ["cc.document.mixin", "cc.deadline.mixin"]
    _order = "plan_id, deadline, id"
    _check_company_auto = True

    _cc_deadline_closed_states = ("done", "cancel")
    _cc_deadline_user_field = "user_id"
    _cc_transitions = {
        "done": {"from": ("todo",), "to": "done"},
        "cancel": {"from": ("todo",), "to": "cancel"},
        "reopen": {"from": ("done", "cancel"), "to": "todo"},
    }

    plan_id = fields.Many2one(
        "cc.survey.improvement.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, check_company=True
    )
    deadline = fields.Date(required=True)
    done_on = fields.Date(readonly=True, copy=False)
    note = fields.Text()
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("cancel", "Cancelled")],
        default="todo",
        required=True,
        copy=False,
        index=True,
    )

    def _valid_field_parameter(self, field, name):
        # the deadline mixin tracks its field on documents with a chatter
        return name == "tracking" or super()._valid_field_parameter(field, name)

    @api.model
    def _cc_create_overdue_activities(self, records, today):
        """An action has no chatter of its own: its owner's overdue reminder
        is scheduled on the plan, named after the action."""
        activity_type = self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        model_id = self.env["ir.model"]._get_id("cc.survey.improvement.plan")
        # run by the scheduler, as superuser: activities for every owner
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.plan_id.id,
                    "res_name": record.plan_id.display_name,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": record._cc_reminder_summary(),
                    "user_id": record._cc_reminder_user().id,
                    "date_deadline": today,
                }
                for record in records
            ]
        )

    def action_done(self):
        return self._cc_transition("done", {"done_on": fields.Date.context_today(self)})

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_reopen(self):
        return self._cc_transition("reopen", {"done_on": False})
