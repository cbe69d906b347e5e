"""Cases opened and closed in the period, by case kind (two queries)."""

from django.db.models import Count

from zhifa.cases.models import Case
from zhifa.supervision.reports.compiling.period import Figures, Period, add


def count_cases(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    for event, field in (("opened", "opened_on"), ("closed", "closed_on")):
        counts = (
            Case.objects.filter(
                agency_id__in=agency_ids,
                **{f"{field}__gte": period.starts_on, f"{field}__lte": period.ends_on},
            )
            .values("agency_id", "kind")
            .annotate(total=Count("pk"))
            .order_by()
        )
        for entry in counts:
            figures = rows[entry["agency_id"]]
            add(figures, f"cases_{event}", entry["total"])
            add(figures, f"cases_{event}_{entry['kind']}", entry["total"])
