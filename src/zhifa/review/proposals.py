"""A proposed decision (拟作出的决定), as the major-decision rules read it.

The same shape comes from a case (``zhifa.review.assessment.proposal_for_case``), from the
API and from ``zhifa review check --json FILE``, so the city's systems and legal staff can
test a decision before it exists as a case. ``from_json`` validates the JSON and names the
field and the fix of every mistake in Chinese.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhifa.agencies.models import EnforcementDomain
from zhifa.cases.actions._common import money
from zhifa.cases.models import PartyKind
from zhifa.cases.rules.penalty import PENALTY_LABELS, is_citizen
from zhifa.core.errors import ValidationFailed
from zhifa.core.workdays import shanghai_date
from zhifa.review.models import BasisLevel, DecisionKind, EnforcementMethod, MajorFlag


@dataclass(frozen=True)
class FlagInput:
    code: str
    reason: str


@dataclass(frozen=True)
class ProposedDecision:
    """The facts of a decision about to be made that the major-decision rules read."""

    kind: str
    agency_id: int | None = None
    case_id: int | None = None
    penalty_types: frozenset[str] = frozenset()
    fine: Decimal = Decimal("0")
    confiscation: Decimal = Decimal("0")
    party_kinds: frozenset[str] = frozenset()
    domain_code: str = ""
    basis_level: str = ""
    power_item_code: str = ""
    enforcement_method: str = ""
    hearing_required: bool = False
    hearing_held: bool = False
    statutory_minimum_fine: Decimal | None = None
    flags: tuple[FlagInput, ...] = ()
    decided_on: datetime.date = field(default_factory=lambda: shanghai_date(timezone.now()))

    @property
    def party_classes(self) -> frozenset[str]:
        """``citizen`` and/or ``organization``, the way the 较大数额 tables distinguish them."""
        return frozenset(
            "citizen" if is_citizen(kind) else "organization" for kind in self.party_kinds
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "agency": self.agency_id,
            "case": self.case_id,
            "penalty_types": sorted(self.penalty_types),
            "fine": str(self.fine),
            "confiscation": str(self.confiscation),
            "party_kinds": sorted(self.party_kinds),
            "domain": self.domain_code,
            "basis_level": self.basis_level,
            "power_item": self.power_item_code,
            "enforcement_method": self.enforcement_method,
            "hearing_required": self.hearing_required,
            "hearing_held": self.hearing_held,
            "statutory_minimum_fine": (
                None if self.statutory_minimum_fine is None else str(self.statutory_minimum_fine)
            ),
            "flags": [{"code": flag.code, "reason": flag.reason} for flag in self.flags],
            "decided_on": self.decided_on.isoformat(),
        }


def _choice(data: dict[str, Any], key: str, label: str, choices: list[str], blank: bool) -> str:
    value = data.get(key, "")
    if value in (None, "") and blank:
        return ""
    if not isinstance(value, str) or value not in choices:
        listed = "、".join(choice for choice in choices if choice)
        raise ValidationFailed(f"“{label}”（{key}）应为以下之一：{listed}。", field=key)
    return value


def _codes(data: dict[str, Any], key: str, label: str, allowed: list[str]) -> frozenset[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationFailed(f"“{label}”（{key}）应为代码列表。", field=key)
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise ValidationFailed(
            f"“{label}”（{key}）含有无效代码：{'、'.join(unknown)}；可用代码：{'、'.join(allowed)}。",
            field=key,
        )
    return frozenset(value)


def _flag(item: Any, index: int) -> FlagInput:
    path = f"flags[{index}]"
    if not isinstance(item, dict):
        raise ValidationFailed(f"“情形”（{path}）应为含 code 和 reason 的对象。", field=path)
    code = item.get("code")
    if code not in MajorFlag.values:
        raise ValidationFailed(
            f"“情形代码”（{path}.code）应为以下之一：{'、'.join(MajorFlag.values)}。",
            field=f"{path}.code",
        )
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationFailed(f"请填写“情形理由”（{path}.reason）。", field=f"{path}.reason")
    return FlagInput(code, reason.strip())


def _bool(data: dict[str, Any], key: str, label: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ValidationFailed(f"“{label}”（{key}）应为 true 或 false。", field=key)
    return value


# Dates the check accepts: the thresholds and catalogs start after 2000, and dates near the
# ends of the calendar overflow the date arithmetic of the rules.
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)


def check_day(day: datetime.date, key: str, label: str) -> datetime.date:
    """Return ``day`` when it lies between 2000 and 2100; raise naming the field otherwise."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationFailed(
            f"“{label}”（{key}）{day.isoformat()}超出范围，应在2000年1月1日至2100年12月31日之间。",
            field=key,
        )
    return day


def _date(data: dict[str, Any], key: str, label: str) -> datetime.date:
    value = data.get(key)
    if value in (None, ""):
        return shanghai_date(timezone.now())
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(
            f"“{label}”（{key}）应为日期，格式如 2026-12-05。", field=key
        ) from None
    return check_day(day, key, label)


def _domain(data: dict[str, Any]) -> str:
    """Return the "domain" code, which must be an EnforcementDomain code or empty."""
    code = _text(data, "domain", "执法领域代码", 40)
    if code and not EnforcementDomain.objects.filter(code=code).exists():
        raise ValidationFailed(
            unknown_domain_message(code, "执法领域代码（domain）"), field="domain"
        )
    return code


def unknown_domain_message(code: str, label: str) -> str:
    """Return the message for an unknown domain code, listing a few valid codes."""
    valid = EnforcementDomain.objects.order_by("code").values_list("code", "name")[:5]
    examples = "、".join(f"{value}（{name}）" for value, name in valid)
    return f"“{label}”中的{code}不是已登记的执法领域代码，请改用已登记的代码，例如：{examples}。"


def _text(data: dict[str, Any], key: str, label: str, max_length: int) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > max_length:
        raise ValidationFailed(f"“{label}”（{key}）应为不超过{max_length}个字符的文字。", field=key)
    return value.strip()


def from_json(data: Any, *, agency_id: int | None = None) -> ProposedDecision:
    """Validate a proposed decision given as JSON; ``agency_id`` is resolved by the caller."""
    if not isinstance(data, dict):
        raise ValidationFailed("请提供一个 JSON 对象，描述拟作出的决定。", field="kind")
    flags = data.get("flags", [])
    if not isinstance(flags, list):
        raise ValidationFailed("“情形”（flags）应为列表。", field="flags")
    minimum = data.get("statutory_minimum_fine")
    return ProposedDecision(
        kind=_choice(data, "kind", "决定类型", DecisionKind.values, blank=False),
        agency_id=agency_id,
        penalty_types=_codes(data, "penalty_types", "处罚种类", list(PENALTY_LABELS)),
        fine=money(data.get("fine"), "fine", "罚款金额"),
        confiscation=money(data.get("confiscation"), "confiscation", "没收金额或价值"),
        party_kinds=_codes(data, "party_kinds", "当事人类型", PartyKind.values),
        domain_code=_domain(data),
        basis_level=_choice(data, "basis_level", "依据层级", BasisLevel.values, blank=True),
        power_item_code=_text(data, "power_item", "执法事项编码", 60),
        enforcement_method=_choice(
            data, "enforcement_method", "强制执行方式", EnforcementMethod.values, blank=True
        ),
        hearing_required=_bool(data, "hearing_required", "须经听证"),
        hearing_held=_bool(data, "hearing_held", "已经听证"),
        statutory_minimum_fine=(
            None
            if minimum in (None, "")
            else money(minimum, "statutory_minimum_fine", "法定最低罚款数额")
        ),
        flags=tuple(_flag(item, index) for index, item in enumerate(flags)),
        decided_on=_date(data, "decided_on", "拟决定日期"),
    )
