"""Helpers shared by the licensing actions: step details, the case lock by kind, date order."""

import dataclasses
import datetime
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.actions._common import StepInput, lock_case
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.rules.common import show
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.workdays import CalendarNotCovered, shanghai_date

logger = logging.getLogger(__name__)

T = TypeVar("T")


def with_code(step: StepInput, code: str, **details: Any) -> StepInput:
    """Return ``step`` with its code set and ``details`` added, dates stored as ISO text."""
    stored = {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in details.items()
    }
    return dataclasses.replace(step, step=code, details={**step.details, **stored})


def lock_kind(user: User, case: Case | int, kind: str) -> Case:
    """Lock the case for update and check that it is of ``kind``."""
    locked = lock_case(user, case)
    if locked.kind != kind:
        raise InvalidTransition(
            f"案件{locked.number}不是“{CaseKind(kind).label}”案件，不能记录此环节。", field="step"
        )
    return locked


def check_not_before(
    value: datetime.date, label: str, earlier: datetime.date | None, earlier_label: str, field: str
) -> None:
    """Reject ``value`` when it falls before ``earlier``, the date of what it depends on."""
    if earlier is not None and value < earlier:
        raise ValidationFailed(
            f"“{label}”（{show(value)}）早于{earlier_label}（{show(earlier)}），请核对日期。",
            field=field,
        )


def check_step_time(step: StepInput, earlier: datetime.date | None, earlier_label: str) -> None:
    """Reject a step whose time falls on a day before ``earlier``, the day it depends on.

    A missing or naive time is left to ``append_step``, which rejects it with its own message.
    """
    if step.occurred_at is None or timezone.is_naive(step.occurred_at):
        return
    check_not_before(
        shanghai_date(step.occurred_at), "发生时间", earlier, earlier_label, "occurred_at"
    )


def unless_uncovered(
    compute: Callable[[], T], pending: T, act_day: datetime.date | None = None
) -> T:
    """Return ``compute()``, or ``pending`` when its count reaches a year the calendar lacks.

    A missing next-year calendar must not block a lawful act, so the act is recorded and its
    deadline computed again when read. The counting stops at the first day of the missing
    year, so the deadline lies after every earlier day: an act on ``act_day`` before that year
    is in time. An act inside the missing year cannot be judged, so the error is raised again.
    """
    try:
        return compute()
    except CalendarNotCovered as error:
        if act_day is not None and act_day.year >= error.year:
            raise
        logger.info("deadline left pending: calendar year %s not imported", error.year)
        return pending
