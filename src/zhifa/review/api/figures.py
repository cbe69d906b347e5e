"""API of the legal review figures: GET /api/review/figures?year=YYYY.

The caller sees the agencies in their scope: the judicial bureau every agency, an agency head
their own agency. ``rows`` lists the agencies only, and ``total`` is the district total.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from zhifa.accounts.models import User
from zhifa.core.errors import NotPermitted
from zhifa.review.figures import ReviewFigures, parse_year
from zhifa.review.views.figures import may_view_figures, report_for

router = Router()


class RatioOut(Schema):
    reviewers: int
    credentialed_officers: int
    minimum: str
    ratio: str | None
    compliant: bool | None
    required_reviewers: int


class CatalogOut(Schema):
    in_force_version: int | None
    pending_versions: list[int]
    returned_versions: list[int]
    ever_filed: bool
    label: str


class FiguresRowOut(Schema):
    agency_id: int | None
    agency: str
    reviews: int
    reviews_by_kind: dict[str, int]
    rounds: int
    mean_rounds: str | None
    max_rounds: int
    timed_rounds: int
    mean_working_days: str | None
    untimed_rounds: int
    open_overdue: int
    completed_late: int
    issues: int
    issues_by_item: dict[str, int]
    catalog: CatalogOut | None
    reviewer_ratio: RatioOut | None
    active_reviewers: int
    unqualified_reviewers: int
    qualification_compliant: bool


class FiguresOut(Schema):
    year: int
    reference_day: datetime.date
    item_labels: dict[str, str]
    rows: list[FiguresRowOut]
    total: FiguresRowOut


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _row_out(row: ReviewFigures) -> dict[str, Any]:
    ratio = row.ratio
    catalog = row.catalog
    return {
        "agency_id": row.agency.pk if row.agency is not None else None,
        "agency": row.agency.name if row.agency is not None else "全区合计",
        "reviews": row.reviews,
        "reviews_by_kind": dict(row.reviews_by_kind),
        "rounds": row.rounds,
        "mean_rounds": _text(row.mean_rounds),
        "max_rounds": row.max_rounds,
        "timed_rounds": row.timed_rounds,
        "mean_working_days": _text(row.mean_working_days),
        "untimed_rounds": row.untimed_rounds,
        "open_overdue": row.open_overdue,
        "completed_late": row.completed_late,
        "issues": row.issues,
        "issues_by_item": dict(row.issues_by_item),
        "catalog": None if catalog is None else {**catalog.__dict__, "label": catalog.label},
        "reviewer_ratio": None
        if ratio is None
        else {
            "reviewers": ratio.reviewers,
            "credentialed_officers": ratio.credentialed_officers,
            "minimum": str(ratio.minimum),
            "ratio": _text(ratio.ratio),
            "compliant": ratio.compliant,
            "required_reviewers": ratio.required_reviewers,
        },
        "active_reviewers": row.active_reviewers,
        "unqualified_reviewers": row.unqualified_reviewers,
        "qualification_compliant": row.qualification_compliant,
    }


@router.get("", response=FiguresOut, summary="法制审核统计")
def figures(request: HttpRequest, year: str | None = None) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    if not may_view_figures(user):
        raise NotPermitted("您的角色没有查看法制审核统计的权限。")
    report = report_for(user, parse_year(year, timezone.localdate()))
    return {
        "year": report.year,
        "reference_day": report.reference_day,
        "item_labels": report.item_labels,
        "rows": [_row_out(row) for row in report.rows],
        "total": _row_out(report.total),
    }
