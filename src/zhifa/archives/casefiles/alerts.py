"""The alert source of late case files (案卷逾期未归档): pending after their due day."""

import datetime

from django.urls import reverse

from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.core.chinese_dates import chinese_date
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind


def check(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    """Report every pending case file of the agencies due before ``today``, in one query."""
    late = (
        CaseFile.objects.filter(
            agency_id__in=agency_ids, status=CaseFileStatus.PENDING, due_on__lt=today
        )
        .only("pk", "agency_id", "title", "due_on")
        .order_by("due_on", "pk")
    )
    return [
        AlertFact(
            kind=AlertKind.ARCHIVING_OVERDUE,
            agency_id=case_file.agency_id,
            target_key=f"case_file:{case_file.pk}",
            message=(
                f"案卷“{case_file.title}”应于{chinese_date(case_file.due_on)}前归档，"
                f"已逾期{(today - case_file.due_on).days}日，仍未归档。"
            )[:500],
            url=reverse("archives:case_file_detail", args=[case_file.pk]),
        )
        for case_file in late
    ]


def register() -> None:
    from zhifa.supervision.alerts.sources import register as register_source

    register_source("archives_casefiles", {AlertKind.ARCHIVING_OVERDUE}, check)
