from odoo.http import request

from odoo.addons.fieldservice_portal.controllers import fsm_order_portal


class CcFsmOrderPortal(fsm_order_portal.CustomerPortal):
    def _prepare_fsm_orders_domain(self):
        """fieldservice_portal counts the orders on the portal home as
        superuser with this domain alone: every customer saw the number of
        all customers' visible orders. Limit it to the user's company, as
        its record rule does for the list."""
        partner = request.env.user.commercial_partner_id
        return super()._prepare_fsm_orders_domain() + [
            "|",
            ("location_id.owner_id", "child_of", partner.id),
            ("location_id.contact_id", "child_of", partner.id),
        ]
