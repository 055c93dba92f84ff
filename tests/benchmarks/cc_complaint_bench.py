# pylint: disable=print-used
"""Volume benchmark of cc_complaint: statistics XLSX, overdue cron, claim form read.

Usage (Odoo on PYTHONPATH, e.g. after ``source setup/lib.sh && cc_bootstrap``)::

    python tests/benchmarks/cc_complaint_bench.py -c <odoo.conf> -d <db> \
        [--steps 10000,100000]

The database must have ``cc_complaint`` installed (with or without demo data).
The script builds its data in one transaction and rolls it back at the end, so
the database is left as it was.

Claims are written with SQL ``INSERT ... SELECT generate_series`` (one line per
claim, one responsibility line per closed claim, one open stage-log line per
open claim): the point is to measure the report and the cron, not the ORM's
create. For each volume step (claims in total) it prints:

* the monthly statistics XLSX (客诉案件统计表) for the previous month, as the
  report schedule renders it: wall time, SQL queries, rows, file size;
* the daily overdue cron (``cc.claim._cron_cc_claim_deadlines``), called the
  way the scheduler calls it, again while it reports remaining work: a first
  run that flags the newly overdue claims (one reminder activity each, one
  bounded batch per call; the calls are counted) and a run the next time the
  job is due the same day (steady state), wall time and SQL queries;
* the claim form read (``web_read`` with the form view's fields): SQL queries;
* peak RSS.
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
    parser.add_argument(
        "--steps", default="10000,100000", help="claims in total per step"
    )
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    steps = [int(step) for step in args.steps.split(",")]
    print(f"database {args.database}: steps {steps}")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            run(env, steps)
        finally:
            cr.rollback()
            print("rolled back: the database is unchanged")


def setup_base(env):
    company = env.ref("base.main_company")
    partners = env["res.partner"].create(
        [{"name": f"Bench Claim Customer {i}", "is_company": True} for i in range(200)]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench Part {i}",
                "type": "consu",
                "standard_price": 10 + i,
                "list_price": 20 + i,
            }
            for i in range(50)
        ]
    )
    departments = env["hr.department"].create(
        [{"name": f"Bench Dept {i}", "company_id": company.id} for i in range(8)]
    )
    causes = env["cc.claim.cause"].search([("company_id", "=", company.id)])
    if not causes:
        causes = env["cc.claim.cause"].create(
            [{"name": "Bench cause", "company_id": company.id}]
        )
    users = env["res.users"].search([("share", "=", False)], limit=5)
    env.flush_all()
    return company, partners, products, departments, causes, users


def insert_claims(env, base, start, count):
    """Claims ``start+1 .. start+count``: 40% closed last month, the rest open
    in various stages, half of them past their deadline."""
    company, partners, products, departments, causes, users = base
    cr = env.cr
    today = date.today()
    first = today.replace(day=1)
    last_month_start = (first - timedelta(days=1)).replace(day=1)
    cr.execute(
        """
        INSERT INTO cc_claim (
            name, company_id, currency_id, partner_id, commercial_partner_id, user_id,
            market, channel, date_claim, date_registered, date_closed, state,
            claim_type, severity, cause_id, amount_total, loss_amount, handling_days,
            closed_late, deadline, is_overdue, validation_status, qa_user_id,
            create_date, write_date, create_uid, write_uid)
        SELECT 'B' || lpad(g::text, 7, '0'), %(company)s, %(currency)s,
               p.partner_id, p.partner_id, (%(users)s)[1 + g %% array_length(%(users)s, 1)],
               CASE WHEN g %% 5 = 0 THEN 'foreign' ELSE 'domestic' END, 'phone',
               %(lm_start)s + (g %% 28), %(lm_start)s + (g %% 28),
               CASE WHEN g %% 5 < 2 THEN %(lm_start)s + (g %% 28) + 10 END,
               (ARRAY['done','rejected','registered','investigation','countermeasure',
                      'proposal','negotiation','execution'])[
                    CASE WHEN g %% 5 < 2 THEN 1 + g %% 2 ELSE 3 + g %% 6 END],
               CASE WHEN g %% 3 = 0 THEN 'non_quality' ELSE 'quality' END,
               (ARRAY['general','major','critical'])[1 + g %% 3],
               (%(causes)s)[1 + g %% array_length(%(causes)s, 1)],
               (g %% 97) * 100, (g %% 89) * 70, CASE WHEN g %% 5 < 2 THEN 10 ELSE 0 END,
               g %% 7 = 0,
               CASE WHEN g %% 2 = 0 THEN %(today)s - 3 ELSE %(today)s + 10 END,
               FALSE, 'no', (%(users)s)[1 + (g + 1) %% array_length(%(users)s, 1)],
               now(), now(), 1, 1
          FROM generate_series(%(start)s, %(stop)s) g
          JOIN (SELECT row_number() OVER () - 1 AS rn, id AS partner_id
                  FROM res_partner WHERE id = ANY(%(partners)s)) p
            ON p.rn = g %% %(npartners)s
        """,
        {
            "company": company.id,
            "currency": company.currency_id.id,
            "users": users.ids,
            "causes": causes.ids,
            "partners": partners.ids,
            "npartners": len(partners),
            "lm_start": last_month_start,
            "today": today,
            "start": start + 1,
            "stop": start + count,
        },
    )
    cr.execute(
        """
        INSERT INTO cc_claim_line (
            claim_id, sequence, company_id, currency_id, product_id, shipped_qty,
            defect_qty, defect_rate, requested_action, requested_qty, price_unit,
            unit_cost, disposition, approved_qty, amount, loss_amount,
            create_date, write_date, create_uid, write_uid)
        SELECT c.id, 10, c.company_id, c.currency_id,
               (%(products)s)[1 + c.id %% array_length(%(products)s, 1)],
               100, 1 + c.id %% 20, 1 + c.id %% 20, 'return', 1 + c.id %% 20, 25, 15,
               'return', 1 + c.id %% 20, (1 + c.id %% 20) * 25, (1 + c.id %% 20) * 15,
               now(), now(), 1, 1
          FROM cc_claim c
         WHERE c.name >= %(first)s AND c.name <= %(last)s
        """,
        {
            "products": base[2].ids,
            "first": f"B{start + 1:07d}",
            "last": f"B{start + count:07d}",
        },
    )
    cr.execute(
        """
        INSERT INTO cc_claim_responsibility (
            claim_id, company_id, currency_id, department_id, ratio, loss_share,
            penalty_amount, sanction, decision, create_date, write_date, create_uid,
            write_uid)
        SELECT c.id, c.company_id, c.currency_id,
               (%(departments)s)[1 + c.id %% array_length(%(departments)s, 1)],
               100, c.loss_amount, c.loss_amount * 0.05, 'none', 'tracked', now(), now(),
               1, 1
          FROM cc_claim c
         WHERE c.name >= %(first)s AND c.name <= %(last)s AND c.state IN ('done', 'rejected')
        """,
        {
            "departments": base[3].ids,
            "first": f"B{start + 1:07d}",
            "last": f"B{start + count:07d}",
        },
    )
    cr.execute(
        """
        INSERT INTO cc_claim_stage_log (
            claim_id, company_id, stage, date_in, user_id, responsible_id, department,
            deadline, overdue_days, is_overdue, duration_days,
            create_date, write_date, create_uid, write_uid)
        SELECT c.id, c.company_id, c.state, now() - interval '5 days', 1, c.user_id,
               'sales', %(today)s - (c.id %% 4), 0, FALSE, 0, now(), now(), 1, 1
          FROM cc_claim c
         WHERE c.name >= %(first)s AND c.name <= %(last)s
           AND c.state NOT IN ('done', 'rejected', 'cancel')
        """,
        {
            "today": date.today(),
            "first": f"B{start + 1:07d}",
            "last": f"B{start + count:07d}",
        },
    )
    env.invalidate_all()


def measure(env, label, func):
    cr = env.cr
    env.flush_all()
    env.invalidate_all()
    queries = cr.sql_log_count
    t0 = time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - t0
    queries = cr.sql_log_count - queries
    print(
        f"  {label}: {elapsed * 1000:.0f} ms, {queries} queries, peak RSS {peak_rss_mb():.0f} MB"  # noqa: E501
    )
    return result


def run_like_scheduler(env, method):
    """Call a batched cron method again while it reports remaining work to
    ``ir.cron._notify_progress`` (as the scheduler does, without the commits);
    return the number of calls."""
    Cron = type(env["ir.cron"])
    reported = []

    def notify(self, *, done, remaining, deactivate=False):
        reported.append((done, remaining))

    calls = 0
    with patch.object(Cron, "_notify_progress", notify):
        while True:
            reported.clear()
            method()
            calls += 1
            if not any(done and remaining for done, remaining in reported):
                return calls


def run(env, steps):
    base = setup_base(env)
    company = base[0]
    report = env.ref("cc_complaint.cc_claim_statistics_xlsx_report")
    today = date.today()
    first = today.replace(day=1)
    data = {
        "date_from": str((first - timedelta(days=1)).replace(day=1)),
        "date_to": str(first - timedelta(days=1)),
        "company_id": company.id,
    }
    done = 0
    for total in steps:
        t0 = time.perf_counter()
        insert_claims(env, base, done, total - done)
        done = total
        print(
            f"{total} claims (+lines, responsibility, stage logs) inserted in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        content = measure(
            env,
            "monthly statistics XLSX (previous month)",
            lambda: report._render_xlsx(report.report_name, [], data=data)[0],
        )
        closed = env["cc.claim"].search_count(
            [
                ("state", "in", ("done", "rejected")),
                ("date_closed", ">=", data["date_from"]),
                ("date_closed", "<=", data["date_to"]),
            ]
        )
        print(
            f"    {closed} closed claims in the period, file {len(content) / 1024:.0f} KiB"  # noqa: E501
        )
        Claim = env["cc.claim"]
        calls = measure(
            env,
            "overdue cron, first run (flags newly overdue, one activity each)",
            lambda cron=Claim._cron_cc_claim_deadlines: run_like_scheduler(env, cron),
        )
        print(f"    {calls} scheduler calls (bounded batches)")
        overdue = Claim.search_count([("is_overdue", "=", True)])
        print(f"    {overdue} claims overdue")
        measure(
            env,
            "overdue cron, second run the same day (steady state)",
            lambda cron=Claim._cron_cc_claim_deadlines: run_like_scheduler(env, cron),
        )
        claim = Claim.search([("state", "=", "done")], limit=1)
        views = Claim.get_views([(False, "form")])
        spec = form_spec(env, views["models"], "cc.claim")
        measure(
            env,
            f"claim form web_read ({len(spec)} fields)",
            lambda claim=claim, spec=spec: claim.web_read(spec),
        )


def form_spec(env, models_fields, model, depth=0):
    """web_read specification of a form: many2one with display names, x2many
    with the sub-fields the form shows."""
    spec = {}
    names = models_fields[model]
    if isinstance(names, dict):
        names = names.get("fields", names)
    for name in names:
        field = env[model]._fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif (
            field.type in ("one2many", "many2many")
            and depth == 0
            and (field.comodel_name in models_fields)
        ):
            spec[name] = {
                "fields": form_spec(env, models_fields, field.comodel_name, 1)
            }
        else:
            spec[name] = {}
    return spec


if __name__ == "__main__":
    main()
