import base64
import io
from urllib.parse import urlencode

import qrcode

from odoo import api, models, tools

QR_SCOPE = "cc-unit-qr"


class StockLot(models.Model):
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # QR label: a link to the portal's new-request form for this unit
    # ------------------------------------------------------------------
    def _cc_portal_qr_token(self):
        """Signature of the unit's QR link: the label proves the unit's id
        was not guessed (HMAC on the database secret)."""
        self.ensure_one()
        return tools.hmac(self.env(su=True), QR_SCOPE, self.id)

    def _cc_portal_qr_url(self):
        """Absolute URL printed as QR code on the unit's label: the portal
        form for a new service request, prefilled with this unit."""
        self.ensure_one()
        query = urlencode({"lot": self.id, "token": self._cc_portal_qr_token()})
        return f"{self.get_base_url()}/my/service/new?{query}"

    def _cc_portal_qr_image(self):
        """The QR code of the unit's link, as base64 PNG for the label.
        (Drawn with ``qrcode``, an Odoo dependency: reportlab's barcode
        renderer needs a renderPM backend that reportlab 4 no longer ships.)"""
        self.ensure_one()
        code = qrcode.QRCode(
            error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2
        )
        code.add_data(self._cc_portal_qr_url())
        code.make(fit=True)
        stream = io.BytesIO()
        code.make_image().save(stream, format="PNG")
        return base64.b64encode(stream.getvalue())

    @api.model
    def _cc_portal_qr_lot(self, lot_id, token):
        """The unit of a QR link when its token is right, else an empty
        recordset. The portal calls it as superuser (a customer does not read
        units) and then checks the unit was delivered to the customer."""
        try:
            lot = self.browse(int(lot_id)).exists()
        except (TypeError, ValueError):
            return self.browse()
        if not lot or not token or not isinstance(token, str):
            return self.browse()
        if not tools.consteq(token, lot._cc_portal_qr_token()):
            return self.browse()
        return lot
