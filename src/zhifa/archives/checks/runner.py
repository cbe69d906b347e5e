"""Running the four-property check (四性检测) over case files and storing its report.

``run_check`` writes one ``CheckRun``, a ``CheckResult`` per case file and a ``CheckFailure``
per failed test. Case files are checked in batches of ``BATCH_SIZE``: each batch loads its
rows with a fixed number of queries and commits its results, so memory stays flat and a run
over a large archive shows its progress. ``preflight`` checks files before they are archived.
"""

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.checks import virus
from zhifa.archives.checks.inspection import Outcome, inspect
from zhifa.archives.checks.loading import load_batch
from zhifa.archives.checks.models import CheckFailure, CheckResult, CheckRun
from zhifa.archives.checks.preflight import PlannedFile, preflight

__all__ = ["BATCH_SIZE", "PlannedFile", "preflight", "run_check"]

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# The audit log's account name for runs that no user started, as the alert sweep records it.
SYSTEM_USERNAME = "system"
SKIPPED_NOTES = {
    CaseFileStatus.DESTROYED: "案卷已销毁，内容依法不再保存，未检测内容。",
    CaseFileStatus.PENDING: "案卷尚未归档，未检测。",
}

# Called after each case file with the file and its stored result.
Progress = Callable[[CaseFile, CheckResult], None]


def run_check(
    case_files: Iterable[CaseFile],
    trigger: str,
    user: User | None = None,
    *,
    agency: Agency | None = None,
    progress: Progress | None = None,
) -> CheckRun:
    """Check ``case_files`` and return the finished run.

    When ``agency`` is None and every case file belongs to one agency, the run is recorded as
    that agency's run, so its users can open the report. Otherwise it is a district run.
    """
    if agency is None:
        case_files, agency_id = _single_agency(case_files)
    else:
        agency_id = agency.pk
    scanner = virus.scanner_command()
    run = CheckRun.objects.create(
        trigger=trigger,
        agency_id=agency_id,
        started_by=user,
        virus_scanner=virus.describe(scanner),
    )
    logger.info("archive check run %s started (%s)", run.pk, trigger)
    for batch in _batches(case_files):
        _check_batch(run, batch, scanner, progress)

    with transaction.atomic():
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        audit.record(
            "archive_check_run",
            actor=user,
            # A run without a user is the scheduled command or archiving done by the platform.
            username=SYSTEM_USERNAME if user is None else "",
            target=run,
            agency_id=agency_id,
            detail={
                "source": _source(run, user),
                "case_files": run.case_files,
                "failed_case_files": run.failed_case_files,
            },
        )
    logger.info(
        "archive check run %s finished: %s case files, %s failed, %s bytes read",
        run.pk,
        run.case_files,
        run.failed_case_files,
        run.bytes_read,
    )
    return run


def _single_agency(
    case_files: Iterable[CaseFile],
) -> tuple[Iterable[CaseFile], int | None]:
    """Return the case files, as a list unless a queryset, and their agency id if only one."""
    if isinstance(case_files, QuerySet):
        ids = list(case_files.order_by().values_list("agency_id", flat=True).distinct()[:2])
    else:
        case_files = list(case_files)
        ids = list({case_file.agency_id for case_file in case_files})
    return case_files, ids[0] if len(ids) == 1 else None


def _source(run: CheckRun, user: User | None) -> str:
    if user is None:
        return f"系统任务（{run.get_trigger_display()}）"
    return run.get_trigger_display()


def _batches(case_files: Iterable[CaseFile]) -> Iterator[list[CaseFile]]:
    if isinstance(case_files, QuerySet):
        case_files = case_files.select_related("case").order_by("pk").iterator(BATCH_SIZE)
    iterator = iter(case_files)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield batch


def _check_batch(
    run: CheckRun, case_files: list[CaseFile], scanner: list[str], progress: Progress | None
) -> None:
    rows = load_batch([row for row in case_files if row.status == CaseFileStatus.ARCHIVED])
    checked: list[tuple[CaseFile, CheckResult, Outcome]] = []
    for case_file in case_files:
        note = SKIPPED_NOTES.get(CaseFileStatus(case_file.status), "")
        outcome = Outcome() if note else inspect(case_file, rows, scanner)
        result = CheckResult(run=run, case_file=case_file, passed=not outcome.findings, note=note)
        checked.append((case_file, result, outcome))

    with transaction.atomic():
        CheckResult.objects.bulk_create([result for _, result, _ in checked])
        CheckFailure.objects.bulk_create(
            CheckFailure(
                result=result,
                item_id=finding.item_id,
                property=finding.property,
                test=finding.test,
                message=finding.message[:500],
            )
            for _, result, outcome in checked
            for finding in outcome.findings
        )
        run.case_files += len(checked)
        run.items += sum(outcome.items for _, _, outcome in checked)
        run.bytes_read += sum(outcome.bytes_read for _, _, outcome in checked)
        run.failed_case_files += sum(1 for _, result, _ in checked if not result.passed)
        run.save(update_fields=["case_files", "items", "bytes_read", "failed_case_files"])

    if progress is not None:
        for case_file, result, _ in checked:
            progress(case_file, result)
