"""Rules on the officers acting on site: their number and their credentials."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from zhifa.cases.rules.common import ALLOWED, RuleOutcome, refused, show

# 行政处罚法 Art. 42 para. 1: penalties are enforced by officers with enforcement
# qualification, "不得少于两人，法律另有规定的除外"; Art. 55: officers show their credentials.
# 行政强制法 Art. 18 (2) sets the same two-officer minimum for coercive measures.
MIN_OFFICERS_ON_SITE = 2


@dataclass(frozen=True)
class OfficerFacts:
    """The facts about one officer present at a step that the rules read."""

    name: str
    credential_number: str
    credential_valid: bool
    credential_domain_ids: frozenset[int]
    credential_domain_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExceptionFacts:
    """One configured situation in which a law allows one officer to act alone."""

    step: str
    domain_id: int | None
    description: str
    legal_source: str


def applicable_exception(
    exceptions: Iterable[ExceptionFacts], step: str, domain_ids: Iterable[int]
) -> ExceptionFacts | None:
    """Return the first exception that covers ``step`` in one of the case's domains."""
    domains = set(domain_ids)
    for row in exceptions:
        if row.step and row.step != step:
            continue
        if row.domain_id is not None and row.domain_id not in domains:
            continue
        return row
    return None


def check_officer_credential(
    officer: OfficerFacts, day: datetime.date, required_domains: dict[int, str]
) -> RuleOutcome:
    """Check that one officer's credential is valid on ``day`` and covers the case's domains."""
    if not officer.credential_number or not officer.credential_valid:
        return refused(f"执法人员{officer.name}在{show(day)}没有有效的执法证件，不能参与现场执法。")
    uncovered = [
        name for pk, name in required_domains.items() if pk not in officer.credential_domain_ids
    ]
    if uncovered:
        return refused(
            f"执法人员{officer.name}的执法证件（证号{officer.credential_number}）"
            f"不含本案执法领域“{'、'.join(uncovered)}”，不能参与现场执法。"
        )
    return ALLOWED


def check_on_site_officers(
    officers: list[OfficerFacts],
    day: datetime.date,
    required_domains: dict[int, str],
    exception: ExceptionFacts | None = None,
) -> RuleOutcome:
    """Check the officers present at an on-site step (行政处罚法 Art. 42, Art. 55).

    ``required_domains`` maps the ids of the case's enforcement domains to their names; an
    empty mapping skips the domain check. ``exception`` is the configured one-officer
    exception that applies, if any.
    """
    minimum = 1 if exception is not None else MIN_OFFICERS_ON_SITE
    if len(officers) < minimum:
        return refused(
            f"现场执法须有不少于{MIN_OFFICERS_ON_SITE}名持有效执法证件的执法人员，"
            f"本环节只登记了{len(officers)}名，请补充在场执法人员。"
        )
    for officer in officers:
        outcome = check_officer_credential(officer, day, required_domains)
        if not outcome.allowed:
            return outcome
    return ALLOWED
