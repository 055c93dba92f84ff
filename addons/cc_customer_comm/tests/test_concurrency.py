from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCommunicationNumberingConcurrency(TransactionCase):
    """Two transactions numbering communications at the same time get
    distinct numbers and neither waits for the other (standard sequence)."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.partner_id = (
                env["res.partner"].create({"name": "Concurrent Customer"}).id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["cc.communication"].search(
                [("partner_id", "=", self.partner_id)]
            ).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def test_concurrent_numbers(self):
        with self.env.registry.cursor() as cr1, self.env.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # both transactions are open before either numbers anything
            cr1.execute("SELECT 1")
            cr2.execute("SELECT 1")
            cr2.execute("SET LOCAL lock_timeout = '2s'")
            cr1.execute("SET LOCAL lock_timeout = '2s'")
            vals = {"partner_id": self.partner_id, "summary": "Concurrent call"}
            second = env2["cc.communication"].create(dict(vals))
            env2.flush_all()
            # cr2 has not committed: cr1 must not wait for it (lock_timeout would raise)
            first = env1["cc.communication"].create(dict(vals))
            env1.flush_all()
            names = {first.name, second.name}
            cr1.commit()
            cr2.commit()
        self.assertEqual(len(names), 2, names)
        self.assertNotIn("/", names)
