"""The satisfaction report: ratings per agency in a year, and the monthly trend.

The plan's aim is that public satisfaction rises, so the page shows the average stars and the
share of satisfied ratings (4 or 5 stars) per month. Every back-office user gets the agencies
in their scope. The comments are never published, so the page shows them only to users who
handle, route or supervise complaints.
"""

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.workdays import SHANGHAI
from zhifa.supervision.complaints.figures import (
    SATISFIED_STARS,
    RatingSummary,
    satisfaction,
    shanghai_bounds,
)
from zhifa.supervision.complaints.models import SatisfactionRating
from zhifa.supervision.complaints.views import VIEW_CAPABILITIES, signed_in_user

COMMENTS_SHOWN = 50
FIRST_YEAR = 2000


def _year(request: HttpRequest, today: datetime.date) -> int:
    value = request.GET.get("year", "")
    if value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= today.year:
        return int(value)
    return today.year


def monthly_trend(agency_ids: list[int], year: int) -> list[dict[str, Any]]:
    """Return the ratings of each month of ``year``: count, average stars and satisfied share."""
    start, end = shanghai_bounds(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    rows = (
        SatisfactionRating.objects.filter(
            agency_id__in=agency_ids, created_at__gte=start, created_at__lt=end
        )
        .annotate(month=TruncMonth("created_at", tzinfo=SHANGHAI))
        .values("month")
        .annotate(
            rating_count=Count("pk"),
            star_total=Sum("stars"),
            satisfied_count=Count("pk", filter=Q(stars__gte=SATISFIED_STARS)),
        )
    )
    by_month = {row["month"].month: row for row in rows}
    trend = []
    for month in range(1, 13):
        row = by_month.get(month)
        summary = (
            RatingSummary(row["rating_count"], row["star_total"] or 0, row["satisfied_count"])
            if row
            else RatingSummary()
        )
        trend.append(_summary_row(f"{month}月", summary))
    return trend


def _summary_row(label: str, summary: RatingSummary) -> dict[str, Any]:
    share = round(100 * summary.satisfied / summary.count, 1) if summary.count else None
    average = summary.average
    return {
        "label": label,
        "count": summary.count,
        "average": str(average) if average is not None else None,
        "satisfied_share": share,
    }


class RatingReportView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        year = _year(request, today)
        agencies = list(restrict(Agency.objects.all(), request.user).values_list("pk", "name"))
        agency_ids = [pk for pk, _name in agencies]
        summaries = satisfaction(agency_ids, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        rows = [_summary_row(name, summaries[pk]) for pk, name in agencies]
        rows.sort(key=lambda row: (row["count"] == 0, -(row["satisfied_share"] or 0)))

        context: dict[str, Any] = {
            "year": year,
            "years": list(range(today.year, max(FIRST_YEAR, today.year - 5) - 1, -1)),
            "rows": rows,
            "trend": monthly_trend(agency_ids, year),
        }
        if any(signed_in_user(request).can(c) for c in VIEW_CAPABILITIES):
            start, end = shanghai_bounds(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
            context["comments"] = (
                restrict(SatisfactionRating.objects.select_related("agency"), request.user)
                .exclude(comment="")
                .filter(created_at__gte=start, created_at__lt=end)[:COMMENTS_SHOWN]
            )
        return render(request, "complaints/rating_report.html", context)
