#!/usr/bin/env python3
# pylint: disable=print-used
"""Render every cc XLSX and PDF report through Odoo's read-only report route.

Run against a server started with ``--db_replica_host/--db_replica_port`` on a
streaming hot standby (``./setup/load --reports`` does it). The report route
(``/report/<converter>/<reportname>[/<docids>]``) is declared ``readonly``: Odoo
runs it on a cursor of the replica, and a write there fails with
``ReadOnlySqlTransaction`` and is retried on the primary with the warning
"retrying with a read/write cursor". Each report must therefore:

* answer 200 with a real file (``%PDF`` / XLSX zip) — on its printed records and,
  for XLSX reports, also without records for the period of a scheduled run;
* leave no such warning, nor any ERROR, in the server log while it renders;
* and the replica must have served the server (its pg_stat_activity lists the
  server's connections to the database).

Exits 1 when a report fails one of these.
"""

import argparse
import datetime
import http.cookiejar
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

READ_WRITE_RETRY = "retrying with a read/write cursor"
NO_REPLICA = "Failed to open a readonly cursor"
MAGIC = {"pdf": b"%PDF", "xlsx": b"PK"}


class Session:
    def __init__(self, url, db, login, password, timeout):
        host = urllib.parse.urlparse(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"refusing {url}: loopback servers only")
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        result = self.json(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        if not result.get("uid"):
            raise SystemExit(f"cannot log in as {login}")
        self.company_id = result["user_companies"]["current_company"]

    def json(self, path, params):
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "params": params}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=self.timeout) as response:
            body = json.loads(response.read())
        if "error" in body:
            raise SystemExit(f"{path}: {body['error']['data']['message']}")
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.json(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        try:
            with self.opener.open(self.url + path, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


class Log:
    """What the server logged since the last look."""

    def __init__(self, path):
        self.path = path
        self.offset = self._size()

    def _size(self):
        with open(self.path, "rb") as log:
            log.seek(0, 2)
            return log.tell()

    def new_lines(self):
        time.sleep(0.3)  # the worker logs its request line after the response
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            text = log.read().decode(errors="replace")
            self.offset = log.tell()
        return text


def render(session, log, path, converter, label):
    """Render one report; return what went wrong, or an empty string."""
    start = time.perf_counter()
    status, body = session.get(path)
    elapsed = time.perf_counter() - start
    logged = log.new_lines()
    problems = []
    if status != 200:
        problems.append(f"HTTP {status}: {body[:300]!r}")
    elif not body.startswith(MAGIC[converter]):
        problems.append(f"not a {converter} file: {body[:120]!r}")
    if READ_WRITE_RETRY in logged:
        problems.append("wrote during rendering (retried on the primary)")
    if NO_REPLICA in logged:
        problems.append("no replica cursor")
    errors = [line for line in logged.splitlines() if " ERROR " in line]
    if errors:
        problems.append("logged " + errors[0][:300])
    if not problems:
        print(f"ok   {label} {converter} {len(body)} bytes {elapsed:.2f}s")
        return ""
    print(f"FAIL {label}: {'; '.join(problems)}")
    for line in logged.splitlines():
        if READ_WRITE_RETRY in line or " ERROR " in line or "Traceback" in line:
            print(f"    {line[:400]}")
    return "; ".join(problems)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--log", required=True, help="the server's log file")
    parser.add_argument("--replica-port", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args()

    session = Session(args.url, args.db, "admin", "admin", args.timeout)
    log = Log(args.log)
    reports = session.call(
        "ir.actions.report",
        "search_read",
        [("report_name", "=like", "cc%"), ("report_type", "in", ["qweb-pdf", "xlsx"])],
        fields=["name", "report_name", "report_type", "model"],
        order="report_name",
    )
    company_id = session.company_id
    today = datetime.date.today()
    period = {
        "date_from": (today.replace(day=1) - datetime.timedelta(days=365)).isoformat(),
        "date_to": today.isoformat(),
        "company_id": company_id,
    }
    failures = []
    rendered = 0
    for report in reports:
        converter = "pdf" if report["report_type"] == "qweb-pdf" else "xlsx"
        ids = session.call(report["model"], "search", [], limit=1, order="id desc")
        paths = []
        if ids:
            paths.append(f"/report/{converter}/{report['report_name']}/{ids[0]}")
        if converter == "xlsx":
            options = urllib.parse.quote(json.dumps(period))
            paths.append(f"/report/xlsx/{report['report_name']}?options={options}")
        if not paths:
            print(f"SKIP {report['report_name']}: no {report['model']} record to print")
            continue
        for path in paths:
            label = report["report_name"] + (
                " (period)" if "?" in path else f" #{ids[0]}"
            )
            problem = render(session, log, path, converter, label)
            if problem:
                failures.append(f"{label}: {problem}")
            else:
                rendered += 1

    import psycopg2  # noqa: PLC0415 - from the server's virtualenv

    with (
        psycopg2.connect(
            host="127.0.0.1", port=args.replica_port, user="odoo", dbname="postgres"
        ) as conn,
        conn.cursor() as cr,
    ):
        cr.execute("SELECT pg_is_in_recovery()")
        standby = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            " AND application_name LIKE 'odoo-%%'",
            (args.db,),
        )
        connections = cr.fetchone()[0]
    print(
        f"replica on port {args.replica_port}: standby={standby}, "
        f"server connections={connections}"
    )
    if not standby:
        failures.append("the replica is not a hot standby")
    if not connections:
        failures.append("the server never read from the replica")
    print(
        f"{rendered} renderings through the read-only route, {len(failures)} failures"
    )
    if not rendered:
        failures.append("no report rendered")
    if failures:
        print("FAILED")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
