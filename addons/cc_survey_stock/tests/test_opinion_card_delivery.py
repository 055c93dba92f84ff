from odoo import Command
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOpinionCardAfterDelivery(TransactionCase):
    """A customer's first delivery, validated in Inventory from a confirmed
    sale order, brings the new-customer opinion card N days later through
    the daily scheduled action, once; the customer answers it in the survey
    engine and the answer is scored."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.cc_survey_card_days = 14
        cls.card = cls.env.ref("cc_survey.survey_new_customer_card")
        cls.cron = cls.env.ref("cc_survey.ir_cron_cc_survey_opinion_cards")
        # a salesman of the core Sales app, without any customer-service right
        cls.salesman = new_test_user(
            cls.env,
            login="cc_card_salesman",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "stock.group_stock_user",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Opinion Card Widget", "type": "consu", "list_price": 120.0}
        )
        Partner = cls.env["res.partner"]
        cls.new_customer = Partner.create(
            {
                "name": "Opinion Card New Customer",
                "is_company": True,
                "email": "new.customer@example.com",
            }
        )
        # the order is placed by a contact of the company: the card goes to
        # the company (the commercial partner)
        cls.buyer = Partner.create(
            {
                "name": "Opinion Card Buyer",
                "parent_id": cls.new_customer.id,
                "email": "buyer@example.com",
            }
        )
        cls.old_customer = Partner.create(
            {
                "name": "Opinion Card Old Customer",
                "is_company": True,
                "email": "old.customer@example.com",
            }
        )

    def _deliver(self, partner):
        """Confirm a sale order as a core salesman and validate its delivery."""
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 2}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_code, "outgoing")
        picking = picking.with_user(self.salesman)
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _run_cron(self):
        lines = self.env["cc.survey.campaign.line"]
        before = lines.search([]).ids
        self.cron.method_direct_trigger()
        return lines.search([("id", "not in", before)])

    def test_card_after_first_real_delivery(self):
        with freeze_time("2026-01-12 09:00:00"):
            self._deliver(self.old_customer)
        with freeze_time("2026-03-02 10:00:00"):
            picking = self._deliver(self.buyer)
            # the old customer's second delivery is not a first one
            self._deliver(self.old_customer)
        self.assertEqual(str(picking.date_done.date()), "2026-03-02")
        with freeze_time("2026-03-15 06:00:00"):  # 13 days after: not yet
            self.assertFalse(self._run_cron())
        with freeze_time("2026-03-16 06:00:00"):  # 14 days after
            sent = self._run_cron()
        self.assertEqual(sent.partner_id, self.new_customer)
        self.assertEqual(sent.sample_reason, "new_customer")
        campaign = sent.campaign_id
        self.assertEqual(campaign.kind, "new_customer")
        self.assertEqual(campaign.state, "running")
        self.assertEqual(campaign.survey_id, self.card)
        self.assertEqual(str(campaign.date_start), "2026-01-01")
        answer = sent.user_input_id
        self.assertEqual(answer.survey_id, self.card)
        self.assertEqual(answer.partner_id, self.new_customer)
        self.assertEqual(answer.cc_channel, "email")
        self.assertTrue(answer.access_token)
        mail = self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "=", answer.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.new_customer)
        self.assertIn(answer.access_token, mail.body_html)
        # the next days (still within the catch-up window): no second card,
        # not even after another delivery
        with freeze_time("2026-03-17 06:00:00"):
            self._deliver(self.buyer)
            self.assertFalse(self._run_cron())

        # the customer answers the card in the survey engine, as its
        # controller does (one save per question, then done)
        matrix = self.env.ref("cc_survey.survey_new_customer_card_q_first")
        text = self.env.ref("cc_survey.survey_new_customer_card_q_suggestions")
        prefix = "cc_survey.survey_new_customer_card_q_first_"
        chosen = {
            "quality": "very_satisfied",
            "delivery": "satisfied",
            "service": "neutral",
        }
        answer_sudo = answer.sudo()
        answer_sudo._save_lines(
            matrix,
            {
                self.env.ref(f"{prefix}row_{row}").id: [
                    self.env.ref(f"{prefix}col_{column}").id
                ]
                for row, column in chosen.items()
            },
        )
        answer_sudo._save_lines(text, "Label the boxes in Chinese too.")
        answer_sudo._mark_done()
        self.assertEqual(answer.state, "done")
        # quality 100 (weight 25), delivery 75 (20), service 50 (15)
        self.assertAlmostEqual(
            answer.cc_index, (100 * 25 + 75 * 20 + 50 * 15) / 60, places=2
        )
        self.assertEqual(answer.cc_level, "satisfied")
        scores = {
            s.dimension_id.code: s.score for s in answer.cc_score_ids if s.dimension_id
        }
        self.assertEqual(scores, {"quality": 100.0, "delivery": 75.0, "service": 50.0})
        self.assertEqual(campaign.responded_count, 1)

    def test_no_card_without_sale_delivery(self):
        """A delivery order without a sale (e.g. a manual one) is not a
        customer's first delivery."""
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        with freeze_time("2026-03-02 10:00:00"):
            picking = self.env["stock.picking"].create(
                {
                    "partner_id": self.new_customer.id,
                    "picking_type_id": warehouse.out_type_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.product.name,
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": self.env.ref(
                                    "stock.stock_location_customers"
                                ).id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.move_ids.quantity = 1
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        with freeze_time("2026-03-16 06:00:00"):
            self.assertFalse(self._run_cron())
