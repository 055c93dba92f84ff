from odoo import fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    cc_campaign_ids = fields.One2many(
        "cc.survey.campaign", "survey_id", string="Satisfaction Campaigns"
    )

    def _cc_create_answers(self, partners, vals_by_partner=None):
        """Create the invitations (answers with their tokens) of ``partners``.

        Same checks and values as the engine's ``_create_answer`` for one
        partner, applied to a whole batch so that the answers are inserted
        together (``_create_answer`` inserts one answer per call), without the
        chatter's per-record work: the query count does not depend on the
        number of partners.
        ``vals_by_partner`` maps a partner id to extra answer values (the
        campaign and its sample line).
        """
        self.ensure_one()
        self.check_access("read")
        vals_by_partner = vals_by_partner or {}
        vals_list = []
        for partner in partners:
            user = partner.user_ids[:1]
            self._check_answer_creation(
                user, partner, False, test_entry=False, check_attempts=False
            )
            vals = {
                "survey_id": self.id,
                "test_entry": False,
                "is_session_answer": False,
                "partner_id": partner.id,
                "email": partner.email,
                "nickname": partner.name,
            }
            if self.is_attempts_limited and self.access_mode != "public":
                vals["invite_token"] = self.env[
                    "survey.user_input"
                ]._generate_invite_token()
            vals.update(vals_by_partner.get(partner.id, {}))
            vals_list.append(vals)
        # an invitation is not a conversation: no follower, creation message
        # or tracking per answer (the engine's ``_create_answer`` would
        # subscribe the inviting user to each answer, one record at a time)
        answers = (
            self.env["survey.user_input"]
            .with_context(tracking_disable=True)
            .create(vals_list)
            .with_env(self.env)
        )
        for question in self.question_ids.filtered(
            lambda q: q.question_type == "char_box"
            and (q.save_as_email or q.save_as_nickname)
        ):
            for answer in answers:
                if question.save_as_email and answer.email:
                    answer._save_lines(question, answer.email)
                if question.save_as_nickname and answer.nickname:
                    answer._save_lines(question, answer.nickname)
        return answers
