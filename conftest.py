"""pytest-odoo glue for the whole repository.

pytest-odoo imports Odoo's test framework right after reading the Odoo
configuration; outside test mode Odoo logs that import as an error. Import it
here first, in test mode, then leave test mode again: with ``test_enable`` set
while the registry loads, Odoo would run the at_install tests of every
installed module.
"""

from odoo.tools import config

config["test_enable"] = True
import odoo.tests.common  # noqa: E402,F401

config["test_enable"] = False
