"""pytest plugin and report of ./setup/odoo-core (not a test module).

As a plugin (``pytest -p odoo_core_plugin``, with setup/ on PYTHONPATH):
  - deselects what this step does not run, the same way in every database:
    test classes without Odoo's ``standard`` tag, and browser tests (HttpCase
    methods calling ``start_tour`` or ``browser_js``: another CI step runs the
    browsers);
  - records each test's outcome and the SQL queries it cost
    (``odoo.sql_db.sql_counter``, class set-up included) and writes them as JSON
    to $ODOO_CORE_RESULT.

As a script: ``python odoo_core_plugin.py report BASELINE RESULT`` prints the
comparison table and exits 1 on a regression (a test passing in the baseline
that fails or is missing with the suite) or on a query ratio above the limit
for the flows the suite hooks into.
"""

import inspect
import json
import os
import sys
import time
from pathlib import Path

import pytest

# suites whose query total may grow by at most this much with the cc modules
QUERY_LIMIT = 1.03
QUERY_CHECKED = ("sale_stock", "stock_account", "account", "sale_management")
# Tests that assume a database without business data of their app: they fail in
# any company database that uses the app, and with the suite's demo data. Listed
# (by name, in whatever file) with the reason, printed, not counted.
DATA_DEPENDENT = {
    "test_fsm_order_default_team": "deletes every field-service team, which fails "
    "once field-service orders use them (the after-sales demo dispatches do)",
}


# --------------------------------------------------------------------- plugin
def _module_and_file(path):
    parts = Path(path).parts
    if "tests" in parts:
        i = len(parts) - 1 - parts[::-1].index("tests")
        return parts[i - 1], "/".join(parts[i + 1 :])
    return "?", Path(path).name


def _test_id(item):
    module, file = _module_and_file(item.path)
    cls = item.cls.__name__ + "::" if item.cls else ""
    return module, f"{module}/{file}::{cls}{item.name}"


def _is_browser_test(item):
    from odoo.tests import HttpCase

    if not (item.cls and issubclass(item.cls, HttpCase)):
        return False
    func = getattr(item.cls, getattr(item, "originalname", None) or item.name, None)
    try:
        source = inspect.getsource(func)
    except (TypeError, OSError):
        return False
    return "start_tour(" in source or "browser_js(" in source


def pytest_collection_modifyitems(session, config, items):
    keep, drop = [], []
    for item in items:
        tags = getattr(item.cls, "test_tags", None) if item.cls else None
        if tags is not None and "standard" not in tags:
            drop.append(item)
        elif _is_browser_test(item):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


class _Recorder:
    def __init__(self):
        self.tests = {}
        self.suites = {}
        self.errors = {}
        self.ids = {}

    def suite(self, module):
        return self.suites.setdefault(
            module, {"queries": 0, "seconds": 0.0, "tests": 0}
        )

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        from odoo import sql_db

        module, test_id = _test_id(item)
        self.ids[item.nodeid] = test_id
        before, start = sql_db.sql_counter, time.monotonic()
        yield
        suite = self.suite(module)
        suite["queries"] += sql_db.sql_counter - before
        suite["seconds"] += time.monotonic() - start
        suite["tests"] += 1

    def pytest_runtest_logreport(self, report):
        item_id = self.ids.get(report.nodeid)
        if item_id is None:
            return
        current = self.tests.get(item_id)
        if report.failed:
            outcome = "failed"
            text = report.longreprtext or ""
            self.errors.setdefault(item_id, f"[{report.when}] " + _head(text))
        elif report.skipped:
            outcome = "skipped"
        else:
            outcome = "passed"
        # the worst phase wins: failed > skipped > passed
        rank = {"passed": 0, "skipped": 1, "failed": 2}
        if current is None or rank[outcome] > rank[current]:
            self.tests[item_id] = outcome

    def pytest_collectreport(self, report):
        if report.failed:
            module, file = _module_and_file(report.fspath)
            self.errors[f"{module}/{file}"] = "[collect] " + _head(
                report.longreprtext or ""
            )

    def pytest_sessionfinish(self, session):
        out = os.environ.get("ODOO_CORE_RESULT")
        if not out:
            return
        for suite in self.suites.values():
            suite["seconds"] = round(suite["seconds"], 1)
        Path(out).write_text(
            json.dumps(
                {"suites": self.suites, "tests": self.tests, "errors": self.errors},
                indent=1,
                sort_keys=True,
            )
            + "\n"
        )


def _head(text, lines=25):
    """The end of a traceback: where it failed and the exception."""
    rows = [r for r in text.splitlines() if r.strip()]
    return "\n".join(rows[-lines:])


def pytest_configure(config):
    config.pluginmanager.register(_Recorder(), "odoo_core_recorder")


# --------------------------------------------------------------------- report
def _counts(tests, module):
    c = {"passed": 0, "failed": 0, "skipped": 0}
    for test_id, outcome in tests.items():
        if test_id.split("/", 1)[0] == module:
            c[outcome] += 1
    return c


def report(baseline_path, result_path):
    base = json.loads(Path(baseline_path).read_text())
    cur = json.loads(Path(result_path).read_text())
    modules = sorted(set(base["suites"]) | set(cur["suites"]))
    head = (
        f"{'suite':<22}{'passed':>14}{'failed':>12}{'skipped':>12}"
        f"{'queries':>22}{'ratio':>8}{'sec':>11}"
    )
    print("\nOdoo tests without / with the cc modules (without | with)")
    print(head)
    print("-" * len(head))
    over = []
    for m in modules:
        b, c = _counts(base["tests"], m), _counts(cur["tests"], m)
        bq = base["suites"].get(m, {}).get("queries", 0)
        cq = cur["suites"].get(m, {}).get("queries", 0)
        ratio = cq / bq if bq else float("nan")
        flag = ""
        if m in QUERY_CHECKED and bq and ratio > QUERY_LIMIT:
            over.append((m, ratio))
            flag = " !"
        bs = base["suites"].get(m, {}).get("seconds", 0)
        cs = cur["suites"].get(m, {}).get("seconds", 0)
        print(
            f"{m:<22}"
            f"{b['passed']:>6} | {c['passed']:<5}"
            f"{b['failed']:>4} | {c['failed']:<5}"
            f"{b['skipped']:>4} | {c['skipped']:<5}"
            f"{bq:>10} | {cq:<9}{ratio:>6.3f}{flag:<2}"
            f"{bs:>5.0f} | {cs:<4.0f}"
        )
    bt = sum(s.get("queries", 0) for s in base["suites"].values())
    ct = sum(s.get("queries", 0) for s in cur["suites"].values())
    print("-" * len(head))
    print(f"{'all suites':<22}{'':>38}{bt:>10} | {ct:<9}{(ct / bt if bt else 0):>6.3f}")

    regressed = sorted(
        t
        for t, outcome in base["tests"].items()
        if outcome == "passed"
        and cur["tests"].get(t, "missing") in ("failed", "missing")
    )
    data_dependent = [t for t in regressed if t.rsplit("::", 1)[-1] in DATA_DEPENDENT]
    regressed = [t for t in regressed if t not in data_dependent]
    if data_dependent:
        print(
            f"\nfailing with the suite's demo data ({len(data_dependent)}, not counted):"
        )
        for t in data_dependent:
            print(f"  {t}: {DATA_DEPENDENT[t.rsplit('::', 1)[-1]]}")
    both = sorted(
        t
        for t, outcome in base["tests"].items()
        if outcome == "failed" and cur["tests"].get(t) == "failed"
    )
    new_fail = sorted(
        t for t, o in cur["tests"].items() if o == "failed" and t not in base["tests"]
    )
    if both:
        print(f"\nfailing without the suite too ({len(both)}, not counted):")
        for t in both:
            print(f"  {t}")
    if new_fail:
        print(f"\nfailing, not in the baseline ({len(new_fail)}, not counted):")
        for t in new_fail:
            print(f"  {t}")
    if cur.get("errors") and any(k for k in cur["errors"] if "::" not in k):
        print("\ncollection errors:")
        for k, v in cur["errors"].items():
            if "::" not in k:
                print(f"  {k}\n    " + v.replace("\n", "\n    "))
    rc = 0
    if regressed:
        rc = 1
        print(
            "\nREGRESSIONS: passing without the cc modules, failing with them "
            f"({len(regressed)}):"
        )
        for t in regressed:
            print(f"  {t} ({cur['tests'].get(t, 'missing')})")
            err = cur.get("errors", {}).get(t)
            if err:
                print("    " + err.replace("\n", "\n    "))
    if over:
        rc = 1
        for m, ratio in over:
            print(
                f"\nQUERIES: {m} runs {ratio:.3f}x the queries it runs without the "
                f"cc modules (limit {QUERY_LIMIT})"
            )
    if rc == 0:
        print(
            f"\nno regression; query ratios within {QUERY_LIMIT} for "
            + ", ".join(QUERY_CHECKED)
        )
    return rc


def write_baseline(result_path, baseline_path, meta):
    cur = json.loads(Path(result_path).read_text())
    data = {
        "_about": "Odoo's own tests without the cc modules: written by "
        "./setup/test --odoo-core --refresh-baseline, compared with by "
        "./setup/test --odoo-core",
        "meta": json.loads(meta),
        "suites": cur["suites"],
        "tests": cur["tests"],
    }
    Path(baseline_path).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    n = _counts
    for m in sorted(cur["suites"]):
        c = n(cur["tests"], m)
        print(
            f"{m:<22} passed {c['passed']:>4}  failed {c['failed']:>3}  "
            f"skipped {c['skipped']:>3}  queries {cur['suites'][m]['queries']:>9}"
        )
    failed = sorted(t for t, o in cur["tests"].items() if o == "failed")
    if failed:
        print(f"\nfailing without the cc modules ({len(failed)}):")
        for t in failed:
            print(f"  {t}")
            err = cur.get("errors", {}).get(t)
            if err:
                print("    " + "\n    ".join(err.splitlines()[-3:]))
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "report":
        sys.exit(report(sys.argv[2], sys.argv[3]))
    if len(sys.argv) >= 5 and sys.argv[1] == "baseline":
        sys.exit(write_baseline(sys.argv[2], sys.argv[3], sys.argv[4]))
    sys.exit(
        "usage: odoo_core_plugin.py report BASELINE RESULT"
        " | baseline RESULT OUT META"
    )
