"""Management meeting on serious complaints (篇1 第十一条(二)).

Serious claims are taken to the management meeting, which decides how each
is handled; the record keeps the attendees, the decision per claim and who
follows it up by when. A serious claim cannot close without a decision.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

GM_OFFICE = "cc_complaint.group_cc_complaint_gm_office"
# seriousness setting → severities that need the meeting
MEETING_SEVERITIES = {
    "none": (),
    "critical": ("critical",),
    "major": ("major", "critical"),
}


class CcClaimMeeting(models.Model):
    _name = "cc.claim.meeting"
    _description = "Management Meeting on Claims"
    _inherit = ["mail.thread", "mail.activity.mixin", "cc.document.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _cc_sequence_code = "cc.claim.meeting"
    _cc_transitions = {
        "hold": {"from": ("draft",), "to": "held", "groups": GM_OFFICE},
        "cancel": {"from": ("draft", "held"), "to": "cancel", "groups": GM_OFFICE},
        "draft": {"from": ("cancel",), "to": "draft", "groups": GM_OFFICE},
    }

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    subject = fields.Char(required=True, tracking=True)
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    location = fields.Char()
    chair_id = fields.Many2one(
        "res.users",
        string="Chaired by",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    attendee_ids = fields.Many2many(
        "res.users",
        string="Attendees",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    decision_ids = fields.One2many(
        "cc.claim.meeting.decision", "meeting_id", string="Decisions", copy=True
    )
    claim_ids = fields.Many2many(
        "cc.claim",
        string="Claims Discussed",
        compute="_compute_claim_ids",
        search="_search_claim_ids",
    )
    claim_count = fields.Integer(compute="_compute_claim_ids")
    minutes = fields.Html()
    state = fields.Selection(
        [("draft", "Planned"), ("held", "Held"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )

    @api.depends("decision_ids.claim_id")
    def _compute_claim_ids(self):
        for meeting in self:
            meeting.claim_ids = meeting.decision_ids.claim_id
            meeting.claim_count = len(meeting.claim_ids)

    def _search_claim_ids(self, operator, value):
        return [("decision_ids.claim_id", operator, value)]

    def action_hold(self):
        """GM office: the meeting took place; its decisions now count."""
        self._cc_check_transition("hold")
        for meeting in self:
            if not meeting.decision_ids:
                raise UserError(
                    _(
                        "Meeting %(name)s: add the claims discussed and their "
                        "decisions first.",
                        name=meeting.name,
                    )
                )
            undecided = meeting.decision_ids.filtered(
                lambda d: not (d.decision or "").strip()
            )
            if undecided:
                raise UserError(
                    _(
                        "Meeting %(name)s: write the decision on %(claims)s.",
                        name=meeting.name,
                        claims=", ".join(undecided.claim_id.mapped("name")),
                    )
                )
        self._cc_transition("hold")
        for meeting in self:
            for decision in meeting.decision_ids:
                # sudo: the decision is posted on the claim whatever the GM office's
                # rights on it (company, follower)
                decision.claim_id.sudo().message_post(
                    body=_(
                        "Management meeting %(meeting)s decided: %(decision)s",
                        meeting=meeting._get_html_link(),
                        decision=decision.decision,
                    )
                )
                if decision.owner_id:
                    # sudo: the follow-up activity is for the owner, another user
                    decision.claim_id.sudo().activity_schedule(
                        "mail.mail_activity_data_todo",
                        date_deadline=decision.date_due
                        or fields.Date.context_today(self),
                        summary=_("Follow up the management meeting decision"),
                        note=decision.decision,
                        user_id=decision.owner_id.id,
                    )
        return True

    def action_cancel(self):
        return self._cc_transition("cancel")

    def action_draft(self):
        return self._cc_transition("draft")

    def action_view_claims(self):
        self.ensure_one()
        return self.claim_ids._get_records_action(name=_("Claims Discussed"))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        if any(meeting.state == "held" for meeting in self):
            raise UserError(_("A held meeting cannot be deleted; cancel it."))


class CcClaimMeetingDecision(models.Model):
    _name = "cc.claim.meeting.decision"
    _description = "Management Meeting Decision on a Claim"
    _order = "meeting_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    meeting_id = fields.Many2one(
        "cc.claim.meeting", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True
    )
    meeting_date = fields.Datetime(related="meeting_id.date", store=True)
    meeting_state = fields.Selection(related="meeting_id.state", store=True)
    claim_id = fields.Many2one(
        "cc.claim",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    severity = fields.Selection(related="claim_id.severity")
    decision = fields.Text()
    owner_id = fields.Many2one(
        "res.users",
        string="Follow-up by",
        domain="[('share', '=', False)]",
    )
    date_due = fields.Date(string="Follow-up Due")

    _sql_constraints = [
        (
            "claim_unique_per_meeting",
            "UNIQUE(meeting_id, claim_id)",
            "A claim is decided only once per meeting.",
        ),
    ]
