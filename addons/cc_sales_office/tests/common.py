from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

SALESPERSON = (
    "cc_sales_office.group_cc_sales_office_salesperson,sales_team.group_sale_salesman"
)
SUPERVISOR = (
    "cc_sales_office.group_cc_sales_office_supervisor,"
    "sales_team.group_sale_salesman_all_leads"
)
MANAGER = "cc_sales_office.group_cc_sales_office_manager,sales_team.group_sale_manager"


class CcSalesOfficeCommon(BaseCommon):
    """An office with five salespeople A..E (with employees), a supervisor and
    a manager; the day is computed in UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.env.user.tz = "UTC"
        cls.sellers = {}
        for key in "ABCDE":
            user = new_test_user(
                cls.env,
                login=f"cc_so_test_{key.lower()}",
                name=f"Seller {key}",
                groups=SALESPERSON,
                tz="UTC",
            )
            cls.env["hr.employee"].create({"name": user.name, "user_id": user.id})
            cls.sellers[key] = user
        cls.user_a, cls.user_b, cls.user_c, cls.user_d, cls.user_e = (
            cls.sellers[key] for key in "ABCDE"
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="cc_so_test_supervisor",
            name="Supervisor",
            groups=SUPERVISOR,
            tz="UTC",
        )
        cls.manager = new_test_user(
            cls.env,
            login="cc_so_test_manager",
            name="Manager",
            groups=MANAGER,
            tz="UTC",
        )
        cls.office = cls.env["cc.sales.office"].create(
            {
                "name": "Test Showroom",
                "supervisor_id": cls.supervisor.id,
                "salesperson_ids": [
                    fields.Command.set([u.id for u in cls.sellers.values()])
                ],
                "commission_rate": 1.0,
                "team_pool_share": 10.0,
            }
        )
        cls.today = fields.Date.context_today(cls.office)
        cls.day_start = datetime.combine(cls.today, time.min)
        cls.checked = 0

    # helpers -------------------------------------------------------------
    def ensure_sales_journal(self):
        """Invoicing tests need a sales journal (and the accounts of its
        invoices and payments): a database whose company has none gets Odoo's
        generic chart of accounts, as account's own test classes do."""
        company = self.env.company
        domain = [("type", "=", "sale"), ("company_id", "=", company.id)]
        if not self.env["account.journal"].search_count(domain, limit=1):
            self.env["account.chart.template"].try_loading(
                "generic_coa", company=company, install_demo=False
            )
        self.assertTrue(self.env["account.journal"].search_count(domain, limit=1))

    def check_in(self, *users):
        """Check the users in today, in this order."""
        Attendance = self.env["hr.attendance"]
        for user in users:
            self.__class__.checked += 1
            Attendance.create(
                {
                    "employee_id": user.employee_ids[:1].id,
                    "check_in": self.day_start + timedelta(seconds=self.checked),
                }
            )

    def check_out(self, user):
        attendance = self.env["hr.attendance"].search(
            [("employee_id", "in", user.employee_ids.ids), ("check_out", "=", False)]
        )
        attendance.check_out = self.day_start + timedelta(seconds=self.checked + 1)

    def walk_in(self, name=None, mobile=None, **kwargs):
        """An arrival; an anonymous one is given a name (an empty arrival
        is refused), without a mobile, so that no visitor is registered."""
        if not (name or mobile or kwargs.get("visitor")):
            self.__class__.guests = getattr(self.__class__, "guests", 0) + 1
            name = f"Guest {self.guests}"
        return self.office._cc_walk_in(visitor_name=name, mobile=mobile, **kwargs)

    def rota(self):
        """Today's rota, refreshed from the attendances (as the desk does)."""
        Rota = self.env["cc.sales.office.rota"]
        return Rota._cc_lock(self.office)._cc_sync_attendance()

    def line(self, user):
        return self.rota().line_ids.filtered(lambda line: line.user_id == user)

    def finish(self, *users):
        for user in users:
            self.line(user).with_user(user).action_finish_reception()

    def make_visitor(self, user, mobile, name=None, **vals):
        return (
            self.env["cc.visitor"]
            .with_user(user)
            .create(
                dict(
                    {
                        "name": name or f"Visitor {mobile}",
                        "mobile": mobile,
                        "office_id": self.office.id,
                        "user_id": user.id,
                        # a valid registration: name, phone and demand type
                        "demand_type": "2br",
                    },
                    **vals,
                )
            )
        )
