"""The alert source for archived case files whose latest four-property check failed."""

import datetime
from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.checks.models import CheckResult
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind


def check(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    """Return one fact per archived case file whose latest result failed, in one query."""
    latest = CheckResult.objects.filter(case_file=OuterRef("pk")).order_by("-pk")
    failing = (
        CaseFile.objects.filter(agency_id__in=agency_ids, status=CaseFileStatus.ARCHIVED)
        .annotate(
            latest_passed=Subquery(latest.values("passed")[:1]),
            latest_run=Subquery(latest.values("run_id")[:1]),
        )
        .filter(latest_passed=False)
        .order_by("pk")
        .values("pk", "agency_id", "archive_code", "title", "latest_run")
    )
    return [_fact(row) for row in failing]


def _fact(row: dict[str, Any]) -> AlertFact:
    name = row["archive_code"] or row["title"]
    return AlertFact(
        kind=AlertKind.ARCHIVE_CHECK_FAILED,
        agency_id=row["agency_id"],
        target_key=f"case_file:{row['pk']}",
        message=f"案卷“{name}”最近一次四性检测未通过，请查看检测报告并处理。",
        url=reverse("archive_checks:run", args=[row["latest_run"]]),
    )
