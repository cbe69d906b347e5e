"""The result of checking whether a proposed decision is major (重大执法决定判定结果)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhifa.review.proposals import ProposedDecision

# The rule groups of the major-decision check, numbered as the issue and the manual list them.
RULE_TITLES = {
    1: "适用听证程序的行政处罚或者须经听证的行政许可",
    2: "减轻行政处罚",
    3: "因公共利益变更、撤回行政许可，或者撤销行政许可",
    4: "行政强制执行决定",
    5: "国有土地上房屋征收决定",
    6: "涉及舆情风险、新领域，或者罚款明显超过以往平均罚款金额",
    7: "行政处罚法第五十八条规定应当法制审核的情形",
    8: "列入本单位法制审核目录清单或者国家、本市规定应当审核的情形",
}


@dataclass(frozen=True)
class RuleMatch:
    """One rule that matched, with the reason in Chinese and the legal source beside it."""

    rule: int
    code: str
    reason: str
    source: str
    confirmed: bool = True

    @property
    def title(self) -> str:
        return RULE_TITLES[self.rule]

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "code": self.code,
            "reason": self.reason,
            "source": self.source,
            "confirmed": self.confirmed,
        }


@dataclass(frozen=True)
class FineHistory:
    """Earlier fines of the same power item that the above-average rule compared with."""

    power_item_code: str
    scope: str  # "agency" or "district"
    count: int
    mean: Decimal | None
    median: Decimal | None
    multiple: Decimal
    minimum_count: int
    case_numbers: tuple[str, ...] = ()

    @property
    def threshold(self) -> Decimal | None:
        return None if self.mean is None else (self.mean * self.multiple).quantize(Decimal("0.01"))

    def as_json(self) -> dict[str, Any]:
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "power_item": self.power_item_code,
            "scope": self.scope,
            "count": self.count,
            "mean": text(self.mean),
            "median": text(self.median),
            "multiple": str(self.multiple),
            "threshold": text(self.threshold),
            "minimum_count": self.minimum_count,
            "case_numbers": list(self.case_numbers),
        }


@dataclass(frozen=True)
class Assessment:
    """Every rule that matched a proposal; the decision is major when any matched."""

    proposal: ProposedDecision
    matches: tuple[RuleMatch, ...]
    fine_history: FineHistory | None = None
    notes: tuple[str, ...] = ()

    @property
    def major(self) -> bool:
        return bool(self.matches)

    def as_json(self) -> dict[str, Any]:
        return {
            "major": self.major,
            "matches": [match.as_json() for match in self.matches],
            "fine_history": None if self.fine_history is None else self.fine_history.as_json(),
            "notes": list(self.notes),
            "proposal": self.proposal.as_json(),
        }
