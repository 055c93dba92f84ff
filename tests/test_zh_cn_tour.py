"""With zh_CN loaded and the admin switched to it, the Customer Service app's menus
(of every cc module) show no English: a browser tour opens the app and each dropdown
of its navbar (needs Chromium and pytest-odoo's --odoo-http, which ./setup/test
provides). The tour is cc_customer_comm/static/tests/tours/cc_zh_cn_menus_tour.js."""

from odoo.tests import HttpCase, tagged


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
        self.assertEqual(
            set(self.modules.mapped("name")),
            {"cc_customer_comm", "cc_complaint", "cc_sales_office"},
        )
        self.start_tour("/odoo", "cc_zh_cn_menus_tour", login="admin")
