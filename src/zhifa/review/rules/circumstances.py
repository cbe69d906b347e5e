"""Rule groups 6 and 7: risk flags, a fine far above earlier fines, and 行政处罚法 Art. 58."""

from decimal import Decimal

from zhifa.cases.models import CaseFlag
from zhifa.cases.rules.penalty import FINE
from zhifa.review.models import DecisionKind, MajorFlag
from zhifa.review.proposals import ProposedDecision
from zhifa.review.results import FineHistory, RuleMatch
from zhifa.review.rules.common import Facts, RuleResult, yuan

# 国办发〔2018〕118号 lists decisions that may cause major social impact or social risk. The
# public-opinion, new-domain and above-average grounds come from the city's list of major
# decisions, whose text is not yet checked.
RISK_SOURCE = "国办发〔2018〕118号；本市重大执法决定法制审核情形（待核实）"
RISK_FLAGS = (MajorFlag.PUBLIC_OPINION_RISK, MajorFlag.NEW_DOMAIN, MajorFlag.SOCIAL_RISK)

# 行政处罚法 Art. 58 (1)-(3) require review for a major public interest, and for major rights
# of the party or a third party after a hearing. They also require it for a difficult or
# complex case, or one with several legal relationships.
ARTICLE_58_SOURCE = "《中华人民共和国行政处罚法》第五十八条第一款"
ARTICLE_58_FLAGS = (
    MajorFlag.MAJOR_PUBLIC_INTEREST,
    MajorFlag.MAJOR_RIGHTS_AFTER_HEARING,
    MajorFlag.COMPLEX,
)
CASE_FLAG_CODES = (
    CaseFlag.MAJOR_PUBLIC_INTEREST,
    CaseFlag.MULTIPLE_LEGAL_RELATIONSHIPS,
    CaseFlag.COMPLEX,
)

SCOPE_WORDS = {"agency": "本单位", "district": "全区"}


def _history_words(history: FineHistory, years: int) -> str:
    return f"{SCOPE_WORDS[history.scope]}近{years}年同一执法事项{history.count}件处罚决定"


def _above_average(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    history = facts.fine_history
    if proposal.kind != DecisionKind.PENALTY or FINE not in proposal.penalty_types:
        return [], []
    if proposal.fine <= 0 or history is None:
        return [], []
    used = _history_words(history, facts.history_years)
    threshold = history.threshold
    if history.count < history.minimum_count or threshold is None or history.mean is None:
        note = f"{used}，少于{history.minimum_count}件，未比较以往平均罚款金额。"
        return [], [note]
    if proposal.fine <= threshold:
        return [], []
    median = yuan(history.median or Decimal("0"))
    reason = (
        f"拟罚款{yuan(proposal.fine)}元，超过以往平均罚款{yuan(history.mean)}元的"
        f"{yuan(history.multiple)}倍（{yuan(threshold)}元），中位数{median}元；依据{used}"
    )
    return [RuleMatch(6, "fine_above_average", reason, RISK_SOURCE, facts.multiple_confirmed)], []


def risk_rule(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    """Rule group 6: flags of risk or a new domain, and a fine clearly above earlier fines.

    The flags count for every decision kind, because the department sets them with a reason.
    """
    matches = [
        RuleMatch(6, flag.code, f"{MajorFlag(flag.code).label}：{flag.reason}", RISK_SOURCE, False)
        for flag in proposal.flags
        if flag.code in RISK_FLAGS
    ]
    found, notes = _above_average(proposal, facts)
    return matches + found, notes


def article_58_rule(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    """Rule group 7: the flags of Art. 58 and the matching ``Case.flags`` of the case."""
    matches: list[RuleMatch] = []
    notes: list[str] = []
    for flag in proposal.flags:
        if flag.code not in ARTICLE_58_FLAGS:
            continue
        if flag.code == MajorFlag.MAJOR_RIGHTS_AFTER_HEARING and not proposal.hearing_held:
            notes.append("已标记“直接关系重大权益”，但尚未经过听证程序，暂不适用该情形。")
            continue
        reason = f"{MajorFlag(flag.code).label}：{flag.reason}"
        matches.append(RuleMatch(7, flag.code, reason, ARTICLE_58_SOURCE))
    for code in CASE_FLAG_CODES:
        if code in facts.case_flags:
            reason = f"立案登记的案件情形：{CaseFlag(code).label}"
            matches.append(RuleMatch(7, f"case_{code}", reason, ARTICLE_58_SOURCE))
    return matches, notes
