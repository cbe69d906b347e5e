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


# The height of a horizontal bar chart, in pixels: room for the legend and the value axis,
# plus one band per agency that grows with the number of bars in it. With 47 agencies and
# four series the chart is tall but every label keeps its own line, also on a 375px screen.
CHART_MARGIN_PX = 80
BAND_PX = 12
BAR_PX = 8


def _chart(
    title: str, codes: tuple[str, ...], names: list[str], labels: list[str], rows: list[Any]
) -> dict[str, Any]:
    """Build one chart: per agency a group of bars, labelled with the short name."""
    series = [
        {"name": METRICS[code].label, "data": [str(row[code]) for row in rows]} for code in codes
    ]
    return {
        "title": title,
        "agencies": labels,
        "names": names,
        "series": series,
        "all_zero": all(row[code] == 0 for row in rows for code in codes),
        "height": CHART_MARGIN_PX + len(labels) * (BAND_PX + BAR_PX * len(codes)),
    }


def _tables(
    charts: list[dict[str, Any]], names: list[str], rows: list[Any], total: Any
) -> list[dict[str, Any]]:
    """Build the table under each chart: one row per agency, then the total."""
    return [
        {
            "title": title,
            "chart": chart,
            "metrics": [METRICS[code] for code in codes],
            "rows": [
                (name, [row[code] for code in codes]) for name, row in zip(names, rows, strict=True)
            ],
            "total": [total[code] for code in codes],
        }
        for (title, codes), chart in zip(CHARTS, charts, strict=True)
    ]


class StatisticsYearView(TemplateView):
    template_name = "reports/portal_year.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = kwargs["year"]
        snapshots = list(PublishedAnnualReport.objects.filter(year=year))
        if not snapshots:
            raise Http404("该年度的执法数据尚未发布。")
        names = [snapshot.agency_name for snapshot in snapshots]
        labels = [snapshot.agency_short_name or snapshot.agency_name for snapshot in snapshots]
        rows = [from_json(snapshot.figures) for snapshot in snapshots]
        total = sum_figures(rows)
        charts = [_chart(title, codes, names, labels, rows) for title, codes in CHARTS]

        context.update(
            {
                "year": year,
                "years": published_years(),
                "snapshots": snapshots,
                "sections": display.sections(total),
                "rates": display.rates(total),
                "charts": charts,
                "tables": _tables(charts, names, rows, total),
            }
        )
        return context
