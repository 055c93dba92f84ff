import logging

from odoo import api, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)


class _StateMove:
    """Context marker of a state change made by ``_cc_transition``.

    A plain object, not a string: a context that arrives over RPC is JSON and
    cannot hold one, so no client can forge the permission to write ``state``.
    """

    __slots__ = ("ids", "model", "state")

    def __init__(self, model, state, ids):
        self.model = model
        self.state = state
        self.ids = frozenset(ids)


class CcDocumentMixin(models.AbstractModel):
    """Numbering and state machine of the cc business documents.

    A model inheriting this mixin gets:

    * numbering: when ``_cc_sequence_code`` is set, ``create`` (or, with
      ``_cc_number_on_create = False``, the model's own step calling
      ``_cc_next_sequence_number``) gives the
      ``_cc_sequence_field`` (``name``) of each record still holding the
      placeholder (empty, ``/`` or *New*) the next number of that
      ``ir.sequence`` code, drawn for the record's company;
    * a state machine: ``_cc_transitions`` maps a transition name to a dict
      ``{"from": (states…), "to": state, "groups": "xmlid,xmlid"}``;
      ``_cc_transition(name, vals)`` checks the group and the source state of
      every record, then writes the new state (with ``vals``) and calls
      ``_cc_on_state_change`` (the stage log, where the model keeps one);
    * the guard: any other write (or create) of the state field is refused,
      whoever the user is; only the superuser (module installation, data
      migration, the scheduler) and no-op writes pass.

    Configure it with class attributes, like base_tier_validation:
    ``_cc_sequence_code``, ``_cc_sequence_field``, ``_cc_state_field``,
    ``_cc_transitions``.
    """

    _name = "cc.document.mixin"
    _description = "Customer Service Document Mixin"

    _cc_sequence_code = False
    _cc_sequence_field = "name"
    _cc_number_on_create = True
    _cc_state_field = "state"
    _cc_transitions = {}

    # ------------------------------------------------------------------
    # Numbering
    # ------------------------------------------------------------------
    @api.model
    def _cc_placeholder(self):
        """The name a document shows until it is numbered."""
        return self.env._("New")

    @api.model
    def _cc_is_placeholder(self, value):
        """Whether ``value`` is still the placeholder, in whichever language
        the user who created the document was working."""
        if not value or value in ("/", "New", self._cc_placeholder()):
            return True
        return any(
            value == self.with_context(lang=code)._cc_placeholder()
            for code, _name in self.env["res.lang"].get_installed()
        )

    @api.model
    def _cc_sequence_company(self, vals):
        """Company whose sequence numbers the record created from ``vals``."""
        if vals.get("company_id"):
            return self.env["res.company"].browse(vals["company_id"])
        return self.env.company

    @api.model
    def _cc_sequence_date(self, vals):
        """Date the number is drawn for (date-range sequences)."""
        return None

    @api.model
    def _cc_next_sequence_number(self, company, date=None):
        number = (
            self.env["ir.sequence"]
            .with_company(company)
            .next_by_code(self._cc_sequence_code, sequence_date=date)
        )
        if not number:
            _logger.warning(
                "No sequence with code %s for company %s: %s keeps its placeholder",
                self._cc_sequence_code,
                company.name,
                self._name,
            )
        return number

    # ------------------------------------------------------------------
    # State machine
    # ------------------------------------------------------------------
    def _cc_state_label(self, state):
        field = self._fields[self._cc_state_field]
        return dict(field._description_selection(self.env)).get(state, state)

    def _cc_check_groups(self, groups, step):
        """Raise unless the user is in one of ``groups`` (comma-separated xmlids)."""
        if not groups or self.env.su:
            return
        xmlids = groups.split(",")
        if any(self.env.user.has_group(xmlid) for xmlid in xmlids):
            return
        names = [
            group.full_name
            for xmlid in xmlids
            if (group := self.env.ref(xmlid, raise_if_not_found=False))
        ]
        raise AccessError(
            self.env._(
                "%(step)s needs one of the groups: %(groups)s.",
                step=step,
                groups=", ".join(names),
            )
        )

    def _cc_check_state(self, states, step):
        """Raise unless every record is in one of ``states``."""
        fname = self._cc_state_field
        wrong = self.filtered(lambda rec: rec[fname] not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "%(step)s is only possible from %(states)s; %(document)s "
                    "%(name)s is %(state)s.",
                    step=step,
                    states=", ".join(self._cc_state_label(state) for state in states),
                    document=self._description,
                    name=wrong[0].display_name,
                    state=self._cc_state_label(wrong[0][fname]),
                )
            )

    def _cc_check_transition(self, name):
        """Raise unless every record may take transition ``name`` now."""
        transition = self._cc_transitions[name]
        fname = self._cc_state_field
        groups = transition.get("groups")
        if (
            groups
            and not self.env.su
            and not any(self.env.user.has_group(g) for g in groups.split(","))
        ) or any(rec[fname] not in transition["from"] for rec in self):
            # the step's label is only worth translating to say what is wrong
            step = self.env._(
                "Moving to %(state)s", state=self._cc_state_label(transition["to"])
            )
            self._cc_check_groups(groups, step)
            self._cc_check_state(transition["from"], step)

    def _cc_transition(self, name, vals=None):
        """Move the records along transition ``name``, writing ``vals`` too."""
        self._cc_check_transition(name)
        if not self:
            return True
        fname = self._cc_state_field
        new_state = self._cc_transitions[name]["to"]
        old_states = {rec.id: rec[fname] for rec in self}
        move = _StateMove(self._name, new_state, self.ids)
        self.with_context(cc_state_move=move).write(
            dict(vals or {}, **{fname: new_state})
        )
        self._cc_on_state_change(old_states, new_state)
        return True

    def _cc_on_state_change(self, old_states, new_state):
        """Hook after a transition: ``old_states`` maps record id to old state."""
        return True

    def _cc_state_write_allowed(self, new_state):
        if self.env.su:
            return True
        move = self.env.context.get("cc_state_move")
        return (
            isinstance(move, _StateMove)
            and move.model == self._name
            and move.state == new_state
            and move.ids.issuperset(self.ids)
        )

    def _cc_refuse_state_write(self, new_state):
        raise UserError(
            self.env._(
                "The status of %(document)s (field “%(field)s”) changes only "
                "through its buttons, which check who may take the step and "
                "from which status; it cannot be set to %(state)s directly.",
                document=self._description,
                field=self._fields[self._cc_state_field].string,
                state=self._cc_state_label(new_state),
            )
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        fname = self._cc_state_field
        field = self._fields.get(fname)
        if field and not self._cc_state_write_allowed(None):
            # a client may send a default for any field in the context: not
            # for the state, which starts where the model says
            if f"default_{fname}" in self.env.context:
                context = dict(self.env.context)
                context.pop(f"default_{fname}")
                self = self.with_env(self.env(context=context))  # noqa: PLW0642
            for vals in vals_list:
                if fname in vals:
                    default = field.default(self) if field.default else False
                    if vals[fname] != default:
                        self._cc_refuse_state_write(vals[fname])
        if self._cc_sequence_code and self._cc_number_on_create:
            seq_field = self._cc_sequence_field
            for vals in vals_list:
                if self._cc_is_placeholder(vals.get(seq_field)):
                    vals[seq_field] = (
                        self._cc_next_sequence_number(
                            self._cc_sequence_company(vals),
                            self._cc_sequence_date(vals),
                        )
                        or self._cc_placeholder()
                    )
        return super().create(vals_list)

    def write(self, vals):
        fname = self._cc_state_field
        if (
            fname in vals
            and fname in self._fields
            and not self._cc_state_write_allowed(vals[fname])
            and any(rec[fname] != vals[fname] for rec in self)
        ):
            self._cc_refuse_state_write(vals[fname])
        return super().write(vals)
