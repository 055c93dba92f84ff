from odoo import models


class CcTierApprovalMixin(models.AbstractModel):
    """A customer-service document approved by reviewers (tier validation):
    draft → approved once every review is given; the last approval approves
    the document at once."""

    _name = "cc.tier.approval.mixin"
    _description = "Customer Service Approved Document"
    _inherit = ["cc.document.mixin", "tier.validation"]

    _state_field = "state"
    _state_from = ["draft"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    def _cc_approve(self, vals=None):
        """The ``approve`` transition; tier validation blocks it while a
        review is missing or pending."""
        self._cc_check_transition("approve")
        # need_validation is not recomputed when reviews are added: without
        # this, approving would request a second set of reviews
        self.invalidate_recordset(["need_validation", "review_ids"])
        return self.with_context(cc_tier_approving=True)._cc_transition("approve", vals)

    def _get_tier_validation_readonly_domain(self):
        # locked while under review; once approved, the form's own readonly
        # expressions say what each step still fills in
        return "state == 'draft' and validation_status not in ('no', False)"

    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        if (
            self.validation_status == "validated"
            and self.state == "draft"
            and not self.env.context.get("cc_tier_approving")
        ):
            self.action_approve()
        return res
