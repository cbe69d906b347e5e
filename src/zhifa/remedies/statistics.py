"""The correction rate (被纠错率) of decisions challenged by reconsideration or litigation.

The rate is the share of challenged decisions that reconsideration or litigation changed,
revoked, or confirmed illegal or void. The correcting outcomes are those after which a
published decision is withdrawn (市场监督管理行政处罚信息公示规定, 总局令第45号). Counted:

- concluded: cases of the queryset with at least one reconsideration or lawsuit that
  concluded within the period, whatever the outcome (terminated ones included, as 审结);
- corrected: those of them where at least one remedy concluded within the period with a
  correcting outcome (changed, revoked, confirmed illegal, confirmed void);
- rate: corrected / concluded, rounded to 4 decimals, or None when nothing concluded.

A case counts once even when both a reconsideration and a lawsuit concluded in the period.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from zhifa.cases.models import Case
from zhifa.remedies.models import CORRECTION_OUTCOMES, Remedy, RemedyStatus


@dataclass(frozen=True)
class CorrectionRate:
    concluded: int
    corrected: int

    @property
    def rate(self) -> Decimal | None:
        if self.concluded == 0:
            return None
        return (Decimal(self.corrected) / Decimal(self.concluded)).quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )


@dataclass(frozen=True)
class CorrectionReport:
    """The district's rate and each agency's, keyed by agency id."""

    district: CorrectionRate
    by_agency: dict[int, CorrectionRate] = field(default_factory=dict)


def _rate(case_ids: set[int], corrected_ids: set[int]) -> CorrectionRate:
    return CorrectionRate(len(case_ids), len(case_ids & corrected_ids))


def correction_rate(
    cases: QuerySet[Case], starts_on: datetime.date, ends_on: datetime.date
) -> CorrectionReport:
    """Compute the correction rate of ``cases`` over the period, both days included.

    Pass a queryset already limited to the caller's scope (``zhifa.accounts.scope.restrict``).
    """
    rows = Remedy.objects.filter(
        case__in=cases,
        status=RemedyStatus.CONCLUDED,
        concluded_on__gte=starts_on,
        concluded_on__lte=ends_on,
    ).values_list("case_id", "case__agency_id", "outcome")

    agency_of: dict[int, int] = {}
    corrected: set[int] = set()
    for case_id, agency_id, outcome in rows:
        agency_of[case_id] = agency_id
        if outcome in CORRECTION_OUTCOMES:
            corrected.add(case_id)

    by_agency: dict[int, set[int]] = {}
    for case_id, agency_id in agency_of.items():
        by_agency.setdefault(agency_id, set()).add(case_id)
    return CorrectionReport(
        district=_rate(set(agency_of), corrected),
        by_agency={agency: _rate(ids, corrected) for agency, ids in sorted(by_agency.items())},
    )
