from . import models
from . import report


def uninstall_hook(env):
    from odoo.addons.cc_customer_comm.hooks import drop_restricting_foreign_keys

    drop_restricting_foreign_keys(env, "cc_complaint")
