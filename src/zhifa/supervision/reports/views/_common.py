"""Helpers of the report pages: the user, month parsing, one-button actions, xlsx responses."""

import datetime
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from zhifa.accounts.models import User
from zhifa.core.errors import ValidationFailed, ZhifaError
from zhifa.supervision.reports.deadlines import previous_month

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
FIRST_YEAR = 2018
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
