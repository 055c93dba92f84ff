from odoo import models


class CcClaim(models.Model):
    _inherit = "cc.claim"

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------
    def _thread_to_store(self, store, /, *, request_list=None, **kwargs):
        """Chatter data (``/mail/thread/data``) for internal users only.

        The route answers for a claim to whoever holds its access token (the
        link of the portal e-mails) and then reads the claim as superuser: the
        requested attachments (those of internal notes too), activities,
        followers, scheduled messages and suggested recipients would reach the
        customer, or anyone the link is forwarded to. The portal chatter asks
        for none of them (its messages and their files come from
        ``/mail/chatter_fetch``, which leaves internal notes out).
        """
        if request_list and not self.env.user._is_internal():
            request_list = None
        return super()._thread_to_store(store, request_list=request_list, **kwargs)
