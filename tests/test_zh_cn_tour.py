"""With zh_CN loaded and the admin switched to it, the Customer Service app's menus
(of every cc module) show no English: a browser tour opens the app and each dropdown
of its navbar (needs Chromium and pytest-odoo's --odoo-http, which ./setup/test
provides). The tour is cc_customer_comm/static/tests/tours/cc_zh_cn_menus_tour.js."""

from pathlib import Path

from odoo.tests import HttpCase, tagged

ADDONS = Path(__file__).resolve().parent.parent / "addons"


@tagged("post_install", "-at_install")
class TestZhCnMenusTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # '=like' with the underscore escaped: 'like' would match "account" too
        modules = cls.env["ir.module.module"].search(
            [("name", "=like", "cc\\_%"), ("state", "=", "installed")]
        )
        modules._update_translations(["zh_CN"])
        cls.modules = modules
        cls.env.ref("base.user_admin").lang = "zh_CN"

    def test_menus_in_chinese(self):
        # every module of the suite is installed: its menus are all checked
        self.assertEqual(
            set(self.modules.mapped("name")),
            {path.parent.name for path in ADDONS.glob("cc_*/__manifest__.py")},
        )
        self.start_tour("/odoo", "cc_zh_cn_menus_tour", login="admin")
