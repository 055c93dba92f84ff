from odoo import api, models


class FsmLocation(models.Model):
    _inherit = "fsm.location"

    @api.model
    def _cc_for_partner(self, partner):
        """The service location of ``partner``'s site: the one owned by its
        commercial entity at that address, created on first dispatch."""
        commercial = partner.commercial_partner_id
        # sudo: creating a location marks its partner as a field-service
        # location (res.partner write), which neither an engineer nor a
        # station's portal user may do; returned in the caller's environment
        Location = self.sudo()
        location = Location.search(
            [("partner_id", "=", partner.id)], limit=1
        ) or Location.search(
            [("owner_id", "=", commercial.id), ("partner_id", "=", commercial.id)],
            limit=1,
        )
        if not location:
            location = Location.create(
                {
                    "partner_id": partner.id,
                    "owner_id": commercial.id,
                    "contact_id": partner.id,
                }
            )
        return location.with_env(self.env)
