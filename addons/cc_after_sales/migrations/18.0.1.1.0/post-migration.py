from odoo import SUPERUSER_ID, api

# The engineers' rules of 18.0.1.0.0 tested dispatch membership with a per-row
# ``in [user.id]`` over a many2many, which made PostgreSQL plan one EXISTS per
# dispatch; 18.0.1.1.0 reads the searchable ``cc_is_my_dispatch`` instead (one
# subquery). The rules file is ``noupdate``, so an upgrade keeps the old domains:
# a rule still holding the domain this module shipped gets the new one, a rule
# the company changed is left as it is.
RULES = {
    "cc_service_request_rule_engineer": (
        "['|', '|', '|', ('user_id', '=', user.id), ('user_id', '=', False), "
        "('expert_id', '=', user.id), "
        "('commercial_partner_id.cc_as_dispatch_ids.cc_engineer_user_ids', "
        "'in', [user.id])]",
        "['|', '|', '|', ('user_id', '=', user.id), ('user_id', '=', False), "
        "('expert_id', '=', user.id), "
        "('commercial_partner_id.cc_as_dispatch_ids.cc_is_my_dispatch', '=', True)]",
    ),
    "fsm_order_rule_cc_engineer": (
        "['|', ('cc_engineer_user_ids', 'in', [user.id]), "
        "('cc_request_id.user_id', '=', user.id)]",
        "['|', ('cc_is_my_dispatch', '=', True), "
        "('cc_request_id.user_id', '=', user.id)]",
    ),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (old, new) in RULES.items():
        rule = env.ref(f"cc_after_sales.{xmlid}", raise_if_not_found=False)
        if rule and "".join(rule.domain_force.split()) == "".join(old.split()):
            rule.domain_force = new
