"""The materials and checklist items that apply to a decision kind (configurable rows)."""

from django.db.models import Q

from zhifa.review.models import ChecklistItem, MaterialRequirement


def materials_for(decision_kind: str, agency_id: int | None) -> list[MaterialRequirement]:
    """Return the active materials for the kind: district rows plus the agency's own rows.

    An agency row with the same code as a district row replaces it.
    """
    rows = MaterialRequirement.objects.filter(
        Q(decision_kind=decision_kind) | Q(decision_kind=""),
        Q(agency__isnull=True) | Q(agency_id=agency_id),
        active=True,
    ).order_by("sort_order", "pk")
    chosen: dict[str, MaterialRequirement] = {}
    for row in rows:
        if row.code not in chosen or row.agency_id is not None:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda row: (row.sort_order, row.pk))


def checklist_for(decision_kind: str) -> list[ChecklistItem]:
    """Return the active checklist items for the kind, formal ones first, then substantive."""
    order = {"formal": 0, "substantive": 1, "kind": 2}
    rows = ChecklistItem.objects.filter(
        Q(decision_kind=decision_kind) | Q(decision_kind=""), active=True
    )
    return sorted(rows, key=lambda row: (order.get(row.group, 3), row.sort_order, row.pk))
