# pylint: disable=print-used
"""Volume benchmark of the service stations' monthly labour-fee settlement.

Usage (Odoo on PYTHONPATH, e.g. after ``source setup/lib.sh && cc_bootstrap``)::

    python tests/benchmarks/cc_station_settlement_bench.py -c <odoo.conf> -d <db> \
        [--stations 200] [--months 12] [--orders 100]

The database must have ``cc_after_sales`` installed (with or without demo
data). The script builds its data in one transaction and rolls it back at the
end, so the database is left as it was.

Stations and their contract rates are created through the ORM; one station
work order too, signed and accepted. The volume (stations × months × orders
per month, 240,000 work orders by default) is cloned from it with SQL
``INSERT ... SELECT generate_series``: one in twenty rejected, one in fifty
not reviewed, one in a hundred without a signed receipt, repairs and
commissionings alternating. Then one month of one station is settled (its
work orders locked, the lines computed, the draft vendor bill created, the
work orders marked) and printed against the bare Odoo operation underneath:
creating a vendor bill with the same lines directly. The same month of a
station with twice the work orders shows that the query count does not
grow with the number of work orders.
"""

import argparse
import resource
import time
from datetime import date, datetime


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--orders", type=int, default=100, help="per month")
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    print(
        f"database {args.database}: {args.stations} stations x {args.months} "
        f"months x {args.orders} work orders"
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        try:
            run(env, args)
        finally:
            cr.rollback()
            print("rolled back: the database is unchanged")


def setup_base(env, args):
    company = env.ref("base.main_company")
    stations = env["res.partner"].create(
        [
            {
                "name": f"Bench Service Station {i}",
                "is_company": True,
                "cc_is_service_station": True,
            }
            for i in range(args.stations + 1)
        ]
    )
    env["cc.service.station.rate"].create(
        [
            {
                "station_id": station.id,
                "service_type": service_type,
                "amount": amount + (index % 7) * 5,
                "date_from": date(2000, 1, 1),
            }
            for index, station in enumerate(stations)
            for service_type, amount in (("repair", 80.0), ("commissioning", 260.0))
        ]
    )
    location = env["fsm.location"]._cc_for_partner(stations[0])
    moment = datetime(2026, 1, 5, 4, 0)
    order = env["fsm.order"].create(
        {
            "cc_station_id": stations[0].id,
            "cc_station_customer": "Bench Customer",
            "cc_service_type": "repair",
            "location_id": location.id,
            "date_end": moment,
            "signed_by": "Bench Customer",
            "signed_on": moment,
        }
    )
    order.action_cc_station_accept()
    env.flush_all()
    return company, stations, order


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


def insert_orders(env, stations, order, args, per_station=None):
    """``per_station`` work orders a month for each of ``stations``."""
    per_month = per_station or args.orders
    per_year = per_month * args.months
    # g - 1 = station index * per_year + month index * per_month + n
    index = "((g - 1) / %(per_year)s)"
    month = "(((g - 1) / %(per_month)s) %% %(months)s)"
    day = "(1 + (g %% 28))"
    work_date = f"(date '2026-01-01' + ({month} || ' months')::interval + (({day} - 1) || ' days')::interval)"  # noqa: E501
    return clone(
        env,
        "fsm_order",
        order.id,
        len(stations) * per_year,
        {
            "name": "'WOB' || lpad(g::text, 7, '0') || %(suffix)s",
            "access_token": "NULL",
            "cc_station_id": f"(%(stations)s)[1 + {index}]",
            "cc_service_type": "(CASE WHEN g %% 3 = 0 THEN 'commissioning' ELSE 'repair' END)",  # noqa: E501
            "cc_station_review": "(CASE WHEN g %% 20 = 0 THEN 'rejected' "
            "WHEN g %% 50 = 1 THEN 'pending' ELSE 'accepted' END)",
            "cc_station_review_reason": "(CASE WHEN g %% 20 = 0 THEN 'Bench' END)",
            "cc_receipt_signed": "(g %% 100 != 7)",
            "cc_station_work_date": f"({work_date})::date",
            "date_end": f"({work_date}) + interval '4 hours'",
            "signed_on": f"({work_date}) + interval '4 hours'",
            "scheduled_date_start": f"({work_date}) + interval '2 hours'",
        },
        {
            "stations": stations.ids,
            "per_year": per_year,
            "per_month": per_month,
            "months": args.months,
            "suffix": f"-{per_month}",
        },
    )


def measure(env, label, func, repeat=3):
    """Best of ``repeat`` runs, each in a savepoint rolled back afterwards;
    returns ``(result summary, seconds, queries)``."""
    cr = env.cr
    best = None
    summary = None
    for _attempt in range(repeat):
        env.flush_all()
        env.invalidate_all()
        with cr.savepoint(flush=False) as savepoint:
            queries = cr.sql_log_count
            t0 = time.perf_counter()
            summary = func()
            env.flush_all()
            elapsed = time.perf_counter() - t0
            queries = cr.sql_log_count - queries
            savepoint.rollback()
        env.invalidate_all()
        best = elapsed if best is None else min(best, elapsed)
    print(
        f"  {label}: {best * 1000:.0f} ms, {queries} queries, "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    return summary, best, queries


def ratio(label, measured, baseline):
    print(
        f"  ratio={measured[1] / baseline[1]:.2f} time, "
        f"ratio={measured[2] / max(baseline[2], 1):.2f} queries "
        f"({label}: {measured[2]} / {baseline[2]} queries)"
    )


def settle_and_compare(env, station, month):
    Settlement = env["cc.station.settlement"]
    Order = env["fsm.order"]
    domain = [
        ("cc_station_id", "=", station.id),
        ("cc_station_work_date", ">=", month),
        ("cc_station_work_date", "<", month.replace(month=month.month + 1)),
    ]
    total = Order.search_count(domain)
    billable = Order.search_count(
        domain
        + [("cc_station_review", "=", "accepted"), ("cc_receipt_signed", "=", True)]
    )
    print(f"{station.name}, {month:%Y-%m}: {total} work orders, {billable} billable")

    def settle():
        settlement = Settlement._cc_settle(station, month)
        return len(settlement.bill_id.invoice_line_ids), settlement.amount_total

    # the same bill's values, prepared by a settlement rolled back: the bare
    # operation is creating exactly that vendor bill
    with env.cr.savepoint(flush=True) as savepoint:
        probe = Settlement.create({"station_id": station.id, "date_from": month})
        orders = Settlement._cc_lock_orders(station, month, probe.company_id)
        lines = probe._cc_line_values(orders)
        bill_values = probe._cc_bill_values(
            [v for v in lines if v["reason"] == "included"]
        )
        env.flush_all()
        savepoint.rollback()
    env.invalidate_all()

    def bare_bill():
        bill = env["account.move"].create(bill_values)
        return len(bill.invoice_line_ids), bill.amount_untaxed

    baseline = measure(
        env, f"bare: vendor bill with {billable} lines (account.move create)", bare_bill
    )
    result = measure(env, "settlement (lock, lines, bill, mark work orders)", settle)
    print(f"    bill lines {result[0][0]}, labour fee {result[0][1]:.2f}")
    ratio("settlement / bare vendor bill", result, baseline)
    print(f"    settlement's own queries: {result[2] - baseline[2]}")
    return result, baseline


def run(env, args):
    company, stations, order = setup_base(env, args)
    del company
    t0 = time.perf_counter()
    ids = insert_orders(env, stations[: args.stations], order, args)
    # one more station with twice the work orders a month
    ids += insert_orders(env, stations[args.stations :], order, args, args.orders * 2)
    env.cr.execute("ANALYZE fsm_order")
    env.invalidate_all()
    print(f"{len(ids)} work orders inserted in {time.perf_counter() - t0:.1f} s")
    month = date(2026, 6, 1)
    normal = settle_and_compare(env, stations[args.stations // 2], month)
    double = settle_and_compare(env, stations[args.stations], month)
    own = [run[0][2] - run[1][2] for run in (normal, double)]
    print(
        f"  → settlement's own queries (above the bare bill) with {args.orders} vs "
        f"{args.orders * 2} work orders a month: {own[0]} vs {own[1]}"
    )
    print(f"peak RSS at end: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
