"""The review gate for decisions that arrive through the exchange (数据交换).

A decision made in another system (a vertically managed office, the city's system) is checked
with the same rules as a decision made here. When it is major, the record must report a legal
review whose conclusion is 同意; otherwise the whole record is refused with the reason.
"""

from decimal import Decimal

from zhifa.cases.exchange.hooks import ExchangedDecisionFacts
from zhifa.catalog.models import PowerItem
from zhifa.review.models import DecisionKind
from zhifa.review.proposals import ProposedDecision


def _domain_code(agency_id: int, codes: tuple[str, ...], facts: ExchangedDecisionFacts) -> str:
    item = PowerItem.objects.filter(agency_id=agency_id, code__in=codes[:1]).first()
    if item is None:
        return ""
    version = item.version_on(facts.decided_on) or item.latest_version()
    if version is None or version.domain is None:
        return ""
    return version.domain.code


def proposal_for_exchanged(facts: ExchangedDecisionFacts) -> ProposedDecision:
    """Describe a reported penalty decision the way the major-decision rules read it."""
    return ProposedDecision(
        kind=DecisionKind.PENALTY,
        agency_id=facts.agency_id,
        penalty_types=frozenset(facts.penalty_types),
        fine=facts.fine_amount or Decimal("0"),
        party_kinds=facts.party_kinds,
        domain_code=_domain_code(facts.agency_id, facts.power_item_codes, facts),
        power_item_code=facts.power_item_codes[0] if facts.power_item_codes else "",
        decided_on=facts.decided_on,
    )


def exchanged_decision_check(facts: ExchangedDecisionFacts) -> str | None:
    """Return why a reported decision cannot be recorded, or None."""
    from zhifa.review.assessment import assess

    assessment = assess(proposal_for_exchanged(facts))
    if not assessment.major:
        return None
    reasons = "；".join(match.reason for match in assessment.matches)
    if facts.review_conclusion is None:
        return (
            f"该决定属于重大执法决定（{reasons}），须报送法制审核结论、审核日期和审核机构；"
            "未经法制审核的重大执法决定不能登记。"
        )
    if facts.review_conclusion != "approved":
        return (
            "该决定属于重大执法决定，报送的法制审核结论不是“同意”，"
            "法制审核未通过的决定不能登记，请核实后重新报送。"
        )
    return None
