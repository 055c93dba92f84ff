from odoo import api, models

from .cc_claim_portal import portal_check_fields, portal_fetch_field

# What a customer may read of the lines of their claims: their own request,
# never approved quantities, amounts, costs or losses.
PORTAL_LINE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "claim_id",
        "sequence",
        "company_id",
        "product_id",
        "product_uom_id",
        "lot_id",
        "shipped_qty",
        "defect_qty",
        "requested_action",
        "requested_qty",
        "qty_undetermined",
    }
)


class CcClaimLine(models.Model):
    _inherit = "cc.claim.line"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _cc_portal_restricted(self):
        return not self.env.su and self.env.user.share

    @api.model
    def check_field_access_rights(self, operation, field_names):
        if not self._cc_portal_restricted():
            return super().check_field_access_rights(operation, field_names)
        return portal_check_fields(
            self,
            super().check_field_access_rights,
            operation,
            field_names,
            PORTAL_LINE_FIELDS,
        )

    def _fetch_field(self, field):
        if not self._cc_portal_restricted():
            return super()._fetch_field(field)
        return portal_fetch_field(self, field, PORTAL_LINE_FIELDS)
