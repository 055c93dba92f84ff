from odoo import api, fields, models
from odoo.exceptions import UserError

from .cc_survey_campaign import CHANNELS


class CcSurveyCampaignLine(models.Model):
    """A customer of a campaign's sample, why it was drawn, and its answer."""

    _name = "cc.survey.campaign.line"
    _description = "Satisfaction Campaign Customer"
    _order = "campaign_id desc, complaint_count desc, partner_id"
    _check_company_auto = True
    _rec_name = "partner_id"

    campaign_id = fields.Many2one(
        "cc.survey.campaign",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    salesperson_id = fields.Many2one(
        "res.users",
        related="partner_id.user_id",
        store=True,
        string="Salesperson",
        index=True,
    )
    sample_reason = fields.Selection(
        [
            ("population", "Whole population"),
            ("complaints", "Complaints in the last 12 months"),
            ("random", "Random draw"),
            ("manual", "Added by hand"),
            ("new_customer", "First delivery"),
        ],
        string="Drawn Because",
        required=True,
        default="manual",
    )
    complaint_count = fields.Integer(
        string="Complaints (12 Months)",
        help="Complaints and quality feedback of the customer in the 12 months "
        "before the campaign's period.",
    )
    reason = fields.Char(compute="_compute_reason", string="Why Included")
    channel = fields.Selection(CHANNELS, string="Channel")
    user_input_id = fields.Many2one(
        "survey.user_input", string="Response", readonly=True, copy=False, index=True
    )
    response_state = fields.Selection(
        related="user_input_id.state", string="Response Status"
    )
    satisfaction_index = fields.Float(
        related="user_input_id.cc_index", digits=(5, 2), string="Index"
    )
    satisfaction_level = fields.Selection(
        related="user_input_id.cc_level", string="Level"
    )
    invited_on = fields.Datetime(readonly=True, copy=False)
    reminder_count = fields.Integer(readonly=True, copy=False)
    last_reminder_on = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "campaign_partner_uniq",
            "unique(campaign_id, partner_id)",
            "A customer is in a campaign's sample only once.",
        ),
        (
            "user_input_uniq",
            "unique(user_input_id)",
            "A response belongs to one campaign customer only.",
        ),
    ]

    @api.depends("sample_reason", "complaint_count", "campaign_id.sample_seed")
    def _compute_reason(self):
        labels = dict(self._fields["sample_reason"]._description_selection(self.env))
        for line in self:
            if line.sample_reason == "complaints":
                line.reason = self.env._(
                    "%(count)s complaints or quality feedback in the 12 months "
                    "before the period",
                    count=line.complaint_count,
                )
            elif line.sample_reason == "random":
                line.reason = self.env._(
                    "Random draw (seed %(seed)s)", seed=line.campaign_id.sample_seed
                )
            else:
                line.reason = labels.get(line.sample_reason, "")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invited(self):
        if self.filtered("user_input_id"):
            raise UserError(
                self.env._("An invited customer cannot be removed from its campaign.")
            )

    def action_invite(self):
        """Invite customers added to a running campaign by hand."""
        for campaign, lines in self.grouped("campaign_id").items():
            if campaign.state != "running":
                raise UserError(
                    self.env._(
                        "Customers are invited when campaign %(name)s is launched.",
                        name=campaign.display_name,
                    )
                )
            campaign._cc_send_invitations(lines)
        return True

    def _cc_enter_answers(self, channel):
        """Open the customer's own answer of the survey so that a staff member
        enters what the customer said by phone, fax or face to face."""
        self.ensure_one()
        if not self.env.user.has_group("cc_survey.group_cc_survey_user"):
            raise UserError(
                self.env._("Only survey users enter answers for customers.")
            )
        if self.campaign_id.state != "running":
            raise UserError(
                self.env._(
                    "Answers are entered while campaign %(name)s is running.",
                    name=self.campaign_id.display_name,
                )
            )
        if not self.user_input_id:
            self.write({"channel": channel})
            self.campaign_id._cc_send_invitations(self)
        answer = self.user_input_id
        if answer.state == "done":
            raise UserError(
                self.env._(
                    "%(customer)s has already answered campaign %(name)s.",
                    customer=self.partner_id.display_name,
                    name=self.campaign_id.display_name,
                )
            )
        answer.write({"cc_channel": channel, "cc_entered_by_id": self.env.uid})
        self.channel = channel
        return {
            "type": "ir.actions.act_url",
            "url": answer.get_start_url(),
            "target": "new",
        }

    def action_enter_phone(self):
        return self._cc_enter_answers("phone")

    def action_enter_fax(self):
        return self._cc_enter_answers("fax")

    def action_enter_visit(self):
        return self._cc_enter_answers("visit")
