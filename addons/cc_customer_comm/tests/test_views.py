from odoo.tests import tagged

from .common import CcCommon


@tagged("post_install", "-at_install")
class TestViews(CcCommon):
    """Every window action of the app opens in each of its view modes, for a
    salesperson and for a manager (arch post-processing, groups, tier buttons)."""

    def test_actions_load(self):
        actions = self.env["ir.actions.act_window"].search(
            [("id", "in", self._module_record_ids("ir.actions.act_window"))]
        )
        self.assertGreaterEqual(len(actions), 10)
        for user in (self.salesperson, self.manager):
            for action in actions:
                model = self.env[action.res_model].with_user(user)
                if not model.has_access("read"):
                    continue
                views = [(False, mode) for mode in action.view_mode.split(",")]
                result = model.get_views(views, {"search": True})
                for mode in action.view_mode.split(","):
                    self.assertIn(mode, result["views"], f"{action.name}: {mode}")

    def test_tier_buttons_on_visit_plan_form(self):
        arch = self.env["cc.visit.plan"].get_view(view_type="form")["arch"]
        arch = arch.decode() if isinstance(arch, bytes) else arch
        self.assertIn("request_validation", arch)
        self.assertIn("validate_tier", arch)

    def _module_record_ids(self, model):
        return (
            self.env["ir.model.data"]
            .search([("module", "=", "cc_customer_comm"), ("model", "=", model)])
            .mapped("res_id")
        )
