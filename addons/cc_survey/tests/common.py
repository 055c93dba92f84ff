from datetime import date

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class CcSurveyCommon(TransactionCase):
    """Users of each role, customers with a known complaint history, and the
    default questionnaire."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company

        def user(login, groups, name=None):
            return new_test_user(
                cls.env,
                login=login,
                name=name or login,
                email=f"{login}@example.com",
                groups="base.group_user," + groups if groups else "base.group_user",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )

        cls.survey_user = user("cc_survey_user", "cc_survey.group_cc_survey_user")
        cls.survey_manager = user(
            "cc_survey_manager", "cc_survey.group_cc_survey_manager"
        )
        cls.sales1 = user("cc_survey_sales1", "cc_customer_comm.group_cc_user")
        cls.sales2 = user("cc_survey_sales2", "cc_customer_comm.group_cc_user")
        Partner = cls.env["res.partner"]
        cls.tag = cls.env["res.partner.category"].create({"name": "Survey Test Tag"})
        cls.customers = Partner.create(
            [
                {
                    "name": f"Survey Customer {i:02d}",
                    "is_company": True,
                    "customer_rank": 1,
                    "email": f"customer{i:02d}@example.com",
                    "user_id": (cls.sales1 if i % 2 else cls.sales2).id,
                    "category_id": [Command.link(cls.tag.id)],
                }
                for i in range(20)
            ]
        )
        cls.population_domain = f"[('category_id', 'in', [{cls.tag.id}])]"
        # complaints and quality feedback of the 12 months before 2026-06-01
        cls.period_start = date(2026, 6, 1)
        complaints = {0: 3, 1: 2, 2: 1}
        vals_list = []
        for index, count in complaints.items():
            for n in range(count):
                vals_list.append(
                    {
                        "partner_id": cls.customers[index].id,
                        "topic": "complaint" if n % 2 == 0 else "quality_feedback",
                        "summary": "Defective lot",
                        "date": fields.Datetime.to_datetime("2026-03-01 10:00:00"),
                        "user_id": cls.sales1.id,
                    }
                )
        # an old complaint (before the 12-month window) and an inquiry: ignored
        vals_list += [
            {
                "partner_id": cls.customers[3].id,
                "topic": "complaint",
                "summary": "Old complaint",
                "date": fields.Datetime.to_datetime("2025-01-15 10:00:00"),
                "user_id": cls.sales1.id,
            },
            {
                "partner_id": cls.customers[4].id,
                "topic": "inquiry",
                "summary": "Price inquiry",
                "date": fields.Datetime.to_datetime("2026-03-01 10:00:00"),
                "user_id": cls.sales1.id,
            },
        ]
        cls.env["cc.communication"].create(vals_list)
        cls.survey = cls.env.ref("cc_survey.survey_customer_satisfaction")
        cls.q_products = cls.env.ref(
            "cc_survey.survey_customer_satisfaction_q_products"
        )
        cls.q_service = cls.env.ref("cc_survey.survey_customer_satisfaction_q_service")
        cls.q_overall = cls.env.ref("cc_survey.survey_customer_satisfaction_q_overall")
        cls.q_text = cls.env.ref("cc_survey.survey_customer_satisfaction_q_suggestions")

    @classmethod
    def _campaign(cls, **vals):
        values = {
            "name": "Mid-year 2026",
            "kind": "midyear",
            "date_start": cls.period_start,
            "date_end": date(2026, 6, 30),
            "deadline": date(2026, 7, 15),
            "survey_id": cls.survey.id,
            "population_domain": cls.population_domain,
            "sample_rate": 20.0,
            "sample_seed": 42,
            "user_id": cls.survey_user.id,
        }
        values.update(vals)
        return cls.env["cc.survey.campaign"].with_user(cls.survey_user).create(values)

    def _column(self, question, code):
        suffix = "products" if question == self.q_products else "service"
        return self.env.ref(
            f"cc_survey.survey_customer_satisfaction_q_{suffix}_col_{code}"
        )

    def _answer(
        self,
        user_input,
        products="satisfied",
        service="very_satisfied",
        overall=8,
        suggestion="Keep going",
    ):
        """Answer the default questionnaire as the survey controller does:
        one ``_save_lines`` per question, then ``_mark_done``, as superuser
        (the controller works on ``answer_sudo``)."""
        user_input = user_input.sudo()
        for question, code in ((self.q_products, products), (self.q_service, service)):
            column = self._column(question, code)
            user_input._save_lines(
                question, {row.id: [column.id] for row in question.matrix_row_ids}
            )
        user_input._save_lines(self.q_overall, str(overall))
        user_input._save_lines(self.q_text, suggestion)
        user_input._mark_done()
        return user_input
