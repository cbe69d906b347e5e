"""The data the dashboard's charts draw, passed to the page with ``json_script``."""

from decimal import Decimal
from typing import Any

from zhifa.review.models.requests import Conclusion
from zhifa.supervision.alerts.dashboard.figures import UNROUTED_LABEL, Dashboard


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def chart_data(dashboard: Dashboard) -> dict[str, Any]:
    """Return one series per chart; rates are percentages and null where nothing was counted."""
    rows = dashboard.rows
    return {
        "agencies": [row.name for row in rows],
        "months": [f"{month}月" for month in dashboard.period.months],
        "cases": [{"name": row.name, "data": row.cases_by_month} for row in rows],
        "on_time": [_number(row.on_time_rate) for row in rows],
        "av": [_number(row.av_rate) for row in rows],
        "reviews": [
            {"name": label, "data": [row.reviews_by_conclusion.get(code, 0) for row in rows]}
            for code, label in Conclusion.choices
        ],
        "correction": [_number(row.correction_rate) for row in rows],
        "complaints": _complaints(dashboard),
    }


def _complaints(dashboard: Dashboard) -> dict[str, Any]:
    """Return the complaint bars: one per agency, then 待分办 for district-wide users."""
    names = [row.name for row in dashboard.rows]
    counts = [row.complaints for row in dashboard.rows]
    if dashboard.unrouted_complaints is not None:
        names.append(UNROUTED_LABEL)
        counts.append(dashboard.unrouted_complaints)
    return {"names": names, "data": counts}
