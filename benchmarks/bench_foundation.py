"""Measure the foundation's hot paths against a baseline run in the same process.

Run: .venv/bin/python benchmarks/bench_foundation.py
It builds a throw-away SQLite installation in a temporary folder, loads the demo data and
prints timings, ratios to the baseline and peak memory. Nothing here is asserted.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable

data_dir = tempfile.mkdtemp(prefix="zhifa-bench-")
os.environ["ZHIFA_DATA_DIR"] = data_dir
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
os.environ.setdefault("ZHIFA_LOG_LEVEL", "WARNING")

import django  # noqa: E402 - settings must be configured by the environment above first

django.setup()

from django.core.management import call_command  # noqa: E402

from zhifa.accounts.models import User  # noqa: E402
from zhifa.accounts.scope import restrict  # noqa: E402
from zhifa.agencies.models import Officer  # noqa: E402
from zhifa.core.workdays import add_working_days  # noqa: E402

ROUNDS = 5


def best_of(function: Callable[[], object]) -> float:
    """Return the median of several runs, in milliseconds."""
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def weekday_only_deadline(start: datetime.date, days: int) -> datetime.date:
    """Baseline: the same count with the weekday rule alone and no database."""
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def bench_deadlines() -> None:
    starts = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300) for n in range(500)]
    platform = best_of(lambda: [add_working_days(start, 20) for start in starts])
    baseline = best_of(lambda: [weekday_only_deadline(start, 20) for start in starts])
    print(f"500 deadlines of 20 working days: {platform:.1f} ms on the calendar table")
    print(
        f"  baseline (weekday rule, no database): {baseline:.1f} ms; "
        f"ratio {platform / baseline:.1f}x"
    )


def bench_scope() -> None:
    user = User.objects.get(username="officer")
    agency_id = user.agency_id
    if agency_id is None:
        raise SystemExit("the demo officer has no agency; load the demo data first")
    scoped = best_of(lambda: [list(restrict(Officer.objects.all(), user)[:50]) for _ in range(100)])
    unscoped = best_of(
        lambda: [list(Officer.objects.filter(agency_id=agency_id)[:50]) for _ in range(100)]
    )
    print(f"100 scoped officer pages of 50: {scoped:.1f} ms")
    print(
        f"  baseline (hand-written agency filter): {unscoped:.1f} ms; "
        f"ratio {scoped / unscoped:.2f}x"
    )


def bench_demo_load() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    call_command("demo", "load", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discarded output
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"demo load (47 agencies, ~300 officers with photos): {elapsed:.2f} s, "
        f"peak {peak / 2**20:.1f} MiB"
    )


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"Python {sys.version.split()[0]}, Django {django.get_version()}, SQLite in {data_dir}")
    bench_demo_load()
    bench_deadlines()
    bench_scope()
    return 0


if __name__ == "__main__":
    sys.exit(main())
