from odoo import api, models


class FsmLocation(models.Model):
    _inherit = "fsm.location"

    @api.model
    def _cc_for_partner(self, partner):
        """The service location of ``partner``'s site: the one owned by its
        commercial entity at that address, created on first dispatch."""
        commercial = partner.commercial_partner_id
        location = self.sudo().search(
            [("partner_id", "=", partner.id)], limit=1
        ) or self.sudo().search(
            [("owner_id", "=", commercial.id), ("partner_id", "=", commercial.id)],
            limit=1,
        )
        if location:
            return location.sudo(False)
        return (
            self.sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "owner_id": commercial.id,
                    "contact_id": partner.id,
                }
            )
            .sudo(False)
        )
