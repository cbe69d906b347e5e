"""Helpers shared by the licensing actions: step details and the case lock by kind."""

import dataclasses
import datetime
from typing import Any

from zhifa.accounts.models import User
from zhifa.cases.actions._common import StepInput, lock_case
from zhifa.cases.models import Case, CaseKind
from zhifa.core.errors import InvalidTransition


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
