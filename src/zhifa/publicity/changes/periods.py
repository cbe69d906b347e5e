"""Publication periods (公示期限) from the ``PeriodRule`` table.

For each penalty type of the decision the most specific active rule applies: a rule naming the
type beats the all-types rule, and a rule with a fine limit beats one without. Domain rules
(special equipment, work safety and fire safety get a one-year minimum under 发改委令第58号)
apply on top of those. Of all rules that apply, the longest minimum and the longest period
win, and early removal is allowed only when every one of them allows it.

Periods count from the decision date, as 58号令 sets. The first day on the portal is the
publication date (``Publication.starts_on``), so an item published late shows for a shorter
time. A rule without ``max_months`` lasts as long as the decision's ban when that is longer
than its minimum (总局令第45号). A licence's publication also ends when the licence expires.
"""

import calendar
import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from zhifa.cases.rules.penalty import FINE, PENALTY_LABELS
from zhifa.publicity.models import PeriodRule, Publication, PublicationKind

logger = logging.getLogger(__name__)

# 2099/12/31 is the dual-publicity standard's "长期" (no end); a licence valid until then is
# treated as having no end date of its own.
LONG_TERM = datetime.date(2099, 12, 31)


@dataclass
class Period:
    """The combined rule of one publication; months count from the decision date."""

    min_months: int
    months: int
    early_removal_allowed: bool
    rule_codes: list[str] = field(default_factory=list)
    # Labels of the penalty types whose rules forbid early removal, e.g. 责令停产停业.
    non_removable: list[str] = field(default_factory=list)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day ``months`` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def facts_of(publication: Publication) -> dict[str, Any]:
    facts = (publication.original or {}).get("facts") or {}
    return facts if isinstance(facts, dict) else {}


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        logger.warning("fine amount %r in publication facts is not a number", value)
        return None


def _ban_months(value: Any) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def _fine_applies(rule: PeriodRule, penalty_type: str, fine: Decimal | None) -> bool:
    """Return whether ``rule`` applies to the fine; a rule with a limit applies only within it."""
    if rule.fine_up_to is None:
        return True
    return penalty_type == FINE and rule.is_low_fine(fine)


def _type_rule(
    rules: list[PeriodRule], penalty_type: str, fine: Decimal | None
) -> PeriodRule | None:
    candidates = [
        rule
        for rule in rules
        if not rule.domain_code
        and rule.penalty_type in ("", penalty_type)
        and _fine_applies(rule, penalty_type, fine)
    ]

    def specificity(rule: PeriodRule) -> tuple[bool, bool, int]:
        return (rule.penalty_type == penalty_type, rule.fine_up_to is not None, -rule.pk)

    return max(candidates, key=specificity, default=None)


def _domain_rules(
    rules: list[PeriodRule], penalty_types: list[str], domains: set[str], fine: Decimal | None
) -> list[PeriodRule]:
    return [
        rule
        for rule in rules
        if rule.domain_code
        and rule.domain_code in domains
        and any(
            rule.penalty_type in ("", penalty_type) and _fine_applies(rule, penalty_type, fine)
            for penalty_type in penalty_types
        )
    ]


def _months(rule: PeriodRule, ban_months: int) -> int:
    if rule.max_months is None:
        return max(rule.min_months, ban_months)
    return max(rule.max_months, rule.min_months)


def period_for(publication: Publication) -> Period | None:
    """Combine the rules that apply to ``publication``; None when no active rule applies."""
    facts = facts_of(publication)
    rules = list(PeriodRule.objects.filter(kind=publication.kind, is_active=True))
    if publication.kind == PublicationKind.PENALTY:
        penalty_types = [str(code) for code in facts.get("penalty_types") or []] or [""]
    else:
        penalty_types = [""]
    fine = _amount(facts.get("fine_amount"))
    domains = {str(code) for code in facts.get("domain_codes") or []}
    ban_months = _ban_months(facts.get("ban_months"))

    applied: list[PeriodRule] = []
    non_removable: list[str] = []
    for penalty_type in penalty_types:
        rule = _type_rule(rules, penalty_type, fine)
        if rule is None:
            continue
        applied.append(rule)
        if not rule.early_removal_allowed and penalty_type:
            non_removable.append(PENALTY_LABELS.get(penalty_type, penalty_type))
    applied += _domain_rules(rules, penalty_types, domains, fine)
    if not applied:
        return None

    return Period(
        min_months=max(rule.min_months for rule in applied),
        months=max(_months(rule, ban_months) for rule in applied),
        early_removal_allowed=all(rule.early_removal_allowed for rule in applied),
        rule_codes=sorted({rule.code for rule in applied}),
        non_removable=non_removable,
    )


def licence_valid_until(publication: Publication) -> datetime.date | None:
    """Return the licence's 有效期至 (``XK_YXQZI``) when the decision states a real end."""
    values = (publication.original or {}).get("fields") or {}
    text = str(values.get("XK_YXQZI") or "").strip().replace("/", "-")
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return None if day >= LONG_TERM else day


def dates_for(
    publication: Publication, starts_on: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the end of the minimum period and the 公示截止期 of ``publication``.

    Both count from ``publication.decided_on``. ``starts_on`` is the first day on the portal.
    An end before it means that the period ran out before publication: this is logged, and
    the next sweep expires the item. (None, None) means that no active rule applies. The item
    then has no end, and a warning is logged so that the supervisor adds a rule.
    """
    period = period_for(publication)
    if period is None:
        logger.warning(
            "no active period rule for publication %s (kind %s)", publication.pk, publication.kind
        )
        return None, None

    ends_on = add_months(publication.decided_on, period.months)
    if publication.kind == PublicationKind.LICENSE:
        valid_until = licence_valid_until(publication)
        if valid_until is not None:
            ends_on = min(ends_on, valid_until)
    min_end_on = add_months(publication.decided_on, period.min_months)
    if not period.early_removal_allowed or min_end_on > ends_on:
        min_end_on = ends_on

    if ends_on < starts_on:
        logger.warning(
            "publication %s period ended on %s, before its publication on %s",
            publication.pk,
            ends_on,
            starts_on,
        )
    return min_end_on, ends_on
