import base64
import io
from datetime import timedelta

from odoo import Command, api, fields, models


class CcServiceRequest(models.Model):
    _inherit = "cc.service.request"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Demo data (called by demo/cc_after_sales_demo.xml only)
    # ------------------------------------------------------------------
    @api.model
    def _cc_demo_signature(self, text):
        """A hand-drawn-looking signature image for the demo receipts."""
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (360, 120), "white")
        draw = ImageDraw.Draw(image)
        points = [(20 + i * 9, 70 + ((i * 37) % 23) - 11) for i in range(36)]
        draw.line(points, fill="navy", width=3)
        draw.text((24, 94), text, fill="navy")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue())

    @api.model
    def _cc_demo_load(self):
        env = self.env
        ref = env.ref
        company = env.company
        engineer = ref("cc_after_sales.demo_user_engineer")
        engineer_2 = ref("cc_after_sales.demo_user_engineer_2")
        expert = ref("cc_after_sales.demo_user_expert")
        reviewer = ref("cc_after_sales.demo_user_reviewer")
        Person = env["fsm.person"]
        people = {}
        for user in engineer | engineer_2 | expert:
            people[user] = Person.search(
                [("partner_id", "=", user.partner_id.id)], limit=1
            ) or Person.create({"partner_id": user.partner_id.id})
        analyser = ref("cc_after_sales.demo_product_analyser")
        sensor = ref("cc_after_sales.demo_product_sensor")
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        env["stock.quant"]._update_available_quantity(
            sensor, warehouse.lot_stock_id, 40.0
        )
        customers = [
            ref("cc_after_sales.demo_partner_customer"),
            ref("base.res_partner_2"),
        ]
        lots = self.env["stock.lot"]
        for index, customer in enumerate(customers):
            serials = [f"WQ300-26{index}{n:02d}" for n in range(1, 6)]
            batch = env["stock.lot"].create(
                [{"name": s, "product_id": analyser.id} for s in serials]
            )
            for lot in batch:
                env["stock.quant"]._update_available_quantity(
                    analyser, warehouse.lot_stock_id, 1.0, lot_id=lot
                )
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "user_id": ref("base.user_admin").id,
                    "client_order_ref": f"PO-WQ-{index + 1}",
                    "order_line": [
                        Command.create(
                            {"product_id": analyser.id, "product_uom_qty": len(batch)}
                        )
                    ],
                }
            )
            order.action_confirm()
            picking = order.picking_ids
            picking.move_ids.move_line_ids.unlink()
            move = picking.move_ids
            env["stock.move.line"].create(
                [
                    {
                        "move_id": move.id,
                        "picking_id": picking.id,
                        "product_id": analyser.id,
                        "lot_id": lot.id,
                        "quantity": 1.0,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                    for lot in batch
                ]
            )
            move.picked = True
            picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
            lots |= batch
        now = fields.Datetime.now()
        portal_customer, other_customer = customers

        def new_request(customer, lot, vals):
            picking = (
                env["stock.move.line"]
                .search(
                    [
                        ("lot_id", "=", lot.id),
                        ("location_dest_id.usage", "=", "customer"),
                    ],
                    limit=1,
                )
                .picking_id
            )
            return self.create(
                dict(
                    {
                        "partner_id": customer.id,
                        "lot_id": lot.id,
                        "product_id": lot.product_id.id,
                        "picking_id": picking.id,
                        "sale_order_id": picking.sale_id.id,
                        "user_id": engineer.id,
                        "contact_phone": customer.phone,
                    },
                    **vals,
                )
            )

        def dispatch(request, person, start, signed_by=None, findings="", work=""):
            request.action_create_dispatch()
            order = request.dispatch_ids[-1:]
            order.write(
                {
                    "person_id": people[person].id,
                    "person_ids": [Command.set(people[person].ids)],
                    "scheduled_date_start": start,
                    "scheduled_duration": 3.0,
                    "cc_findings": findings,
                    "resolution": work,
                }
            )
            if signed_by:
                order.write(
                    {
                        "date_start": start,
                        "date_end": start + timedelta(hours=2, minutes=40),
                    }
                )
                order._cc_sign_receipt(signed_by, self._cc_demo_signature(signed_by))
                order.action_complete()
            return order

        p_lots = lots.filtered(lambda lot: lot.name.startswith("WQ300-260"))
        o_lots = lots - p_lots
        # 1. new, from the hotline, past its response target
        new_request(
            portal_customer,
            p_lots[0],
            {
                "channel": "hotline",
                "request_type": "repair",
                "level": "general",
                "date_request": now - timedelta(days=3),
                "user_id": False,
                "description": "<p>Display flickers and the pump stops after "
                "ten minutes.</p>",
            },
        )
        # 2. complex, escalated to the technical-support expert
        escalated = new_request(
            other_customer,
            o_lots[0],
            {
                "channel": "email",
                "request_type": "repair",
                "level": "complex",
                "expert_id": expert.id,
                "description": "<p>Readings drift by 6 % a day since the "
                "firmware update.</p>",
            },
        )
        escalated.action_acknowledge()
        escalated.action_escalate()
        # 3. in progress, engineer dispatched today
        ongoing = new_request(
            portal_customer,
            p_lots[1],
            {
                "channel": "portal",
                "request_type": "commissioning",
                "level": "general",
                "description": "<p>Second analyser to commission on the east "
                "line.</p>",
            },
        )
        ongoing.action_acknowledge()
        dispatch(ongoing, engineer, now.replace(hour=1, minute=30, second=0))
        # 4. report interpretation waiting for the quality review
        interpretation = new_request(
            other_customer,
            o_lots[1],
            {
                "channel": "hotline",
                "request_type": "interpretation",
                "level": "simple",
                "interpretation_record": "<p>Explained the COD and ammonia-nitrogen "
                "lines, the detection limits and why values under the limit print "
                "as &lt;LOD.</p>",
                "interpretation_questions": "<p>Why is the May value lower than "
                "the lab's? Answer: different sampling time, within tolerance.</p>",
            },
        )
        interpretation.action_acknowledge()
        interpretation.action_start()
        interpretation.action_submit_review()
        # 5. repaired under warranty, receipt signed, waiting for the customer
        repaired = new_request(
            portal_customer,
            p_lots[2],
            {
                "channel": "hotline",
                "request_type": "repair",
                "level": "general",
                "description": "<p>pH reading stuck at 7.00.</p>",
                "resolution": "<p>pH sensor module replaced under warranty.</p>",
            },
        )
        repaired.action_acknowledge()
        order = dispatch(
            repaired,
            engineer,
            now - timedelta(days=2),
            signed_by="Wang Lei",
            findings="<p>pH sensor membrane cracked.</p>",
            work="<p>Sensor module replaced, two-point calibration done.</p>",
        )
        repair = self.env["repair.order"].create(
            {
                "cc_dispatch_id": order.id,
                "partner_id": portal_customer.id,
                "product_id": analyser.id,
                "lot_id": p_lots[2].id,
                "under_warranty": True,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": sensor.id,
                            "product_uom_qty": 1.0,
                            "repair_line_type": "add",
                        }
                    )
                ],
            }
        )
        repair.action_validate()
        repaired.action_submit_review()
        repaired.with_user(reviewer).action_review_pass()
        # 6. confirmed by the customer: follow-up call due
        confirmed = new_request(
            other_customer,
            o_lots[2],
            {
                "channel": "station",
                "request_type": "consultation",
                "level": "simple",
                "resolution": "<p>Explained the weekly cleaning of the flow cell.</p>",
            },
        )
        confirmed.action_acknowledge()
        confirmed.action_start()
        confirmed.action_submit_review()
        confirmed.with_user(reviewer).action_review_pass()
        confirmed.action_customer_confirm()
        # 7. closed at the first attempt, very satisfied; chargeable repair quoted
        closed = new_request(
            other_customer,
            o_lots[3],
            {
                "channel": "visit",
                "request_type": "repair",
                "level": "general",
                "description": "<p>Sample pump noisy.</p>",
                "resolution": "<p>Pump bearing replaced (out of warranty, "
                "quoted).</p>",
            },
        )
        closed.action_acknowledge()
        order = dispatch(
            closed,
            engineer_2,
            now - timedelta(days=9),
            signed_by="Deco Addict",
            findings="<p>Bearing worn after 3 years of continuous use.</p>",
            work="<p>Bearing replaced, pump tested for 30 minutes.</p>",
        )
        chargeable = self.env["repair.order"].create(
            {
                "cc_dispatch_id": order.id,
                "partner_id": other_customer.id,
                "product_id": analyser.id,
                "lot_id": o_lots[3].id,
                "under_warranty": False,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": sensor.id,
                            "product_uom_qty": 1.0,
                            "repair_line_type": "add",
                        }
                    )
                ],
            }
        )
        chargeable.action_create_sale_order()
        closed.action_submit_review()
        closed.with_user(reviewer).action_review_pass()
        closed.action_customer_confirm()
        closed.action_record_followup(5, "Fast and clean work.")
        # 8. unsatisfied at the first follow-up, handled again, then closed
        rehandled = new_request(
            portal_customer,
            p_lots[3],
            {
                "channel": "hotline",
                "request_type": "repair",
                "level": "general",
                "description": "<p>Printer of the analyser jams.</p>",
                "resolution": "<p>Paper guide adjusted; then the printer "
                "mechanism replaced.</p>",
            },
        )
        rehandled.action_acknowledge()
        rehandled.action_start()
        rehandled.action_submit_review()
        rehandled.with_user(reviewer).action_review_pass()
        rehandled.action_customer_confirm()
        rehandled.action_record_followup(2, "Jammed again the next day.")
        rehandled.action_submit_review()
        rehandled.with_user(reviewer).action_review_pass()
        rehandled.action_customer_confirm()
        rehandled.action_record_followup(4, "Works now.")
        # 9. failed commissioning: unit returned into nonconforming stock
        failed = new_request(
            other_customer,
            o_lots[4],
            {
                "channel": "hotline",
                "request_type": "commissioning",
                "level": "general",
                "description": "<p>Commissioning of the spare analyser.</p>",
            },
        )
        failed.action_acknowledge()
        order = dispatch(failed, engineer_2, now - timedelta(days=1))
        order.cc_failure_reason = "Main board dead on arrival: no power LED."
        order.action_cc_failed()
        # 10. cancelled: duplicate of a phone call
        new_request(
            portal_customer,
            p_lots[4],
            {
                "channel": "hotline",
                "request_type": "other",
                "level": "simple",
                "description": "<p>Duplicate of the previous call.</p>",
            },
        ).action_cancel()
        return True

    @api.model
    def _cc_demo_load_more(self):
        """Re-tests, archive access, spare-part notices, returned parts,
        loaners and a replacement, linked to the documents of the demo."""
        env = self.env
        ref = env.ref
        company = env.company
        engineer = ref("cc_after_sales.demo_user_engineer")
        expert = ref("cc_after_sales.demo_user_expert")
        reviewer = ref("cc_after_sales.demo_user_reviewer")
        analyser = ref("cc_after_sales.demo_product_analyser")
        sensor = ref("cc_after_sales.demo_product_sensor")
        portal_customer = ref("cc_after_sales.demo_partner_customer")
        other_customer = ref("base.res_partner_2")
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        # demo data is loaded as superuser; each role's step below runs
        # with_user(that user), the steps of roles without a demo user run in
        # the loader's environment (env)
        Request = self

        def request_of(serial):
            return Request.search([("lot_id.name", "=", serial)], limit=1)

        def new_units(serials):
            lots = env["stock.lot"].create(
                [{"name": s, "product_id": analyser.id} for s in serials]
            )
            for lot in lots:
                env["stock.quant"]._update_available_quantity(
                    analyser, warehouse.lot_stock_id, 1.0, lot_id=lot
                )
            return lots

        def validate(picking, lots=None):
            picking.action_assign()
            for move in picking.move_ids:
                if lots:
                    move.move_line_ids.unlink()
                    env["stock.move.line"].create(
                        [
                            {
                                "move_id": move.id,
                                "picking_id": picking.id,
                                "product_id": move.product_id.id,
                                "lot_id": lot.id,
                                "quantity": 1.0,
                                "location_id": move.location_id.id,
                                "location_dest_id": move.location_dest_id.id,
                            }
                            for lot in lots
                        ]
                    )
                else:
                    move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
            return picking

        def review(record, user, comment):
            """A tier review, with its comment when the tier asks for one."""
            # the cached "needs validation" of the submission is stale now
            record.invalidate_recordset()
            record = record.with_user(user)
            res = record.validate_tier()
            if isinstance(res, dict) and res.get("res_model") == "comment.wizard":
                wizard = (
                    record.env["comment.wizard"]
                    .with_context(**res["context"])
                    .create({"comment": comment})
                )
                wizard.add_comment()
            record.invalidate_recordset()

        # the WQ-300 carries a two-year warranty (三包) from its delivery
        if not analyser.cc_warranty_months:
            analyser.product_tmpl_id.cc_warranty_months = 24

        # ------------------------------------------------------------------
        # Re-tests: one done (an item out of tolerance), one refused as late
        # ------------------------------------------------------------------
        Retest = env["cc.service.retest"]
        retest = Retest.create(
            {
                "partner_id": other_customer.id,
                "request_id": request_of("WQ300-26102").id,
                "report_reference": "WQ-R-2026-0418",
                "report_date": today - timedelta(days=6),
                "request_date": today - timedelta(days=4),
                "reason": "The ammonia-nitrogen value is twice the one of our own "
                "laboratory on the same sample.",
                "line_ids": [
                    Command.create(
                        {
                            "name": "COD",
                            "unit": "mg/L",
                            "original_value": 42.0,
                            "tolerance": 2.0,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Ammonia nitrogen",
                            "unit": "mg/L",
                            "original_value": 1.86,
                            "tolerance": 0.1,
                        }
                    ),
                    Command.create(
                        {"name": "pH", "original_value": 7.2, "tolerance": 0.2}
                    ),
                ],
            }
        )
        retest.with_user(engineer).action_submit()
        retest.with_user(reviewer).action_accept()
        retest.write(
            {
                "scheduled_date": now - timedelta(days=1),
                "engineer_id": engineer.id,
            }
        )
        retest.with_user(engineer).action_schedule()
        cod, ammonia, ph = retest.line_ids
        cod.retest_value = 41.3
        ammonia.retest_value = 0.94
        ph.retest_value = 7.25
        retest.write(
            {
                "conclusion": "<p>COD and pH confirmed within tolerance. Ammonia "
                "nitrogen re-measured at 0.94 mg/L: the original value was wrong "
                "(reagent blank not subtracted). A corrected report follows.</p>",
                "original_report_wrong": True,
            }
        )
        retest.with_user(engineer).action_done()
        late = Retest.create(
            {
                "partner_id": portal_customer.id,
                "channel": "portal",
                "report_reference": "WQ-R-2026-0231",
                "report_date": today - timedelta(days=60),
                "request_date": today - timedelta(days=2),
                "reason": "Please re-test the total phosphorus of the March report.",
                "line_ids": [
                    Command.create(
                        {
                            "name": "Total phosphorus",
                            "unit": "mg/L",
                            "original_value": 0.38,
                            "tolerance": 0.02,
                        }
                    )
                ],
            }
        )
        late.with_user(engineer).action_submit()

        # ------------------------------------------------------------------
        # Archive access: a salesperson reads Deco Addict's archive (approved
        # by the head of the sales department), another request waits
        # ------------------------------------------------------------------
        sales_user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "孙丽 Sun Li",
                    "login": "cc_sales_sun",
                    "email": "sun.li@example.com",
                    "tz": "Asia/Shanghai",
                    "groups_id": [
                        Command.link(ref("cc_customer_comm.group_cc_user").id),
                        Command.link(ref("sales_team.group_sale_salesman").id),
                    ],
                }
            )
        )
        sales_department = ref("cc_customer_comm.cc_department_sales")
        head = sales_department.user_id
        Access = env["cc.service.archive.access"].with_user(sales_user)
        approved = Access.create(
            {
                "partner_id": other_customer.id,
                "department_id": sales_department.id,
                "reason": "Preparing the renewal of the service contract: need "
                "the repair history of the analysers.",
                "date_from": today,
                "date_to": today + timedelta(days=14),
            }
        )
        approved.action_submit()
        review(approved, head, "Approved for the contract renewal.")
        waiting = Access.create(
            {
                "partner_id": portal_customer.id,
                "department_id": sales_department.id,
                "reason": "Customer visit next week: review the open requests.",
                "date_from": today + timedelta(days=3),
                "date_to": today + timedelta(days=10),
            }
        )
        waiting.action_submit()

        # ------------------------------------------------------------------
        # Spare-part notices: a warranty reissue approved by the department
        # leader then QA and shipped; a chargeable one with its quotation
        # ------------------------------------------------------------------
        Notice = env["cc.spare.part.notice"].with_user(engineer)
        ongoing = request_of("WQ300-26002")
        dispatch = ongoing.dispatch_ids[:1]
        warranty = Notice.create(
            {
                "kind": "warranty",
                "origin": "dispatch",
                "dispatch_id": dispatch.id,
                "request_id": ongoing.id,
                "partner_id": portal_customer.id,
                "delivery_partner_id": portal_customer.id,
                "lot_id": ongoing.lot_id.id,
                "leader_id": expert.id,
                "receiver": "Wang Lei",
                "date_ship": today,
                "reason": "pH sensor module gives no signal during commissioning.",
                "line_ids": [Command.create({"product_id": sensor.id, "quantity": 1})],
            }
        )
        warranty.action_submit()
        review(warranty, expert, "Sensor failure confirmed on site.")
        review(warranty, reviewer, "Warranty applies: ship at no charge.")
        if not warranty.picking_id:
            warranty.with_env(env).action_create_document()
        validate(warranty.picking_id)
        closed = request_of("WQ300-26104")
        chargeable = Notice.create(
            {
                "kind": "chargeable",
                "origin": "request",
                "request_id": closed.id,
                "partner_id": other_customer.id,
                "lot_id": closed.lot_id.id,
                "leader_id": expert.id,
                "receiver": "Deco Addict purchasing",
                "date_ship": today + timedelta(days=5),
                "reason": "Customer orders two spare pH sensor modules for its "
                "own stock.",
                "line_ids": [Command.create({"product_id": sensor.id, "quantity": 2})],
            }
        )
        chargeable.action_submit()
        review(chargeable, reviewer, "Quote at list price.")
        if not chargeable.sale_order_id:
            # QA is no salesperson: the sales side makes the quotation
            chargeable.with_env(env).action_create_document()
            chargeable.activity_ids.action_feedback(feedback="Quotation created.")

        # ------------------------------------------------------------------
        # Returned parts, received into the Returned Parts location: the
        # sensor replaced by the warranty reissue (no trouble found) and the
        # one of the warranty repair (confirmed defect)
        # ------------------------------------------------------------------
        repaired = request_of("WQ300-26003")
        Returned = env["cc.returned.part"].with_user(engineer)
        ntf = Returned.create(
            {
                "product_id": sensor.id,
                "partner_id": portal_customer.id,
                "notice_id": warranty.id,
                "dispatch_id": dispatch.id,
            }
        )
        defect = Returned.create(
            {
                "product_id": sensor.id,
                "partner_id": portal_customer.id,
                "dispatch_id": repaired.dispatch_ids[:1].id,
            }
        )
        (ntf | defect).with_env(env).action_create_receipt()
        validate(ntf.picking_id.with_env(env))
        ntf = ntf.with_user(reviewer)
        ntf.write(
            {
                "verdict": "ntf",
                "note": "Bench test 4 h in buffer solutions pH 4/7/10: within "
                "0.02 pH. The fault was the loose connector on site.",
            }
        )
        ntf.action_analyse()
        defect = defect.with_user(reviewer)
        defect.write(
            {
                "verdict": "defect",
                "note": "Membrane cracked, no response in pH 4 buffer.",
            }
        )
        defect.action_analyse()

        # ------------------------------------------------------------------
        # Loaner: a standby unit lent during the sensor repair, flagged
        # overdue by the daily check (reminder to the engineer), then back
        # ------------------------------------------------------------------
        loan_unit = new_units(["WQ300-26L01"])
        failed = request_of("WQ300-26105")
        Loaner = env["cc.loaner"].with_user(engineer)
        returned = Loaner.create(
            {
                "lot_id": loan_unit.id,
                "borrower_type": "customer",
                "borrower_id": portal_customer.id,
                "request_id": repaired.id,
                "date_out": today - timedelta(days=16),
                "deadline": today - timedelta(days=2),
                "note": "Standby analyser during the sensor repair.",
            }
        )
        returned.action_lend()
        env["cc.loaner"]._cron_cc_mark_overdue()
        returned.action_return()

        # ------------------------------------------------------------------
        # Replacement: the dead-on-arrival unit replaced by a new one
        # ------------------------------------------------------------------
        new_unit = new_units(["WQ300-26R01"])
        picking_type = warehouse.out_type_id
        delivery = env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": other_customer.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": ref("stock.stock_location_customers").id,
                "origin": failed.name,
                "move_ids": [
                    Command.create(
                        {
                            "name": analyser.display_name,
                            "product_id": analyser.id,
                            "product_uom_qty": 1.0,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        delivery.action_confirm()
        validate(delivery, new_unit)
        env["cc.unit.replacement"].with_user(engineer).create(
            {
                "partner_id": other_customer.id,
                "request_id": failed.id,
                "dispatch_id": failed.dispatch_ids[:1].id,
                "old_lot_id": failed.lot_id.id,
                "new_lot_id": new_unit.id,
                "reason": "Main board dead on arrival: the unit is replaced by a "
                "new one under warranty.",
            }
        )
        return True
