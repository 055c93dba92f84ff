# pylint: disable=print-used
"""Volume benchmark of cc_customer_comm: class re-evaluation and monthly summary XLSX.

Usage (Odoo on PYTHONPATH, e.g. after ``source setup/lib.sh && cc_bootstrap``)::

    python tests/benchmarks/cc_customer_comm_bench.py -c <odoo.conf> -d <db> \
        [--partners 10000] [--communications 100000] [--invoices 20000]

The database must have ``cc_customer_comm`` installed (with or without demo data)
and its main company must have class rules (the module ships them). The script
builds its data in one transaction and rolls it back at the end, so the database
is left as it was.

Volume data is written with SQL ``INSERT ... SELECT generate_series`` (partners,
posted customer invoice headers, communications): the point is to measure the
cron and the report, not the ORM's create. Invoice headers carry
``amount_untaxed_signed``, which is all the re-evaluation reads.

Printed figures:
* re-evaluation of all customer classes (``res.partner._cron_cc_evaluate_classes``,
  called again while it reports remaining customers, as the scheduler does: one
  batch of ``cc_customer_comm.cron_batch_size`` customers, 1,000 by default, per
  call) on its first run, when every customer changes class, against its floor in the
  same run: Odoo's batch ``write`` of the same class values plus Odoo's batch
  chatter logging (``_message_log_batch``) of the same notes; wall time (best of
  ``--repeat`` runs each, each rolled back) and SQL queries
  (``cursor.sql_log_count``), and a ``ratio=`` line;
* a second re-evaluation, when nothing changes (the month's markers cleared,
  so that every customer is evaluated again);
* monthly communication and visit summary XLSX over all communications: wall time,
  SQL queries, file size, against its floor: raw xlsxwriter writing the same
  register rows (one SQL query, ``write_row``) into a workbook, with a
  ``ratio=`` line;
* peak RSS of the process (``resource.getrusage``) after each step.
"""

import argparse
import resource
import time
from datetime import date, timedelta
from unittest.mock import patch


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--partners", type=int, default=10000)
    parser.add_argument("--communications", type=int, default=100000)
    parser.add_argument("--invoices", type=int, default=20000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs of the re-evaluation and of its bare floor (best kept)",
    )
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    print(
        f"database {args.database}: {args.partners} partners, "
        f"{args.communications} communications, {args.invoices} invoices"
    )
    print(f"peak RSS at start: {peak_rss_mb():.0f} MB")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            run(env, args)
        finally:
            cr.rollback()
            print("rolled back: the database is unchanged")


def build_data(env, args):
    cr = env.cr
    company = env.ref("base.main_company")
    today = date.today()
    t0 = time.perf_counter()
    cr.execute(
        """
        INSERT INTO res_partner (
            name, complete_name, is_company, active, type, customer_rank, supplier_rank,
            company_id, lang, autopost_bills, create_date, write_date, create_uid,
            write_uid)
        SELECT 'Bench Customer ' || g, 'Bench Customer ' || g, TRUE, TRUE, 'contact',
               1, 0, NULL, 'en_US', 'ask', now(), now(), 1, 1
          FROM generate_series(1, %s) g
        RETURNING id
        """,
        [args.partners],
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        [partner_ids],
    )
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    if not journal:
        # no chart of accounts (database without demo data): a bare sales
        # journal is enough, the invoices are SQL headers and are rolled back
        journal = env["account.journal"].create(
            {
                "name": "Bench Sales",
                "code": "BSAL",
                "type": "sale",
                "company_id": company.id,
            }
        )
    # posted invoice headers spread over the last 18 months, amounts 0..200k;
    # one in ten is a refund
    cr.execute(
        """
        INSERT INTO account_move (
            name, move_type, state, date, invoice_date, journal_id, company_id,
            currency_id, partner_id, commercial_partner_id, amount_untaxed_signed,
            amount_total_signed, auto_post, create_date, write_date, create_uid,
            write_uid)
        SELECT 'BENCH/' || g,
               CASE WHEN g %% 10 = 0 THEN 'out_refund' ELSE 'out_invoice' END,
               'posted', d, d, %(journal)s, %(company)s, %(currency)s, p, p,
               CASE WHEN g %% 10 = 0 THEN -1 ELSE 1 END * ((g * 7919) %% 200000),
               CASE WHEN g %% 10 = 0 THEN -1 ELSE 1 END * ((g * 7919) %% 200000),
               'no', now(), now(), 1, 1
          FROM generate_series(1, %(count)s) g,
               LATERAL (SELECT (%(partners)s)[1 + (g %% %(npartners)s)] AS p,
                               %(today)s::date - ((g * 37) %% 540) AS d) x
        """,
        {
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "count": args.invoices,
            "partners": partner_ids,
            "npartners": len(partner_ids),
            "today": today,
        },
    )
    departments = env["cc.communication.department"].search(
        [("company_id", "=", company.id)]
    ).ids or [None]
    cr.execute(
        """
        INSERT INTO cc_communication (
            name, partner_id, company_id, date, channel, direction, stage, topic,
            summary, user_id, department_id, state, deadline, is_overdue,
            create_date, write_date, create_uid, write_uid)
        SELECT 'BENCH-' || g,
               (%(partners)s)[1 + (g %% %(npartners)s)],
               %(company)s,
               %(start)s::timestamp
                   + ((g %% 28) || ' days')::interval
                   + ((g %% 9) || ' hours')::interval,
               (ARRAY['phone','email','fax','visit','exhibition','online',
                      'letter'])[1 + g %% 7],
               (ARRAY['in','out'])[1 + g %% 2],
               (ARRAY['pre_sale','in_sale','after_sale',
                      'contract_service'])[1 + g %% 4],
               (ARRAY['inquiry','sample','order_confirmation','delivery_change',
                      'shipment_reconfirmation','quality_feedback','suggestion',
                      'complaint','other'])[1 + g %% 9],
               'Benchmark communication ' || g,
               2,
               (%(departments)s)[1 + (g %% %(ndepartments)s)],
               (ARRAY['draft','routed','answered','verified','cancel'])[1 + g %% 5],
               %(start)s::date + (g %% 30),
               g %% 13 = 0,
               now(), now(), 1, 1
          FROM generate_series(1, %(count)s) g
        """,
        {
            "partners": partner_ids,
            "npartners": len(partner_ids),
            "company": company.id,
            "start": today.replace(day=1) - timedelta(days=28),
            "count": args.communications,
            "departments": departments,
            "ndepartments": len(departments),
        },
    )
    cr.execute("ANALYZE res_partner; ANALYZE account_move; ANALYZE cc_communication")
    print(f"data built by SQL INSERT in {time.perf_counter() - t0:.1f} s")
    return company, today


def measure(env, label, func, quiet=False):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries
    if not quiet:
        print(
            f"{label}: {elapsed:.2f} s, {queries} SQL queries, "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )
    return result, elapsed, queries


def bare_class_write(env, company, changes, revenue_of):
    """The floor of a re-evaluation that changes ``changes``: Odoo's batch
    ``write`` of the same class values (one per class, in the same chunks)
    and Odoo's batch chatter logging (``_message_log_batch``) of the same
    notes, nothing else."""
    from odoo.tools import split_every

    Partner = (
        env["res.partner"].sudo().with_context(active_test=False, tracking_disable=True)
    )
    batch = Partner._cc_write_batch_size
    by_class = {}
    for partner_id, (_old, new) in changes.items():
        by_class.setdefault(new, []).append(partner_id)
    for new, ids in by_class.items():
        for chunk in split_every(batch, ids):
            Partner.browse(chunk).write({"cc_class_computed": new})
    currency = company.currency_id

    def label(partner_class):
        return partner_class.upper() if partner_class else "none"

    bodies = {
        partner_id: (
            f"Customer class evaluated: {label(old)} → {label(new)} "
            f"(12-month revenue {currency.round(revenue_of.get(partner_id, 0.0))} "
            f"{currency.name}, rules of {company.name})."
        )
        for partner_id, (old, new) in changes.items()
    }
    for chunk in split_every(batch, list(bodies)):
        Partner.browse(chunk)._message_log_batch(
            {partner_id: bodies[partner_id] for partner_id in chunk}
        )


def run_like_scheduler(env, method):
    """Call a batched cron method again while it reports remaining work to
    ``ir.cron._notify_progress`` (as the scheduler does, without the commits);
    return the result of each call."""
    Cron = type(env["ir.cron"])
    reported = []
    results = []

    def notify(self, *, done, remaining, deactivate=False):
        reported.append((done, remaining))

    with patch.object(Cron, "_notify_progress", notify):
        while True:
            reported.clear()
            results.append(method())
            if not any(done and remaining for done, remaining in reported):
                return results


def evaluate_all(env, Partner, today):
    """Every customer's class evaluated, call after call: ``{partner_id:
    (old, new)}`` of the changes, and the number of calls."""
    changes = {}
    results = run_like_scheduler(
        env, lambda: Partner._cron_cc_evaluate_classes(today=today)
    )
    for result in results:
        changes.update(result)
    return changes, len(results)


def compare(env, label, run_suite, run_bare, repeat):
    """Run the suite's operation and its bare floor ``repeat`` times each,
    alternately, each in a savepoint rolled back; print the best times and
    the ratio."""
    best = {"suite": (float("inf"), 0), "bare": (float("inf"), 0)}
    result = None
    for _i in range(repeat):
        for key, func in (("suite", run_suite), ("bare", run_bare)):
            with env.cr.savepoint(flush=False) as savepoint:
                res, elapsed, queries = measure(env, label, func, quiet=True)
                env.flush_all()
                savepoint.rollback()
            env.invalidate_all()
            env.registry.clear_cache()
            if key == "suite":
                result = res
            if elapsed < best[key][0]:
                best[key] = (elapsed, queries)
    (suite_t, suite_q), (bare_t, bare_q) = best["suite"], best["bare"]
    print(f"{label}: suite {suite_t:.2f} s, {suite_q} SQL queries")
    print(f"{label}: bare  {bare_t:.2f} s, {bare_q} SQL queries")
    print(
        f"ratio={suite_t / bare_t:.2f} time, {suite_q / max(bare_q, 1):.2f} queries "
        f"({label} vs bare batch write + _message_log_batch)"
    )
    return result


def bare_register_xlsx(env, company, data):
    """The floor of the summary: the register's rows (communications of the
    period with customer, responsible and department names) read with one SQL
    query and written by raw xlsxwriter, one ``write_row`` per row."""
    import io

    import xlsxwriter

    env.cr.execute(
        """
        SELECT c.name, c.date, p.complete_name, c.channel, c.direction, c.stage,
               c.topic, up.name, d.name->>'en_US', c.deadline, c.state,
               c.is_overdue
          FROM cc_communication c
          JOIN res_partner p ON p.id = c.partner_id
     LEFT JOIN res_users u ON u.id = c.user_id
     LEFT JOIN res_partner up ON up.id = u.partner_id
     LEFT JOIN cc_communication_department d ON d.id = c.department_id
         WHERE c.company_id = %s AND c.date >= %s AND c.date < %s::date + 1
      ORDER BY c.date, c.id
        """,
        [company.id, data["date_from"], data["date_to"]],
    )
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for row, values in enumerate(env.cr.fetchall()):
        sheet.write_row(row, 0, values)
        sheet.write_datetime(row, 1, values[1], date_format)
    workbook.close()
    return output.getvalue()


def run(env, args):
    company, today = build_data(env, args)
    Partner = env["res.partner"].with_company(company)
    # the changes and revenue of a first run, to give the bare floor the same
    # class values and notes
    with env.cr.savepoint(flush=False) as savepoint:
        changes, calls = evaluate_all(env, Partner, today)
        env.flush_all()
        savepoint.rollback()
    env.invalidate_all()
    revenue_of = Partner._cc_revenue_by_partner(company, today)
    print(
        f"  classes changed by a first run: {len(changes)} in {calls} scheduler calls"
    )
    compare(
        env,
        "class re-evaluation, first run (every customer changes class)",
        lambda: evaluate_all(env, Partner, today)[0],
        lambda: bare_class_write(env, company, changes, revenue_of),
        args.repeat,
    )
    # keep a first run, then measure a second one that changes nothing
    measure(
        env,
        "class re-evaluation, first run (kept)",
        lambda: evaluate_all(env, Partner, today)[0],
    )
    # the month's markers cleared: every customer is evaluated again
    env.flush_all()
    env.cr.execute("UPDATE res_partner SET cc_last_evaluation_date = NULL")
    env.invalidate_all()
    changes, _elapsed, _queries = measure(
        env,
        "class re-evaluation, second run (nothing changes)",
        lambda: evaluate_all(env, Partner, today)[0],
    )
    print(f"  classes changed: {len(changes)}")
    data = {
        "date_from": str(today - timedelta(days=62)),
        "date_to": str(today),
        "company_id": company.id,
    }
    (content, _fmt), elapsed, queries = measure(
        env,
        f"monthly summary XLSX ({args.communications} communications in the period)",
        lambda: env["ir.actions.report"]
        .with_company(company)
        ._render_xlsx("cc_customer_comm.monthly_summary", [], data),
    )
    print(f"  XLSX size: {len(content) / 1024:.0f} KiB")
    bare, bare_elapsed, bare_queries = measure(
        env,
        "bare register XLSX (one SQL query, raw xlsxwriter write_row)",
        lambda: bare_register_xlsx(env, company, data),
    )
    print(f"  XLSX size: {len(bare) / 1024:.0f} KiB")
    print(
        f"ratio={elapsed / bare_elapsed:.2f} time, "
        f"{queries / max(bare_queries, 1):.2f} queries "
        "(monthly summary XLSX vs raw xlsxwriter of the same register rows)"
    )
    print(f"peak RSS at end: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
