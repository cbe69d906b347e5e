"""Rule groups 1 and 2: penalties with a hearing right, licences needing a hearing, mitigation."""

from decimal import Decimal

from zhifa.cases.rules.penalty import (
    FINE,
    HEARING_PENALTY_TYPES,
    ILLEGAL_GAINS_CONFISCATED,
    ILLEGAL_PROPERTY_CONFISCATED,
    PENALTY_LABELS,
)
from zhifa.review.models import DecisionKind, MajorFlag, Measure, PartyClass
from zhifa.review.proposals import ProposedDecision
from zhifa.review.results import RuleMatch
from zhifa.review.rules.common import Facts, RuleResult, yuan

# 行政处罚法 Art. 63: the agency must notify the party of the hearing right for a 较大数额
# fine or confiscation, a qualification downgrade, a licence revocation, a suspension of
# business, a closure order or a practice restriction.
HEARING_SOURCE = "《中华人民共和国行政处罚法》第六十三条第一款"
# 行政许可法 Art. 46-47: a hearing required by law or for a major public interest, and one the
# applicant or an interested party requests where the licence affects major interests.
LICENSING_HEARING_SOURCE = "《中华人民共和国行政许可法》第四十六条、第四十七条"
# 行政处罚法 Art. 32: a lighter or mitigated penalty; 减轻 means below the statutory minimum.
MITIGATION_SOURCE = "《中华人民共和国行政处罚法》第三十二条"

CONFISCATION_TYPES = frozenset({ILLEGAL_GAINS_CONFISCATED, ILLEGAL_PROPERTY_CONFISCATED})
PARTY_CLASS_WORDS: dict[str, str] = {
    PartyClass.CITIZEN: "公民",
    PartyClass.ORGANIZATION: "法人或者其他组织",
}
MEASURE_WORDS: dict[str, str] = {
    Measure.FINE: "罚款",
    Measure.CONFISCATION: "没收违法所得、非法财物",
}


def _amount_matches(
    proposal: ProposedDecision, facts: Facts, measure: str, amount: Decimal
) -> RuleResult:
    matches: list[RuleMatch] = []
    notes: list[str] = []
    if not proposal.party_classes:
        notes.append(f"未提供当事人类型，无法比对{MEASURE_WORDS[measure]}的较大数额标准。")
        return matches, notes
    for party_class in sorted(proposal.party_classes):
        party_words = PARTY_CLASS_WORDS[party_class]
        row = facts.thresholds.get((measure, party_class))
        if row is None:
            notes.append(
                f"没有适用于{party_words}{MEASURE_WORDS[measure]}的较大数额标准，未作比对。"
            )
            continue
        if amount < row.amount:
            continue
        # The source line shows the threshold's source and whether it is confirmed.
        reason = (
            f"对{party_words}{MEASURE_WORDS[measure]}{yuan(amount)}元，"
            f"达到较大数额{yuan(row.amount)}元"
        )
        source = f"{HEARING_SOURCE}；{row.legal_source}"
        code = f"hearing_{measure}_{party_class}"
        matches.append(RuleMatch(1, code, reason, source, confirmed=row.confirmed))
    return matches, notes


def hearing_rule(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    """Rule group 1: the decision gives the party a hearing right."""
    if proposal.kind == DecisionKind.LICENSING:
        if not proposal.hearing_required:
            return [], []
        reason = "该行政许可依法须经听证，或者当事人、利害关系人已申请听证"
        return [RuleMatch(1, "licensing_hearing", reason, LICENSING_HEARING_SOURCE)], []
    if proposal.kind != DecisionKind.PENALTY:
        return [], []

    matches = [
        RuleMatch(
            1,
            "hearing_penalty_type",
            f"拟给予{PENALTY_LABELS[code]}，当事人有权要求听证",
            HEARING_SOURCE,
        )
        for code in sorted(proposal.penalty_types & HEARING_PENALTY_TYPES)
    ]
    notes: list[str] = []
    checks = [
        (Measure.FINE, FINE in proposal.penalty_types, proposal.fine),
        (
            Measure.CONFISCATION,
            bool(proposal.penalty_types & CONFISCATION_TYPES),
            proposal.confiscation,
        ),
    ]
    for measure, applies, amount in checks:
        if applies and amount > 0:
            found, explained = _amount_matches(proposal, facts, measure, amount)
            matches += found
            notes += explained
    return matches, notes


def mitigation_rule(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    """Rule group 2: a mitigated penalty, flagged or with a fine below the statutory minimum."""
    if proposal.kind != DecisionKind.PENALTY:
        return [], []
    matches = [
        RuleMatch(
            2, MajorFlag.MITIGATED, f"承办部门标记为减轻处罚：{flag.reason}", MITIGATION_SOURCE
        )
        for flag in proposal.flags
        if flag.code == MajorFlag.MITIGATED
    ]
    minimum = proposal.statutory_minimum_fine
    if minimum is not None and FINE in proposal.penalty_types and proposal.fine < minimum:
        reason = f"拟罚款{yuan(proposal.fine)}元，低于法定最低罚款数额{yuan(minimum)}元"
        matches.append(RuleMatch(2, "below_minimum", reason, MITIGATION_SOURCE))
    return matches, []
