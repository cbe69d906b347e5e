"""Reconsiderations and lawsuits concluded in the period (two queries).

Remedies count one by one, by kind and by outcome. The concluded and corrected cases come from
``zhifa.remedies.statistics.correction_rate``, where a case counts once however many of its
remedies concluded.
"""

from django.db.models import Count

from zhifa.cases.models import Case
from zhifa.remedies.models import Remedy, RemedyStatus
from zhifa.remedies.statistics import correction_rate
from zhifa.supervision.reports.compiling.period import Figures, Period, add


def count_remedies(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    counts = (
        Remedy.objects.filter(
            case__agency_id__in=agency_ids,
            status=RemedyStatus.CONCLUDED,
            concluded_on__gte=period.starts_on,
            concluded_on__lte=period.ends_on,
        )
        .values("case__agency_id", "kind", "outcome")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for entry in counts:
        figures = rows[entry["case__agency_id"]]
        add(figures, f"remedies_{entry['kind']}", entry["total"])
        key = f"remedy_outcome_{entry['outcome']}"
        if key in figures:
            add(figures, key, entry["total"])

    cases = Case.objects.filter(agency_id__in=agency_ids)
    report = correction_rate(cases, period.starts_on, period.ends_on)
    for agency_id, rate in report.by_agency.items():
        add(rows[agency_id], "remedy_cases_concluded", rate.concluded)
        add(rows[agency_id], "remedy_cases_corrected", rate.corrected)
