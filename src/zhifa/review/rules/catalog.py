"""Rule group 8: the agency's review catalog, and other laws and rules the department names."""

from zhifa.review.models import MajorFlag
from zhifa.review.proposals import ProposedDecision
from zhifa.review.results import RuleMatch
from zhifa.review.rules.common import Facts, RuleResult

# 行政处罚法 Art. 58 (4): other cases that laws and regulations require to be reviewed; each
# agency lists the decisions it reviews in its catalog (国办发〔2018〕118号).
OTHER_RULE_SOURCE = "《中华人民共和国行政处罚法》第五十八条第一款第四项"
CATALOG_SOURCE = "国办发〔2018〕118号（重大执法决定法制审核目录清单）"


def catalog_rule(proposal: ProposedDecision, facts: Facts) -> RuleResult:
    """Rule group 8: every entry of the catalog in force that covers the proposal."""
    matches: list[RuleMatch] = []
    for entry in facts.catalog_entries:
        catalog = str(facts.catalog) if facts.catalog is not None else "法制审核目录清单"
        reason = f"列入{catalog}：{entry.description}"
        source = entry.legal_source or CATALOG_SOURCE
        matches.append(RuleMatch(8, "catalog_entry", reason, source))
    for flag in proposal.flags:
        if flag.code == MajorFlag.OTHER_RULE:
            reason = f"{MajorFlag.OTHER_RULE.label}：{flag.reason}"
            matches.append(RuleMatch(8, flag.code, reason, OTHER_RULE_SOURCE))
    notes = (
        []
        if proposal.agency_id is None or facts.catalog
        else ["该执法主体没有施行中的法制审核目录清单。"]
    )
    return matches, notes
