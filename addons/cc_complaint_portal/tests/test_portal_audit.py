"""Audit of what a portal (and a public) user can reach in the suite.

The models come from every ``ir.model.access.csv`` of ``addons/`` and of the
OCA addons the suite depends on (base_tier_validation, report_xlsx,
sequence_reset_period): the rows for ``base.group_portal``,
``base.group_public`` or no group at all. Each test states what such a user
reads of one of them, with concrete results (counts, ``AccessError``).
"""

from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .test_portal_claims import INTERNAL, PNG, SECRET, CcClaimPortalCommon

# modules whose access rights the audit reads
AUDITED_MODULES = (
    "cc_customer_comm",
    "cc_complaint",
    "cc_complaint_portal",
    "cc_sales_office",
    "base_tier_validation",
    "report_xlsx",
    "sequence_reset_period",
)
# what a portal user may read of those modules' models: the claims of their
# company and their lines (whitelisted fields), and the tier validation models
# of the OCA module (record rules then hide every review/definition of cc models)
PORTAL_MODELS = {"cc.claim", "cc.claim.line", "tier.review", "tier.definition"}
PUBLIC_MODELS = {"tier.review", "tier.definition"}
DECISION = "We grant a price allowance of 120 on invoice."
NOTE_FILE = "operator-wang-penalty.pdf"
NOTE_TEXT = "GM office: deduct from operator Wang"
PUBLIC_FILE = "replacement-delivery-note.pdf"
PUBLIC_TEXT = "Your replacement boards ship on Monday."
APPROVER_COMMENT = "Approved, but charge production line 2"
ACTIVITY_SUMMARY = "Call QA about the operator sanction"


@tagged("post_install", "-at_install")
class TestPortalAudit(CcClaimPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.public_user = cls.env.ref("base.public_user")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _audit_claim(self, partner=None, state="negotiation"):
        """A claim of ``partner`` (default: the portal user's company) with
        internal texts and a decision; the state is set as superuser (the
        document state guard only lets buttons or the superuser move it)."""
        claim = self._create_execution_claim([("allowance", 0.0, 120.0)], state="draft")
        claim.sudo().write(
            {
                "partner_id": (partner or self.customer).id,
                "state": state,
                "root_cause": SECRET,
                "gm_office_opinion": INTERNAL,
                "decision": DECISION,
            }
        )
        return claim

    def _post_note_and_comment(self, claim):
        """An internal note with an attachment and a public message with one,
        both posted by the GM office."""
        author = claim.with_user(self.user_manager)
        note = author.message_post(
            body=NOTE_TEXT,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[(NOTE_FILE, b"%PDF-1.4 internal")],
        )
        comment = author.message_post(
            body=PUBLIC_TEXT,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[(PUBLIC_FILE, b"%PDF-1.4 public")],
        )
        return note, comment

    def _chatter_messages(self, user, claim):
        """The messages the portal chatter of ``claim`` shows to ``user``: the
        search and the format of portal's ``/mail/chatter_fetch`` (without a
        token, as a logged-in customer)."""
        Claim = self.env["cc.claim"]
        domain = expression.AND(
            [
                Claim._fields["website_message_ids"].get_domain_list(Claim),
                [
                    ("res_id", "=", claim.id),
                    "|",
                    ("body", "!=", ""),
                    ("attachment_ids", "!=", False),
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                ],
            ]
        )
        Message = self.env["mail.message"].with_user(user)
        messages = Message._message_fetch(domain, limit=100)["messages"]
        return messages, messages.portal_message_format()

    def _tier_review(self, definition, record, comment):
        return self.env["tier.review"].create(
            {
                "model": record._name,
                "res_id": record.id,
                "definition_id": definition.id,
                "sequence": definition.sequence,
                "status": "approved",
                "done_by": self.user_gm.id,
                "requested_by": self.user_sales.id,
                "reviewed_date": "2026-01-05 09:00:00",
                "comment": comment,
            }
        )

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_portal_audit_reachable_models(self):
        """Access rights: which models portal/public users may read at all."""
        portal = self.env.ref("base.group_portal")
        public = self.env.ref("base.group_public")
        xmlids = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [("model", "=", "ir.model.access"), ("module", "in", AUDITED_MODULES)]
            )
        )
        acls = (
            self.env["ir.model.access"].sudo().browse(xmlids.mapped("res_id")).exists()
        )
        self.assertGreater(len(acls), 50)

        def granted(group, perm):
            return set(
                acls.filtered(
                    lambda a: a[perm] and (not a.group_id or a.group_id == group)
                ).mapped("model_id.model")
            )

        self.assertEqual(granted(portal, "perm_read"), PORTAL_MODELS)
        self.assertEqual(granted(public, "perm_read"), PUBLIC_MODELS)
        for group in (portal, public):
            for perm in ("perm_write", "perm_create", "perm_unlink"):
                self.assertFalse(granted(group, perm), (group.name, perm))

        # effective rights on every cc model (ACLs of every installed module)
        cc_models = [
            name
            for name, model in self.env.registry.items()
            if name.startswith("cc.") and not model._abstract and not model._transient
        ]
        self.assertIn("cc.claim.penalty.notice", cc_models)
        self.assertIn("cc.visit.plan", cc_models)
        readable = {
            name
            for name in cc_models
            if self.env[name].with_user(self.portal_user).has_access("read")
        }
        # the after-sales portal: the customer's service requests and re-tests
        after_sales = {
            "cc.service.request",
            "cc.service.retest",
            "cc.service.retest.line",
        }
        expected = {"cc.claim", "cc.claim.line"} | (after_sales & set(cc_models))
        self.assertEqual(readable, expected)
        for name in cc_models:
            self.assertFalse(
                self.env[name].with_user(self.public_user).has_access("read"), name
            )
            for perm in ("write", "create", "unlink"):
                self.assertFalse(
                    self.env[name].with_user(self.portal_user).has_access(perm),
                    (name, perm),
                )

    def test_portal_audit_claims_and_lines(self):
        own = self._audit_claim()
        own_draft = self._audit_claim(state="investigation")
        foreign = self._audit_claim(partner=self.other_customer)
        Claim = self.env["cc.claim"].with_user(self.portal_user)
        rows = Claim.search_read([], ["name", "state"], order="id")
        self.assertEqual([row["id"] for row in rows], [own.id, own_draft.id])
        # the decision reaches the customer through the page once it is
        # proposed, never as a field (it is drafted during approval)
        with self.assertRaises(AccessError):
            Claim.search_read([("id", "=", own_draft.id)], ["decision"])
        self.assertEqual(Claim.search_count([("id", "=", foreign.id)]), 0)
        with self.assertRaises(AccessError):
            foreign.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            Claim.search_read([("id", "=", own.id)], ["root_cause"])
        # the other customer's portal user sees exactly their claim
        self.assertEqual(
            self.env["cc.claim"].with_user(self.other_portal_user).search([]), foreign
        )

        Line = self.env["cc.claim.line"].with_user(self.portal_user)
        lines = Line.search_read([], ["claim_id", "product_id", "requested_qty"])
        self.assertEqual(
            sorted(row["id"] for row in lines),
            sorted((own | own_draft).line_ids.ids),
        )
        self.assertEqual(len(lines), 2)
        self.assertEqual(Line.search_count([("claim_id", "=", foreign.id)]), 0)
        with self.assertRaises(AccessError):
            foreign.line_ids.with_user(self.portal_user).read(["product_id"])
        with self.assertRaises(AccessError):
            own.line_ids.with_user(self.portal_user).read(["amount"])

        # the public user reads no claim at all
        for model in ("cc.claim", "cc.claim.line"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.public_user).search_read([], ["id"])

    def test_portal_audit_messages(self):
        claim = self._audit_claim()
        note, comment = self._post_note_and_comment(claim)
        Message = self.env["mail.message"].with_user(self.portal_user)
        on_claim = Message.search(
            [("model", "=", "cc.claim"), ("res_id", "=", claim.id)]
        )
        self.assertIn(comment, on_claim)
        self.assertNotIn(note, on_claim)
        self.assertFalse(
            on_claim.sudo().filtered(lambda m: m.subtype_id.internal or m.is_internal)
        )
        self.assertEqual(Message.search_count([("id", "=", note.id)]), 0)
        self.assertEqual(Message.search_read([("id", "=", note.id)], ["body"]), [])
        with self.assertRaises(AccessError):
            note.with_user(self.portal_user).read(["body"])
        self.assertIn(
            PUBLIC_TEXT, comment.with_user(self.portal_user).read(["body"])[0]["body"]
        )
        # through the claim's message fields
        as_portal = claim.with_user(self.portal_user)
        self.assertIn(comment, as_portal.message_ids)
        self.assertNotIn(note, as_portal.message_ids)
        self.assertNotIn(note, as_portal.website_message_ids)
        # internal users still see the note
        self.assertIn(
            note,
            self.env["mail.message"]
            .with_user(self.user_manager)
            .search([("model", "=", "cc.claim"), ("res_id", "=", claim.id)]),
        )

    def test_portal_audit_attachments(self):
        # a complaint submitted from the portal, with a photo
        claim = (
            self.env["cc.claim"]
            .with_user(self.portal_user)
            ._cc_portal_create(
                self.portal_user.partner_id,
                self.order.id,
                "Boards warp after reflow.",
                [(self.product.id, 4.0)],
                [("warp.png", PNG, "image/png")],
            )
        )
        note, comment = self._post_note_and_comment(claim)
        internal = note.attachment_ids
        public = comment.attachment_ids
        photo = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "cc.claim"),
                ("res_id", "=", claim.id),
                ("name", "=", "warp.png"),
            ]
        )
        self.assertEqual(internal.name, NOTE_FILE)
        self.assertEqual(len(photo), 1)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "cc.claim"), ("res_id", "=", claim.id)]
            ),
            3,
        )

        # the ORM: no access to any attachment, whatever its message
        Attachment = self.env["ir.attachment"].with_user(self.portal_user)
        self.assertFalse(Attachment.has_access("read"))
        for domain in (
            [("res_model", "=", "cc.claim"), ("res_id", "=", claim.id)],
            [("id", "=", internal.id)],
            [("name", "=", NOTE_FILE)],
        ):
            with self.assertRaises(AccessError):
                Attachment.search_read(domain, ["name", "datas"])
        for attachment in internal | public | photo:
            with self.assertRaises(AccessError):
                attachment.with_user(self.portal_user).read(["name", "datas"])
            with self.assertRaises(AccessError):
                attachment.with_user(self.portal_user).check("read")
        with self.assertRaises(AccessError):
            note.with_user(self.portal_user).read(["attachment_ids"])

        # the portal chatter shows the public message's file and the photo,
        # never the note or its file
        messages, formatted = self._chatter_messages(self.portal_user, claim)
        self.assertIn(comment, messages)
        self.assertNotIn(note, messages)
        shown = {
            att["name"]: att
            for message in formatted
            for att in message["attachment_ids"]
        }
        self.assertEqual(set(shown), {PUBLIC_FILE, "warp.png"})
        self.assertTrue(shown[PUBLIC_FILE]["access_token"])
        self.assertNotIn(NOTE_TEXT, str(formatted))
        # no download token was ever minted for the internal file
        self.assertFalse(internal.sudo().access_token)
        self.assertTrue(public.sudo().access_token)
        # an internal user still reads the note's file
        self.assertEqual(
            internal.with_user(self.user_manager).read(["name"])[0]["name"], NOTE_FILE
        )

    def test_portal_audit_thread_data_by_token(self):
        """``/mail/thread/data`` answers for a claim to whoever holds its
        access token (the link of the portal e-mails), reading the claim as
        superuser: no internal data may be in that answer."""
        claim = self._audit_claim()
        note, comment = self._post_note_and_comment(claim)
        claim.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=ACTIVITY_SUMMARY,
            user_id=self.user_gm_office.id,
        )
        request_list = [
            "activities",
            "attachments",
            "followers",
            "scheduledMessages",
            "suggestedRecipients",
        ]
        token = claim.sudo()._portal_ensure_token()
        for user in (self.public_user, self.other_portal_user):
            login = user.sudo().login
            thread = (
                self.env["cc.claim"]
                .with_user(user)
                ._get_thread_with_access(claim.id, token=token)
            )
            self.assertEqual(thread, claim)
            result = Store(
                thread, as_thread=True, request_list=request_list
            ).get_result()
            self.assertEqual(list(result), ["mail.thread"], login)
            self.assertEqual(
                result["mail.thread"], [{"id": claim.id, "model": "cc.claim"}]
            )
            data = str(result)
            for secret in (
                NOTE_FILE,
                PUBLIC_FILE,
                ACTIVITY_SUMMARY,
                SECRET,
                INTERNAL,
                self.user_gm_office.email,
                self.user_sales.email,
            ):
                self.assertNotIn(secret, data, login)
        # without the token: nothing
        self.assertFalse(
            self.env["cc.claim"]
            .with_user(self.public_user)
            ._get_thread_with_access(claim.id, token="wrong")
        )
        # an internal user's chatter still gets the attachments and activities
        data = str(
            Store(
                claim.with_user(self.user_manager),
                as_thread=True,
                request_list=request_list,
            ).get_result()
        )
        self.assertIn(NOTE_FILE, data)
        self.assertIn(PUBLIC_FILE, data)
        self.assertIn(ACTIVITY_SUMMARY, data)
        self.assertIn(self.user_gm_office.email, data)

    def test_portal_audit_activities(self):
        claim = self._audit_claim()
        activity = claim.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=ACTIVITY_SUMMARY,
            user_id=self.user_gm_office.id,
        )
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "cc.claim"), ("res_id", "=", claim.id)]
            ),
            1,
        )
        for user in (self.portal_user, self.public_user):
            Activity = self.env["mail.activity"].with_user(user)
            self.assertFalse(Activity.has_access("read"))
            with self.assertRaises(AccessError):
                Activity.search_read([("res_model", "=", "cc.claim")], ["summary"])
            with self.assertRaises(AccessError):
                activity.with_user(user).read(["summary", "note"])
        with self.assertRaises(AccessError):
            claim.with_user(self.portal_user).read(["activity_ids"])

    def test_portal_audit_tier_reviews(self):
        own = self._audit_claim()
        foreign = self._audit_claim(partner=self.other_customer)
        notice = (
            self.env["cc.claim.penalty.notice"]
            .sudo()
            .create(
                {
                    "claim_id": own.id,
                    "company_id": self.company.id,
                    "department_id": self.department_production.id,
                    "amount": 300.0,
                    "reason": SECRET,
                }
            )
        )
        plan = (
            self.env["cc.visit.plan"]
            .sudo()
            .create({"user_id": self.user_sales2.id, "company_id": self.company.id})
        )
        claim_definition = self.env.ref("cc_complaint.tier_definition_claim_gm")
        reviews = (
            self._tier_review(claim_definition, own, APPROVER_COMMENT)
            | self._tier_review(claim_definition, foreign, APPROVER_COMMENT)
            | self._tier_review(
                self.env.ref("cc_complaint.tier_definition_penalty_notice_gm"),
                notice,
                APPROVER_COMMENT,
            )
            | self._tier_review(
                self.env.ref("cc_customer_comm.tier_definition_cc_visit_plan_manager"),
                plan,
                APPROVER_COMMENT,
            )
        )
        # a review of a model outside the suite: OCA's access stays as it was
        outside_definition = (
            self.env["tier.definition"]
            .sudo()
            .create(
                {
                    "name": "Partner check",
                    "model_id": self.env.ref("base.model_res_partner").id,
                    "review_type": "individual",
                    "reviewer_id": self.user_gm.id,
                    "company_id": False,
                }
            )
        )
        outside = self._tier_review(outside_definition, self.customer, "ok")
        cc_definitions = self.env["tier.definition"].search(
            [("model", "=like", "cc.%")]
        )
        self.assertGreaterEqual(len(cc_definitions), 5)

        for user in (self.portal_user, self.public_user):
            Review = self.env["tier.review"].with_user(user)
            self.assertEqual(Review.search_count([("model", "=like", "cc.%")]), 0)
            self.assertEqual(
                Review.search_read([("id", "in", reviews.ids)], ["comment", "done_by"]),
                [],
            )
            rows = Review.search_read([], ["model", "comment"])
            self.assertFalse(
                [row for row in rows if (row["model"] or "").startswith("cc.")]
            )
            self.assertIn(outside.id, [row["id"] for row in rows])
            for review in reviews:
                with self.assertRaises(AccessError):
                    review.with_user(user).read(["comment", "done_by"])
            Definition = self.env["tier.definition"].with_user(user)
            self.assertEqual(Definition.search_count([("model", "=like", "cc.%")]), 0)
            self.assertIn(outside_definition, Definition.search([]))
            with self.assertRaises(AccessError):
                cc_definitions[0].with_user(user).read(["name", "reviewer_group_id"])
        # reviews of a claim are not reachable through the claim either
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).read(["review_ids"])

        # internal users are unaffected
        Review = self.env["tier.review"].with_user(self.user_sales)
        self.assertEqual(
            Review.search_count([("id", "in", (reviews | outside).ids)]), 5
        )
        self.assertEqual(
            Review.browse(reviews[0].id).read(["comment"])[0]["comment"],
            APPROVER_COMMENT,
        )
        self.assertEqual(
            self.env["tier.definition"]
            .with_user(self.user_sales)
            .search_count([("id", "in", cc_definitions.ids)]),
            len(cc_definitions),
        )

    def test_portal_audit_internal_documents(self):
        """Penalty notices, CAPA, stage logs and timeliness reviews: no access."""
        claim = self._audit_claim()
        Sudo = self.env["cc.claim"].sudo().env
        records = [
            Sudo["cc.claim.penalty.notice"].create(
                {
                    "claim_id": claim.id,
                    "company_id": self.company.id,
                    "department_id": self.department_production.id,
                    "amount": 300.0,
                    "reason": SECRET,
                }
            ),
            Sudo["cc.capa"].create(
                {
                    "company_id": self.company.id,
                    "defect_description": SECRET,
                }
            ),
            Sudo["cc.claim.stage.log"].create(
                {"claim_id": claim.id, "stage": "negotiation"}
            ),
            Sudo["cc.claim.timeliness.review"].create(
                {"claim_id": claim.id, "company_id": self.company.id, "reason": SECRET}
            ),
        ]
        for record in records:
            for user in (self.portal_user, self.public_user):
                Model = self.env[record._name].with_user(user)
                self.assertFalse(Model.has_access("read"), record._name)
                with self.assertRaises(AccessError, msg=record._name):
                    Model.search_read([], ["display_name"])
                with self.assertRaises(AccessError, msg=record._name):
                    Model.search_count([])
                with self.assertRaises(AccessError, msg=record._name):
                    record.with_user(user).read(["display_name"])
        # nor through the claim
        as_portal = claim.with_user(self.portal_user)
        for field in ("penalty_notice_ids", "stage_log_ids", "timeliness_review_ids"):
            if field in claim._fields:
                with self.assertRaises(AccessError, msg=field):
                    as_portal.read([field])

    def test_portal_audit_claim_page_shows_decision(self):
        claim = self._audit_claim()
        self._post_note_and_comment(claim)
        self._tier_review(
            self.env.ref("cc_complaint.tier_definition_claim_gm"),
            claim,
            APPROVER_COMMENT,
        )
        # the route renders claim_sudo._cc_portal_values() (controllers/portal.py)
        values = claim.with_user(self.portal_user)._cc_portal_values()
        self.assertEqual(values["decision"], DECISION)
        self.assertTrue(values["can_respond"])
        html = str(
            self.env["ir.qweb"]._render(
                "cc_complaint_portal.portal_cc_claim_content", {"claim": values}
            )
        )
        self.assertIn(claim.name, html)
        self.assertIn(DECISION, html)
        self.assertIn("Resolution Proposed", html)
        for secret in (SECRET, INTERNAL, NOTE_TEXT, NOTE_FILE, APPROVER_COMMENT):
            self.assertNotIn(secret, html)
        # a claim of another customer is refused by the route's access check
        foreign = self._audit_claim(partner=self.other_customer)
        with self.assertRaises(AccessError):
            foreign.with_user(self.portal_user).check_access("read")
