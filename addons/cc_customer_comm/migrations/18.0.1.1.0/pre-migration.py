from odoo.tools import SQL, sql


def migrate(cr, version):
    """18.0.1.1.0: report schedules render as their owner ("Run As",
    ``cc_report_schedule.user_id``, required).

    The schedules of an older database get their creator as owner, when the
    creator is still an active internal user: the report they receive stays
    the one its creator set up. The column is made here, before the module's
    models are loaded, so that Odoo only gives its default (the
    administrator) to the schedules left without owner.
    """
    if not version or not sql.table_exists(cr, "cc_report_schedule"):
        return
    if sql.column_exists(cr, "cc_report_schedule", "user_id"):
        return
    sql.create_column(cr, "cc_report_schedule", "user_id", "int4")
    cr.execute(
        SQL(
            """
            UPDATE cc_report_schedule schedule
               SET user_id = schedule.create_uid
              FROM res_users users
             WHERE users.id = schedule.create_uid
               AND users.active
               AND NOT users.share
            """
        )
    )
