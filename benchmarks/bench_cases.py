"""Measure the case list, the case timeline and the case API on a large generated database.

Run: .venv/bin/python benchmarks/bench_cases.py [--cases 100000] [--steps-per-case 10]
It builds a throw-away SQLite installation in a temporary folder. When DATABASE_URL is set it
uses that database instead, which must be an empty PostgreSQL database. It loads the demo
reference data and bulk-inserts the cases, parties and steps in one transaction. Then it times
requests made through the Django test client in the same process. It prints p50/p95 server
times, queries per request at page sizes 20 and 100, and a bare ORM page as the baseline.
Nothing is asserted.
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
from zoneinfo import ZoneInfo

data_dir = tempfile.mkdtemp(prefix="zhifa-bench-cases-")
os.environ["ZHIFA_DATA_DIR"] = data_dir
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
os.environ.setdefault("ZHIFA_LOG_LEVEL", "WARNING")

import django  # noqa: E402 - settings must be configured by the environment above first

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhifa.accounts.models import User  # noqa: E402
from zhifa.agencies.models import Agency, Department, Officer  # noqa: E402
from zhifa.cases.models import Case, CaseKind, CaseParty, CaseStep, Party  # noqa: E402
from zhifa.core.identifiers import id_check_char  # noqa: E402
from zhifa.demo.people import load_demo  # noqa: E402
from zhifa.demo.reference import load_reference  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 5000
REQUESTS = 30
ORDINARY_STEPS = [
    ("initiation", "case_opened"),
    ("initiation", "filing_approval"),
    ("investigation", "inspection_record"),
    ("investigation", "inquiry_record"),
    ("review", "investigation_report"),
    ("decision", "prior_notice"),
    ("decision", "rights_waived"),
    ("decision", "penalty_decision"),
    ("service", "document_service"),
    ("execution", "fine_payment"),
    ("closing", "closing_approval"),
]


def generate(case_total: int, steps_per_case: int) -> float:
    """Bulk-insert parties, cases, their links and steps, and return the seconds it took."""
    started = time.perf_counter()
    generator = random.Random(20261204)  # noqa: S311 - made-up data, not security
    agencies = []
    for agency in Agency.objects.order_by("pk"):
        department = Department.objects.filter(agency=agency, handles_penalty=True).first()
        officers = list(Officer.objects.filter(agency=agency).values_list("pk", flat=True))
        if department is not None and len(officers) >= 2:
            agencies.append((agency.pk, department.pk, officers))
    user = User.objects.get(username="officer")
    today = timezone.localdate()

    with transaction.atomic():
        party_total = max(case_total // 5, 1)
        parties = []
        for index in range(party_total):
            # A birth date and a sequence number that together are unique per index.
            born = datetime.date(1960, 1, 1) + datetime.timedelta(days=index // 1000)
            first17 = f"310118{born:%Y%m%d}{index % 1000:03d}"
            parties.append(
                Party(
                    kind="natural_person",
                    name=f"当事人{index}",
                    id_number=first17 + id_check_char(first17),
                )
            )
        Party.objects.bulk_create(parties, batch_size=BATCH)
        party_ids = list(Party.objects.values_list("pk", flat=True))

        officer_links = []
        party_links = []
        step_rows: list[CaseStep] = []
        officer_through = Case.officers.through
        for start in range(0, case_total, BATCH):
            cases = []
            for index in range(start, min(start + BATCH, case_total)):
                agency_id, department_id, _ = agencies[index % len(agencies)]
                opened_on = today - datetime.timedelta(days=generator.randrange(1, 1500))
                cases.append(
                    Case(
                        agency_id=agency_id,
                        department_id=department_id,
                        kind=CaseKind.PENALTY_ORDINARY,
                        number=f"BENCH-{index:07d}",
                        number_year=opened_on.year,
                        number_sequence=index,
                        title=f"生成的案件{index}",
                        stage=ORDINARY_STEPS[min(steps_per_case, len(ORDINARY_STEPS)) - 1][0],
                        opened_on=opened_on,
                        created_by=user,
                    )
                )
            Case.objects.bulk_create(cases, batch_size=BATCH)
            for case in cases:
                officers = agencies[case.number_sequence % len(agencies)][2]
                for officer_id in generator.sample(officers, 2):
                    officer_links.append(officer_through(case_id=case.pk, officer_id=officer_id))
                party_links.append(CaseParty(case_id=case.pk, party_id=generator.choice(party_ids)))
                when = datetime.datetime.combine(case.opened_on, datetime.time(10), tzinfo=SHANGHAI)
                for sequence in range(steps_per_case):
                    stage, code = ORDINARY_STEPS[sequence % len(ORDINARY_STEPS)]
                    step_rows.append(
                        CaseStep(
                            case_id=case.pk,
                            sequence=sequence + 1,
                            stage=stage,
                            step=code,
                            occurred_at=when + datetime.timedelta(days=sequence),
                            summary="生成的办案记录",
                            recorded_by=user,
                        )
                    )
            officer_through.objects.bulk_create(officer_links, batch_size=BATCH)
            CaseParty.objects.bulk_create(party_links, batch_size=BATCH)
            CaseStep.objects.bulk_create(step_rows, batch_size=BATCH)
            officer_links, party_links, step_rows = [], [], []
            print(f"  {min(start + BATCH, case_total)} cases written", file=sys.stderr)
    return time.perf_counter() - started


def percentiles(function: Callable[[], object]) -> tuple[float, float]:
    """Return p50 and p95 of REQUESTS runs, in milliseconds, after one warm-up run."""
    function()
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def get(client: Client, path: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} returned {response.status_code}")
        return response.content

    return run


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def page_path(name: str, *args: int) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description="测量案件列表、案件时间线和案件接口的响应时间")
    parser.add_argument("--cases", type=int, default=100_000, help="生成的案件数")
    parser.add_argument("--steps-per-case", type=int, default=10, help="每件案件的环节记录数")
    options = parser.parse_args()

    # The test client sends the host name "testserver".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; data folder {data_dir}")
    call_command("migrate", verbosity=0)
    load_reference()
    load_demo(timezone.localdate())
    seconds = generate(options.cases, options.steps_per_case)
    steps = CaseStep.objects.count()
    print(f"generated {Case.objects.count()} cases and {steps} steps in {seconds:.1f} s")

    officer = User.objects.get(username="officer")
    supervisor = User.objects.get(username="supervisor")
    client = Client()
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")
    agency_id = officer.agency_id
    if agency_id is None:
        raise SystemExit("the demo officer has no agency; load the demo data first")
    sample = Case.objects.filter(agency_id=agency_id).order_by("-pk").first()
    if sample is None:
        raise SystemExit("no generated case belongs to the demo officer's agency")

    rows = []
    list_page = page_path("cases:case_list")
    detail_page = page_path("cases:case_detail", sample.pk)
    targets = [
        ("GET /api/cases（每页 20 条，区司法局视角）", "/api/cases?page_size=20"),
        ("GET /api/cases（每页 100 条）", "/api/cases?page_size=100"),
        (f"GET /api/cases?agency={agency_id}（单个执法主体）", f"/api/cases?agency={agency_id}"),
        ("GET /api/cases/<id>（案件详情）", f"/api/cases/{sample.pk}"),
        ("GET /api/cases/<id>/steps（时间线）", f"/api/cases/{sample.pk}/steps"),
    ]
    if list_page:
        targets.insert(0, ("案件列表页 /office/cases/", list_page))
    if detail_page:
        targets.insert(1, ("案件时间线页 /office/cases/<id>/", detail_page))
    for label, path in targets:
        try:
            p50, p95 = percentiles(get(client, path))
        except RuntimeError as error:
            print(f"{label}: not measured ({error})")
            continue
        rows.append((label, p50, p95, queries(client, path)))

    def bare_page() -> object:
        return list(
            Case.objects.filter(agency_id=agency_id)
            .select_related("agency", "department")
            .order_by("-opened_on", "-pk")[:20]
        )

    base50, base95 = percentiles(bare_page)
    print()
    print("| 请求 | p50 | p95 | 每次查询数 |")
    print("|---|---|---|---|")
    for label, p50, p95, count in rows:
        print(f"| {label} | {p50:.1f} 毫秒 | {p95:.1f} 毫秒 | {count} |")
    print(f"| 基准：ORM 取单个执法主体的 20 件案件 | {base50:.1f} 毫秒 | {base95:.1f} 毫秒 | 1 |")
    for label, p50, _, _ in rows:
        print(f"{label}: {p50 / base50:.1f}x the baseline")
    for size in (20, 100):
        api = queries(client, f"/api/cases?page_size={size}")
        page = queries(client, f"{list_page}?page_size={size}") if list_page else None
        print(f"queries at page size {size}: API {api}, list page {page}")


if __name__ == "__main__":
    main()
