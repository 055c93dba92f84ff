from odoo import _, api, models
from odoo.exceptions import AccessError

# The only request fields a portal user may read (the portal pages render
# whitelisted values as superuser; this also closes RPC reads): never the
# expert guidance, review verdict and notes, internal assignment or costs.
PORTAL_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "name",
        "state",
        "company_id",
        "partner_id",
        "commercial_partner_id",
        "date_request",
        "channel",
        "request_type",
        "product_id",
        "lot_id",
        "sale_order_id",
        "picking_id",
        "description",
        "resolution",
        "contact_name",
        "contact_phone",
        "email_from",
        "confirmed_on",
        "customer_reject_reason",
        "dispatch_ids",
        "retest_ids",
        "access_url",
        "access_token",
        "access_warning",
        "create_date",
        "write_date",
        "message_ids",
        "website_message_ids",
        "message_partner_ids",
        "message_follower_ids",
        "message_is_follower",
        "message_attachment_count",
        "message_main_attachment_id",
        "has_message",
        "message_needaction",
        "message_needaction_counter",
        "message_has_error",
        "message_has_error_counter",
    }
)


def _portal_restricted(records):
    return not records.env.su and records.env.user.share


def _thread_to_store_internal(records, store, request_list, kwargs, parent):
    """Chatter data (``/mail/thread/data``) for internal users only: the route
    answers to whoever holds the document's access token and then reads as
    superuser, so attachments of internal notes, activities, followers and
    suggested recipients would reach the customer. The portal chatter asks
    for none of them (its messages come from ``/mail/chatter_fetch``, which
    leaves internal notes out)."""
    if request_list and not records.env.user._is_internal():
        request_list = None
    return parent(store, request_list=request_list, **kwargs)


class CcServiceRequest(models.Model):
    _inherit = "cc.service.request"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def check_field_access_rights(self, operation, field_names):
        if not _portal_restricted(self):
            return super().check_field_access_rights(operation, field_names)
        if not field_names:
            return [
                name
                for name in super().check_field_access_rights(operation, field_names)
                if name in PORTAL_FIELDS
            ]
        hidden = [
            name
            for name in field_names
            if name in self._fields and name not in PORTAL_FIELDS
        ]
        if hidden:
            raise AccessError(
                _(
                    "The fields %(fields)s of %(model)s are internal and not "
                    "readable from the portal.",
                    fields=", ".join(hidden),
                    model=self._description,
                )
            )
        return super().check_field_access_rights(operation, field_names)

    def _fetch_field(self, field):
        if not _portal_restricted(self):
            return super()._fetch_field(field)
        # prefetch the allowed fields only
        self.check_field_access_rights("read", [field.name])
        fnames = [
            name
            for name in PORTAL_FIELDS
            if name in self._fields
            and self._fields[name].prefetch
            and self._fields[name].prefetch == field.prefetch
            and self._fields[name].is_accessible(self.env)
        ]
        if field.name not in fnames:
            fnames.append(field.name)
        self.fetch(fnames)

    def _thread_to_store(self, store, /, *, request_list=None, **kwargs):
        return _thread_to_store_internal(
            self, store, request_list, kwargs, super()._thread_to_store
        )


class FsmOrder(models.Model):
    _inherit = "fsm.order"  # pylint: disable=consider-merging-classes-inherited

    def _thread_to_store(self, store, /, *, request_list=None, **kwargs):
        return _thread_to_store_internal(
            self, store, request_list, kwargs, super()._thread_to_store
        )
