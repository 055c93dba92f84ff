from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestRightsPerRole(CcSalesOfficeCommon):
    """Each role does its showroom work with its own rights; the engine's
    system steps hand no elevated record back to the caller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.core_user = new_test_user(
            cls.env,
            login="cc_so_core_user",
            name="Core User",
            groups="base.group_user",
        )

    def _desk_walk_in(self, user, name, mobile, **kwargs):
        """A walk-in registered by ``user`` at the desk (the wizard)."""
        with Form(self.env["cc.sales.office.walkin"].with_user(user)) as wizard:
            wizard.office_id = self.office
            wizard.visitor_name = name
            wizard.mobile = mobile
            for key, value in kwargs.items():
                setattr(wizard, key, value)
        return wizard.record.action_confirm()

    def test_salesperson_registers_a_walk_in_for_a_colleague(self):
        """A salesperson at the desk hands a new visitor to a colleague: the
        arrival, the visitor and the rota are written, and the arrival comes
        back in the salesperson's own (non-elevated) environment."""
        self.check_in(self.user_a, self.user_b)
        action = self._desk_walk_in(self.user_b, "Desk guest", "13900001111")
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(self.user_a.name, action["params"]["message"])
        arrival = self.office.with_user(self.user_b)._cc_walk_in(
            visitor_name="Second guest", mobile="13900001112"
        )
        self.assertEqual(arrival.env.uid, self.user_b.id)
        self.assertFalse(arrival.env.su)
        # B received the second guest (A is busy): B may read their own arrival
        self.assertEqual(arrival.user_id, self.user_b)
        visitor = self.env["cc.visitor"].search([("mobile", "=", "13900001111")])
        self.assertEqual(visitor.user_id, self.user_a)
        # ... but not the colleague's visitor
        with self.assertRaises(AccessError):
            visitor.with_user(self.user_b).check_access("read")
        self.assertEqual(self.line(self.user_a).status, "busy")
        self.assertEqual(self.line(self.user_b).status, "busy")

    def test_assistant_stands_in_and_finishes(self):
        """The assisting colleague (stand-in) receives a colleague's customer,
        is linked to the visitor as assistant and closes the reception from
        the desk with their own rights."""
        visitor = self.make_visitor(self.user_a, "13900002222")
        self.check_in(self.user_a, self.user_b, self.user_c)
        self.line(self.user_a).with_user(self.user_a).action_step_out()
        arrival = self.office.with_user(self.user_c)._cc_walk_in(
            mobile="13900002222", delegate_user=self.user_b
        )
        self.assertFalse(arrival.env.su)
        self.assertEqual(arrival.user_id, self.user_b)
        self.assertEqual(arrival.rule, "standin")
        self.assertIn(self.user_b, visitor.assistant_user_ids)
        self.assertEqual(visitor.user_id, self.user_a)
        line = self.line(self.user_b).with_user(self.user_b)
        line.action_finish_reception()
        self.assertEqual(arrival.state, "done")
        self.assertEqual(line.status, "available")
        # the desk cards read as the assistant (colleagues' arrivals included)
        self.env.invalidate_all()
        lines = self.rota().line_ids.with_user(self.user_b)
        self.assertEqual(len(lines.filtered("is_next")), 1)
        self.assertTrue(self.rota().with_user(self.user_b).next_user_id)

    def test_supervisor_assigns_and_reassigns_with_own_rights(self):
        """The supervisor hands an unassigned arrival over and reassigns a
        visitor with the supervisor's rights (no system step)."""
        arrival = self.office.with_user(self.user_a)._cc_walk_in(
            visitor_name="Before opening", mobile="13900003333"
        )
        self.assertEqual(arrival.sudo().state, "unassigned")
        arrival = arrival.with_user(self.supervisor)
        arrival._cc_assign_manually(self.user_c, "Arrived before opening")
        self.assertEqual(arrival.state, "done")
        self.assertEqual(arrival.user_id, self.user_c)
        self.assertFalse(arrival.activity_ids)
        visitor = arrival.visitor_id
        self.assertEqual(visitor.user_id, self.user_c)
        visitor._cc_reassign(self.user_d, "Customer's request")
        self.assertEqual(visitor.user_id, self.user_d)
        self.assertEqual(visitor.previous_user_id, self.user_c)
        logs = self.env["cc.visitor.assignment"].search(
            [("visitor_id", "=", visitor.id), ("rule", "=", "reassign")]
        )
        # from the pool to C (the hand-over), then from C to D
        self.assertEqual(len(logs), 2)
        self.assertEqual(set(logs.mapped("state")), {"done"})
        # a salesperson may do neither
        with self.assertRaises(UserError):
            visitor.with_user(self.user_d)._cc_reassign(self.user_c, "Mine")

    def test_core_user_without_showroom_rights(self):
        """A core user without showroom rights reaches neither the desk nor
        the engine's records."""
        with self.assertRaises(AccessError):
            self.env["cc.sales.office"].with_user(self.core_user).search([])
        with self.assertRaises(AccessError):
            self.office.with_user(self.core_user)._cc_walk_in(
                visitor_name="Nobody's guest", mobile="13900004444"
            )
