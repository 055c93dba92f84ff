from odoo import fields, models


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

    def action_done(self):
        return self._cc_transition("done", {"done_on": fields.Date.context_today(self)})

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_reopen(self):
        return self._cc_transition("reopen", {"done_on": False})
