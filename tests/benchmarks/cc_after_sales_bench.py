# pylint: disable=print-used
"""Volume benchmark of cc_after_sales: service-request create, appraisal XLSX,
response-target cron, an engineer's "My Dispatches Today" list.

Usage (Odoo on PYTHONPATH, e.g. after ``source setup/lib.sh && cc_bootstrap``)::

    python tests/benchmarks/cc_after_sales_bench.py -c <odoo.conf> -d <db> \
        [--requests 50000] [--dispatches 20000]

The database must have ``cc_after_sales`` installed (with or without demo
data). The script builds its data in one transaction and rolls it back at the
end, so the database is left as it was.

One request and one dispatch are created through the ORM; the volume is
cloned from them with SQL ``INSERT ... SELECT generate_series`` (the point is
to measure the report, the cron and the list, not the ORM's create): requests
over the previous and the current month in every state, one in fifty still
unanswered past its target; dispatches linked to the requests and to five
engineers, one in ten scheduled today. Each figure is printed with a bare Odoo
operation underneath it, measured in the same run, and the ratio:

* a hotline service request created through the suite (numbering, response
  target in working hours, chatter, followers), one at a time as the hotline
  does, against the bare ORM create of the same row (``BaseModel.create``
  with the number given: no override of the suite or of mail runs);
* monthly appraisal XLSX (previous month) against one ``_read_group`` of the
  same requests per engineer;
* hourly response-target cron (``_cron_cc_service_deadlines``): first run
  (flags the late requests, one reminder activity each, manager digest)
  against searching the late requests and writing the flag; second run
  (steady state);
* "My Dispatches Today" as an engineer (``web_search_read`` with the list
  view's fields, the action's domain and its default filters) against the
  same read as superuser (no record rules).
"""

import argparse
import resource
import time
from datetime import date, datetime, timedelta


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--requests", type=int, default=50000)
    parser.add_argument("--dispatches", type=int, default=20000)
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    print(
        f"database {args.database}: {args.requests} requests, "
        f"{args.dispatches} dispatches"
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        try:
            run(env, args)
        finally:
            cr.rollback()
            print("rolled back: the database is unchanged")


def setup_base(env):
    from odoo import Command

    company = env.ref("base.main_company")
    group = env.ref("cc_after_sales.group_cc_as_engineer")
    engineers = env["res.users"].create(
        [
            {
                "name": f"Bench Engineer {i}",
                "login": f"cc_as_bench_{i}",
                "email": f"cc_as_bench_{i}@example.com",
                "tz": "UTC",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.link(group.id)],
            }
            for i in range(5)
        ]
    )
    workers = env["fsm.person"].create(
        [{"partner_id": user.partner_id.id} for user in engineers]
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench Service Customer {i}", "is_company": True}
            for i in range(200)
        ]
    )
    request = env["cc.service.request"].create(
        {
            "partner_id": partners[0].id,
            "user_id": engineers[0].id,
            "company_id": company.id,
        }
    )
    order = env["fsm.order"].create(
        {
            "cc_request_id": request.id,
            "location_id": env["fsm.location"]._cc_for_partner(partners[0]).id,
            "person_id": workers[0].id,
            "cc_service_type": "repair",
            "scheduled_date_start": datetime.now().replace(microsecond=0),
        }
    )
    env.flush_all()
    return company, engineers, workers, partners, request, order


def clone(env, table, template_id, count, overrides, params):
    """Insert ``count`` copies of row ``template_id`` of ``table``, columns
    in ``overrides`` computed from ``g`` (1..count); returns the new ids."""
    cr = env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    select = ", ".join(overrides.get(col, f't."{col}"') for col in columns)
    cr.execute(
        f"""
        INSERT INTO "{table}" ({", ".join(f'"{col}"' for col in columns)})
        SELECT {select}
          FROM "{table}" t, generate_series(1, %(count)s) g
         WHERE t.id = %(template)s
         ORDER BY g
        RETURNING id
        """,  # noqa: S608 - table and columns come from the catalog
        dict(params, count=count, template=template_id),
    )
    return [row[0] for row in cr.fetchall()]


def insert_data(env, base, args):
    company, engineers, workers, partners, request, order = base
    today = date.today()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    now = datetime.now().replace(microsecond=0)
    t0 = time.perf_counter()
    # g % 50: 0 unanswered past target, 1-4 acknowledged, 5-9 in progress,
    # 10-14 in review, 15-19 waiting confirmation, 20-24 follow-up, rest closed
    state = """(CASE WHEN g %% 50 = 0 THEN 'new'
                     WHEN g %% 50 < 5 THEN 'acknowledged'
                     WHEN g %% 50 < 10 THEN 'in_progress'
                     WHEN g %% 50 < 15 THEN 'review'
                     WHEN g %% 50 < 20 THEN 'confirm'
                     WHEN g %% 50 < 25 THEN 'followup'
                     ELSE 'closed' END)"""
    received = "(%(start)s::timestamp + ((g %% 55) || ' days')::interval + ((g %% 9) || ' hours')::interval)"  # noqa: E501
    request_ids = clone(
        env,
        "cc_service_request",
        request.id,
        args.requests,
        {
            "name": "'SRB' || lpad(g::text, 7, '0')",
            "access_token": "NULL",
            "partner_id": "(%(partners)s)[1 + g %% array_length(%(partners)s, 1)]",
            "commercial_partner_id": "(%(partners)s)[1 + g %% array_length(%(partners)s, 1)]",  # noqa: E501
            "user_id": "(%(users)s)[1 + g %% array_length(%(users)s, 1)]",
            "request_type": "(ARRAY['commissioning','repair','consultation',"
            "'interpretation','retest','other'])[1 + g %% 6]",
            "level": "(ARRAY['simple','general','complex'])[1 + g %% 3]",
            "state": state,
            "date_request": f"LEAST({received}, %(now)s::timestamp - interval '1 day')",
            "response_deadline": f"LEAST({received}, %(now)s::timestamp - interval '1 day') + interval '4 hours'",  # noqa: E501
            "responded_on": f"CASE WHEN g %% 50 = 0 THEN NULL ELSE LEAST({received}, %(now)s::timestamp - interval '1 day') + ((g %% 7) || ' hours')::interval END",  # noqa: E501
            "responded_in_time": "g %% 50 != 0 AND g %% 7 <= 4",
            "is_overdue": "FALSE",
            "followup_score": "CASE WHEN g %% 50 >= 25 THEN 1 + g %% 5 ELSE 0 END",
            "rehandle_count": "CASE WHEN g %% 11 = 0 THEN 1 ELSE 0 END",
            "first_time_fix": "g %% 50 >= 25 AND g %% 11 != 0",
            "review_verdict": "CASE WHEN g %% 50 >= 15 THEN (CASE WHEN g %% 13 = 0 THEN 'inaccurate' ELSE 'accurate' END) END",  # noqa: E501
            "closed_on": f"CASE WHEN g %% 50 >= 25 THEN LEAST({received}, %(now)s::timestamp - interval '1 day') + interval '3 days' END",  # noqa: E501
        },
        {
            "partners": partners.ids,
            "users": engineers.ids,
            "start": last_month,
            "now": now,
        },
    )
    order_ids = clone(
        env,
        "fsm_order",
        order.id,
        args.dispatches,
        {
            "name": "'FOB' || lpad(g::text, 7, '0')",
            "access_token": "NULL",
            "cc_request_id": "(%(requests)s)[g]",
            "person_id": "(%(workers)s)[1 + g %% array_length(%(workers)s, 1)]",
            "scheduled_date_start": "CASE WHEN g %% 10 = 0 THEN %(now)s::timestamp "
            "ELSE %(now)s::timestamp - ((1 + g %% 60) || ' days')::interval END",
        },
        {
            "requests": request_ids,
            "workers": workers.ids,
            "now": now.replace(hour=12, minute=0, second=0),
        },
    )
    env.cr.execute(
        """
        INSERT INTO cc_fsm_order_engineer_user_rel (order_id, user_id)
        SELECT o.id, (%(users)s)[1 + g %% array_length(%(users)s, 1)]
          FROM unnest(%(orders)s::int[]) WITH ORDINALITY AS o(id, g)
        """,
        {"orders": order_ids, "users": engineers.ids},
    )
    env.cr.execute("ANALYZE cc_service_request; ANALYZE fsm_order")
    env.invalidate_all()
    print(
        f"{len(request_ids)} requests and {len(order_ids)} dispatches inserted in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    return last_month, this_month - timedelta(days=1)


def measure(env, label, func, repeat=1):
    """Best of ``repeat`` runs, each in a savepoint rolled back except the
    last; returns ``(result, seconds, queries)``."""
    cr = env.cr
    best = None
    for attempt in range(repeat):
        env.flush_all()
        env.invalidate_all()
        queries = cr.sql_log_count
        t0 = time.perf_counter()
        result = func()
        env.flush_all()
        elapsed = time.perf_counter() - t0
        queries = cr.sql_log_count - queries
        best = elapsed if best is None else min(best, elapsed)
        del attempt
    print(
        f"  {label}: {best * 1000:.0f} ms, {queries} queries, "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    return result, best, queries


def ratio(label, measured, baseline):
    print(
        f"  ratio={measured[1] / baseline[1]:.2f} time, "
        f"ratio={measured[2] / max(baseline[2], 1):.2f} queries "
        f"({label}: {measured[2]} / {baseline[2]} queries)"
    )


def measure_creates(env, label, create, count):
    """``count`` single creates from a cold cache, each in a savepoint rolled
    back; returns ``(None, seconds per create, queries per create)``."""
    cr = env.cr
    total_time, total_queries = 0.0, 0
    for number in range(count):
        with cr.savepoint(flush=True) as savepoint:
            env.flush_all()
            env.invalidate_all()
            queries = cr.sql_log_count
            t0 = time.perf_counter()
            create(number)
            env.flush_all()
            total_time += time.perf_counter() - t0
            total_queries += cr.sql_log_count - queries
            savepoint.rollback()
    env.invalidate_all()
    per_time, per_queries = total_time / count, total_queries / count
    print(
        f"  {label}: {per_time * 1000:.1f} ms, {per_queries:.1f} queries per create "
        f"(mean of {count})"
    )
    return None, per_time, per_queries


def bench_request_create(env, company, engineers, partners, count=50):
    """Service-request create against the bare ORM create of the same row."""
    from odoo import models

    Request = env["cc.service.request"]
    print(f"service-request create: {count} hotline requests, one at a time")

    def values(number):
        return {
            "partner_id": partners[number % len(partners)].id,
            "channel": "hotline",
            "request_type": "repair",
            "user_id": engineers[0].id,
            "company_id": company.id,
        }

    def bare(number):
        models.BaseModel.create(
            env["cc.service.request"], [{**values(number), "name": f"BARE{number}"}]
        )

    baseline = measure_creates(
        env, "bare: BaseModel.create of the same row", bare, count
    )
    # Odoo's own after-sales document, created the same way: sequence,
    # chatter creation message, followers (creator and responsible)
    Repair = env["repair.order"].with_company(company)

    def repair(number):
        Repair.create(
            {
                "partner_id": partners[number % len(partners)].id,
                "user_id": engineers[0].id,
            }
        )

    core = measure_creates(
        env, "Odoo repair.order create (core document)", repair, count
    )
    suite = measure_creates(
        env, "service request create", lambda n: Request.create(values(n)), count
    )
    ratio("service-request create / bare create", suite, baseline)
    ratio("service-request create / Odoo repair.order create", suite, core)


def run(env, args):
    base = setup_base(env)
    company, engineers = base[0], base[1]
    date_from, date_to = insert_data(env, base, args)
    Request = env["cc.service.request"]

    # 0. service-request create
    bench_request_create(env, company, engineers, base[3])

    # 1. monthly appraisal XLSX
    report = env.ref("cc_after_sales.cc_service_appraisal_xlsx_report")
    data = {
        "date_from": str(date_from),
        "date_to": str(date_to),
        "company_id": company.id,
    }
    domain = [
        ("company_id", "=", company.id),
        ("date_request", ">=", str(date_from)),
        ("date_request", "<", str(date_to + timedelta(days=1))),
    ]
    in_period = Request.search_count(domain)
    print(f"appraisal XLSX, {date_from} to {date_to}: {in_period} requests")
    baseline = measure(
        env,
        "bare _read_group of the period's requests per engineer",
        lambda: Request._read_group(domain, ["user_id"], ["__count"]),
        repeat=3,
    )
    xlsx = measure(
        env,
        "appraisal XLSX",
        lambda: env["ir.actions.report"]._render_xlsx(report.report_name, [], data),
        repeat=3,
    )
    print(f"    file {len(xlsx[0][0]) / 1024:.0f} KiB")
    ratio("appraisal XLSX / bare read_group", xlsx, baseline)

    # 2. hourly response-target cron
    late_domain = [
        ("response_deadline", "<", datetime.now()),
        ("is_overdue", "=", False),
    ] + Request._cc_open_domain()
    print(f"response-target cron: {Request.search_count(late_domain)} requests late")

    def bare_flag():
        with env.cr.savepoint(flush=True) as savepoint:
            Request.search(late_domain).write({"is_overdue": True})
            env.flush_all()
            savepoint.rollback()
        env.invalidate_all()

    baseline = measure(
        env, "bare search of the late requests + write of the flag", bare_flag
    )
    first = measure(
        env,
        "cron, first run (flag, one activity each, manager digest)",
        Request._cron_cc_service_deadlines,
    )
    ratio("cron first run / bare search + write", first, baseline)
    measure(env, "cron, second run (steady state)", Request._cron_cc_service_deadlines)

    # 3. "My Dispatches Today" as an engineer
    action = env.ref("cc_after_sales.fsm_order_action_cc_today")
    view = env.ref("cc_after_sales.fsm_order_view_list_cc_today")
    Order = env["fsm.order"]
    views = Order.get_views([(view.id, "list")])
    fields_list = list(views["models"]["fsm.order"]["fields"])
    spec = {
        name: {"fields": {"display_name": {}}}
        if Order._fields[name].type == "many2one"
        else {}
        for name in fields_list
        if name in Order._fields
    }
    engineer = engineers[0]
    start = datetime.combine(date.today(), datetime.min.time())
    today_domain = [
        ("cc_engineer_user_ids", "in", [engineer.id]),  # the action's domain
        ("scheduled_date_start", ">=", start),  # default filter "Today"
        ("scheduled_date_start", "<", start + timedelta(days=1)),
        ("is_closed", "=", False),  # default filter "Not Completed"
    ]
    del action
    as_engineer = Order.with_user(engineer).with_context(tz="UTC")
    listed = measure(
        env,
        f"engineer's list ({len(spec)} fields, web_search_read)",
        lambda: as_engineer.web_search_read(
            today_domain, spec, limit=80, order="scheduled_date_start"
        ),
        repeat=3,
    )
    print(f"    {listed[0]['length']} dispatches today for {engineer.name}")
    bare = measure(
        env,
        "bare: same read as superuser (no record rules)",
        lambda: Order.web_search_read(
            today_domain, spec, limit=80, order="scheduled_date_start"
        ),
        repeat=3,
    )
    ratio("engineer's list / bare read", listed, bare)
    print(f"peak RSS at end: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
