"""Public statistics pages (年度执法数据): they read only the published snapshots."""

from typing import Any

from django.http import Http404
from django.views.generic import TemplateView

from zhifa.supervision.reports import display
from zhifa.supervision.reports.figures import from_json, sum_figures
from zhifa.supervision.reports.metrics import METRICS
from zhifa.supervision.reports.models import PublishedAnnualReport

# The charts of the yearly page: (title, metric codes), each drawn per agency.
CHARTS = (
    ("立案与结案", ("cases_opened", "cases_closed")),
    ("行政处罚决定", ("penalties_summary", "penalties_ordinary")),
    ("行政许可决定", ("licences_granted", "licences_refused")),
    (
        "行政强制与行政检查",
        ("coercive_sealing", "coercive_seizure", "coercive_freezing", "inspections"),
    ),
    ("罚款金额（元）", ("fine_total",)),
)


def published_years() -> list[int]:
    years = PublishedAnnualReport.objects.values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


class StatisticsYearsView(TemplateView):
    template_name = "reports/portal_years.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["years"] = published_years()
        return context


def _chart(title: str, codes: tuple[str, ...], names: list[str], rows: list[Any]) -> dict[str, Any]:
    return {
        "title": title,
        "agencies": names,
        "series": [
            {"name": METRICS[code].label, "data": [str(row[code]) for row in rows]}
            for code in codes
        ],
    }


class StatisticsYearView(TemplateView):
    template_name = "reports/portal_year.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = kwargs["year"]
        snapshots = list(PublishedAnnualReport.objects.filter(year=year))
        if not snapshots:
            raise Http404("该年度的执法数据尚未发布。")
        names = [snapshot.agency_name for snapshot in snapshots]
        rows = [from_json(snapshot.figures) for snapshot in snapshots]
        total = sum_figures(rows)
        charts = [_chart(title, codes, names, rows) for title, codes in CHARTS]
        tables = [
            {
                "title": title,
                "metrics": [METRICS[code] for code in codes],
                "rows": [
                    (name, [row[code] for code in codes])
                    for name, row in zip(names, rows, strict=True)
                ],
                "total": [total[code] for code in codes],
            }
            for title, codes in CHARTS
        ]
        context.update(
            {
                "year": year,
                "years": published_years(),
                "snapshots": snapshots,
                "sections": display.sections(total),
                "rates": display.rates(total),
                "charts": charts,
                "tables": tables,
            }
        )
        return context
