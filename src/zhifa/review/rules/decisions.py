"""Rule groups 3, 4 and 5: licence changes and annulments, compulsory enforcement, expropriation."""

from zhifa.review.models import DecisionKind, EnforcementMethod
from zhifa.review.proposals import ProposedDecision
from zhifa.review.results import RuleMatch
from zhifa.review.rules.common import Facts, RuleResult

# 行政许可法 Art. 8: a licence in force may be changed or withdrawn only for the public
# interest, with compensation. Art. 69: annulment (撤销) of an unlawfully granted licence.
# Cancellation (注销, Art. 70) only records that a licence has ended and is not listed.
LICENSE_PUBLIC_INTEREST_SOURCE = "《中华人民共和国行政许可法》第八条"
LICENSE_ANNULMENT_SOURCE = "《中华人民共和国行政许可法》第六十九条"

# 行政强制法 Art. 37 (the enforcement decision) and Art. 50-51 (substitute performance).
# Additional fines and late fees (Art. 45) accrue by law, and immediate substitute performance
# (Art. 52) cannot wait for a review, so these three are not listed.
ENFORCEMENT_SOURCE = "《中华人民共和国行政强制法》第三十七条、第五十条、第五十一条"
ENFORCEMENT_EXCEPTIONS = frozenset(
    {
        EnforcementMethod.IMMEDIATE_SUBSTITUTE,
        EnforcementMethod.ADDITIONAL_FINE,
        EnforcementMethod.LATE_FEE,
    }
)

# 国有土地上房屋征收与补偿条例 Art. 8 (public interest only) and Art. 12 (risk assessment,
# executive meeting and funds before the decision).
EXPROPRIATION_SOURCE = "《国有土地上房屋征收与补偿条例》第八条、第十二条"


def license_rule(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    """Rule group 3: change or withdrawal for the public interest, or annulment, of a licence."""
    if proposal.kind in (DecisionKind.LICENSE_CHANGE, DecisionKind.LICENSE_WITHDRAWAL):
        label = DecisionKind(proposal.kind).label
        reason = f"因公共利益{label}，应当依法给予补偿"
        return [RuleMatch(3, proposal.kind, reason, LICENSE_PUBLIC_INTEREST_SOURCE)], []
    if proposal.kind == DecisionKind.LICENSE_ANNULMENT:
        reason = "撤销行政许可，涉及被许可人的合法权益和赔偿"
        return [RuleMatch(3, proposal.kind, reason, LICENSE_ANNULMENT_SOURCE)], []
    return [], []


def enforcement_rule(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    """Rule group 4: compulsory enforcement, except the three methods exempted above."""
    if proposal.kind != DecisionKind.COMPULSORY_ENFORCEMENT:
        return [], []
    method = proposal.enforcement_method or EnforcementMethod.ENFORCEMENT_DECISION
    label = EnforcementMethod(method).label
    if method in ENFORCEMENT_EXCEPTIONS:
        return [], [f"{label}不属于须经法制审核的行政强制执行决定。"]
    reason = f"拟作出行政强制执行决定（{label}）"
    return [RuleMatch(4, "compulsory_enforcement", reason, ENFORCEMENT_SOURCE)], []


def expropriation_rule(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    """Rule group 5: a housing expropriation decision."""
    if proposal.kind != DecisionKind.HOUSING_EXPROPRIATION:
        return [], []
    reason = "拟作出国有土地上房屋征收决定"
    return [RuleMatch(5, "housing_expropriation", reason, EXPROPRIATION_SOURCE)], []
