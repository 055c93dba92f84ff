from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .cc_claim_reminder import DEPARTMENTS

GM_OFFICE = "cc_complaint.group_cc_complaint_gm_office"


class CcClaimTimelinessReviewDepartment(models.Model):
    """A department that overran a claim's deadlines, asked by the timeliness
    review (洽办单) for its written answer."""

    _name = "cc.claim.timeliness.review.department"
    _description = "Claim Timeliness Review Department"
    _inherit = ["cc.document.mixin"]
    _order = "review_id, id"
    _check_company_auto = True

    _cc_transitions = {
        "answer": {
            "from": ("open",),
            "to": "answered",
            "groups": "cc_customer_comm.group_cc_user",
        },
        "reopen": {"from": ("answered",), "to": "open", "groups": GM_OFFICE},
    }

    review_id = fields.Many2one(
        "cc.claim.timeliness.review",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    claim_id = fields.Many2one(related="review_id.claim_id")
    company_id = fields.Many2one(
        "res.company", related="review_id.company_id", store=True, index=True
    )
    department = fields.Selection(DEPARTMENTS, required=True, readonly=True)
    responsible_id = fields.Many2one(
        "res.users",
        string="Responsible",
        help="Who answers for the department: the person in charge of its last "
        "late stage.",
    )
    stages = fields.Char(string="Late Stages", readonly=True)
    overdue_days = fields.Integer(readonly=True)
    answer = fields.Text(help="Why the department overran, and what it changes.")
    answered_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_answered = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        [("open", "To Answer"), ("answered", "Answered")],
        default="open",
        required=True,
        copy=False,
        index=True,
    )

    def action_answer(self):
        self._cc_check_transition("answer")
        gm_office = self.env.user.has_group(GM_OFFICE)
        for line in self:
            if not line.answer:
                raise UserError(
                    self.env._(
                        "%(review)s, %(department)s: write the department's Answer "
                        "first.",
                        review=line.review_id.name,
                        department=line._cc_department_label(),
                    )
                )
            if line.responsible_id not in (self.env.user, False) and not gm_office:
                raise AccessError(
                    self.env._(
                        "%(review)s, %(department)s is answered by %(user)s or the "
                        "GM office.",
                        review=line.review_id.name,
                        department=line._cc_department_label(),
                        user=line.responsible_id.name,
                    )
                )
        self._cc_transition(
            "answer",
            {"answered_by_id": self.env.uid, "date_answered": fields.Datetime.now()},
        )
        for review in self.review_id:
            review._cc_department_answered(self & review.department_ids)
        return True

    def action_reopen(self):
        return self._cc_transition("reopen")

    def _cc_department_label(self):
        self.ensure_one()
        return dict(DEPARTMENTS).get(self.department, self.department)


class CcClaimTimelinessReview(models.Model):
    _inherit = "cc.claim.timeliness.review"

    department_ids = fields.One2many(
        "cc.claim.timeliness.review.department",
        "review_id",
        string="Departments",
        help="The departments that overran, each with its answer.",
    )
    answer_late_days = fields.Integer(
        related="claim_id.answer_late_days", string="First Answer Late (days)"
    )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews.filtered(lambda r: not r.department_ids)._cc_route_to_departments()
        return reviews

    def _cc_route_to_departments(self):
        """One line per department that overran, with the person in charge
        of its last late stage, who gets an activity to answer."""
        for review in self:
            by_department = {}
            for line in review.line_ids.sorted("id"):
                log = line.stage_log_id
                if log.department:
                    by_department.setdefault(log.department, []).append(line)
            commands = []
            for department, lines in by_department.items():
                commands.append(
                    Command.create(
                        {
                            "department": department,
                            "responsible_id": lines[-1].responsible_id.id,
                            "stages": ", ".join(line.stage or "" for line in lines),
                            "overdue_days": sum(line.overdue_days for line in lines),
                        }
                    )
                )
            if not commands and review.closing_overdue_days:
                # closed late with every stage on time: the salesperson answers
                commands.append(
                    Command.create(
                        {
                            "department": "sales",
                            "responsible_id": review.claim_id.user_id.id,
                            "overdue_days": review.closing_overdue_days,
                        }
                    )
                )
            if not commands:
                continue
            review.write({"department_ids": commands})
            for line in review.department_ids.filtered("responsible_id"):
                review.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=line.responsible_id.id,
                    summary=self.env._(
                        "Timeliness review: answer for %(department)s",
                        department=line._cc_department_label(),
                    ),
                )

    def _cc_department_answered(self, lines):
        """Once every department answered, the review is answered, its
        reason gathered from their answers."""
        self.ensure_one()
        for line in lines.filtered("responsible_id"):
            self.activity_ids.filtered(
                lambda a, user=line.responsible_id: a.user_id == user
            ).action_feedback(
                feedback=self.env._(
                    "Answered for %(department)s",
                    department=line._cc_department_label(),
                )
            )
        if self.state != "open" or self.department_ids.filtered(
            lambda d: d.state != "answered"
        ):
            return
        vals = {}
        if not self.reason:
            vals["reason"] = "\n".join(
                f"{line._cc_department_label()}: {line.answer}"
                for line in self.department_ids
            )
        self._cc_transition("answer", vals)
