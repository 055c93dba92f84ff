# pylint: disable=print-used
"""Load-test fixtures, created once in a throwaway database.

``python fixtures.py -c <odoo.conf> -d <database>`` (with Odoo on PYTHONPATH)

Creates (as the superuser, through the documents' own actions, as the demo data
does) what the JSON-RPC load script needs and prints it as one JSON line:

* a showroom with five salespeople (users with employees), all checked in now,
  and the administrator as its supervisor;
* draft claims on the demo's delivered and invoiced order, for the
  registration bursts;
* claims with a price allowance, approved and accepted by the customer (state
  ``execution``), for the double-clicked credit-note buttons.

Sizes come from the environment: ``CC_LOAD_CLAIMS`` (draft claims),
``CC_LOAD_CREDIT_CLAIMS`` (claims in execution), ``CC_LOAD_PORT`` (the server's
port, the URL wkhtmltopdf fetches report assets from).
"""

import json
import os
import sys

from odoo import Command, fields


def build(env):
    n_claims = int(os.environ.get("CC_LOAD_CLAIMS", "40"))
    n_credit = int(os.environ.get("CC_LOAD_CREDIT_CLAIMS", "5"))
    port = os.environ.get("CC_LOAD_PORT")
    admin = env.ref("base.user_admin")
    company = admin.company_id
    if port:
        env["ir.config_parameter"].set_param("report.url", f"http://127.0.0.1:{port}")
        env["ir.config_parameter"].set_param("web.base.url", f"http://127.0.0.1:{port}")
        env["ir.config_parameter"].set_param("web.base.url.freeze", "True")

    # --- showroom: five salespeople, checked in ------------------------------------
    salesperson_group = env.ref("cc_sales_office.group_cc_sales_office_salesperson")
    admin.groups_id += env.ref("cc_sales_office.group_cc_sales_office_supervisor")
    users = env["res.users"]
    for index in range(1, 6):
        login = f"cc_load_sales_{index}"
        user = env["res.users"].search([("login", "=", login)])
        if not user:
            user = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": f"Load Salesperson {index}",
                        "login": login,
                        "password": login,
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "groups_id": [
                            Command.link(env.ref("base.group_user").id),
                            Command.link(salesperson_group.id),
                        ],
                    }
                )
            )
            env["hr.employee"].create(
                {"name": user.name, "user_id": user.id, "company_id": company.id}
            )
        users |= user
    office = env["cc.sales.office"].create(
        {
            "name": "Load Test Showroom",
            "company_id": company.id,
            "salesperson_ids": [Command.set(users.ids)],
            "supervisor_id": admin.id,
            "tz": "UTC",
        }
    )
    now = fields.Datetime.now()
    for employee in users.employee_ids:
        open_attendance = env["hr.attendance"].search(
            [("employee_id", "=", employee.id), ("check_out", "=", False)]
        )
        if not open_attendance:
            env["hr.attendance"].create({"employee_id": employee.id, "check_in": now})

    # --- claims on the demo's delivered and invoiced order -------------------------
    order = env["sale.order"].search([("client_order_ref", "=", "PO-2211")], limit=1)
    assert order, "the demo order PO-2211 (cc_complaint_stock demo) is missing"
    invoice = order.invoice_ids.filtered(
        lambda m: m.move_type == "out_invoice" and m.state == "posted"
    )[:1]
    picking = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")[
        :1
    ]
    boxes = order.order_line[1].product_id
    common = {
        "partner_id": order.partner_id.id,
        "user_id": admin.id,
        "sale_order_id": order.id,
        "picking_id": picking.id,
        "invoice_id": invoice.id,
    }
    Claim = env["cc.claim"]
    drafts = Claim.create(
        [
            dict(
                common,
                channel="phone",
                customer_request="allowance",
                customer_summary=f"Load test claim {index}",
                line_ids=[
                    Command.create(
                        {
                            "product_id": boxes.id,
                            "defect_qty": 1,
                            "requested_action": "allowance",
                            "requested_qty": 1,
                        }
                    )
                ],
            )
            for index in range(n_claims)
        ]
    )
    executing = Claim
    packing = env.ref("cc_complaint.cc_claim_cause_packing")
    for index in range(n_credit):
        claim = Claim.create(
            dict(
                common,
                channel="email",
                customer_request="allowance",
                customer_summary=f"Load test allowance {index}",
                qa_user_id=admin.id,
                production_user_id=admin.id,
                claim_type="non_quality",
                severity="general",
                cause_id=packing.id,
                root_cause="Boxes stacked without separators.",
                countermeasure="Separators between layers.",
                responsibility_ids=[
                    Command.create(
                        {"department_id": env.ref("hr.dep_ps").id, "ratio": 100}
                    )
                ],
                line_ids=[
                    Command.create(
                        {
                            "product_id": boxes.id,
                            "defect_qty": 1,
                            "requested_action": "allowance",
                            "requested_qty": 1,
                            "disposition": "allowance",
                            "amount": 1.0,
                        }
                    )
                ],
                decision="A price allowance of 1.",
            )
        )
        claim.action_register()
        claim.action_start_investigation()
        claim.action_send_countermeasure()
        claim.action_send_proposal()
        claim.action_submit_approval()
        claim._cc_demo_approve()
        claim.action_customer_accept()
        assert claim.state == "execution", claim.state
        executing |= claim

    env.cr.commit()  # pylint: disable=invalid-commit
    print(
        "CC_LOAD_FIXTURES="
        + json.dumps(
            {
                "office_id": office.id,
                "salespeople": users.mapped("login"),
                "draft_claim_ids": drafts.ids,
                "credit_claim_ids": executing.ids,
                "claim_sequence_id": env.ref("cc_complaint.seq_cc_claim").id,
            }
        )
    )


def main():
    import odoo  # noqa: PLC0415

    odoo.tools.config.parse_config(sys.argv[1:], setup_logging=True)
    db_name = odoo.tools.config["db_name"]
    registry = odoo.modules.registry.Registry(db_name)
    with registry.cursor() as cr:
        build(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}))


if __name__ == "__main__":
    main()
