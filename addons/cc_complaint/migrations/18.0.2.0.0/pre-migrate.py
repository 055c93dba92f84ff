"""18.0.2.0.0: credit notes, returns and the portal left cc_complaint for
cc_complaint_account, cc_complaint_stock and cc_complaint_portal.

A database made before holds claims linked to credit notes and returns, and
the fields and tables of those links (``cc_claim.picking_id``,
``account_move.cc_claim_id``, ``stock_picking.cc_claim_id``,
``cc_claim_inspection`` ...) now belong to the new modules. Odoo installs a new
auto-install module on ``-u`` only when an upgraded module comes to depend on
it, so the new modules are marked for installation here, in this same run:
their fields find their columns and data again, and nothing is dropped.

The records the new modules now define (views, access rights, record rules,
reports, the quarantine locations' data, demo records) change owner to them,
as OpenUpgrade's ``rename_xmlids`` does, so that they are updated in place
instead of being deleted with cc_complaint's old data and made again. Their
demo data is not loaded again: the records exist already.
"""

import ast
import csv
import logging
import re

from odoo.modules.module import get_module_path
from odoo.tools import file_open

_logger = logging.getLogger(__name__)

NEW_MODULES = ("cc_complaint_account", "cc_complaint_stock", "cc_complaint_portal")
XML_ID = re.compile(r"<(?:record|template|menuitem|report)\b[^>]*?\bid=\"([\w.]+)\"")


def _xml_ids(module):
    """XML ids (without module) of the records ``module``'s data and demo
    files define."""
    path = get_module_path(module)
    if not path:
        return set()
    with file_open(f"{module}/__manifest__.py") as manifest_file:
        manifest = ast.literal_eval(manifest_file.read())
    names = set()
    for filename in manifest.get("data", []) + manifest.get("demo", []):
        with file_open(f"{module}/{filename}") as data_file:
            if filename.endswith(".csv"):
                names.update(row["id"] for row in csv.DictReader(data_file))
            elif filename.endswith(".xml"):
                names.update(XML_ID.findall(data_file.read()))
    return {name for name in names if "." not in name}


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT name, state FROM ir_module_module WHERE name IN %s", [NEW_MODULES]
    )
    states = dict(cr.fetchall())
    kept = _xml_ids("cc_complaint")
    for module in NEW_MODULES:
        if module not in states:
            _logger.warning(
                "cc_complaint upgrade: module %s is not in the addons path; "
                "its records stay with cc_complaint",
                module,
            )
            continue
        names = _xml_ids(module) - kept
        if names:
            cr.execute(
                """UPDATE ir_model_data SET module = %s
                    WHERE module = 'cc_complaint' AND name IN %s""",
                [module, tuple(names)],
            )
            _logger.info(
                "cc_complaint upgrade: %s records now belong to %s",
                cr.rowcount,
                module,
            )
        if states[module] == "uninstalled":
            # installed in this run, with the rest of the upgrade; the demo
            # records exist already (moved above)
            cr.execute(
                """UPDATE ir_module_module SET state = 'to install', demo = FALSE
                    WHERE name = %s""",
                [module],
            )
        elif states[module] == "to install":
            cr.execute(
                "UPDATE ir_module_module SET demo = FALSE WHERE name = %s", [module]
            )
