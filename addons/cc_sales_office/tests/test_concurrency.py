from datetime import datetime, time, timedelta

from psycopg2 import errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestRotaConcurrency(TransactionCase):
    """Two walk-ins at the same moment never get the same turn.

    Committed data in real cursors (the test transaction would hide it from
    the second cursor), removed again in the cleanup.
    """

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            users = env["res.users"].create(
                [
                    {
                        "name": f"Race seller {key}",
                        "login": f"cc_so_race_{key}",
                        "tz": "UTC",
                    }
                    for key in "ab"
                ]
            )
            employees = env["hr.employee"].create(
                [{"name": user.name, "user_id": user.id} for user in users]
            )
            office = env["cc.sales.office"].create(
                {
                    "name": "Race Showroom",
                    "salesperson_ids": [fields.Command.set(users.ids)],
                }
            )
            start = datetime.combine(fields.Date.context_today(office), time.min)
            attendances = env["hr.attendance"].create(
                [
                    {
                        "employee_id": employee.id,
                        "check_in": start + timedelta(seconds=rank),
                    }
                    for rank, employee in enumerate(employees, start=1)
                ]
            )
            Rota = env["cc.sales.office.rota"]
            rota = Rota._cc_lock(office)._cc_sync_attendance()
            cr.commit()  # pylint: disable=invalid-commit
            self.data = {
                "users": users.ids,
                "partners": users.partner_id.ids,
                "employees": employees.ids,
                "attendances": attendances.ids,
                "office": office.id,
                "rota": rota.id,
            }
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
            office = env["cc.sales.office"].browse(self.data["office"])
            arrivals = env["cc.visitor.assignment"].search(
                [("office_id", "=", office.id)]
            )
            env["cc.visitor"].with_context(active_test=False).search(
                [("office_id", "=", office.id)]
            ).unlink()
            arrivals.unlink()
            env["cc.sales.office.rota"].browse(self.data["rota"]).unlink()
            office.unlink()
            env["hr.attendance"].browse(self.data["attendances"]).unlink()
            env["hr.employee"].browse(self.data["employees"]).unlink()
            env["res.users"].browse(self.data["users"]).unlink()
            env["res.partner"].browse(self.data["partners"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_walk_ins_never_share_a_turn(self):
        env1, env2 = self.envs
        office1 = env1["cc.sales.office"].browse(self.data["office"])
        office2 = env2["cc.sales.office"].browse(self.data["office"])
        # both transactions have started before either assigns
        env1.cr.execute("SELECT 1")
        env2.cr.execute("SELECT 1")

        first = office1._cc_walk_in(visitor_name="Guest one", mobile="13500000001")
        self.assertTrue(first.user_id)

        # cursor 2 must wait for the rota row, not read the same pointer
        env2.cr.execute("SET LOCAL lock_timeout = '200ms'")
        with self.assertRaises(errors.LockNotAvailable), mute_logger("odoo.sql_db"):
            office2._cc_walk_in(visitor_name="Guest two", mobile="13500000002")
        env2.cr.rollback()
        env2.invalidate_all()

        env1.cr.commit()
        second = office2._cc_walk_in(visitor_name="Guest two", mobile="13500000002")
        env2.cr.commit()

        self.assertNotEqual(first.user_id.id, second.user_id.id)
        self.assertEqual(
            {first.user_id.id, second.user_id.id},
            set(self.data["users"]),
            "each salesperson got exactly one turn",
        )
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            lines = env["cc.sales.office.rota"].browse(self.data["rota"]).line_ids
            self.assertEqual(lines.mapped("turns_taken"), [1, 1])
            self.assertEqual(set(lines.mapped("status")), {"busy"})

    def test_same_visitor_checked_in_at_two_desks(self):
        """Two desks check the same visitor in at once: one reception only.

        The first desk asks for the second salesperson by name, so the rota
        pointer does not move: the second desk, whose snapshot predates the
        first walk-in, must still not decide on that stale view.
        """
        env1, env2 = self.envs
        office1 = env1["cc.sales.office"].browse(self.data["office"])
        office2 = env2["cc.sales.office"].browse(self.data["office"])
        seller_b = env1["res.users"].browse(self.data["users"][1])
        env1.cr.execute("SELECT 1")
        env2.cr.execute("SELECT 1")  # both snapshots taken before either assigns

        first = office1._cc_walk_in(
            visitor_name="Twin desk guest",
            mobile="13500000009",
            requested_user=seller_b,
        )
        self.assertEqual(first.user_id, seller_b)
        self.assertFalse(first.turn_counted)

        # while the first desk holds the rota, the second waits
        env2.cr.execute("SET LOCAL lock_timeout = '200ms'")
        with self.assertRaises(errors.LockNotAvailable), mute_logger("odoo.sql_db"):
            office2._cc_walk_in(visitor_name="Twin desk guest", mobile="13500000009")
        env2.cr.rollback()
        env2.invalidate_all()

        # a second desk whose snapshot predates the commit cannot serialize:
        # the request is retried by the server ...
        env2.cr.execute("SELECT 1")
        env1.cr.commit()
        with (
            self.assertRaises(errors.SerializationFailure),
            mute_logger("odoo.sql_db"),
        ):
            office2._cc_walk_in(visitor_name="Twin desk guest", mobile="13500000009")
        env2.cr.rollback()
        env2.invalidate_all()
        # ... and the retry sees the open reception and refuses
        with self.assertRaisesRegex(
            UserError, "Twin desk guest is already being received by Race seller b"
        ):
            office2._cc_walk_in(visitor_name="Twin desk guest", mobile="13500000009")
        env2.cr.rollback()

        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
            arrivals = env["cc.visitor.assignment"].search(
                [("office_id", "=", self.data["office"])]
            )
            self.assertEqual(len(arrivals), 1)
            lines = env["cc.sales.office.rota"].browse(self.data["rota"]).line_ids
            self.assertEqual(sorted(lines.mapped("status")), ["available", "busy"])

    def test_same_mobile_saved_at_once_gets_a_clear_refusal(self):
        """Two registrations of one new number, each unseen by the other's
        duplicate check: the second is refused with a ValidationError."""
        env1, env2 = self.envs
        env1.cr.execute("SELECT 1")
        env2.cr.execute("SELECT 1")  # snapshot taken before the first commits
        vals = {"mobile": "13512345678", "office_id": self.data["office"]}
        env1["cc.visitor"].create(dict(vals, name="First desk"))
        env1.cr.commit()
        with (
            self.assertRaisesRegex(ValidationError, "first registration wins"),
            mute_logger("odoo.sql_db"),
        ):
            env2["cc.visitor"].create(dict(vals, name="Second desk"))
        env2.cr.rollback()
