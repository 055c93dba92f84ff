from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReturnedPartCapa(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an after-sales engineer with no complaint rights analyses the parts
        cls.engineer = new_test_user(
            cls.env,
            "cc_asc_part_engineer",
            groups="cc_after_sales.group_cc_as_engineer",
        )
        cls.part = cls.env["product.product"].create(
            {"name": "Pump head", "type": "consu"}
        )

    def _analyse(self, verdict):
        part = (
            self.env["cc.returned.part"]
            .with_user(self.engineer)
            .create({"product_id": self.part.id, "verdict": verdict, "note": "Leaks"})
        )
        part.action_analyse()
        return part

    def test_confirmed_defect_starts_a_draft_capa(self):
        part = self._analyse("defect")
        capa = part.capa_id
        self.assertTrue(capa)
        self.assertEqual(capa.state, "draft")
        self.assertEqual(capa.product_id, self.part)
        self.assertIn(part.name, capa.defect_description)
        self.assertIn("Leaks", capa.defect_description)
        # the engineer reads it, QA issues it
        self.assertEqual(capa.with_user(self.engineer).name, capa.name)

    def test_ntf_starts_no_capa(self):
        part = self._analyse("ntf")
        self.assertFalse(part.capa_id)
