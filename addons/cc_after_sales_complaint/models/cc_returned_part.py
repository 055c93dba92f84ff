from odoo import fields, models


class CcReturnedPart(models.Model):
    """A confirmed defect of a returned part starts a corrective and
    preventive action (CAPA) for QA."""

    _inherit = "cc.returned.part"  # pylint: disable=consider-merging-classes-inherited

    capa_id = fields.Many2one(
        "cc.capa",
        string="CAPA",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )

    def _cc_on_confirmed_defect(self):
        res = super()._cc_on_confirmed_defect()
        # sudo: the analyst is an after-sales engineer, who may only read
        # CAPAs: the draft CAPA is written as superuser and QA takes it from
        # there; only its name is read back
        capas = self.env["cc.capa"].sudo()
        for part in self.filtered(lambda p: not p.capa_id):
            lot = ", " + part.lot_id.name if part.lot_id else ""
            capa = capas.create(
                {
                    "company_id": part.company_id.id,
                    "product_id": part.product_id.id,
                    "defect_description": self.env._(
                        "Returned part %(name)s (%(product)s%(lot)s): defect "
                        "confirmed by %(analyst)s.\n%(note)s",
                        name=part.name,
                        product=part.product_id.display_name,
                        lot=lot,
                        analyst=self.env.user.name,
                        note=part.note or "",
                    ),
                }
            )
            part.capa_id = capa
            part.message_post(
                body=self.env._(
                    "Defect confirmed: CAPA %(capa)s started for QA.", capa=capa.name
                )
            )
        return res
