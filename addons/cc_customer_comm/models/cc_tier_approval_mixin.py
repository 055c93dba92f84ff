from odoo import models


class CcTierApprovalMixin(models.AbstractModel):
    """A customer-service document approved by reviewers (tier validation):
    ``_state_from`` (draft by default) → approved once every review is given;
    the last approval approves the document at once.

    Hooks: ``_cc_tier_auto_approve`` (what the last approval does, by default
    ``action_approve``), ``_cc_tier_free_fields`` (fields the workflow itself
    writes while the document is under review), ``_cc_tier_lock_after_review``
    (keep the form locked once reviewed, as tier validation does by default)
    and ``_cc_tier_reject_reason`` (the reviewers' comments of a rejection)."""

    _name = "cc.tier.approval.mixin"
    _description = "Customer Service Approved Document"
    _inherit = ["cc.document.mixin", "tier.validation"]

    _state_field = "state"
    _state_from = ["draft"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False
    # fields the workflow writes while the document is under review (overdue
    # flags, reminders, the state itself...)
    _cc_tier_free_fields = frozenset()
    # False: locked while the reviews run, then the form's own readonly
    # expressions say what each step still fills in; True: locked for good
    # once reviewed (tier validation's own default)
    _cc_tier_lock_after_review = False

    def _cc_approve(self, vals=None):
        """The ``approve`` transition; tier validation blocks it while a
        review is missing or pending."""
        self._cc_check_transition("approve")
        # need_validation is not recomputed when reviews are added: without
        # this, approving would request a second set of reviews
        self.invalidate_recordset(["need_validation", "review_ids"])
        return self.with_context(cc_tier_approving=True)._cc_transition("approve", vals)

    def _cc_tier_auto_approve(self):
        """What the last approval does: approve the document."""
        return self.action_approve()

    def _cc_tier_reject_reason(self):
        """The comments of the rejected reviews, for the rejection message."""
        self.ensure_one()
        rejected = self.review_ids.filtered(lambda r: r.status == "rejected")
        return "; ".join(filter(None, rejected.mapped("comment"))) or self.env._(
            "No reason given"
        )

    def _get_tier_validation_readonly_domain(self):
        if self._cc_tier_lock_after_review:
            return super()._get_tier_validation_readonly_domain()
        return (
            f"{self._state_field} in {tuple(self._state_from)!r} "
            "and validation_status not in ('no', False)"
        )

    def _check_allow_write_under_validation(self, vals):
        if self._cc_tier_free_fields and set(vals) <= self._cc_tier_free_fields:
            return True
        return super()._check_allow_write_under_validation(vals)

    def _get_under_validation_exceptions(self):
        res = super()._get_under_validation_exceptions()
        if not self._cc_tier_free_fields:
            return res
        return list(set(res) | self._cc_tier_free_fields)

    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        if (
            self.validation_status == "validated"
            and self[self._state_field] in self._state_from
            and not self.env.context.get("cc_tier_approving")
        ):
            self._cc_tier_auto_approve()
        return res
