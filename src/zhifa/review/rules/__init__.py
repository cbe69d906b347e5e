"""The major-decision rules (重大执法决定): pure functions, one per rule group 1-8.

Each takes the proposal and the looked-up ``Facts`` and returns its matches with the reason
and legal source, and notes on what it could not check.
"""

from collections.abc import Callable

from zhifa.review.proposals import ProposedDecision
from zhifa.review.results import RuleMatch
from zhifa.review.rules.catalog import catalog_rule
from zhifa.review.rules.circumstances import article_58_rule, risk_rule
from zhifa.review.rules.common import Facts, RuleResult
from zhifa.review.rules.decisions import enforcement_rule, expropriation_rule, license_rule
from zhifa.review.rules.penalties import hearing_rule, mitigation_rule

RULES: tuple[Callable[[ProposedDecision, Facts], RuleResult], ...] = (
    hearing_rule,
    mitigation_rule,
    license_rule,
    enforcement_rule,
    expropriation_rule,
    risk_rule,
    article_58_rule,
    catalog_rule,
)


def evaluate(proposal: ProposedDecision, facts: Facts) -> tuple[list[RuleMatch], list[str]]:
    """Run every rule group in order; return all matches and all notes."""
    matches: list[RuleMatch] = []
    notes: list[str] = []
    for rule in RULES:
        found, explained = rule(proposal, facts)
        matches += found
        notes += explained
    return matches, notes


__all__ = ["Facts", "evaluate"]
