from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CcCommunicationDepartment(models.Model):
    """Department a customer communication is routed to.

    A small configurable model rather than ``hr.department`` (the HR app is
    not a dependency of the suite) or a selection (each company names its own
    departments, their head and how many working days they have to answer).
    """

    _name = "cc.communication.department"
    _description = "Communication Department"
    _order = "sequence, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        "res.users",
        string="Head",
        check_company=True,
        help="Receives the routed communications and their overdue reminders.",
    )
    answer_days = fields.Integer(
        string="Working Days to Answer",
        default=3,
        help="Deadline given to the department when a communication is routed to it, "
        "in working days of the company calendar.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A department with this name already exists in this company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("answer_days")
    def _check_answer_days(self):
        for department in self:
            if not 0 <= department.answer_days <= 60:
                raise ValidationError(
                    _(
                        "Working Days to Answer of %(name)s must be between 0 and 60, "
                        "not %(days)s.",
                        name=department.name,
                        days=department.answer_days,
                    )
                )
