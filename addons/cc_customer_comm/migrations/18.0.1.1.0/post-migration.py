from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """18.0.1.1.0: visit-report score scales of the paper form (quality six
    grades, service six), stored answers of the removed grades moved; visit
    plans approved by the salesperson's team leader instead of any manager."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["cc.visit.report"]._cc_migrate_removed_grades()
    env["cc.visit.plan"]._cc_migrate_team_leader_tier()
