from odoo.http import request

from odoo.addons.fieldservice_portal.controllers import fsm_order_portal


class CcFsmOrderPortal(fsm_order_portal.CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        """fieldservice_portal counts the orders on the portal home as
        superuser, so every customer saw the number of all customers' visible
        orders. Count them with the user's own rights instead: the same
        record rules as its list at /my/fsm_orders."""
        if isinstance(counters, str):  # fieldservice_portal's test sends one name
            counters = [counters]
        own_count = "fsm_order_count" in counters
        if own_count:
            counters = [name for name in counters if name != "fsm_order_count"]
        values = super()._prepare_home_portal_values(counters)
        if own_count:
            Order = request.env["fsm.order"]
            values["fsm_order_count"] = (
                Order.search_count(self._prepare_fsm_orders_domain())
                if Order.has_access("read")
                else 0
            )
        return values
