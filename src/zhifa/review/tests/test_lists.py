"""The seeded review lists and the changes the supervisor and the agencies make to them."""

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.review import lists
from zhifa.review.actions.lists import (
    ChecklistInput,
    MaterialInput,
    save_agency_material,
    save_checklist_item,
    save_district_material,
    set_checklist_active,
    set_material_active,
)
from zhifa.review.models import ChecklistItem, DecisionKind, MaterialRequirement

pytestmark = pytest.mark.django_db


def codes(rows: list) -> list[str]:
    return [row.code for row in rows]


def test_every_kind_has_seeded_materials() -> None:
    for kind in DecisionKind.values:
        assert "submission_report" in codes(lists.materials_for(kind, None)), kind
        assert "draft_decision" in codes(lists.materials_for(kind, None)), kind


def test_seeded_materials_per_kind() -> None:
    penalty = {row.code: row for row in lists.materials_for("penalty", None)}
    expropriation = codes(lists.materials_for("housing_expropriation", None))
    enforcement = codes(lists.materials_for("compulsory_enforcement", None))

    assert {"investigation_report", "statement_and_defence", "discretion_note"} <= set(penalty)
    assert penalty["hearing_record"].required is False
    assert "听证" in penalty["hearing_record"].name
    assert {"stability_risk_assessment", "compensation_funds_proof", "announcement"} <= set(
        expropriation
    )
    assert {"demand_notice", "statement_record"} <= set(enforcement)
    for kind in ("license_change", "license_withdrawal", "license_annulment"):
        assert "compensation_plan" in codes(lists.materials_for(kind, None)), kind
    assert all(row.legal_source for row in MaterialRequirement.objects.all())


def test_seeded_checklist_groups_and_sources() -> None:
    penalty = lists.checklist_for("penalty")
    groups = [row.group for row in penalty]

    assert groups == sorted(groups, key=["formal", "substantive", "kind"].index)
    assert {"jurisdiction", "officer_qualification", "procedure", "remedies_notice"} <= set(
        codes(penalty)
    )
    assert {"facts_and_evidence", "legal_basis", "grounds", "discretion"} <= set(codes(penalty))
    assert {"penalty_type_and_range", "crime_referral"} <= set(codes(penalty))
    assert "compensation_funds" not in codes(penalty)
    assert "executive_meeting" in codes(lists.checklist_for("housing_expropriation"))
    assert "enforcement_body" in codes(lists.checklist_for("compulsory_enforcement"))
    assert all(row.legal_source for row in ChecklistItem.objects.all())


def test_agency_row_added_and_overrides(
    agency_head_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    save_agency_material(
        agency_head_user,
        agency_a.pk,
        None,
        MaterialInput("penalty", "site_photos", "现场照片及测绘图"),
    )
    save_agency_material(
        agency_head_user,
        agency_a.pk,
        None,
        MaterialInput("penalty", "discretion_note", "裁量基准适用说明（附本镇裁量基准条目）"),
    )

    own = {row.code: row for row in lists.materials_for("penalty", agency_a.pk)}
    other = {row.code: row for row in lists.materials_for("penalty", agency_b.pk)}

    assert "site_photos" in own
    assert own["discretion_note"].name == "裁量基准适用说明（附本镇裁量基准条目）"
    assert "site_photos" not in other
    assert other["discretion_note"].agency_id is None
    assert AuditEntry.objects.filter(action="review_list_changed").count() == 2


def test_agency_cannot_relax_required(agency_head_user: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as refused:
        save_agency_material(
            agency_head_user,
            agency_a.pk,
            None,
            MaterialInput("penalty", "evidence", "证据材料", required=False),
        )
    assert refused.value.field == "required"

    optional_seed = save_agency_material(
        agency_head_user,
        agency_a.pk,
        None,
        MaterialInput("penalty", "hearing_record", "听证笔录", required=True),
    )
    assert optional_seed.required


def test_agency_cannot_edit_district_rows(
    agency_head_user: User, other_agency_user: User, agency_a: Agency
) -> None:
    district = MaterialRequirement.objects.get(decision_kind="penalty", code="draft_decision")
    with pytest.raises(NotPermitted):
        set_material_active(agency_head_user, district.pk, False)
    with pytest.raises(NotPermitted):
        save_district_material(agency_head_user, district.pk, MaterialInput("penalty", "x", "x"))

    own = save_agency_material(
        agency_head_user, agency_a.pk, None, MaterialInput("penalty", "maps", "测绘图")
    )
    with pytest.raises(NotFound):
        set_material_active(other_agency_user, own.pk, False)
    set_material_active(agency_head_user, own.pk, False)
    assert "maps" not in codes(lists.materials_for("penalty", agency_a.pk))


def test_supervisor_edits_district_rows(supervisor_user: User) -> None:
    row = save_district_material(
        supervisor_user, None, MaterialInput("licensing", "site_check", "现场核查记录")
    )
    assert "site_check" in codes(lists.materials_for("licensing", None))

    with pytest.raises(ValidationFailed) as duplicate:
        save_district_material(
            supervisor_user, None, MaterialInput("licensing", "site_check", "重复")
        )
    assert duplicate.value.field == "code"

    set_material_active(supervisor_user, row.pk, False)
    assert "site_check" not in codes(lists.materials_for("licensing", None))


def test_checklist_item_changes(supervisor_user: User, agency_head_user: User) -> None:
    item = save_checklist_item(
        supervisor_user,
        None,
        ChecklistInput("penalty", "kind", "confiscation_list", "没收物品清单", legal_source="x"),
    )
    assert "confiscation_list" in codes(lists.checklist_for("penalty"))

    with pytest.raises(ValidationFailed) as bad_group:
        save_checklist_item(supervisor_user, None, ChecklistInput("", "other", "a", "b"))
    assert bad_group.value.field == "group"
    with pytest.raises(ValidationFailed) as bad_code:
        save_checklist_item(supervisor_user, None, ChecklistInput("", "formal", "审核", "b"))
    assert bad_code.value.field == "code"
    with pytest.raises(NotPermitted):
        set_checklist_active(agency_head_user, item.pk, False)

    set_checklist_active(supervisor_user, item.pk, False)
    assert "confiscation_list" not in codes(lists.checklist_for("penalty"))
