"""The shared recording of a levy, requisition or expropriation step, and small helpers."""

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    StepInput,
    append_step,
    latest_step,
    lock_case,
    money,
    require,
)
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.core.errors import ValidationFailed

Prepare = Callable[[Case], dict[str, Any]]
After = Callable[[Case, CaseStep], None]


def record(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    code: str,
    kind: str,
    prepare: Prepare,
    after: After | None = None,
) -> CaseStep:
    """Record step ``code`` of a case of ``kind`` after ``prepare`` checks it and returns details.

    ``prepare`` runs on the locked case inside the transaction and raises ``ValidationFailed``
    for a rejected step. ``after`` updates the app's own rows in the same transaction.
    """
    require(user, Capability.MANAGE_CASES)
    with transaction.atomic():
        locked = lock_case(user, case)
        if locked.kind != kind:
            raise ValidationFailed(
                f"“{CaseKind(kind).label}”的环节不能记录在“{locked.get_kind_display()}”案件中。",
                field="step",
            )
        details = prepare(locked)
        data = dataclasses.replace(step, step=code, details={**step.details, **details})
        row = append_step(user, locked, data, audit_action=f"{code}_recorded")
        if after is not None:
            after(locked, row)
    return row


def details_of(case: Case, code: str) -> dict[str, Any] | None:
    row = latest_step(case, code)
    return None if row is None else dict(row.details)


def day_of(details: dict[str, Any] | None, key: str) -> datetime.date | None:
    if not details or not details.get(key):
        return None
    return datetime.date.fromisoformat(details[key])


def amount_of(details: dict[str, Any] | None, key: str) -> Decimal | None:
    if not details or details.get(key) in (None, ""):
        return None
    return Decimal(details[key])


def positive(value: Decimal | None, field_name: str, label: str) -> Decimal:
    amount = money(value, field_name, label)
    if amount <= 0:
        raise ValidationFailed(f"请填写大于零的“{label}”。", field=field_name)
    return amount


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
