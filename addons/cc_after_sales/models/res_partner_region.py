from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    cc_service_region_id = fields.Many2one(
        "cc.service.region",
        string="After-Sales Region",
        compute="_compute_cc_service_region_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        ondelete="set null",
        groups="cc_customer_comm.group_cc_user",
        help="The after-sales region serving this customer: found from the "
        "state of the address, or set by hand.",
    )

    @api.depends("state_id")
    def _compute_cc_service_region_id(self):
        states = self.state_id
        # a stored compute runs as superuser (compute_sudo): a contact saved by
        # a user without after-sales rights still gets its region
        regions = (
            self.env["cc.service.region"].search(
                [("state_ids", "in", states.ids)], order="sequence, id"
            )
            if states
            else self.env["cc.service.region"]
        )
        by_state = {}
        for region in regions:
            for state in region.state_ids:
                by_state.setdefault((state.id, region.company_id.id), region)
        for partner in self:
            if not partner.state_id:
                # a region set by hand stays
                partner.cc_service_region_id = partner.cc_service_region_id
                continue
            company = partner.company_id or self.env.company
            region = by_state.get((partner.state_id.id, company.id))
            if region is None and not partner.company_id:
                # a partner shared between companies: the first region that
                # covers the state
                region = next(
                    (r for (s, _c), r in by_state.items() if s == partner.state_id.id),
                    None,
                )
            partner.cc_service_region_id = region or partner.cc_service_region_id
