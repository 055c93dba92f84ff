from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CcClaim(models.Model):
    """The customer-signed proof (篇4 第十三条): the Sales Allowance
    Certificate, or the Sales Return Certificate for returns, comes back
    sealed by the buyer before accounting books the credit note."""

    _inherit = "cc.claim"  # pylint: disable=consider-merging-classes-inherited

    signed_proof_date = fields.Date(
        string="Signed Proof Returned On",
        tracking=True,
        copy=False,
        help="Date the certificate sealed or signed by the customer came back.",
    )
    signed_proof_by = fields.Char(
        string="Signed By", copy=False, help="The customer's signatory."
    )
    signed_proof_file = fields.Binary(
        string="Signed Proof", attachment=True, copy=False
    )
    signed_proof_filename = fields.Char(copy=False)
    signed_proof_required = fields.Boolean(
        related="company_id.cc_claim_booking_requires_signed_proof"
    )

    @api.constrains("signed_proof_date")
    def _check_signed_proof_date(self):
        today = fields.Date.context_today(self)
        for claim in self:
            if claim.signed_proof_date and claim.signed_proof_date > today:
                raise ValidationError(
                    _(
                        "Claim %(name)s: the Signed Proof Returned On date "
                        "(%(date)s) cannot be in the future.",
                        name=claim.name,
                        date=claim.signed_proof_date,
                    )
                )
