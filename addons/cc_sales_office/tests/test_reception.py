from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CcSalesOfficeCommon


@tagged("post_install", "-at_install")
class TestReception(CcSalesOfficeCommon):
    def test_order_follows_check_in(self):
        """Rule 3: today's order is the check-in order; not checked in = absent."""
        self.check_in(self.user_c, self.user_a, self.user_b)
        receivers = []
        for number in range(3):
            arrival = self.walk_in(f"Guest {number}", f"1390000000{number}")
            receivers.append(arrival.user_id)
            self.assertEqual(arrival.rule, "rota")
            self.assertTrue(arrival.turn_counted)
        self.assertEqual(receivers, [self.user_c, self.user_a, self.user_b])
        rota = self.rota()
        self.assertEqual(
            rota.line_ids.filtered("checked_in").sorted("sequence").user_id,
            self.user_c | self.user_a | self.user_b,
        )
        self.assertEqual(self.line(self.user_d).status, "away")
        self.assertFalse(self.line(self.user_d).checked_in)
        # the arrival registered the visitor to the receiver
        visitor = self.env["cc.visitor"].search(
            [("mobile_normalized", "=", "13900000000")]
        )
        self.assertEqual(visitor.user_id, self.user_c)
        # the reception log is confidential too: D received nobody
        Arrival = self.env["cc.visitor.assignment"]
        domain = [("office_id", "=", self.office.id)]
        self.assertFalse(Arrival.with_user(self.user_d).search(domain))
        self.assertEqual(len(Arrival.with_user(self.supervisor).search(domain)), 3)

    def test_skip_away_and_busy_without_make_up(self):
        """Away or busy when their turn comes: skipped, not made up (不予补回)."""
        self.check_in(self.user_a, self.user_b, self.user_c)
        first = self.walk_in()
        self.assertEqual(first.user_id, self.user_a)
        self.finish(self.user_a)
        # A steps out when their turn comes round
        self.line(self.user_a).with_user(self.user_a).action_step_out()
        second = self.walk_in()  # B's turn anyway
        self.finish(self.user_b)
        third = self.walk_in()
        self.assertEqual(third.user_id, self.user_c)
        self.finish(self.user_c)
        fourth = self.walk_in()  # A's turn, A away → B, A skipped
        self.assertEqual(second.user_id, self.user_b)
        self.assertEqual(fourth.user_id, self.user_b)
        self.assertEqual(fourth.skipped_user_ids, self.user_a)
        self.line(self.user_a).with_user(self.user_a).action_back()
        fifth = self.walk_in()  # C's turn: A does not get the skipped turn back
        self.assertEqual(fifth.user_id, self.user_c)
        self.assertFalse(fifth.skipped_user_ids)
        # busy: A receives, B and C busy → next arrival skips them all but A busy too
        self.finish(self.user_b, self.user_c)
        sixth = self.walk_in()
        self.assertEqual(sixth.user_id, self.user_a)
        seventh = self.walk_in()
        self.assertEqual(seventh.user_id, self.user_b)
        self.finish(self.user_b)
        eighth = self.walk_in()  # C's turn
        self.assertEqual(eighth.user_id, self.user_c)
        ninth = self.walk_in()  # A's turn, A and C busy → B; A skipped, no credit
        self.assertEqual(ninth.user_id, self.user_b)
        self.assertEqual(ninth.skipped_user_ids, self.user_a)
        self.assertFalse(ninth.credited_user_ids)
        self.assertEqual(self.line(self.user_a).makeup_credits, 0)
        self.assertEqual(self.line(self.user_a).turns_taken, 2)
        self.assertEqual(self.line(self.user_b).turns_taken, 4)

    def test_owner_receives_registered_customer(self):
        """Rule 1: a registered customer goes to the owner; the rota is untouched."""
        visitor = self.make_visitor(self.user_b, "13811112222")
        self.check_in(self.user_a, self.user_b, self.user_c)
        arrival = self.walk_in(mobile="+86 138 1111 2222")
        self.assertEqual(arrival.user_id, self.user_b)
        self.assertEqual(arrival.rule, "owner")
        self.assertEqual(arrival.visitor_id, visitor)
        self.assertFalse(arrival.turn_counted)
        self.assertEqual(self.walk_in().user_id, self.user_a)

    def test_stand_in_obligatory_receptionist_and_make_up(self):
        """Rule 1: owner away → the obligatory receptionist stands in; the
        registration stays the owner's and the stand-in's turn is given back (补回)."""
        visitor = self.make_visitor(self.user_a, "13811113333")
        self.check_in(self.user_a, self.user_b, self.user_c, self.user_d)
        self.line(self.user_a).with_user(self.user_a).action_step_out()
        self.assertTrue(self.line(self.user_d).is_obligatory)
        stand_in = self.walk_in(mobile="13811113333")
        self.assertEqual(stand_in.user_id, self.user_d)
        self.assertEqual(stand_in.rule, "standin")
        self.assertEqual(stand_in.owner_id, self.user_a)
        self.assertFalse(stand_in.turn_counted)
        self.assertEqual(visitor.user_id, self.user_a)
        self.assertIn(self.user_d, visitor.assistant_user_ids)
        self.assertEqual(self.walk_in().user_id, self.user_b)  # A away, skipped
        self.assertEqual(self.walk_in().user_id, self.user_c)
        self.finish(self.user_b)
        owed = self.walk_in()  # D's turn while standing in: credited, B receives
        self.assertEqual(owed.user_id, self.user_b)
        self.assertEqual(owed.credited_user_ids, self.user_d)
        self.assertEqual(self.line(self.user_d).makeup_credits, 1)
        self.finish(self.user_d)
        made_up = self.walk_in()
        self.assertEqual(made_up.user_id, self.user_d)
        self.assertTrue(made_up.made_up)
        self.assertEqual(self.line(self.user_d).makeup_credits, 0)
        self.assertEqual(self.line(self.user_d).turns_taken, 1)

    def test_stand_in_delegate(self):
        """Rule 1: the owner is busy and delegates to a colleague."""
        self.make_visitor(self.user_a, "13811114444")
        self.check_in(self.user_a, self.user_b, self.user_c)
        self.assertEqual(self.walk_in().user_id, self.user_a)  # A busy now
        arrival = self.walk_in(mobile="13811114444", delegate_user=self.user_c)
        self.assertEqual(arrival.user_id, self.user_c)
        self.assertEqual(arrival.rule, "standin")
        self.assertEqual(self.walk_in().user_id, self.user_b)  # B's turn unchanged

    def test_requested_salesperson_keeps_place(self):
        """Rule 2: asked for by name → them; their place in the rota unchanged."""
        self.check_in(self.user_a, self.user_b, self.user_c)
        arrival = self.walk_in(requested_user=self.user_c)
        self.assertEqual(arrival.user_id, self.user_c)
        self.assertEqual(arrival.rule, "requested")
        self.assertFalse(arrival.turn_counted)
        self.finish(self.user_c)
        self.assertEqual(self.walk_in().user_id, self.user_a)
        self.assertEqual(self.walk_in().user_id, self.user_b)
        self.assertEqual(self.walk_in().user_id, self.user_c)
        self.assertEqual(self.line(self.user_c).turns_taken, 1)
        self.assertEqual(self.line(self.user_c).receptions_count, 2)

    def test_requested_salesperson_on_their_turn_counts(self):
        """Rule 2: asked for when it was their turn → the turn counts as taken."""
        self.check_in(self.user_a, self.user_b, self.user_c)
        arrival = self.walk_in(requested_user=self.user_a)
        self.assertTrue(arrival.turn_counted)
        self.assertEqual(self.walk_in().user_id, self.user_b)

    def test_requested_absent_goes_to_rota(self):
        self.check_in(self.user_a, self.user_b)
        arrival = self.walk_in(requested_user=self.user_e)
        self.assertEqual(arrival.user_id, self.user_a)
        self.assertEqual(arrival.rule, "rota")
        self.assertIn(self.user_e.name, arrival.note)

    def test_introduced_visitor_goes_to_rota(self):
        """Rule 4: introduced by the developer or the company → next in order."""
        self.check_in(self.user_b, self.user_a)
        arrival = self.walk_in("Dev guest", "13700001111", intro_type="developer")
        self.assertEqual(arrival.user_id, self.user_b)
        self.assertEqual(arrival.rule, "introduced")
        self.assertTrue(arrival.turn_counted)
        self.assertEqual(arrival.visitor_id.intro_type, "developer")

    def test_nobody_present_saved_unassigned(self):
        """Nobody present: clear warning, the arrival still saved for the supervisor."""
        with Form(self.env["cc.sales.office.walkin"].with_user(self.user_a)) as wizard:
            wizard.office_id = self.office
            wizard.visitor_name = "Early bird"
            wizard.mobile = "13700002222"
        action = wizard.record.action_confirm()
        self.assertEqual(action["params"]["type"], "warning")
        arrival = self.env["cc.visitor.assignment"].search(
            [("office_id", "=", self.office.id)]
        )
        self.assertEqual(arrival.state, "unassigned")
        self.assertFalse(arrival.user_id)
        self.assertEqual(arrival.activity_ids.user_id, self.supervisor)
        # the supervisor hands it over
        with Form(
            self.env["cc.visitor.reassign"]
            .with_user(self.supervisor)
            .with_context(
                default_assignment_id=arrival.id, default_reason_type="unassigned"
            )
        ) as wizard:
            wizard.user_id = self.user_b
            wizard.reason = "Arrived before opening"
        wizard.record.action_confirm()
        self.assertEqual(arrival.user_id, self.user_b)
        self.assertEqual(arrival.state, "done")
        self.assertEqual(arrival.visitor_id.user_id, self.user_b)

    def test_walk_in_wizard_flow(self):
        self.check_in(self.user_a, self.user_b)
        with Form(self.env["cc.sales.office.walkin"].with_user(self.user_b)) as wizard:
            wizard.office_id = self.office
            wizard.visitor_name = "Tablet guest"
            wizard.mobile = "13700003333"
            wizard.group_size = 2
        action = wizard.record.action_confirm()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(self.user_a.name, action["params"]["message"])
        with Form(self.env["cc.sales.office.walkin"].with_user(self.user_b)) as wizard:
            wizard.office_id = self.office
            wizard.mobile = "13700003333"
            self.assertEqual(wizard.visitor_owner_id, self.user_a)

    def test_supervisor_reassigns_logged(self):
        """Rule 5: the supervisor reassigns with a reason; no contest."""
        visitor = self.make_visitor(self.user_a, "13811115555")
        with self.assertRaises(UserError):
            visitor.with_user(self.user_a).write({"user_id": self.user_b.id})
        with Form(
            self.env["cc.visitor.reassign"]
            .with_user(self.supervisor)
            .with_context(default_visitor_id=visitor.id)
        ) as wizard:
            wizard.user_id = self.user_b
            wizard.reason_type = "conflict"
            wizard.reason = "Argument about the discount"
        wizard.record.action_confirm()
        self.assertEqual(visitor.user_id, self.user_b)
        self.assertEqual(visitor.previous_user_id, self.user_a)
        log = self.env["cc.visitor.assignment"].search(
            [("visitor_id", "=", visitor.id), ("rule", "=", "reassign")]
        )
        self.assertEqual(log.previous_user_id, self.user_a)
        self.assertIn("discount", log.reason)
        with self.assertRaises(AccessError):
            visitor.with_user(self.user_a).read(["name"])
        with self.assertRaises(UserError):
            visitor.with_user(self.user_a)._cc_reassign(self.user_a, "mine")

    def test_supervisor_adjusts_order_tracked(self):
        self.check_in(self.user_a, self.user_b, self.user_c)
        self.walk_in()
        self.finish(self.user_a)
        line_c = self.line(self.user_c)
        with self.assertRaises(UserError):
            line_c.with_user(self.user_c).write({"sequence": 0})
        line_c.with_user(self.supervisor).write({"sequence": 0})
        self.assertIn("Order changed", self.rota().message_ids[0].body)
        # C moved first; the pointer (at B) is unchanged, the wrap goes to C
        self.assertEqual(self.walk_in().user_id, self.user_b)
        self.assertEqual(self.walk_in().user_id, self.user_c)

    def test_checked_out_is_away(self):
        self.check_in(self.user_a, self.user_b)
        self.check_out(self.user_a)
        arrival = self.walk_in()
        self.assertEqual(arrival.user_id, self.user_b)
        self.assertEqual(arrival.skipped_user_ids, self.user_a)
        self.assertEqual(self.line(self.user_a).status, "away")

    def test_walk_in_query_count_bounded(self):
        """The query count of an assignment does not grow with the arrivals."""
        self.check_in(self.user_a, self.user_b, self.user_c)
        self.walk_in()
        self.finish(self.user_a)
        counts = []
        for _number in range(3):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            arrival = self.walk_in()
            counts.append(self.env.cr.sql_log_count - before)
            self.finish(arrival.user_id)
        self.assertLessEqual(max(counts) - min(counts), 3, counts)

    def test_reception_desk_opens_today(self):
        """The desk (as a salesperson) refreshes today's order from attendance."""
        self.check_in(self.user_b, self.user_a)
        action = (
            self.env["cc.sales.office"]
            .with_user(self.user_a)
            .action_open_reception_desk()
        )
        self.assertEqual(action["res_model"], "cc.sales.office.rota.line")
        views = (
            self.env["cc.sales.office.rota.line"]
            .with_user(self.user_a)
            .get_views([(False, "kanban"), (False, "list")])
        )
        self.assertIn("Walk-in", views["views"]["kanban"]["arch"])
        # what the desk cards read, as a salesperson
        spec = {
            name: {}
            for name in (
                "status",
                "is_next",
                "is_obligatory",
                "checked_in",
                "makeup_credits",
                "avatar_128",
                "sequence",
                "turns_taken",
                "receptions_count",
            )
        }
        spec.update(
            user_id={"fields": {"display_name": {}}},
            office_id={"fields": {"display_name": {}}},
            current_assignment_id={"fields": {"display_name": {}}},
        )
        arrival = self.walk_in("Desk guest", "13700004444")
        cards = (
            self.env["cc.sales.office.rota.line"]
            .with_user(self.user_c)
            .web_search_read(
                action["domain"] + [("office_id", "=", self.office.id)], spec
            )
        )
        busy = [card for card in cards["records"] if card["status"] == "busy"]
        self.assertEqual(
            busy[0]["current_assignment_id"]["display_name"], arrival.display_name
        )
        self.finish(arrival.user_id)
        lines = (
            self.env["cc.sales.office.rota.line"]
            .with_user(self.user_a)
            .search(action["domain"] + [("office_id", "=", self.office.id)])
        )
        self.assertEqual(len(lines), 5)
        # the desk guest went to B (first checked in): A is next, and last
        self.assertEqual(lines.filtered("is_next").user_id, self.user_a)
        self.assertEqual(lines.filtered("is_obligatory").user_id, self.user_a)
        # a colleague at the shared desk marks A as finished after a reception
        arrival = self.walk_in()
        self.line(self.user_a).with_user(self.user_c).action_finish_reception()
        self.assertEqual(arrival.state, "done")
        with self.assertRaises(UserError):
            self.line(self.user_b).with_user(self.manager).action_back()

    def test_same_visitor_twice_while_received_refused(self):
        """A visitor being received cannot be checked in again: one person
        "With" one visitor. Refused by mobile and by record, nothing written."""
        self.check_in(self.user_a, self.user_b, self.user_c)
        first = self.walk_in("Twice guest", "13700005555")
        self.assertEqual(first.user_id, self.user_a)
        Arrival = self.env["cc.visitor.assignment"]
        count = Arrival.search_count([("office_id", "=", self.office.id)])
        turns = self.rota().line_ids.mapped("turns_taken")
        pointer = self.rota().pointer_sequence
        for kwargs in (
            {"name": "Twice guest", "mobile": "+86 137 0000 5555"},
            {"visitor": first.visitor_id},
        ):
            with self.assertRaisesRegex(UserError, "Twice guest.*Seller A"):
                self.walk_in(**kwargs)
        self.assertEqual(
            Arrival.search_count([("office_id", "=", self.office.id)]), count
        )
        self.assertEqual(self.rota().line_ids.mapped("turns_taken"), turns)
        self.assertEqual(self.rota().pointer_sequence, pointer)
        self.assertEqual(self.line(self.user_b).status, "available")
        # the wizard at the desk gives the same refusal
        with Form(self.env["cc.sales.office.walkin"].with_user(self.user_b)) as wizard:
            wizard.office_id = self.office
            wizard.mobile = "13700005555"
        with self.assertRaisesRegex(UserError, "already being received by Seller A"):
            wizard.record.action_confirm()
        # once A has finished, the visitor may come back (to the owner, A)
        self.finish(self.user_a)
        again = self.walk_in(visitor=first.visitor_id)
        self.assertEqual(again.user_id, self.user_a)
        self.assertEqual(again.rule, "owner")

    def test_empty_walk_in_takes_no_turn(self):
        """Neither name nor mobile: refused before a turn is handed out."""
        self.check_in(self.user_a, self.user_b)
        self.rota()
        Arrival = self.env["cc.visitor.assignment"]
        pointer = self.rota().pointer_sequence
        for name, mobile in ((False, False), ("  ", ""), (None, " ")):
            with self.assertRaisesRegex(ValidationError, "Name or Mobile"):
                self.office._cc_walk_in(visitor_name=name, mobile=mobile)
        with Form(self.env["cc.sales.office.walkin"].with_user(self.user_a)) as wizard:
            wizard.office_id = self.office
        with self.assertRaisesRegex(ValidationError, "Name or Mobile"):
            wizard.record.action_confirm()
        self.assertFalse(Arrival.search_count([("office_id", "=", self.office.id)]))
        rota = self.rota()
        self.assertEqual(rota.pointer_sequence, pointer)
        self.assertEqual(rota.line_ids.mapped("turns_taken"), [0] * 5)
        self.assertEqual(set(rota.line_ids.mapped("receptions_count")), {0})
        self.assertEqual(self.line(self.user_a).status, "available")
        # a name alone is enough
        self.assertEqual(self.walk_in("Only a name").user_id, self.user_a)

    def test_receiver_card_shows_the_visitor(self):
        """The desk shows who receives whom on the card, and the result stays."""
        self.check_in(self.user_a, self.user_b)
        with Form(self.env["cc.sales.office.walkin"].with_user(self.user_b)) as wizard:
            wizard.office_id = self.office
            wizard.visitor_name = "Card guest"
            wizard.mobile = "13700006666"
        action = wizard.record.action_confirm()
        self.assertTrue(action["params"]["sticky"])
        self.assertIn("Card guest", action["params"]["message"])
        line = self.line(self.user_a).with_user(self.user_c)
        self.assertEqual(line.current_visitor, "Card guest")
        self.assertFalse(self.line(self.user_b).current_visitor)
        arch = self.env["cc.sales.office.rota.line"].get_views([(False, "kanban")])[
            "views"
        ]["kanban"]["arch"]
        self.assertIn("current_visitor", arch)
        self.assertNotIn('name="office_id"', arch)
        # the office name is shown once: breadcrumb, or column per office
        desk = self.env["cc.sales.office"].action_open_reception_desk()
        offices = self.env["cc.sales.office"].search([])
        if len(offices) == 1:
            self.assertIn(self.office.name, desk["name"])
        else:
            self.assertEqual(desk["context"]["group_by"], ["office_id"])

    def test_desk_menu_opens_for_a_salesperson(self):
        """The Reception Desk menu (a server action) opens for a salesperson,
        who may not write the offices themselves."""
        self.check_in(self.user_a)
        action = (
            self.env.ref("cc_sales_office.cc_sales_office_rota_line_action_server_desk")
            .with_user(self.user_a)
            .run()
        )
        self.assertEqual(action["res_model"], "cc.sales.office.rota.line")
