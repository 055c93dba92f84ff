from odoo.tools import SQL


def drop_restricting_foreign_keys(env, module):
    """Uninstall hook helper: drop the RESTRICT / NO ACTION foreign keys of the
    tables of ``module``'s own models.

    Uninstalling deletes the records having an XML id of the module (data and
    demo: users, offices, claims, sale orders ...) before dropping its tables.
    Rows of those tables without an XML id (visitors, rota lines, commission
    lines, penalty notices ...) still point at them through required (hence
    RESTRICT) many2ones, so the deletions fail with SQL errors in the log and
    the records are left behind. The tables are dropped right after, so their
    foreign keys can go first.
    """
    tables = sorted(
        model._table
        for model in env.registry.values()
        if model._original_module == module and model._auto and not model._abstract
    )
    if not tables:
        return
    env.cr.execute(
        SQL(
            """SELECT cl.relname, con.conname FROM pg_constraint con
                 JOIN pg_class cl ON cl.oid = con.conrelid
                WHERE con.contype = 'f' AND con.confdeltype IN ('r', 'a')
                  AND cl.relname IN %s""",
            tuple(tables),
        )
    )
    for table, constraint in env.cr.fetchall():
        env.cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )


def uninstall_hook(env):
    drop_restricting_foreign_keys(env, "cc_customer_comm")
