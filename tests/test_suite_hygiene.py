"""Suite-wide checks on every model the cc_* modules define.

What a company relies on when it installs any of the modules: each model has
access rights, each company-bound model a global multi-company rule, each
business document (a model with a chatter) list, form and search views and a
tracked state.
"""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSuiteHygiene(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        modules = cls.env["ir.module.module"].search(
            [("name", "=like", "cc\\_%"), ("state", "=", "installed")]
        )
        cls.module_names = set(modules.mapped("name"))
        data = cls.env["ir.model.data"].search(
            [("module", "in", list(cls.module_names)), ("model", "=", "ir.model")]
        )
        # the suite's own models; core models it extends (res.partner ...) are
        # Odoo's to keep
        cls.models = (
            cls.env["ir.model"]
            .browse(data.mapped("res_id"))
            .filtered(lambda m: m.model.startswith("cc."))
        )
        cls.concrete = cls.models.filtered(
            lambda m: not cls.env[m.model]._abstract and not cls.env[m.model]._transient
        )

    def test_modules_installed(self):
        self.assertIn("cc_customer_comm", self.module_names)
        self.assertTrue(self.concrete, "the cc modules define no model")

    def test_every_model_has_access_rights(self):
        missing = [
            model.model
            for model in self.models
            if not self.env[model.model]._abstract and not model.access_ids
        ]
        self.assertFalse(missing, f"models without access rights: {missing}")

    def test_every_model_has_description(self):
        missing = [
            model.model
            for model in self.concrete
            if not self.env[model.model]._description
            or self.env[model.model]._description == model.model
        ]
        self.assertFalse(missing, f"models without a _description: {missing}")

    def test_company_models_have_multi_company_rule(self):
        missing = []
        for model in self.concrete:
            records = self.env[model.model]
            field = records._fields.get("company_id")
            if not field or not field.store:
                continue
            rules = self.env["ir.rule"].search(
                [("model_id", "=", model.id), ("global", "=", True)]
            )
            if not any("company_ids" in (rule.domain_force or "") for rule in rules):
                missing.append(model.model)
        self.assertFalse(
            missing, f"company models without a multi-company rule: {missing}"
        )

    def test_business_documents_have_views_and_tracking(self):
        problems = []
        for model in self.concrete:
            records = self.env[model.model]
            if "message_ids" not in records._fields:
                continue
            view_types = set(
                self.env["ir.ui.view"]
                .search([("model", "=", model.model), ("inherit_id", "=", False)])
                .mapped("type")
            )
            for view_type in ("list", "form", "search"):
                if view_type not in view_types:
                    problems.append(f"{model.model}: no {view_type} view")
            state = records._fields.get("state")
            if state and not state.tracking:
                problems.append(f"{model.model}: state is not tracked")
            if "company_id" in records._fields and not records._check_company_auto:
                problems.append(f"{model.model}: _check_company_auto is not set")
        self.assertFalse(problems, "\n".join(problems))

    def test_workflow_models_use_the_document_mixin(self):
        """A stored, editable ``state`` moves only through declared transitions."""
        problems = []
        for model in self.concrete:
            records = self.env[model.model]
            state = records._fields.get("state")
            if not state or not state.store or state.related or state.compute:
                continue
            # directly or through another mixin (cc.tier.approval.mixin)
            if not any(
                getattr(cls, "_name", None) == "cc.document.mixin"
                for cls in type(records).mro()
            ):
                problems.append(f"{model.model}: state without cc.document.mixin")
            elif not records._cc_transitions and not state.readonly:
                # a log written once in its final state (report runs) needs none
                problems.append(f"{model.model}: no _cc_transitions declared")
            else:
                targets = {t["to"] for t in records._cc_transitions.values()}
                sources = {
                    s for t in records._cc_transitions.values() for s in t["from"]
                }
                values = {value for value, _label in state.selection}
                unknown = (targets | sources) - values
                if unknown:
                    problems.append(f"{model.model}: unknown states {unknown}")
        self.assertFalse(problems, "\n".join(problems))

    def test_every_model_is_reachable_from_a_menu_or_parent(self):
        """Each business document has a window action (so a menu or a smart
        button can open it)."""
        missing = []
        for model in self.concrete:
            if "message_ids" not in self.env[model.model]._fields:
                continue
            if not self.env["ir.actions.act_window"].search_count(
                [("res_model", "=", model.model)]
            ):
                missing.append(model.model)
        self.assertFalse(
            missing, f"business documents without a window action: {missing}"
        )
