"""Benchmark of the showroom round-robin reception (cc_sales_office).

1,000 walk-ins across 10 salespeople, three of whom step out and back at
random: time and SQL queries per assignment, and the fairness spread (max - min
rota turns among the always-present salespeople). Everything runs in one
transaction that is rolled back at the end.

The walk-in is measured against the bare records it writes, in the same run
and with the same cold cache: a visitor create and an arrival create (plain
ORM creates, nothing else). Printed as ``ratio=`` lines.

    python tests/benchmarks/cc_sales_office_bench.py -c odoo.conf -d DB [--arrivals N]
"""

import argparse
import random
import statistics
import time as timer
from datetime import datetime, time, timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--arrivals", type=int, default=1000)
    parser.add_argument("--salespeople", type=int, default=10)
    parser.add_argument(
        "--flaky", type=int, default=3, help="salespeople with random absences"
    )
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    rng = random.Random(args.seed)
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        try:
            run(env, args, rng)
        finally:
            cr.rollback()


def run(env, args, rng):
    users = env["res.users"].create(
        [
            {
                "name": f"Bench seller {i:02d}",
                "login": f"cc_so_bench_{i:02d}",
                "tz": "UTC",
            }
            for i in range(args.salespeople)
        ]
    )
    employees = env["hr.employee"].create(
        [{"name": u.name, "user_id": u.id} for u in users]
    )
    office = env["cc.sales.office"].create(
        {"name": "Bench Showroom", "salesperson_ids": [fields.Command.set(users.ids)]}
    )
    start = datetime.combine(fields.Date.context_today(office), time.min)
    env["hr.attendance"].create(
        [
            {"employee_id": employee.id, "check_in": start + timedelta(seconds=rank)}
            for rank, employee in enumerate(employees, start=1)
        ]
    )
    rota = env["cc.sales.office.rota"]._cc_lock(office)._cc_sync_attendance()
    flaky = users[: args.flaky]
    steady = users - flaky
    Line = env["cc.sales.office.rota.line"]

    # baseline: the plain registration underneath (one cc.visitor create)
    base_times, base_queries = [], []
    for i in range(100):
        q0, t0 = env.cr.sql_log_count, timer.perf_counter()
        env["cc.visitor"].create(
            {
                "name": f"Base {i}",
                "mobile": f"1370000{i:04d}",
                "office_id": office.id,
                "user_id": users[0].id,
            }
        )
        env.flush_all()
        base_times.append(timer.perf_counter() - t0)
        base_queries.append(env.cr.sql_log_count - q0)

    # baseline 2: the same two records a walk-in writes (visitor + arrival),
    # plain ORM creates without lock, attendance refresh, rules or decision;
    # measured from a cold cache right before each walk-in below
    Arrival = env["cc.visitor.assignment"].with_context(
        mail_create_nolog=True,
        mail_create_nosubscribe=True,
        mail_auto_subscribe_no_notify=True,
    )
    Visitor = env["cc.visitor"].with_context(
        mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True
    )
    pair_times, pair_queries = [], []

    def bare_pair(i):
        visitor = Visitor.create(
            {
                "name": f"Pair {i}",
                "mobile": f"1350000{i:04d}",
                "office_id": office.id,
                "user_id": users[1].id,
            }
        )
        Arrival.create(
            {
                "office_id": office.id,
                "rota_id": rota.id,
                "user_id": users[1].id,
                "rule": "rota",
                "visitor_id": visitor.id,
                "visitor_name": f"Pair {i}",
                "mobile": f"1350000{i:04d}",
                # done: not an open reception for the walk-ins' duplicate check
                "state": "done",
            }
        )

    times, queries, finishing = [], [], []
    unassigned = 0
    for number in range(args.arrivals):
        # receptions end after 1-4 further arrivals
        due = [item for item in finishing if item[0] <= number]
        for item in due:
            finishing.remove(item)
            line = Line.search([("rota_id", "=", rota.id), ("user_id", "=", item[1])])
            if line.status == "busy":
                line.action_finish_reception()
        # random absences of the flaky salespeople
        for user in flaky:
            if rng.random() < 0.1:
                line = Line.search(
                    [("rota_id", "=", rota.id), ("user_id", "=", user.id)]
                )
                if line.status == "available":
                    line.action_step_out()
                elif line.status == "away":
                    line.action_back()
        # the bare pair and the walk-in back to back, each from a cold cache:
        # both see the same machine load
        env.flush_all()
        env.invalidate_all()
        q0, t0 = env.cr.sql_log_count, timer.perf_counter()
        bare_pair(number)
        env.flush_all()
        pair_times.append(timer.perf_counter() - t0)
        pair_queries.append(env.cr.sql_log_count - q0)
        env.invalidate_all()
        q0, t0 = env.cr.sql_log_count, timer.perf_counter()
        arrival = office._cc_walk_in(
            visitor_name=f"Visitor {number}", mobile=f"1360000{number:04d}"
        )
        env.flush_all()
        times.append(timer.perf_counter() - t0)
        queries.append(env.cr.sql_log_count - q0)
        if arrival.user_id:
            finishing.append((number + rng.randint(1, 4), arrival.user_id.id))
        else:
            unassigned += 1

    lines = rota.line_ids
    turns = {line.user_id: line.turns_taken for line in lines}
    steady_turns = [turns[user] for user in steady]
    arrivals = env["cc.visitor.assignment"].search([("rota_id", "=", rota.id)])
    skipped = sum(len(a.skipped_user_ids) for a in arrivals)
    print(
        f"walk-ins: {args.arrivals} over {args.salespeople} salespeople "
        f"({args.flaky} with random absences)"
    )
    print(
        f"time per assignment: mean {statistics.mean(times) * 1000:.1f} ms, "
        f"median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms"
    )
    print(
        f"queries per assignment: mean {statistics.mean(queries):.1f}, "
        f"min {min(queries)}, max {max(queries)}"
    )
    print(
        f"baseline cc.visitor create: {statistics.mean(base_times) * 1000:.1f} ms, "
        f"{statistics.mean(base_queries):.1f} queries"
    )
    pair_time, pair_query = statistics.mean(pair_times), statistics.mean(pair_queries)
    print(
        f"baseline arrival + visitor create (no lock, no decision): "
        f"{pair_time * 1000:.1f} ms, {pair_query:.1f} queries"
    )
    print(
        f"ratio=walk_in_queries {statistics.mean(queries) / pair_query:.2f} "
        f"({statistics.mean(queries):.1f} / {pair_query:.1f} queries, "
        "walk-in vs bare visitor + arrival create)"
    )
    print(
        f"ratio=walk_in_time {statistics.mean(times) / pair_time:.2f} "
        f"({statistics.mean(times) * 1000:.1f} / {pair_time * 1000:.1f} ms, "
        "walk-in vs bare visitor + arrival create)"
    )
    print(f"unassigned arrivals: {unassigned}; skipped turns logged: {skipped}")
    print(
        f"turns of always-present salespeople: {sorted(steady_turns)} "
        f"→ fairness spread (max - min) {max(steady_turns) - min(steady_turns)}"
    )
    print(f"turns of salespeople with absences: {sorted(turns[u] for u in flaky)}")


if __name__ == "__main__":
    main()
