from odoo import Command, fields
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class CcComplaintCommon(AccountTestInvoicingCommon):
    """Fixture shared by the cc_complaint tests.

    A company with a chart of accounts, one user per role, a customer owned by
    ``user_sales``, a product, and a sale order confirmed, delivered and
    invoiced (posted). Without stock the delivered quantity is entered on the
    order (``_cc_deliver``); cc_complaint_stock's fixture validates a picking.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the fixture's author configures the app: complaints and HR manager
        cls.env.user.groups_id += cls.env.ref(
            "cc_complaint.group_cc_complaint_manager"
        ) + cls.env.ref("hr.group_hr_manager")
        cls.company = cls.company_data["company"]
        cls.company.write(
            {
                "cc_claim_limit_sales_manager": 5000.0,
                "cc_claim_limit_deputy_gm": 50000.0,
            }
        )
        cls.department_production = cls.env["hr.department"].create(
            {"name": "Production 制造部", "company_id": cls.company.id}
        )
        cls.department_qa = cls.env["hr.department"].create(
            {"name": "QA 质量管理部", "company_id": cls.company.id}
        )
        cls.department_sales = cls.env["hr.department"].create(
            {"name": "Sales 业务部", "company_id": cls.company.id}
        )

        def user(login, groups, name=None):
            return new_test_user(
                cls.env,
                login=login,
                name=name or login,
                email=f"{login}@example.com",
                groups="base.group_user," + groups,
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )

        sales = "cc_complaint.group_cc_complaint_user,sales_team.group_sale_salesman"
        cls.user_sales = user("cc_sales", sales, "Sales Rep 业务员")
        cls.user_sales2 = user("cc_sales2", sales, "Other Sales Rep")
        cls.user_gm_office = user(
            "cc_gm_office", "cc_complaint.group_cc_complaint_gm_office"
        )
        cls.user_qa = user("cc_qa", "cc_complaint.group_cc_complaint_qa")
        cls.user_production = user(
            "cc_production", "cc_complaint.group_cc_complaint_production"
        )
        cls.user_sales_manager = user(
            "cc_sales_manager",
            "cc_complaint.group_cc_complaint_sales_manager,sales_team.group_sale_salesman_all_leads",
        )
        cls.user_deputy_gm = user(
            "cc_deputy_gm", "cc_complaint.group_cc_complaint_deputy_gm"
        )
        cls.user_gm = user("cc_gm", "cc_complaint.group_cc_complaint_gm")
        cls.user_manager = user(
            "cc_claim_manager",
            "cc_complaint.group_cc_complaint_manager,sales_team.group_sale_manager,"
            "account.group_account_invoice" + cls._cc_manager_groups(),
        )
        cls.user_accountant = user("cc_accountant", "account.group_account_invoice")
        # HR: the sales rep reports to the sales manager
        cls.employee_sales_manager = cls.env["hr.employee"].create(
            {
                "name": "Sales Manager",
                "user_id": cls.user_sales_manager.id,
                "company_id": cls.company.id,
                "department_id": cls.department_sales.id,
            }
        )
        cls.employee_sales = cls.env["hr.employee"].create(
            {
                "name": "Sales Rep",
                "user_id": cls.user_sales.id,
                "parent_id": cls.employee_sales_manager.id,
                "company_id": cls.company.id,
                "department_id": cls.department_sales.id,
            }
        )
        cls.employee_operator = cls.env["hr.employee"].create(
            {
                "name": "Operator 作业员",
                "company_id": cls.company.id,
                "department_id": cls.department_production.id,
            }
        )

        cls.cause_process = cls.env["cc.claim.cause"].create(
            {
                "name": "Process",
                "code": "T-PRC",
                "claim_type": "quality",
                "company_id": cls.company.id,
            }
        )
        cls.cause_packing = cls.env["cc.claim.cause"].create(
            {
                "name": "Packing",
                "code": "T-PKG",
                "claim_type": "non_quality",
                "company_id": cls.company.id,
            }
        )

        cls.customer = cls.env["res.partner"].create(
            {
                "name": "深圳客户 Shenzhen Customer",
                "email": "buyer@example.com",
                "user_id": cls.user_sales.id,
                "company_id": False,
            }
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {
                "name": "Buyer Contact",
                "parent_id": cls.customer.id,
                "email": "contact@example.com",
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {
                "name": "Other Customer",
                "user_id": cls.user_sales2.id,
                "email": "o@example.com",
            }
        )
        cls.product = cls.env["product.product"].create(
            dict(
                {
                    "name": "PCB 4-layer",
                    "type": "consu",
                    "invoice_policy": "delivery",
                    "list_price": 100.0,
                    "standard_price": 60.0,
                    "taxes_id": [Command.set(cls.tax_sale_a.ids)],
                    "property_account_income_id": cls.company_data[
                        "default_account_revenue"
                    ].id,
                    "company_id": False,
                },
                **cls._cc_product_vals(),
            )
        )
        cls._cc_prepare_stock(cls.product)
        cls.sale_order, cls.picking, cls.invoice = cls._create_delivered_invoiced_order(
            cls.customer, qty=1000.0, price=100.0
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _cc_manager_groups(cls):
        """Extra groups of the complaints manager (``,xmlid`` ...)."""
        return ""

    @classmethod
    def _cc_product_vals(cls):
        """Extra values of the fixture's product."""
        return {}

    @classmethod
    def _cc_order_vals(cls):
        """Extra values of the fixture's sale orders."""
        return {}

    @classmethod
    def _cc_prepare_stock(cls, product):
        """Make ``product`` available to deliver (nothing without stock)."""

    @classmethod
    def _cc_deliver(cls, order, qty):
        """Deliver ``qty`` of the order: without stock, the delivered quantity
        is entered on the order lines; returns the delivery (none here)."""
        order.order_line.write({"qty_delivered": qty})
        return None

    @classmethod
    def _cc_deliver_products(cls, order, quantities):
        """Deliver ``{product: qty}`` of the order, nothing of the rest."""
        for line in order.order_line.filtered("product_id"):
            line.qty_delivered = quantities.get(line.product_id, 0.0)
        return None

    @classmethod
    def _create_delivered_invoiced_order(
        cls, partner, qty=1000.0, price=100.0, product=None
    ):
        product = product or cls.product
        order = cls.env["sale.order"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "user_id": partner.user_id.id or cls.user_sales.id,
                    "company_id": cls.company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                            }
                        )
                    ],
                },
                **cls._cc_order_vals(),
            )
        )
        order.action_confirm()
        picking = cls._cc_deliver(order, qty)
        invoice = order._create_invoices()
        invoice.action_post()
        return order, picking, invoice

    def _create_claim(self, lines=None, user=None, **vals):
        """Create a draft claim on the fixture's order through the form.

        ``lines``: list of dicts for ``cc.claim.line`` (default: 10 defective
        of the fixture's product, return requested).
        """
        user = user or self.user_sales
        if lines is None:
            lines = [
                {
                    "defect_qty": 10.0,
                    "requested_action": "return",
                    "requested_qty": 10.0,
                }
            ]
        claim_form = Form(self.env["cc.claim"].with_user(user))
        claim_form.partner_id = vals.pop("partner_id", self.customer)
        if vals.pop("with_documents", True):
            self._cc_set_claim_documents(claim_form)
        claim_form.channel = vals.pop("channel", "phone")
        for line_vals in lines:
            with claim_form.line_ids.new() as line:
                line.product_id = line_vals.get("product_id", self.product)
                for key, value in line_vals.items():
                    if key != "product_id":
                        setattr(line, key, value)
        for key, value in vals.items():
            setattr(claim_form, key, value)
        return claim_form.save()

    def _cc_set_claim_documents(self, claim_form):
        """The fixture's order and invoice on a claim form."""
        claim_form.sale_order_id = self.sale_order
        claim_form.invoice_id = self.invoice

    def _claim_to_proposal(
        self, claim, claim_type="quality", severity="general", responsibility=None
    ):
        """Register, investigate and answer a claim up to the proposal stage."""
        claim.with_user(self.user_gm_office).action_register()
        claim.with_user(self.user_gm_office).write(
            {
                "qa_user_id": self.user_qa.id,
                "production_user_id": self.user_production.id,
            }
        )
        claim.with_user(self.user_gm_office).action_start_investigation()
        if responsibility is None:
            responsibility = [
                (self.department_production, False, 70.0),
                (False, self.employee_operator, 30.0),
            ]
        claim.with_user(self.user_qa).write(
            {
                "root_cause": "Plating thickness out of spec on line 2.",
                "same_defect_stock": "12 pcs in stock, quarantined.",
                "claim_type": claim_type,
                "severity": severity,
                "cause_id": self.cause_process.id,
                "responsibility_ids": [
                    Command.create(
                        {
                            "department_id": department.id if department else False,
                            "employee_id": employee.id if employee else False,
                            "ratio": ratio,
                        }
                    )
                    for department, employee, ratio in responsibility
                ],
            }
        )
        claim.with_user(self.user_qa).action_send_countermeasure()
        claim.with_user(self.user_production).write(
            {
                "countermeasure": "Re-calibrate the plating bath; 100% inspection for a month."  # noqa: E501
            }
        )
        claim.with_user(self.user_production).action_send_proposal()
        return claim

    def _set_disposition(
        self, claim, disposition="return", approved_qty=None, amount=None
    ):
        for line in claim.line_ids:
            vals = {"disposition": disposition}
            if disposition in ("return", "exchange"):
                vals["approved_qty"] = (
                    line.defect_qty if approved_qty is None else approved_qty
                )
            if amount is not None:
                vals["amount"] = amount
            line.with_user(self.user_sales).write(vals)

    def _approve_all(self, claim):
        """Validate every pending tier with the right reviewer (comment wizard)."""
        reviewers = [self.user_sales_manager, self.user_deputy_gm, self.user_gm]
        for reviewer in reviewers:
            if claim.state != "approval":
                break
            claim.invalidate_recordset()
            as_reviewer = claim.with_user(reviewer)
            if not as_reviewer.can_review:
                continue
            self._review(as_reviewer, "validate")
        return claim

    def _review(self, record, action, comment=None):
        """Run validate_tier / reject_tier through the comment wizard."""
        res = record.validate_tier() if action == "validate" else record.reject_tier()
        if isinstance(res, dict) and res.get("res_model") == "comment.wizard":
            wizard_form = Form(
                record.env["comment.wizard"].with_context(**res["context"]),
                view="base_tier_validation.view_comment_wizard",
            )
            wizard_form.comment = comment or (
                "Approved" if action == "validate" else "Amount too high"
            )
            wizard_form.save().add_comment()
        return record

    def _claim_to_execution(self, claim, **disposition):
        self._claim_to_proposal(claim)
        self._set_disposition(claim, **disposition)
        claim.with_user(self.user_sales).action_submit_approval()
        self._approve_all(claim)
        claim.with_user(self.user_sales).action_customer_accept()
        return claim


@tagged("post_install", "-at_install")
class CcClaimExecutionCommon(CcComplaintCommon):
    """The complaints fixture (company with a chart of accounts, customer,
    product sold 1000, delivered and invoiced) plus helpers for claims already
    in execution."""

    @classmethod
    def get_default_groups(cls):
        # the fixture's own user also runs claims in setups
        return (
            super().get_default_groups()
            | cls.env.ref("cc_complaint.group_cc_complaint_manager")
            | cls.env.ref("sales_team.group_sale_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.sale_order
        cls.salesman = cls.user_sales
        cls.cc_manager = cls.user_manager
        cls.accountant = cls.user_accountant

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _sell(cls, customer, qty, price):
        """SO confirmed → delivery done → invoice posted."""
        return cls._create_delivered_invoiced_order(customer, qty=qty, price=price)

    def _cc_execution_claim_vals(self):
        """Extra values of the claims of ``_create_execution_claim``."""
        return {}

    def _create_execution_claim(self, lines, state="execution", invoice=True, **vals):
        """A claim on the fixture's order; ``lines`` are (disposition, approved
        qty, amount) tuples. Written straight into ``state``: these tests are
        about the documents, not the approval route (see TestClaimRealButtons)."""
        claim = self.env["cc.claim"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "user_id": self.salesman.id,
                "sale_order_id": self.order.id if invoice else False,
                "invoice_id": self.invoice.id if invoice else False,
                "customer_summary": "Boards delaminate after reflow.",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "defect_qty": approved or 10.0,
                            "requested_action": disposition
                            if disposition
                            in (
                                "return",
                                "exchange",
                                "allowance",
                                "compensation",
                                "repair",
                            )
                            else "return",
                            "requested_qty": approved or 10.0,
                            "disposition": disposition,
                            "approved_qty": approved,
                            **({"amount": amount} if amount is not None else {}),
                            # without the order, the quantity the customer says
                            # was shipped
                            **({} if invoice else {"shipped_qty": 1000.0}),
                        }
                    )
                    for disposition, approved, amount in lines
                ],
                **self._cc_execution_claim_vals(),
                **vals,
            }
        )
        if invoice:
            self.assertEqual(
                claim.line_ids[:1].invoice_line_id, self.invoice.invoice_line_ids[:1]
            )
        # a fixture: the claim is put straight into the stage under test
        claim.sudo().write({"name": f"2611-{claim.id:04d}", "state": state})
        return claim

    def _today(self):
        return fields.Date.context_today(self.env["cc.claim"])
