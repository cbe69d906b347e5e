"""Counts of the required rules (制度) each agency has adopted, for the bureau and assessment."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from zhifa.supervision.guidance.models import AgencyRule, RuleType


@dataclass(frozen=True)
class RuleAdoption:
    required: int = 0
    adopted: int = 0


def adoption(agency_ids: Iterable[int], on: datetime.date) -> dict[int, RuleAdoption]:
    """Count, per agency, the required rule types and those it had adopted by ``on``.

    A rule counts from its adoption date (印发日期), whether or not a later version superseded
    it, because a superseded rule was replaced, not repealed. ``required`` is the number of rule
    types marked required now, so changing that mark changes past counts as well.
    """
    ids = list(agency_ids)
    required_ids = set(RuleType.objects.filter(required=True).values_list("pk", flat=True))

    adopted: dict[int, set[int]] = {agency_id: set() for agency_id in ids}
    rows = AgencyRule.objects.filter(
        agency_id__in=ids, rule_type_id__in=required_ids, adopted_on__lte=on
    ).values_list("agency_id", "rule_type_id")
    for agency_id, rule_type_id in rows:
        adopted[agency_id].add(rule_type_id)

    return {
        agency_id: RuleAdoption(required=len(required_ids), adopted=len(adopted[agency_id]))
        for agency_id in ids
    }
