"""Steps of a requisition (行政征用): decision, handover, return with condition, compensation."""

import datetime
from decimal import Decimal
from typing import Any

from zhifa.accounts.models import User
from zhifa.cases.actions._common import StepInput, required_date, required_text
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.core.errors import ValidationFailed
from zhifa.levies import rules
from zhifa.levies.actions._shared import day_of, details_of, lines, positive, record

KIND = CaseKind.REQUISITION
CONDITION_CODES = {label: code for code, label in rules.ITEM_CONDITIONS.items()}


def _names(text: str, field_name: str) -> list[str]:
    names = lines(text)
    if not names:
        raise ValidationFailed("请逐行填写物品或场所，每行一项。", field=field_name)
    if len(set(names)) != len(names):
        raise ValidationFailed(
            "物品清单中有重复的名称，请为每项写明可区分的名称。", field=field_name
        )
    return names


def parse_returned(text: str) -> dict[str, str]:
    """Parse lines "名称：完好|毁损|灭失" into the item names and condition codes."""
    returned: dict[str, str] = {}
    for line in lines(text):
        name, _, condition = line.replace(":", "：").rpartition("：")
        code = CONDITION_CODES.get(condition.strip())
        if not name.strip() or code is None:
            raise ValidationFailed(
                f"返还清单“{line}”格式不正确，请写成“名称：完好”“名称：毁损”或“名称：灭失”。",
                field="items",
            )
        returned[name.strip()] = code
    if not returned:
        raise ValidationFailed("请逐行填写返还物品及其状况。", field="items")
    return returned


def decide_requisition(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    decided_on: datetime.date,
    legal_basis: str,
    emergency: str,
    items: str,
    period: str,
) -> CaseStep:
    """Decide a requisition, with its legal basis, the emergency and the items requisitioned."""
    details = {
        "decided_on": required_date(decided_on, "decided_on", "决定日期").isoformat(),
        "legal_basis": required_text(legal_basis, "legal_basis", "征用依据", 1000),
        "emergency": required_text(emergency, "emergency", "征用事由", 2000),
        "items": _names(items, "items"),
        "period": required_text(period, "period", "征用期限", 200),
    }
    return record(
        user, case, step, code="requisition_decision", kind=KIND, prepare=lambda _: details
    )


def record_handover(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    handed_over_on: datetime.date,
    items: str,
    condition: str,
) -> CaseStep:
    """Record the handover of the requisitioned items and their condition at handover."""
    handed = required_date(handed_over_on, "handed_over_on", "交接日期")
    names = _names(items, "items")
    state = required_text(condition, "condition", "交接时状况", 2000)

    def prepare(locked: Case) -> dict[str, Any]:
        decision = details_of(locked, "requisition_decision") or {}
        outcome = rules.check_handover(list(decision.get("items", [])), names)
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="items")
        decided = day_of(decision, "decided_on")
        if decided is not None and handed < decided:
            raise ValidationFailed("交接日期不能早于征用决定日期。", field="handed_over_on")
        return {"handed_over_on": handed.isoformat(), "items": names, "condition": state}

    return record(user, case, step, code="requisition_handover", kind=KIND, prepare=prepare)


def record_return(
    user: User, case: Case | int, step: StepInput, *, returned_on: datetime.date, items: str
) -> CaseStep:
    """Record the return of every handed-over item with its condition (完好、毁损、灭失)."""
    returned_day = required_date(returned_on, "returned_on", "返还日期")
    returned = parse_returned(items)

    def prepare(locked: Case) -> dict[str, Any]:
        handover = details_of(locked, "requisition_handover") or {}
        outcome = rules.check_return(list(handover.get("items", [])), returned)
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="items")
        handed = day_of(handover, "handed_over_on")
        if handed is not None and returned_day < handed:
            raise ValidationFailed("返还日期不能早于交接日期。", field="returned_on")
        return {
            "returned_on": returned_day.isoformat(),
            "items": returned,
            "damaged_or_lost": rules.damaged_or_lost(returned),
        }

    return record(user, case, step, code="requisition_return", kind=KIND, prepare=prepare)


def decide_compensation(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    decided_on: datetime.date,
    amount: Decimal,
    legal_basis: str,
    explanation: str,
) -> CaseStep:
    """Decide the compensation for the use, damage or loss of requisitioned property.

    Needs the return record first, so the decision can name the damaged and lost items.
    """
    decided = required_date(decided_on, "decided_on", "决定日期")
    value = positive(amount, "amount", "补偿金额")
    basis = required_text(legal_basis, "legal_basis", "补偿依据", 1000)
    text = required_text(explanation, "explanation", "补偿事项和计算方法", 4000)

    def prepare(locked: Case) -> dict[str, Any]:
        returned = details_of(locked, "requisition_return")
        if returned is None:
            raise ValidationFailed("请先记录“征用物品返还”，写明各项物品的状况。", field="step")
        return {
            "decided_on": decided.isoformat(),
            "amount": str(value),
            "legal_basis": basis,
            "explanation": text,
            "damaged_or_lost": returned.get("damaged_or_lost", []),
        }

    return record(user, case, step, code="requisition_compensation", kind=KIND, prepare=prepare)
