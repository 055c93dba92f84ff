from psycopg2 import errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import CcSalesOfficeCommon


class TeamPoolMixin:
    def _order(self, visitor, price=1000000):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "user_id": visitor.user_id.id,
                "cc_visitor_id": visitor.id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": self.product.id, "price_unit": price}
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    @staticmethod
    def _pool(order):
        return order.cc_commission_line_ids.filtered(
            lambda line: line.role == "team_pool" and not line.pool_line_id
        )


@tagged("post_install", "-at_install")
class TestReferralSplitSettings(TeamPoolMixin, CcSalesOfficeCommon):
    """The referral split (篇7 #8) with assisting colleagues, as set on the office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Flat 3-01", "type": "service", "taxes_id": False}
        )
        cls.partner = cls.env["res.partner"].create({"name": "Buyer"})
        cls.referrer = cls.env["hr.employee"].create({"name": "Clerk"})

    def setUp(self):
        super().setUp()
        # A receives the first referred visitor, D the next one
        self.check_in(self.user_a, self.user_d)

    def _referred_visitor(self, mobile, assistants=None):
        referral = self.env["cc.referral"].create(
            {
                "office_id": self.office.id,
                "employee_id": self.referrer.id,
                "visitor_name": "Friend",
                "mobile": mobile,
                "appointment_date": self.today,
            }
        )
        arrival = self.walk_in("Friend", mobile)
        referral.with_user(self.supervisor).action_confirm()
        self.assertEqual(referral.state, "valid")
        visitor = arrival.visitor_id
        if assistants:
            visitor.assistant_user_ids = assistants
        return visitor

    def _shares(self, order):
        return {
            line.role: (round(line.share, 4), line.amount)
            for line in order.cc_commission_line_ids
        }

    def test_referral_alone(self):
        """Without assistance both rules give 30 % / 70 % (commission 10,000)."""
        for basis, mobile in (
            ("pool_first", "13700000001"),
            ("referrer_first", "13700000002"),
        ):
            with self.subTest(basis=basis):
                self.office.referral_split_basis = basis
                order = self._order(self._referred_visitor(mobile))
                self.assertEqual(
                    self._shares(order),
                    {"referrer": (30.0, 3000.0), "receiver": (70.0, 7000.0)},
                )

    def test_referral_with_assisted_colleagues_pool_first(self):
        """Team pool first: 10 % pool, then 30 % × 90 % = 27 % and 63 %."""
        self.assertEqual(self.office.referral_split_basis, "pool_first")
        order = self._order(self._referred_visitor("13700000003", self.user_b))
        self.assertEqual(
            self._shares(order),
            {
                "team_pool": (10.0, 1000.0),
                "referrer": (27.0, 2700.0),
                "receiver": (63.0, 6300.0),
            },
        )

    def test_referral_with_assisted_colleagues_referrer_first(self):
        """Referrer first: 30 %, then the pool from the receiver's 70 %: 7 % / 63 %."""
        with Form(self.office.with_user(self.manager)) as form:
            form.referral_split_basis = "referrer_first"
            self.assertIn("team pool 7.0%", form.referral_split_preview)
        order = self._order(self._referred_visitor("13700000004", self.user_b))
        self.assertEqual(
            self._shares(order),
            {
                "team_pool": (7.0, 700.0),
                "referrer": (30.0, 3000.0),
                "receiver": (63.0, 6300.0),
            },
        )
        self.assertAlmostEqual(
            sum(order.cc_commission_line_ids.mapped("amount")), 10000
        )

    def test_preview_and_help_state_the_rule(self):
        self.assertEqual(
            self.office.referral_split_preview,
            "Referral alone: referrer 30.0%, receiver 70.0%.\n"
            "Referral with assisting colleagues: team pool 10.0%, referrer 27.0%, "
            "receiver 63.0%.",
        )
        help_text = self.office._fields["referral_split_basis"].help
        self.assertIn("30% × 90% = 27%", help_text)

    def test_bad_settings_refused(self):
        for vals, message in (
            ({"referral_share": 130.0, "receiver_share": -30.0}, "between 0 and 100"),
            ({"team_pool_share": 101.0}, "Team Pool Share"),
            ({"referral_share": 40.0}, "must sum to 100"),
            ({"commission_rate": -1.0}, "Commission Rate"),
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(ValidationError, message),
                self.cr.savepoint(),
            ):
                self.office.with_user(self.manager).write(vals)
        self.assertEqual(self.office.referral_share, 30.0)
        # through the form: the manager cannot save a split over 100 %
        form = Form(self.office.with_user(self.manager))
        form.referral_share = 80.0
        with self.assertRaisesRegex(ValidationError, "must sum to 100"):
            form.save()


@tagged("post_install", "-at_install")
class TestTeamPool(TeamPoolMixin, CcSalesOfficeCommon):
    """篇12 #9: the supervisor hands the pool to the assisting colleagues;
    a colleague who poached (故意抢客) is excluded, with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Flat 5-02", "type": "service", "taxes_id": False}
        )
        cls.partner = cls.env["res.partner"].create({"name": "Buyer"})

    def setUp(self):
        super().setUp()
        self.visitor = self.make_visitor(self.user_a, "13700001001")
        self.visitor.assistant_user_ids = self.user_b | self.user_c
        self.order = self._order(self.visitor)  # commission 10,000, pool 1,000
        self.pool = self._pool(self.order)

    def _wizard(self, user=None):
        action = self.pool.with_user(user or self.supervisor).action_distribute_pool()
        return Form(
            self.env[action["res_model"]]
            .with_user(user or self.supervisor)
            .with_context(**action["context"])
        )

    def test_supervisor_distributes_the_pool(self):
        self.assertEqual(self.pool.amount, 1000.0)
        self.assertTrue(self.pool.is_open_pool)
        self.assertEqual(self.pool.pool_assistant_ids, self.user_b | self.user_c)
        form = self._wizard()
        self.assertEqual(form.pool_amount, 1000.0)
        self.assertEqual(form.total, 1000.0)  # proposed in equal shares
        with form.line_ids.edit(0) as line:
            line.amount = 700.0
        self.assertEqual(form.total, 1200.0)
        wizard = form.save()
        with self.assertRaisesRegex(ValidationError, r"1,?200.*must add up.*1,?000"):
            wizard.action_confirm()
        self.assertFalse(self.pool.pool_distributed)
        with form.line_ids.edit(1) as line:
            line.amount = 300.0
        form.save().action_confirm()

        self.assertTrue(self.pool.pool_distributed)
        self.assertFalse(self.pool.is_open_pool)
        shares = self.pool.pool_share_ids.filtered(
            lambda line: line.role == "pool_share"
        )
        self.assertEqual(
            {line.user_id: line.amount for line in shares},
            {self.user_b: 700.0, self.user_c: 300.0},
        )
        self.assertEqual(set(shares.mapped("state")), {"draft"})
        # the pool is taken out; the deal's commission still adds up
        lines = self.order.cc_commission_line_ids
        pool_lines = lines.filtered(lambda line: line.role == "team_pool")
        self.assertAlmostEqual(sum(pool_lines.mapped("amount")), 0.0)
        self.assertAlmostEqual(sum(lines.mapped("amount")), 10000.0)
        self.assertIn("distributed", self.pool.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "already distributed"):
            self.pool.with_user(self.supervisor)._cc_distribute_pool(
                {self.user_b: 1000.0}
            )

    def test_only_supervisors_and_assisting_colleagues(self):
        with self.assertRaisesRegex(UserError, "supervisor"):
            self.pool.with_user(self.user_b).action_distribute_pool()
        with self.assertRaisesRegex(UserError, "supervisor"):
            self.pool.with_user(self.user_b)._cc_distribute_pool({self.user_b: 1000.0})
        with self.assertRaisesRegex(ValidationError, "Seller D did not assist"):
            self.pool.with_user(self.supervisor)._cc_distribute_pool(
                {self.user_b: 500.0, self.user_d: 500.0}
            )
        with self.assertRaisesRegex(ValidationError, "Seller A did not assist"):
            self.pool.with_user(self.supervisor)._cc_distribute_pool(
                {self.user_a: 1000.0}
            )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.pool.with_user(self.supervisor)._cc_distribute_pool(
                {self.user_b: 1100.0, self.user_c: -100.0}
            )
        with self.assertRaisesRegex(UserError, "not a team pool"):
            owner_line = self.order.cc_commission_line_ids.filtered(
                lambda line: line.role == "owner"
            )
            owner_line.with_user(self.supervisor)._cc_distribute_pool({})
        self.assertFalse(self.pool.pool_share_ids)

    def test_poaching_excludes_a_colleague(self):
        action = self.pool.with_user(self.supervisor).action_exclude_colleague()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.supervisor)
            .with_context(**action["context"])
        )
        form.user_id = self.user_c
        with self.assertRaises(AssertionError):  # the reason is required
            form.save()
        form.reason = "Called the customer behind Seller A's back"
        form.save().action_confirm()
        exclusion = self.pool.pool_exclusion_ids
        self.assertEqual(exclusion.user_id, self.user_c)
        self.assertEqual(exclusion.excluded_by_id, self.supervisor)
        for record in (self.pool, self.order):
            self.assertIn(
                "Seller C is excluded from the team pool", record.message_ids[0].body
            )
            self.assertIn("behind Seller A", record.message_ids[0].body)
        with self.assertRaisesRegex(ValidationError, "Reason"):
            self.pool.with_user(self.supervisor)._cc_exclude_colleague(
                self.user_b, "   "
            )
        # the excluded colleague gets nothing, even if the supervisor tries
        with self.assertRaisesRegex(ValidationError, "Seller C is excluded"):
            self.pool.with_user(self.supervisor)._cc_distribute_pool(
                {self.user_b: 500.0, self.user_c: 500.0}
            )
        form = self._wizard()
        self.assertEqual(form.excluded_user_ids[:], self.user_c)
        self.assertEqual(len(form.line_ids), 1)
        form.save().action_confirm()
        shares = self.pool.pool_share_ids.filtered("user_id")
        self.assertEqual(shares.user_id, self.user_b)
        self.assertEqual(shares.amount, 1000.0)
        # the evidence stays with the deal
        with self.assertRaisesRegex(UserError, "kept"):
            exclusion.unlink()
        with self.assertRaisesRegex(UserError, "already distributed"):
            self.pool.with_user(self.supervisor)._cc_exclude_colleague(
                self.user_b, "Too late"
            )

    def test_distribute_evenly_and_cancel(self):
        other = self.make_visitor(self.user_d, "13700001002")
        other.assistant_user_ids = self.user_e
        other_order = self._order(other, price=300000)  # pool 300
        pools = self.pool | self._pool(other_order)
        pools.with_user(self.supervisor).action_distribute_evenly()
        self.assertEqual(
            {
                line.user_id: line.amount
                for line in pools.pool_share_ids.filtered("user_id")
            },
            {self.user_b: 500.0, self.user_c: 500.0, self.user_e: 300.0},
        )
        # the order cancelled: every draft line goes, nothing is left to pay
        self.order._action_cancel()
        live = self.order.cc_commission_line_ids.filtered(
            lambda line: line.state != "cancel"
        )
        self.assertFalse(live)

    def test_refund_after_distribution_keeps_the_ledger_balanced(self):
        self.pool.with_user(self.supervisor).action_distribute_evenly()
        lines = self.order.cc_commission_line_ids
        lines.with_user(self.manager).action_approve()
        self.order._cc_reverse_commission_lines(0.5, "Half refunded")
        pool_lines = self.order.cc_commission_line_ids.filtered(
            lambda line: line.role in ("team_pool", "pool_share")
        )
        self.assertAlmostEqual(sum(pool_lines.mapped("amount")), 500.0)
        self.assertAlmostEqual(
            sum(self.order.cc_commission_line_ids.mapped("amount")), 5000.0
        )

    def test_rights(self):
        exclusion = self.pool.with_user(self.supervisor)._cc_exclude_colleague(
            self.user_c, "Poached"
        )
        exclusion.with_user(self.user_b).read(["reason"])
        with self.assertRaises(AccessError):
            self.env["cc.team.pool.exclusion"].with_user(self.supervisor).create(
                {"pool_line_id": self.pool.id, "user_id": self.user_b.id, "reason": "x"}
            )


@tagged("post_install", "-at_install")
class TestTeamPoolConcurrency(TransactionCase):
    """Two supervisors distribute the same pool at once: it is paid once.

    Committed data in real cursors, removed again in the cleanup.
    """

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            users = env["res.users"].create(
                [
                    {"name": f"Pool seller {key}", "login": f"cc_so_pool_{key}"}
                    for key in "abc"
                ]
            )
            employees = env["hr.employee"].create(
                [{"name": user.name, "user_id": user.id} for user in users]
            )
            office = env["cc.sales.office"].create(
                {
                    "name": "Pool Showroom",
                    "salesperson_ids": [fields.Command.set(users.ids)],
                }
            )
            visitor = env["cc.visitor"].create(
                {
                    "name": "Pool visitor",
                    "mobile": "13711112222",
                    "office_id": office.id,
                    "user_id": users[0].id,
                    "assistant_user_ids": [fields.Command.set(users[1:].ids)],
                }
            )
            partner = env["res.partner"].create({"name": "Pool buyer"})
            product = env["product.product"].create(
                {"name": "Pool flat", "type": "service", "taxes_id": False}
            )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "cc_visitor_id": visitor.id,
                    "order_line": [
                        fields.Command.create(
                            {"product_id": product.id, "price_unit": 1000000}
                        )
                    ],
                }
            )
            order.action_confirm()
            pool = order.cc_commission_line_ids.filtered(
                lambda line: line.role == "team_pool"
            )
            cr.commit()  # pylint: disable=invalid-commit
            self.data = {
                "users": users,
                "employees": employees.ids,
                "office": office.id,
                "visitor": visitor.id,
                "partner": partner.id,
                "product": product.id,
                "order": order.id,
                "pool": pool.id,
            }
            self.data["users"] = users.ids
        self.envs = [
            api.Environment(self.env.registry.cursor(), SUPERUSER_ID, {"tz": "UTC"})
            for _i in range(2)
        ]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        for env in self.envs:
            env.cr.rollback()
            env.cr.close()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            order = env["sale.order"].browse(self.data["order"])
            lines = order.cc_commission_line_ids
            lines.filtered("pool_line_id").unlink()
            lines.exists().unlink()
            order._action_cancel()
            order.unlink()
            env["cc.visitor"].browse(self.data["visitor"]).unlink()
            env["cc.sales.office"].browse(self.data["office"]).unlink()
            env["product.product"].browse(self.data["product"]).unlink()
            env["hr.employee"].browse(self.data["employees"]).unlink()
            users = env["res.users"].browse(self.data["users"])
            partners = users.partner_id | env["res.partner"].browse(
                self.data["partner"]
            )
            users.unlink()
            partners.unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_supervisors_distribute_at_once(self):
        env1, env2 = self.envs
        pool1 = env1["cc.commission.line"].browse(self.data["pool"])
        pool2 = env2["cc.commission.line"].browse(self.data["pool"])
        seller_b, seller_c = self.data["users"][1:]
        env1.cr.execute("SELECT 1")
        env2.cr.execute("SELECT 1")  # both snapshots before either distributes

        pool1._cc_distribute_pool({env1["res.users"].browse(seller_b): 1000.0})

        # the second supervisor waits for the pool's row
        env2.cr.execute("SET LOCAL lock_timeout = '200ms'")
        with self.assertRaises(errors.LockNotAvailable), mute_logger("odoo.sql_db"):
            pool2._cc_distribute_pool({env2["res.users"].browse(seller_c): 1000.0})
        env2.cr.rollback()
        env2.invalidate_all()

        # a snapshot older than the first distribution cannot serialize ...
        env2.cr.execute("SELECT 1")
        env1.cr.commit()
        with (
            self.assertRaises(errors.SerializationFailure),
            mute_logger("odoo.sql_db"),
        ):
            pool2._cc_distribute_pool({env2["res.users"].browse(seller_c): 1000.0})
        env2.cr.rollback()
        env2.invalidate_all()
        # ... and the retry (the server's) finds the pool distributed
        with self.assertRaisesRegex(UserError, "already distributed"):
            pool2._cc_distribute_pool({env2["res.users"].browse(seller_c): 1000.0})
        env2.cr.rollback()

        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            shares = env["cc.commission.line"].search(
                [("pool_line_id", "=", self.data["pool"]), ("role", "=", "pool_share")]
            )
            self.assertEqual(shares.user_id.ids, [seller_b])
            self.assertEqual(shares.amount, 1000.0)


@tagged("post_install", "-at_install")
class TestReferralTeamPoolDemo(TransactionCase):
    def test_demo_register_and_pool(self):
        register = self.env.ref(
            "cc_sales_office.demo_referral_register_today", raise_if_not_found=False
        )
        if not register:
            self.skipTest("demo data not loaded")
        self.assertEqual(register.validation_status, "pending")
        self.assertEqual(
            register.manager_id,
            self.env.ref("cc_sales_office.demo_user_department_manager"),
        )
        self.assertTrue(register.referral_ids)
        order = self.env.ref("cc_sales_office.demo_sale_order_v5")
        shares = order.cc_commission_line_ids.filtered(
            lambda line: line.role == "pool_share"
        )
        self.assertEqual(shares.user_id, self.env.ref("cc_sales_office.demo_user_chen"))
        exclusion = self.env.ref("cc_sales_office.demo_team_pool_exclusion_zhang")
        self.assertTrue(exclusion.pool_line_id.pool_distributed)
