from odoo.tests import TransactionCase


class TestSmoke(TransactionCase):
    def test_models(self):
        self.assertIn("cc.service.request", self.env)
