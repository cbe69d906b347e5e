"""Helpers of the report pages: the user, month parsing, the report page's figures,
one-button actions, xlsx responses."""

import datetime
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header

from zhifa.accounts.models import User
from zhifa.core.errors import ValidationFailed, ZhifaError
from zhifa.review.figures import FIRST_YEAR
from zhifa.supervision.reports import display
from zhifa.supervision.reports.deadlines import previous_month
from zhifa.supervision.reports.differences import differences
from zhifa.supervision.reports.figures import from_json
from zhifa.supervision.reports.models import AnnualReport, MonthlyReport

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def parse_month(value: str | None, today: datetime.date) -> tuple[int, int]:
    """Parse ``YYYY-MM``; an empty value means the month before ``today``."""
    if not value:
        return previous_month(today)
    found = MONTH.match(value.strip())
    if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < FIRST_YEAR:
        raise ValidationFailed(
            f"“月份”{value}无效，请按“年-月”填写，例如{today.year}-01。", field="month"
        )
    return int(found[1]), int(found[2])


def parse_year(value: str | None, default: int) -> int:
    if not value:
        return default
    if not value.strip().isdigit() or not FIRST_YEAR <= int(value) <= 9999:
        raise ValidationFailed(f"“年度”{value}无效，请填写四位数字年份。", field="year")
    return int(value)


def report_context(report: MonthlyReport | AnnualReport) -> dict[str, Any]:
    """Build the context of a report page: figures by section, rates, changes and history.

    A frozen report also gets the figures recompiled from today's data that differ from it.
    """
    figures = from_json(report.figures)
    changes = differences(report, timezone.localdate()) if report.is_frozen else []
    live = dict(figures)
    for change in changes:
        live[change.metric.code] = change.live
    return {
        "report": report,
        "sections": display.sections(figures, live if changes else None),
        "rates": display.rates(figures),
        "changes": changes,
        "events": report.events.select_related("actor"),
    }


def run_action(
    request: HttpRequest, call: Callable[[], Any], success: str, target: str
) -> HttpResponse:
    """Run an action; show its error or ``success`` as a message and go to ``target``."""
    try:
        call()
    except ZhifaError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(target)


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    response["Cache-Control"] = "private, no-store"
    return response
