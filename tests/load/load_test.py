#!/usr/bin/env python3
# pylint: disable=print-used
"""Concurrent load over JSON-RPC against a multi-worker server (loopback only).

Three scenarios, each bounded in count and in time:

* walk-ins: rounds of 20 arrivals registered at once through the reception
  desk's wizard (``cc.sales.office.walkin.action_confirm``) by the five present
  salespeople of the fixture's showroom; after each round every salesperson
  finishes their reception (``action_finish_reception``);
* claim registrations across a month change: bursts of draft claims registered
  at once by the GM office (``cc.claim.action_register``); before each burst the
  claim sequence's range of the current month is removed (what the sequence looks
  like on the first of a month) and the month's earlier claims are renamed out of
  the way, so every burst draws the first numbers of a "new" month concurrently;
* double-clicked credit notes: ``action_create_allowance_credit_note`` sent
  2-3 times at once per claim in execution.

Prints throughput, p50/p95 latency and errors by kind per scenario, then the
invariants: duplicate turns 0, duplicate claim numbers 0, duplicate credit notes
0. Exits 1 when an invariant is broken (or a scenario could not run at all).

Usage (``./setup/load`` starts the server and passes these):
    load_test.py --url http://127.0.0.1:PORT --db DB --fixtures JSON [--short]
"""

import argparse
import collections
import concurrent.futures
import itertools
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

WALKINS_PER_ROUND = 20
ADMIN = ("admin", "admin")


class RpcError(Exception):
    def __init__(self, kind, message):
        super().__init__(f"{kind}: {message}")
        self.kind = kind


class Client:
    """Stateless JSON-RPC (``/jsonrpc``, service ``object``) client."""

    def __init__(self, url, db, timeout):
        host = urllib.parse.urlparse(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"refusing to load {url}: loopback servers only")
        self.url = url.rstrip("/") + "/jsonrpc"
        self.db = db
        self.timeout = timeout
        self._uids = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def _post(self, service, method, args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self._ids),
            "params": {"service": service, "method": method, "args": args},
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise RpcError(f"HTTP {error.code}", error.reason) from error
        except (TimeoutError, urllib.error.URLError, ConnectionError) as error:
            raise RpcError(type(error).__name__, str(error)) from error
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcError(
                data.get("name") or body["error"].get("message", "error"),
                (data.get("message") or "").splitlines()[0][:200]
                if data.get("message")
                else "",
            )
        return body["result"]

    def uid(self, login, password):
        with self._lock:
            if login not in self._uids:
                uid = self._post("common", "login", [self.db, login, password])
                if not uid:
                    raise SystemExit(f"cannot log in as {login}")
                self._uids[login] = uid
            return self._uids[login]

    def call(self, user, model, method, *args, **kwargs):
        login, password = user
        return self._post(
            "object",
            "execute_kw",
            [
                self.db,
                self.uid(login, password),
                password,
                model,
                method,
                list(args),
                kwargs,
            ],
        )


class Stats:
    """Latencies and errors of one scenario."""

    def __init__(self, name):
        self.name = name
        self.latencies = []
        self.errors = collections.Counter()
        self.samples = {}
        self.ops = 0
        self.wall = 0.0
        self._lock = threading.Lock()

    def timed(self, func, *args):
        start = time.perf_counter()
        try:
            result = func(*args)
        except RpcError as error:
            with self._lock:
                self.errors[error.kind] += 1
                self.samples.setdefault(error.kind, str(error))
            return None
        with self._lock:
            self.latencies.append(time.perf_counter() - start)
            self.ops += 1
        return result

    def report(self):
        lat = sorted(self.latencies)

        def pct(p):
            return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] * 1000

        line = f"{self.name}: ops={self.ops} errors={sum(self.errors.values())}"
        if lat:
            line += (
                f" throughput={self.ops / self.wall:.1f}/s"
                f" p50={pct(50):.0f}ms p95={pct(95):.0f}ms"
                f" mean={statistics.mean(lat) * 1000:.0f}ms"
            )
        print(line)
        for kind, count in self.errors.most_common():
            print(f"  error {kind} x{count}: {self.samples[kind]}")


def run_concurrently(stats, tasks, workers):
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda task: stats.timed(*task), tasks))
    stats.wall += time.perf_counter() - start
    return results


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------
def walk_ins(client, fixtures, rounds, deadline, stamp):
    stats = Stats("walk-ins (wizard create + action_confirm)")
    finish = Stats("finish receptions")
    office = fixtures["office_id"]
    desks = [(login, login) for login in fixtures["salespeople"]]
    duplicates = 0
    assigned_total = 0

    def walk_in(desk, name, mobile):
        wizard = client.call(
            desk,
            "cc.sales.office.walkin",
            "create",
            {"office_id": office, "visitor_name": name, "mobile": mobile},
        )
        return client.call(desk, "cc.sales.office.walkin", "action_confirm", [wizard])

    def finish_mine(desk):
        lines = client.call(
            desk,
            "cc.sales.office.rota.line",
            "search",
            [
                ("rota_id.office_id", "=", office),
                ("user_id.login", "=", desk[0]),
                ("status", "=", "busy"),
            ],
        )
        if lines:
            client.call(
                desk, "cc.sales.office.rota.line", "action_finish_reception", lines
            )
        return True

    for round_no in range(rounds):
        if time.monotonic() > deadline:
            print(f"walk-ins: time budget reached after {round_no} rounds")
            break
        mobiles = [
            f"13{stamp:05d}{round_no:02d}{index:02d}"
            for index in range(WALKINS_PER_ROUND)
        ]
        tasks = [
            (
                walk_in,
                desks[index % len(desks)],
                f"Load visitor {stamp}-{round_no}-{index}",
                mobile,
            )
            for index, mobile in enumerate(mobiles)
        ]
        run_concurrently(stats, tasks, WALKINS_PER_ROUND)
        arrivals = client.call(
            ADMIN,
            "cc.visitor.assignment",
            "search_read",
            [("office_id", "=", office), ("mobile", "in", mobiles)],
            fields=["user_id", "state", "turn_counted"],
        )
        receiving = collections.Counter(
            arrival["user_id"][0]
            for arrival in arrivals
            if arrival["user_id"] and arrival["state"] == "receiving"
        )
        turns = collections.Counter(
            arrival["user_id"][0]
            for arrival in arrivals
            if arrival["user_id"] and arrival["turn_counted"]
        )
        # a salesperson receives one visitor at a time; in a round that starts
        # with everybody free, a turn is handed to each of them at most once
        duplicates += sum(count - 1 for count in receiving.values() if count > 1)
        duplicates += sum(count - 1 for count in turns.values() if count > 1)
        assigned_total += sum(receiving.values())
        run_concurrently(finish, [(finish_mine, desk) for desk in desks], len(desks))
    stats.report()
    finish.report()
    print(f"walk-ins: {assigned_total} arrivals received, the others left unassigned")
    return stats, duplicates


def claim_registrations(client, fixtures, burst, deadline):
    stats = Stats("claim registrations (action_register)")
    pending = list(fixtures["draft_claim_ids"])
    sequence = fixtures["claim_sequence_id"]
    registered = distinct = duplicates = burst_no = 0
    since = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 3 * 86400))
    while pending:
        if time.monotonic() > deadline:
            print(f"claims: time budget reached after {burst_no} bursts")
            break
        batch, pending = pending[:burst], pending[burst:]
        # the first of a month: no range yet for the current month, so the
        # burst creates it concurrently (cc_customer_comm's ir.sequence)
        recent = client.call(
            ADMIN,
            "ir.sequence.date_range",
            "search",
            [("sequence_id", "=", sequence), ("date_to", ">=", since)],
        )
        if recent:
            client.call(ADMIN, "ir.sequence.date_range", "unlink", recent)
        # the GM office registers from desks in UTC-12 and UTC+14: near the
        # turn of a month, the two halves draw numbers of two different months
        tasks = [
            (
                lambda claim_id, tz: client.call(
                    ADMIN, "cc.claim", "action_register", [claim_id], context={"tz": tz}
                ),
                claim_id,
                "Etc/GMT+12" if index % 2 else "Etc/GMT-14",
            )
            for index, claim_id in enumerate(batch)
        ]
        run_concurrently(stats, tasks, len(batch))
        # the range restarted at 1: numbers are compared within the burst
        claims = client.call(ADMIN, "cc.claim", "read", batch, ["name", "state"])
        numbers = collections.Counter(
            claim["name"] for claim in claims if claim["state"] != "draft"
        )
        duplicates += sum(count - 1 for count in numbers.values() if count > 1)
        registered += sum(numbers.values())
        distinct += len(numbers)
        burst_no += 1
    stats.report()
    print(f"claims: {registered} registered, {distinct} distinct numbers per burst")
    return stats, duplicates


def credit_notes(client, fixtures, deadline):
    stats = Stats("credit-note clicks (action_create_allowance_credit_note)")
    duplicates = 0
    missing = 0
    for index, claim_id in enumerate(fixtures["credit_claim_ids"]):
        if time.monotonic() > deadline:
            print(f"credit notes: time budget reached after {index} claims")
            break
        clicks = 2 + index % 2
        tasks = [
            (
                lambda cid: client.call(
                    ADMIN, "cc.claim", "action_create_allowance_credit_note", [cid]
                ),
                claim_id,
            )
        ] * clicks
        run_concurrently(stats, tasks, clicks)
        count = client.call(
            ADMIN,
            "account.move",
            "search_count",
            [
                ("cc_claim_id", "=", claim_id),
                ("move_type", "=", "out_refund"),
                ("state", "!=", "cancel"),
            ],
        )
        duplicates += max(0, count - 1)
        missing += count == 0
    stats.report()
    if missing:
        print(f"credit notes: {missing} claims got no credit note")
    return stats, duplicates


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--fixtures", required=True, help="JSON printed by fixtures.py")
    parser.add_argument("--short", action="store_true", help="CI size: a minute or two")
    parser.add_argument(
        "--rounds", type=int, help="walk-in rounds (default 3 short, 10)"
    )
    parser.add_argument("--claim-burst", type=int, default=10)
    parser.add_argument(
        "--max-seconds", type=float, help="time budget (120 short, 600)"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="per request")
    args = parser.parse_args()
    rounds = min(args.rounds or (3 if args.short else 10), 99)
    budget = args.max_seconds or (120.0 if args.short else 600.0)
    fixtures = json.loads(args.fixtures)
    client = Client(args.url, args.db, args.timeout)
    stamp = random.SystemRandom().randrange(10000, 99999)
    start = time.monotonic()

    def deadline(share):
        return start + budget * share

    walk_stats, dup_turns = walk_ins(client, fixtures, rounds, deadline(0.5), stamp)
    claim_stats, dup_numbers = claim_registrations(
        client, fixtures, args.claim_burst, deadline(0.8)
    )
    credit_stats, dup_notes = credit_notes(client, fixtures, deadline(1.0))
    elapsed = time.monotonic() - start
    total = walk_stats.ops + claim_stats.ops + credit_stats.ops
    print(f"total: {total} operations in {elapsed:.1f}s ({total / elapsed:.1f}/s)")
    invariants = {
        "duplicate turns": dup_turns,
        "duplicate claim numbers": dup_numbers,
        "duplicate credit notes": dup_notes,
    }
    for name, value in invariants.items():
        print(f"invariant {name}: {value}")
    failed = [name for name, value in invariants.items() if value]
    for stats in (walk_stats, claim_stats, credit_stats):
        if not stats.ops:
            failed.append(f"{stats.name}: no operation succeeded")
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
