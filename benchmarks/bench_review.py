"""Measure the fine history of the above-average rule on 1k, 10k and 100k penalty decisions.

Run: .venv/bin/python benchmarks/bench_review.py [--sizes 1000,10000,100000]
It builds a throw-away SQLite installation in a temporary folder (or uses DATABASE_URL, which
must be an empty PostgreSQL database). It bulk-inserts cases of 5 agencies, each case with one
of 20 power item codes, a prior notice and a penalty decision with a fine. At each size it
prints p50 and p95 of ``fine_history`` for an agency with enough history and for one that falls
back to the district. Beside them it prints a plain COUNT of the decision steps in the same
process, as the baseline, and the ratio. Nothing is asserted.
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
from zoneinfo import ZoneInfo

data_dir = tempfile.mkdtemp(prefix="zhifa-bench-review-")
os.environ["ZHIFA_DATA_DIR"] = data_dir
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
os.environ.setdefault("ZHIFA_LOG_LEVEL", "WARNING")

import django  # noqa: E402 - settings must be configured by the environment above first

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from zhifa.agencies.models import Agency, AgencyKind, Department  # noqa: E402
from zhifa.cases.models import Case, CaseKind, CaseStep  # noqa: E402
from zhifa.catalog.models import PowerItem  # noqa: E402
from zhifa.review.proposals import ProposedDecision  # noqa: E402
from zhifa.review.statistics import fine_history  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
AGENCIES = 5
CODES = 20
BATCH = 5000
RUNS = 20
DECIDED_UNTIL = datetime.date(2026, 11, 30)


def setup() -> tuple[list[int], list[int], dict[tuple[int, int], int]]:
    """Create the agencies (the last has no cases), departments and power items."""
    agencies, departments, items = [], [], {}
    for number in range(AGENCIES + 1):
        agency = Agency.objects.create(
            name=f"测试执法主体{number}", short_name=f"主体{number}", kind=AgencyKind.TOWN
        )
        department = Department.objects.create(agency=agency, name="执法队", handles_penalty=True)
        agencies.append(agency.pk)
        departments.append(department.pk)
        for code in range(CODES):
            item = PowerItem.objects.create(agency=agency, code=f"BENCH-{code:03d}")
            items[(agency.pk, code)] = item.pk
    return agencies, departments, items


def _steps(case: Case, decided_on: datetime.date, fine: int) -> list[CaseStep]:
    when = datetime.datetime.combine(decided_on, datetime.time(10), tzinfo=SHANGHAI)
    penalty = {"types": ["fine"], "fine": str(fine), "confiscation": "0"}
    notice = CaseStep(
        case_id=case.pk,
        sequence=1,
        stage="decision",
        step="prior_notice",
        occurred_at=when - datetime.timedelta(days=7),
        summary="生成的事先告知",
        details={"penalty": penalty},
    )
    decision = CaseStep(
        case_id=case.pk,
        sequence=2,
        stage="decision",
        step="penalty_decision",
        occurred_at=when,
        summary="生成的处罚决定",
        details={"penalty": penalty, "decided_on": decided_on.isoformat()},
    )
    return [notice, decision]


def generate(start: int, stop: int, world: tuple, generator: random.Random) -> None:
    """Insert cases ``start`` to ``stop - 1`` with their power item links and steps."""
    agencies, departments, items = world
    links = Case.power_items.through
    with transaction.atomic():
        for first in range(start, stop, BATCH):
            cases = []
            for index in range(first, min(first + BATCH, stop)):
                slot = index % (AGENCIES * CODES)
                decided_on = DECIDED_UNTIL - datetime.timedelta(days=generator.randrange(1, 1500))
                cases.append(
                    Case(
                        agency_id=agencies[slot % AGENCIES],
                        department_id=departments[slot % AGENCIES],
                        kind=CaseKind.PENALTY_ORDINARY,
                        number=f"BENCH-{index:07d}",
                        number_year=decided_on.year,
                        number_sequence=index,
                        title="生成的案件",
                        opened_on=decided_on - datetime.timedelta(days=30),
                    )
                )
            Case.objects.bulk_create(cases, batch_size=BATCH)
            item_links, steps = [], []
            for case in cases:
                slot = case.number_sequence % (AGENCIES * CODES)
                item_id = items[(case.agency_id, slot // AGENCIES)]
                item_links.append(links(case_id=case.pk, poweritem_id=item_id))
                fine = generator.randrange(200, 20000)
                steps += _steps(case, case.opened_on + datetime.timedelta(days=30), fine)
            links.objects.bulk_create(item_links, batch_size=BATCH)
            CaseStep.objects.bulk_create(steps, batch_size=BATCH)


def timed(function: Callable[[], object]) -> tuple[float, float]:
    """Return p50 and p95 of RUNS calls in milliseconds, after one warm-up call."""
    function()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def report(size: int, agencies: list[int]) -> None:
    def history_of(agency_id: int) -> Callable[[], object]:
        proposal = ProposedDecision(
            kind="penalty",
            agency_id=agency_id,
            penalty_types=frozenset({"fine"}),
            fine=Decimal("50000"),
            power_item_code="BENCH-000",
            decided_on=DECIDED_UNTIL,
        )
        return lambda: fine_history(proposal)

    def baseline() -> object:
        return CaseStep.objects.filter(step="penalty_decision").count()

    base_p50, _ = timed(baseline)
    for label, agency_id in (("agency", agencies[0]), ("district", agencies[-1])):
        function = history_of(agency_id)
        with CaptureQueriesContext(connection) as captured:
            result = function()
        p50, p95 = timed(function)
        count = getattr(result, "count", 0)
        print(
            f"{size:>7} decisions  {label:<8} history of {count:>5}: p50 {p50:7.1f} ms  "
            f"p95 {p95:7.1f} ms  {len(captured.captured_queries)} queries  "
            f"COUNT baseline {base_p50:6.1f} ms  ratio {p50 / base_p50:5.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="决定数，逗号分隔，递增")
    sizes = [int(part) for part in parser.parse_args().sizes.split(",")]
    print(f"data folder {data_dir}; database {connection.vendor}", file=sys.stderr)
    call_command("migrate", verbosity=0)
    world = setup()
    generator = random.Random(20261205)  # noqa: S311 - made-up data, not security
    done = 0
    for size in sizes:
        started = time.perf_counter()
        generate(done, size, world, generator)
        print(
            f"  wrote {size - done} cases in {time.perf_counter() - started:.1f} s", file=sys.stderr
        )
        done = size
        report(size, world[0])


if __name__ == "__main__":
    main()
