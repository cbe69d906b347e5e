"""Agency B's review objects for the scope walk test of the back office.

Two seeded district-wide rows, a checklist item and a hearing threshold, join them. With
them the walk finds an object for every review page with a key. Agency A's roles may not
edit those rows.
"""

import datetime

from django.db.models import Model
from django.utils import timezone

from zhifa.agencies.models import Agency, Department
from zhifa.cases.models import Case
from zhifa.review.models import (
    ChecklistItem,
    DecisionKind,
    HearingThreshold,
    MajorDecisionFlag,
    MajorFlag,
    MaterialRequirement,
    ReviewCatalog,
    ReviewCatalogEntry,
    ReviewObjection,
    ReviewProcedure,
    ReviewRequest,
)


def agency_b_objects(base: dict[type[Model], Model]) -> dict[type[Model], Model]:
    """Create agency B's flag, returned round with an objection, catalog, procedure, material."""
    case = base[Case]
    agency = base[Agency]
    assert isinstance(case, Case)
    assert isinstance(agency, Agency)
    legal = Department.objects.create(agency=agency, name="乙单位法制科", is_legal_department=True)
    flag = MajorDecisionFlag.objects.create(
        case=case, code=MajorFlag.COMPLEX, reason="乙单位案件情况复杂"
    )
    round_one = ReviewRequest.objects.create(
        case=case,
        round_number=1,
        decision_kind=DecisionKind.PENALTY,
        proposal={"kind": "penalty", "fine": "50000"},
        assessment={"major": True, "matches": []},
        summary="乙单位送审说明",
        submitted_at=timezone.now(),
        materials_complete_on=datetime.date.today(),  # noqa: DTZ011 - a calendar date like the walk test's
        review_department=legal,
        state="returned",
    )
    objection = ReviewObjection.objects.create(
        request=round_one, reasons="乙单位异议理由", raised_at=timezone.now()
    )
    return {
        MajorDecisionFlag: flag,
        ReviewRequest: round_one,
        ReviewObjection: objection,
        **catalog_objects(agency),
    }


def catalog_objects(agency: Agency) -> dict[type[Model], Model]:
    effective = datetime.date(2026, 1, 1)
    catalog = ReviewCatalog.objects.create(agency=agency, version=1, effective_from=effective)
    entry = ReviewCatalogEntry.objects.create(
        catalog=catalog, decision_kind=DecisionKind.PENALTY, description="乙单位审核事项"
    )
    procedure = ReviewProcedure.objects.create(
        agency=agency,
        version=1,
        effective_from=effective,
        materials="乙单位送审材料",
        method="书面审核",
        time_limits="五个工作日",
        responsibilities="承办部门对事实负责",
        objections="报单位负责人决定",
    )
    material = MaterialRequirement.objects.create(
        agency=agency, decision_kind=DecisionKind.PENALTY, code="b-only", name="乙单位专属材料"
    )
    return {
        ReviewCatalog: catalog,
        ReviewCatalogEntry: entry,
        ReviewProcedure: procedure,
        MaterialRequirement: material,
        ChecklistItem: ChecklistItem.objects.order_by("pk")[0],
        HearingThreshold: HearingThreshold.objects.order_by("pk")[0],
    }
