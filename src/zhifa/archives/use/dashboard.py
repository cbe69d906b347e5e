"""Figures of the archives dashboard (档案工作概况), one row per agency in the user's scope.

Every figure is one grouped query over all agencies in scope, so the page runs a fixed number
of queries (eight) whatever the number of agencies. The other archives apps' tables are only read.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery

from zhifa.accounts.models import User
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.checks.models import CheckResult
from zhifa.archives.disposition.models import AppraisalEntry
from zhifa.archives.retention.models import LegalHold
from zhifa.archives.use.models import UseRequest, UseStatus
from zhifa.cases.models import Case, CaseStatus


@dataclass(frozen=True)
class AgencyFigures:
    agency: Agency
    closed_cases: int
    archived: int
    late: int
    check_failures: int
    destroyed: int
    active_holds: int
    pending_use_requests: int

    @property
    def archiving_rate(self) -> float | None:
        """Archived case files per closed case, in percent; None without closed cases."""
        if not self.closed_cases:
            return None
        return round(100 * self.archived / self.closed_cases, 1)


def count_by(queryset: QuerySet, path: str) -> dict[int, int]:
    rows = queryset.order_by().values(path).annotate(total=Count("pk", distinct=True))
    return {row[path]: row["total"] for row in rows}


def failing_case_files(user: User) -> QuerySet[CaseFile]:
    """Case files whose latest check result did not pass."""
    latest = CheckResult.objects.filter(case_file=OuterRef("pk")).order_by("-checked_at", "-pk")
    return (
        restrict(CaseFile.objects.all(), user)
        .annotate(latest_passed=Subquery(latest.values("passed")[:1]))
        .filter(latest_passed=False)
    )


def agency_figures(user: User, today: datetime.date) -> list[AgencyFigures]:
    """Return the figures of each agency in the user's scope, by agency name.

    Destroyed case files count as archived, because they were archived before appraisal.
    """
    agencies: Iterable[Agency] = restrict(Agency.objects.order_by("name"), user)
    case_files = restrict(CaseFile.objects.all(), user)
    closed = count_by(restrict(Case.objects.filter(status=CaseStatus.CLOSED), user), "agency")
    archived = count_by(
        case_files.filter(status__in=[CaseFileStatus.ARCHIVED, CaseFileStatus.DESTROYED]),
        "agency",
    )
    late = count_by(case_files.filter(status=CaseFileStatus.PENDING, due_on__lt=today), "agency")
    failures = count_by(failing_case_files(user), "agency")
    destroyed = count_by(
        restrict(AppraisalEntry.objects.filter(destroyed_at__isnull=False), user),
        "appraisal__agency",
    )
    holds = count_by(
        restrict(LegalHold.objects.filter(released_at__isnull=True), user), "case__agency"
    )
    pending = count_by(
        restrict(UseRequest.objects.filter(status=UseStatus.PENDING), user),
        "case_file__agency",
    )
    return [
        AgencyFigures(
            agency=agency,
            closed_cases=closed.get(agency.pk, 0),
            archived=archived.get(agency.pk, 0),
            late=late.get(agency.pk, 0),
            check_failures=failures.get(agency.pk, 0),
            destroyed=destroyed.get(agency.pk, 0),
            active_holds=holds.get(agency.pk, 0),
            pending_use_requests=pending.get(agency.pk, 0),
        )
        for agency in agencies
    ]
