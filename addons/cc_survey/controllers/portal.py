from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers import portal


class CustomerPortal(portal.CustomerPortal):
    """/my/satisfaction: the surveys still waiting for the customer and the
    improvement replies addressed to them; nothing of other customers, and
    none of the internal analysis (scores, plans' causes, verification)."""

    def _cc_survey_partner(self):
        user = request.env.user
        if user._is_public():
            return request.env["res.partner"]
        return user.partner_id.commercial_partner_id

    def _cc_survey_pending(self, partner):
        UserInput = request.env["survey.user_input"].sudo()
        return UserInput.search(
            UserInput._cc_portal_pending_domain(partner), order="create_date desc"
        )

    def _cc_survey_replies(self, partner):
        return (
            request.env["cc.survey.improvement.plan"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("reply_sent_on", "!=", False),
                ],
                order="reply_sent_on desc",
            )
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cc_survey_count" in counters:
            partner = self._cc_survey_partner()
            values["cc_survey_count"] = (
                len(self._cc_survey_pending(partner))
                + len(self._cc_survey_replies(partner))
                if partner
                else 0
            )
        return values

    @http.route(
        ["/my/satisfaction"], type="http", auth="user", website=True, readonly=True
    )
    def portal_my_cc_satisfaction(self, **kw):
        partner = self._cc_survey_partner()
        pending = self._cc_survey_pending(partner) if partner else []
        replies = self._cc_survey_replies(partner) if partner else []
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="cc_satisfaction",
            surveys=[
                {
                    "title": answer.survey_id.title,
                    "campaign": answer.cc_campaign_id.name,
                    "deadline": answer.deadline,
                    "url": answer.get_start_url(),
                    "started": answer.state == "in_progress",
                }
                for answer in pending
            ],
            replies=[
                {
                    "name": plan.name,
                    "campaign": plan.campaign_id.name or "",
                    "date": plan.reply_sent_on,
                    "body": plan.reply_body,
                }
                for plan in replies
            ],
        )
        return request.render("cc_survey.portal_my_cc_satisfaction", values)
