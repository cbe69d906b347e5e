"""Evaluation results rolled up per agency and year (评查结果汇总).

Only final evaluations count. An evaluation belongs to the year of its draw (评查年度), not
to the year in which it was finalised.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from zhifa.supervision.evaluation.models import Evaluation, EvaluationState, Grade, ItemScore

# How many of the most frequent findings the roll-up lists per agency.
TOP_FINDINGS = 5


@dataclass
class AgencyRollup:
    """One agency's evaluated files of one year."""

    agency_id: int
    files: int = 0
    score_sum: Decimal = Decimal("0")
    grades: Counter[str] = field(default_factory=Counter)
    # Findings counted by (item code, item text); items of different versions with the same
    # code and text count together.
    findings: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def mean_score(self) -> Decimal | None:
        if self.files == 0:
            return None
        return (self.score_sum / self.files).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def grade_count(self, grade: str) -> int:
        return self.grades[grade]

    @property
    def grade_counts(self) -> list[tuple[str, int]]:
        return [(choice.label, self.grades[choice.value]) for choice in Grade]

    @property
    def top_findings(self) -> list[tuple[str, str, int]]:
        """Return the most frequent findings, by count and then by item code on a tie."""
        ordered = sorted(self.findings.items(), key=lambda pair: (-pair[1], pair[0]))
        return [(code, text, count) for (code, text), count in ordered[:TOP_FINDINGS]]


def rollup(year: int, agency_ids: Iterable[int]) -> dict[int, AgencyRollup]:
    """Return the roll-up of ``year`` for each agency, empty where nothing was evaluated."""
    rows = {agency_id: AgencyRollup(agency_id) for agency_id in agency_ids}
    final = Evaluation.objects.filter(
        year=year, state=EvaluationState.FINAL, agency_id__in=list(rows)
    )
    for agency_id, total, grade in final.values_list("agency_id", "total", "grade"):
        row = rows[agency_id]
        row.files += 1
        row.score_sum += total or Decimal("0")
        row.grades[grade] += 1

    findings = ItemScore.objects.filter(evaluation__in=final, deduction__gt=0).values_list(
        "evaluation__agency_id", "item__code", "item__text"
    )
    for agency_id, code, text in findings:
        rows[agency_id].findings[(code, text)] += 1
    return rows
