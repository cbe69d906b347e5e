"""Measure compiling the district's monthly report over a large generated case table.

Run: .venv/bin/python benchmarks/bench_monthly_report.py [--cases 20000] [--runs 5]
It builds a throw-away SQLite installation in a temporary folder. With DATABASE_URL set it uses
that database instead, which must be an empty PostgreSQL database. It loads the district's
agencies and bulk-inserts ``--cases`` cases spread evenly over the agencies and over eight
years (2018 to 2025). Each case has one current decision step of its kind: a summary or
ordinary penalty with a fine, a licensing decision, an inspection result or a coercive
measure. Four in five cases are closed within 60 days.

Then it times ``compile_figures`` for every agency over June 2022 (the median of ``--runs``
runs after one warm-up) against one hand-written SQL aggregate over the same rows: cases opened
and closed by agency, and current decision steps with their fine total by agency. It checks
that both give the same district totals and prints seconds and their ratio. Nothing is
asserted.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal

os.environ["ZHIFA_DATA_DIR"] = tempfile.mkdtemp(prefix="zhifa-bench-monthly-report-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
os.environ.setdefault("ZHIFA_LOG_LEVEL", "WARNING")

# Settings must be configured by the environment above before Django is set up.
import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from zhifa.agencies.models import Agency, Department  # noqa: E402
from zhifa.cases.models import Case, CaseStep  # noqa: E402
from zhifa.core.workdays import SHANGHAI  # noqa: E402
from zhifa.demo.reference import load_reference  # noqa: E402
from zhifa.supervision.reports.figures import compile_figures, sum_figures  # noqa: E402

BATCH = 10_000
FIRST_DAY = datetime.date(2018, 1, 1)
DAYS = (datetime.date(2025, 12, 31) - FIRST_DAY).days
MONTH = (datetime.date(2022, 6, 1), datetime.date(2022, 6, 30))
TODAY = datetime.date(2026, 1, 15)

# (case kind, decision step, share of cases)
KINDS = (
    ("penalty_summary", "on_the_spot_decision", 40),
    ("penalty_ordinary", "penalty_decision", 25),
    ("inspection", "inspection_result", 20),
    ("licensing", "license_decision", 10),
    ("coercive_measure", "measure_imposed", 5),
)


def decision_details(generator: random.Random, step: str) -> dict[str, object]:
    if step == "on_the_spot_decision":
        fine = generator.choice((0, 50, 100, 200))
        types = ["fine"] if fine else ["warning"]
        return {"penalty": {"types": types, "fine": str(fine), "confiscation": "0"}}
    if step == "penalty_decision":
        fine = generator.randrange(1, 200) * 500
        return {"penalty": {"types": ["fine"], "fine": str(fine), "confiscation": "0"}}
    if step == "license_decision":
        return {"outcome": generator.choice(("granted", "granted", "granted", "refused"))}
    if step == "measure_imposed":
        return {"kind": generator.choice(("sealing", "seizure"))}
    return {}


def generate(total: int) -> float:
    """Bulk-insert ``total`` cases, each with one decision step; return the seconds it took."""
    started = time.perf_counter()
    generator = random.Random(20261205)  # noqa: S311 - made-up data, not security
    departments = dict(Department.objects.order_by("pk").values_list("agency_id", "pk"))
    agencies = list(departments)
    kinds = [row for row in KINDS for _ in range(row[2])]
    prepare_load()
    with transaction.atomic():
        for start in range(0, total, BATCH):
            cases, steps = [], []
            for index in range(start, min(start + BATCH, total)):
                agency_id = agencies[index % len(agencies)]
                kind, step, _ = kinds[generator.randrange(len(kinds))]
                opened_on = FIRST_DAY + datetime.timedelta(days=generator.randrange(DAYS))
                decided_on = opened_on + datetime.timedelta(days=generator.randrange(30))
                closed = generator.random() < 0.8
                cases.append(
                    Case(
                        agency_id=agency_id,
                        department_id=departments[agency_id],
                        kind=kind,
                        number=f"基准〔{opened_on.year}〕{index + 1}号",
                        number_year=opened_on.year,
                        number_sequence=index + 1,
                        title="基准案件",
                        opened_on=opened_on,
                        closed_on=decided_on + datetime.timedelta(days=generator.randrange(30))
                        if closed
                        else None,
                        status="closed" if closed else "open",
                    )
                )
                occurred_at = datetime.datetime.combine(
                    decided_on, datetime.time(generator.randrange(8, 20)), SHANGHAI
                )
                steps.append((step, occurred_at, decision_details(generator, step)))
            created = Case.objects.bulk_create(cases)
            CaseStep.objects.bulk_create(
                CaseStep(
                    case_id=case.pk,
                    sequence=1,
                    stage="decision",
                    step=step,
                    occurred_at=occurred_at,
                    summary=step,
                    details=details,
                )
                for case, (step, occurred_at, details) in zip(created, steps, strict=True)
            )
            if (start // BATCH) % 10 == 9 or start + BATCH >= total:
                print(f"  {min(start + BATCH, total)} cases written", file=sys.stderr)
    finish_load()
    return time.perf_counter() - started


def prepare_load() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # The file is thrown away after the run, so a crash may corrupt it.
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -1048576")


def finish_load() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE cases_case")
            cursor.execute("VACUUM ANALYZE cases_casestep")
        else:
            cursor.execute("ANALYZE")


def baseline_sql() -> str:
    """Return the hand-written aggregate: opened, closed, decisions and fines per agency."""
    fine = (
        "CAST(s.details -> 'penalty' ->> 'fine' AS NUMERIC)"
        if connection.vendor == "postgresql"
        else "CAST(json_extract(s.details, '$.penalty.fine') AS TEXT)"
    )
    # The only text put into the statement is one of the two fixed expressions above.
    return """
        SELECT agency_id, SUM(opened), SUM(closed), SUM(decisions), SUM(fine) FROM (
            SELECT agency_id,
                   SUM(CASE WHEN opened_on BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END)
                       AS opened,
                   SUM(CASE WHEN closed_on BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END)
                       AS closed,
                   0 AS decisions, 0 AS fine
            FROM cases_case
            WHERE opened_on BETWEEN %(start)s AND %(end)s
               OR closed_on BETWEEN %(start)s AND %(end)s
            GROUP BY agency_id
            UNION ALL
            SELECT c.agency_id, 0, 0, COUNT(*), SUM(COALESCE(__FINE__, 0))
            FROM cases_casestep s JOIN cases_case c ON c.id = s.case_id
            WHERE s.occurred_at >= %(from)s AND s.occurred_at < %(to)s
              AND NOT EXISTS (SELECT 1 FROM cases_casestep later WHERE later.corrects_id = s.id)
            GROUP BY c.agency_id
        ) AS parts GROUP BY agency_id
    """.replace("__FINE__", fine)


def run_baseline() -> tuple[int, int, int, Decimal]:
    start, end = MONTH
    following = end + datetime.timedelta(days=1)
    adapt = connection.ops.adapt_datetimefield_value
    bounds = {
        "start": start,
        "end": end,
        # Adapted as the ORM stores date-times: UTC text on SQLite, aware values on PostgreSQL.
        "from": adapt(datetime.datetime.combine(start, datetime.time.min, SHANGHAI)),
        "to": adapt(datetime.datetime.combine(following, datetime.time.min, SHANGHAI)),
    }
    with connection.cursor() as cursor:
        cursor.execute(baseline_sql(), bounds)
        rows = cursor.fetchall()
    return (
        sum(int(row[1]) for row in rows),
        sum(int(row[2]) for row in rows),
        sum(int(row[3]) for row in rows),
        sum((Decimal(str(row[4])) for row in rows), Decimal("0")),
    )


def run_platform() -> tuple[int, int, int, Decimal]:
    ids = list(Agency.objects.values_list("pk", flat=True))
    total = sum_figures(compile_figures(ids, *MONTH, TODAY).values())
    return (
        int(total["cases_opened"]),
        int(total["cases_closed"]),
        int(total["decisions_total"]),
        Decimal(total["fine_total"]),
    )


def median_seconds(function: Callable[[], object], runs: int) -> float:
    function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description="测量全区执法数据月报的汇总用时")
    parser.add_argument("--cases", type=int, default=20_000, help="生成的案件数（每件一个决定）")
    parser.add_argument("--runs", type=int, default=5, help="计时次数（另加 1 次预热），取中位数")
    options = parser.parse_args()

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; data folder {os.environ['ZHIFA_DATA_DIR']}")
    call_command("migrate", verbosity=0)
    load_reference()
    seconds = generate(options.cases)
    agencies = Agency.objects.count()
    print(f"generated {Case.objects.count():,} cases of {agencies} agencies in {seconds:.1f} s")

    platform = run_platform()
    baseline = run_baseline()
    agree = "yes" if platform == baseline else f"NO: platform {platform}, baseline {baseline}"
    print(f"June 2022: opened, closed, decisions, fines = {platform}; baseline agrees: {agree}")
    platform_seconds = median_seconds(run_platform, options.runs)
    baseline_seconds = median_seconds(run_baseline, options.runs)
    print("| 汇总方式 | 用时（中位数） |")
    print("|---|---|")
    print(f"| compile_figures（全部{agencies}个单位，全部数据项） | {platform_seconds:.3f} 秒 |")
    print(f"| 手写 SQL 聚合（立案、结案、决定数、罚款） | {baseline_seconds:.3f} 秒 |")
    print(f"| 之比 | {platform_seconds / baseline_seconds:.2f} |")


if __name__ == "__main__":
    main()
