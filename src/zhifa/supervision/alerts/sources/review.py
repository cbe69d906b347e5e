"""Legal review rounds past their due date, and agencies without a filed review catalog."""

import datetime

from django.urls import reverse

from zhifa.core.chinese_dates import chinese_date
from zhifa.review.figures import catalog_filings
from zhifa.review.models import ReviewRequest
from zhifa.review.models.requests import RequestState
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind
from zhifa.supervision.alerts.sources import register


def check_overdue_reviews(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    """Report rounds still under review after their due date, as review figures count them."""
    rounds = ReviewRequest.objects.filter(
        case__agency_id__in=agency_ids,
        state=RequestState.SUBMITTED,
        completed_at__isnull=True,
        due_on__lt=today,
    ).select_related("case")
    return [
        AlertFact(
            kind=AlertKind.REVIEW_OVERDUE,
            agency_id=item.case.agency_id,
            target_key=f"review_request:{item.pk}",
            message=(
                f"案件{item.case.number}第{item.round_number}轮法制审核"
                f"应于{chinese_date(item.due_on)}前完成，已超期。"
            ),
            url=reverse("review:request_detail", args=[item.pk]),
        )
        for item in rounds
        if item.due_on is not None
    ]


def check_catalogs(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    """Report agencies with no catalog in force and none waiting for the bureau's acceptance."""
    facts = []
    for agency_id, filing in catalog_filings(agency_ids, today).items():
        if filing.in_force_version is not None or filing.pending_versions:
            continue
        facts.append(
            AlertFact(
                kind=AlertKind.CATALOG_NOT_FILED,
                agency_id=agency_id,
                target_key=f"agency:{agency_id}",
                message=f"重大执法决定法制审核目录清单{filing.label}，请编制并报送备案。",
                url=reverse("review:catalog_list"),
            )
        )
    return facts


register("review_overdue", {AlertKind.REVIEW_OVERDUE}, check_overdue_reviews)
register("review_catalog", {AlertKind.CATALOG_NOT_FILED}, check_catalogs)
