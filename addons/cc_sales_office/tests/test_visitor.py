from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestVisitor(CcSalesOfficeCommon):
    def test_register_through_form(self):
        with Form(self.env["cc.visitor"].with_user(self.user_a)) as form:
            form.name = "张三 Zhang San"
            form.mobile = "138-0013-8000"
            form.office_id = self.office
            form.demand_type = "3br"
            form.demand_size = 120
        visitor = form.record
        self.assertEqual(visitor.user_id, self.user_a)
        self.assertEqual(visitor.mobile_normalized, "13800138000")
        self.assertEqual(visitor.state, "draft")
        self.assertEqual(visitor.ownership_until, self.today + relativedelta(months=1))
        self.assertTrue(visitor.followup_insufficient)

    def test_bad_input(self):
        for name, mobile in (("  ", "13800138000"), ("Li", "call me"), ("Li", "12345")):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.make_visitor(self.user_a, mobile, name=name)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.make_visitor(self.user_a, "13800138009", group_size=0)

    def test_missing_mobile_is_incomplete(self):
        """Without a phone the entry is kept but is no valid registration."""
        with Form(self.env["cc.visitor"].with_user(self.user_a)) as form:
            form.name = "No Phone"
            form.office_id = self.office
            form.demand_type = "2br"
        self.assertEqual(form.record.state, "incomplete")
        self.assertEqual(form.record.missing_info, "Mobile or Landline")

    def test_walk_in_with_bad_mobile_refused(self):
        with Form(self.env["cc.sales.office.walkin"].with_user(self.user_a)) as wizard:
            wizard.office_id = self.office
            wizard.visitor_name = "Typo"
            wizard.mobile = "13x"
        with self.assertRaisesRegex(ValidationError, "not a phone number"):
            wizard.record.action_confirm()
        self.assertFalse(
            self.env["cc.visitor.assignment"].search(
                [("office_id", "=", self.office.id)]
            )
        )

    def test_duplicate_refused_with_owner_name(self):
        """First registration wins; normalized mobile; refusal names the owner."""
        self.make_visitor(self.user_a, "138 0013 8000")
        with self.assertRaisesRegex(ValidationError, "Seller A"):
            self.make_visitor(self.user_b, "+86 13800138000")

    def test_same_family_refused(self):
        """Spouse, partner, parents, children: one customer, first owner wins."""
        husband = self.make_visitor(self.user_a, "13800138001")
        with self.assertRaisesRegex(ValidationError, "Seller A"):
            self.make_visitor(
                self.user_b,
                "13800138002",
                related_visitor_id=husband.id,
                relation="spouse",
            )
        wife = self.make_visitor(
            self.user_a, "13800138003", related_visitor_id=husband.id, relation="spouse"
        )
        # the wife arriving is the husband's owner's customer
        self.check_in(self.user_b, self.user_a)
        arrival = self.walk_in(mobile="13800138003")
        self.assertEqual(arrival.rule, "owner")
        self.assertEqual(arrival.user_id, self.user_a)
        self.assertEqual(arrival.visitor_id, wife)

    def test_ownership_expires_to_pool(self):
        old = self.make_visitor(self.user_a, "13800138010")
        old.register_date = self.today - relativedelta(months=2)
        followed = self.make_visitor(self.user_a, "13800138011")
        followed.register_date = self.today - relativedelta(months=2)
        self.env["cc.visitor.followup"].with_user(self.user_a).create(
            {
                "visitor_id": followed.id,
                "note": "Called",
                "date": self.today - relativedelta(days=5),
            }
        )
        self.assertEqual(followed.followup_count, 1)
        self.env["cc.visitor"]._cron_release_expired_ownership()
        self.assertTrue(old.in_pool)
        self.assertFalse(old.user_id)
        self.assertEqual(old.previous_user_id, self.user_a)
        self.assertFalse(followed.in_pool)
        self.assertEqual(followed.user_id, self.user_a)
        # back from the pool: whoever receives the visitor next registers them
        self.check_in(self.user_b, self.user_a)
        arrival = self.walk_in(mobile="13800138010")
        self.assertEqual(arrival.rule, "rota")
        self.assertEqual(arrival.user_id, self.user_b)
        self.assertEqual(old.user_id, self.user_b)
        self.assertFalse(old.in_pool)
        self.assertEqual(old.previous_user_id, self.user_a)

    def test_minimum_follow_ups_flag(self):
        visitor = self.make_visitor(self.user_a, "13800138020")
        Followup = self.env["cc.visitor.followup"].with_user(self.user_a)
        for day in range(3):
            self.assertTrue(visitor.followup_insufficient)
            Followup.create({"visitor_id": visitor.id, "note": f"Call {day}"})
        self.assertFalse(visitor.followup_insufficient)

    def test_daily_confirmation_locks_register(self):
        visitor = self.make_visitor(self.user_a, "13800138030")
        with self.assertRaises(UserError):
            self.office.with_user(self.user_a).action_confirm_today_register()
        self.office.with_user(self.supervisor).action_confirm_today_register()
        self.assertEqual(visitor.state, "confirmed")
        as_a = visitor.with_user(self.user_a)
        with self.assertRaises(UserError):
            as_a.write({"name": "Changed"})
        with self.assertRaises(UserError):
            as_a.unlink()
        # follow-ups are still the owner's to write
        self.env["cc.visitor.followup"].with_user(self.user_a).create(
            {"visitor_id": visitor.id, "note": "Still interested"}
        )
        as_a.write({"note_p": "Visit again Saturday"})
        # the supervisor may correct it, and it is tracked
        visitor.with_user(self.supervisor).write({"name": "Corrected"})
        self.assertEqual(visitor.name, "Corrected")
        self.assertTrue(
            any(
                "Confirmed register entry changed" in (m.body or "")
                for m in visitor.message_ids
            )
        )

    def test_supervisor_reminded_to_confirm(self):
        self.make_visitor(self.user_a, "13800138031")
        Office = self.env["cc.sales.office"]
        # the office closes at 18:00 (UTC here): the hourly run at 17:30 reminds
        with freeze_time(datetime.combine(self.today, time(17, 30))):
            Office._cron_remind_unconfirmed_register()
            Office._cron_remind_unconfirmed_register()
        activity = self.office.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertIn("1 register", activity.note)

    def test_salesperson_reads_only_own_visitors(self):
        mine = self.make_visitor(self.user_a, "13800138040")
        theirs = self.make_visitor(self.user_b, "13800138041")
        Visitor = self.env["cc.visitor"].with_user(self.user_a)
        found = Visitor.search([("office_id", "=", self.office.id)])
        self.assertEqual(found, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_a).read(["name", "mobile"])
        with self.assertRaises(AccessError):
            self.env["cc.visitor.followup"].with_user(self.user_a).create(
                {"visitor_id": theirs.id, "note": "Poaching"}
            )
        self.assertEqual(
            self.env["cc.visitor"]
            .with_user(self.supervisor)
            .search([("office_id", "=", self.office.id)]),
            mine | theirs,
        )

    def test_export_only_for_managers(self):
        """On top of Odoo's export right, visitor data needs the manager role."""
        export = self.env.ref("base.group_allow_export")
        exporters = self.user_a | self.supervisor | self.manager
        exporters.groups_id = [Command.link(export.id)]
        visitor = self.make_visitor(self.user_a, "13800138050")
        with self.assertRaises(AccessError):
            visitor.with_user(self.user_a).export_data(["name", "mobile"])
        with self.assertRaises(AccessError):
            visitor.with_user(self.supervisor).export_data(["name", "mobile"])
        rows = visitor.with_user(self.manager).export_data(["name", "mobile"])["datas"]
        self.assertEqual(rows, [[visitor.name, visitor.mobile]])

    def test_convert_to_customer_and_quotation(self):
        visitor = self.make_visitor(self.user_a, "13800138060", occupation="Teacher")
        action = visitor.with_user(self.user_a).action_convert()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.user_id, self.user_a)
        self.assertEqual(order.partner_id, visitor.partner_id)
        self.assertEqual(visitor.partner_id.mobile, "13800138060")
        self.assertEqual(visitor.sale_order_count, 1)

    def test_phone_inquiry_is_not_registration(self):
        """A call (电话记录) is logged for whoever answered it; it registers
        nobody, takes no turn and gives no ownership; a later call from a
        registered number is linked to that registration."""
        Call = self.env["cc.visitor.call"].with_user(self.user_c)
        call = Call.create(
            {
                "name": "Caller",
                "phone": "+86 138-0013-8070",
                "office_id": self.office.id,
                "invited": True,
            }
        )
        self.assertEqual(call.user_id, self.user_c)
        self.assertEqual(call.company_id, self.office.company_id)
        self.assertFalse(call.visitor_id)
        self.assertEqual(Call.search([("office_id", "=", self.office.id)]), call)
        Visitor = self.env["cc.visitor"]
        self.assertFalse(Visitor.search([("mobile_normalized", "=", "13800138070")]))
        self.assertFalse(
            self.env["cc.visitor.assignment"].search(
                [("office_id", "=", self.office.id)]
            )
        )
        self.assertEqual(self.office.visitor_count, 0)
        # the invited caller walks in: today's order decides, not the call
        self.check_in(self.user_b, self.user_c)
        arrival = self.walk_in("Caller", "13800138070")
        self.assertEqual((arrival.rule, arrival.user_id), ("rota", self.user_b))
        visitor = arrival.visitor_id
        self.assertEqual(visitor.user_id, self.user_b)
        self.assertEqual(
            Visitor.search([("mobile_normalized", "=", "13800138070")]), visitor
        )
        # the registration of the walk-in still lacks the demand type
        self.assertEqual(visitor.state, "incomplete")
        self.office.invalidate_recordset(["visitor_count"])
        self.assertEqual(self.office.visitor_count, 0)
        visitor.with_user(self.user_b).demand_type = "3br"
        self.assertEqual(visitor.state, "draft")
        self.office.invalidate_recordset(["visitor_count"])
        self.assertEqual(self.office.visitor_count, 1)
        # a second call from the same number, written differently, is linked
        # to the registration; the owner stays the receiver of the walk-in
        again = Call.create(
            {"name": "Caller", "phone": "0086 13800138070", "office_id": self.office.id}
        )
        self.assertEqual(again.visitor_id.id, visitor.id)
        self.assertFalse(call.visitor_id)
        self.assertEqual(visitor.user_id, self.user_b)
        self.assertEqual(len(visitor.call_ids), 1)
