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
        customers = [ref("base.partner_demo_portal"), ref("base.res_partner_2")]
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
            picking = env["stock.move.line"].search(
                [("lot_id", "=", lot.id), ("location_dest_id.usage", "=", "customer")],
                limit=1,
            ).picking_id
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
                    {"date_start": start, "date_end": start + timedelta(hours=2, minutes=40)}
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
                "description": "<p>Display flickers and the pump stops after ten minutes.</p>",
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
                "description": "<p>Readings drift by 6 % a day since the firmware update.</p>",
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
                "description": "<p>Second analyser to commission on the east line.</p>",
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
            signed_by="Joel Willis",
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
