"""Odoo draws barcodes and QR codes in reports with reportlab: the pinned
version must render them without extra system libraries (delivery slips,
product labels and the after-sales unit labels print them)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBarcodes(TransactionCase):
    def test_qr_and_code128_render_as_png(self):
        report = self.env["ir.actions.report"]
        for kind, value in (
            ("QR", "https://example.com/my/service/new?lot=1"),
            ("Code128", "WQ300-26001"),
        ):
            image = report.barcode(kind, value, width=200, height=200)
            self.assertTrue(image.startswith(b"\x89PNG"), kind)
