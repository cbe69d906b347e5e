"""Legal review opinions (法制审核意见) issued in the period, by conclusion (one query)."""

from django.db.models import Count

from zhifa.review.models import ReviewOpinion
from zhifa.supervision.reports.compiling.period import Figures, Period, add


def count_reviews(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    counts = (
        ReviewOpinion.objects.filter(
            request__case__agency_id__in=agency_ids,
            issued_at__gte=period.start,
            issued_at__lt=period.end,
        )
        .values("request__case__agency_id", "conclusion")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for entry in counts:
        figures = rows[entry["request__case__agency_id"]]
        add(figures, "reviews_concluded", entry["total"])
        add(figures, f"reviews_{entry['conclusion']}", entry["total"])
