"""Deciding whether a decision is published, from the ``PublicationRule`` table.

Active rules are read in ``position`` order and the first whose kind, domain and condition
all match decides. A blank kind or domain matches any. With no matching rule the decision is
published, since publishing is the norm and withholding the exception (沪府令第36号).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zhifa.publicity.drafting import conditions
from zhifa.publicity.models import PublicationRule, RuleAction


@dataclass(frozen=True)
class RuleRow:
    """The parts of a ``PublicationRule`` that matching reads."""

    code: str
    kind: str
    domain_code: str
    condition: str
    action: str
    description: str
    source: str


@dataclass(frozen=True)
class Verdict:
    publish: bool
    rule_code: str = ""
    description: str = ""
    source: str = ""


def active_rules() -> list[RuleRow]:
    rows = PublicationRule.objects.filter(is_active=True)
    return [
        RuleRow(
            code=row.code,
            kind=row.kind,
            domain_code=row.domain_code,
            condition=row.condition,
            action=row.action,
            description=row.description,
            source=row.source,
        )
        for row in rows.order_by("position", "code")
    ]


def matches(rule: RuleRow, kind: str, facts: Mapping[str, Any]) -> bool:
    if rule.kind and rule.kind != kind:
        return False
    if rule.domain_code and rule.domain_code not in (facts.get("domain_codes") or []):
        return False
    return conditions.evaluate(rule.condition, facts)


def decide(kind: str, facts: Mapping[str, Any], rules: Iterable[RuleRow]) -> Verdict:
    """Return the verdict of the first matching rule, or publish when none matches."""
    for rule in rules:
        if matches(rule, kind, facts):
            return Verdict(
                publish=rule.action == RuleAction.PUBLISH,
                rule_code=rule.code,
                description=rule.description,
                source=rule.source,
            )
    return Verdict(publish=True)


def verdict_for(kind: str, facts: Mapping[str, Any]) -> Verdict:
    return decide(kind, facts, active_rules())
