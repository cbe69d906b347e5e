"""The "全程音像记录" compliance item and the closing check on mandatory scenes."""

import datetime
from typing import Any

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions as case_actions
from zhifa.cases import compliance as case_compliance
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Case, CaseKind, CaseStatus, CaseStep
from zhifa.cases.tests.steps_support import World, at, build_world, cover_next_year, office
from zhifa.coercion import actions
from zhifa.coercion.models import CoerciveMeasure
from zhifa.coercion.tests.support import approved_measure, open_kind
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.evidence import compliance, scenes
from zhifa.evidence.models import AvRecord, ExemptionReason, SceneExemption, SceneType
from zhifa.evidence.records import exemptions
from zhifa.evidence.tests.records_support import make_record, scene


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_kind(world, CaseKind.COERCIVE_MEASURE)


@pytest.fixture
def measure(world: World, case: Case) -> CoerciveMeasure:
    return approved_measure(world, case, at(11, 2, 10))


def _item(case: Case) -> case_compliance.ComplianceItem:
    items = case_compliance.evaluate(case_compliance.facts_for(case), CALENDAR)
    return next(item for item in items if item.label == compliance.LABEL)


def _release(world: World, case: Case, measure: CoerciveMeasure) -> None:
    actions.end_measure(
        world.officer_user,
        case,
        office("measure_released", at(11, 20), "处理"),
        measure_id=measure.pk,
        data=actions.EndInput(
            outcome="measure_released", reason="无需继续扣押", items_returned=True
        ),
    )


def _close(world: World, case: Case) -> Case:
    return case_actions.close_case(
        world.head,
        case,
        closed_on=datetime.date(2026, 11, 25),
        summary="结案",
        occurred_at=at(11, 25),
    )


def _sealing_record(world: World, case: Case, **fields: Any) -> AvRecord:
    return make_record(
        world.agency,
        world.officer_user,
        at(11, 2, 10),
        at(11, 2, 11),
        scene_code="sealing_seizure",
        case=case,
        **fields,
    )


def test_no_mandatory_scene_not_applicable(world: World, case: Case) -> None:
    assert _item(case).status == case_compliance.NOT_APPLICABLE


def test_seizure_without_record_missing(world: World, case: Case, measure: CoerciveMeasure) -> None:
    item = _item(case)

    assert item.status == case_compliance.MISSING
    assert "“实施查封、扣押”的“查封、扣押”缺少音像记录" in item.detail


def test_seizure_without_record_blocks_closing(
    world: World, case: Case, measure: CoerciveMeasure
) -> None:
    _release(world, case, measure)

    with pytest.raises(InvalidTransition, match="请上传该环节的音像记录或记录免予音像记录的理由"):
        _close(world, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_record_linked_to_step_met(world: World, case: Case, measure: CoerciveMeasure) -> None:
    _sealing_record(world, case, step=measure.imposed_step)

    assert _item(case).status == case_compliance.MET


def test_record_same_day_unlinked_met(world: World, case: Case, measure: CoerciveMeasure) -> None:
    _sealing_record(world, case)

    assert _item(case).status == case_compliance.MET


def test_record_other_day_unlinked_missing(
    world: World, case: Case, measure: CoerciveMeasure
) -> None:
    make_record(
        world.agency,
        world.officer_user,
        at(11, 3, 10),
        at(11, 3, 11),
        scene_code="sealing_seizure",
        case=case,
    )

    assert _item(case).status == case_compliance.MISSING


def test_record_of_other_scene_missing(world: World, case: Case, measure: CoerciveMeasure) -> None:
    _sealing_record(world, case, scene=scene("on_site_inspection"))

    assert _item(case).status == case_compliance.MISSING


def test_record_lets_case_close(world: World, case: Case, measure: CoerciveMeasure) -> None:
    _sealing_record(world, case, step=measure.imposed_step)
    _release(world, case, measure)

    assert _close(world, case).status == CaseStatus.CLOSED


def test_exemption_met_and_closes(world: World, case: Case, measure: CoerciveMeasure) -> None:
    exemptions.record_exemption(
        world.officer_user,
        case.pk,
        measure.imposed_step_id,
        scene("sealing_seizure").pk,
        ExemptionReason.FLAMMABLE,
        "扣押现场为加油站卸油区，禁止使用电子设备",
    )

    item = _item(case)
    assert item.status == case_compliance.MET
    assert "已说明免予记录" in item.detail
    _release(world, case, measure)
    assert _close(world, case).status == CaseStatus.CLOSED


def test_exemption_reason_too_short_refused(
    world: World, case: Case, measure: CoerciveMeasure
) -> None:
    with pytest.raises(ValidationFailed) as error:
        exemptions.record_exemption(
            world.officer_user,
            case.pk,
            measure.imposed_step_id,
            scene("sealing_seizure").pk,
            ExemptionReason.FLAMMABLE,
            "加油站",
        )
    assert error.value.field == "reason"


def test_exemption_for_step_without_duty_refused(
    world: World, case: Case, measure: CoerciveMeasure
) -> None:
    approval = CaseStep.objects.get(case=case, step="measure_approval")
    with pytest.raises(ValidationFailed, match="不要求"):
        exemptions.record_exemption(
            world.officer_user,
            case.pk,
            approval.pk,
            scene("sealing_seizure").pk,
            ExemptionReason.FLAMMABLE,
            "扣押现场为加油站卸油区，禁止使用电子设备",
        )


def test_exemption_twice_refused(world: World, case: Case, measure: CoerciveMeasure) -> None:
    _sealing_record(world, case, step=measure.imposed_step)
    with pytest.raises(InvalidTransition, match="已有音像记录"):
        exemptions.record_exemption(
            world.officer_user,
            case.pk,
            measure.imposed_step_id,
            scene("sealing_seizure").pk,
            ExemptionReason.EXPLOSIVE,
            "现场存放烟花爆竹，禁止使用电子设备",
        )
    assert not SceneExemption.objects.exists()


def test_inactive_scene_not_required(world: World, case: Case, measure: CoerciveMeasure) -> None:
    SceneType.objects.filter(code="sealing_seizure").update(active=False)

    assert _item(case).status == case_compliance.NOT_APPLICABLE


def test_agency_scene_applies_to_own_agency(
    world: World, case: Case, agency_b: Agency, supervisor_user: User
) -> None:
    for agency, code in ((world.agency, "approval_room"), (agency_b, "approval_b")):
        scenes.create_scene(
            supervisor_user,
            agency,
            scenes.SceneInput(
                code=code,
                name="审批谈话",
                requirement="mandatory",
                legal_source="本单位音像记录制度",
                steps=["measure_approval"],
            ),
        )
    # Agency scenes bind steps from the day they were added; these were added in January.
    added = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    SceneType.objects.filter(code__in=["approval_room", "approval_b"]).update(created_at=added)
    approved_measure(world, case, at(11, 2, 10))

    missing = compliance.evaluate_case(case).missing
    assert {duty.scene.code for duty in missing} == {"approval_room", "sealing_seizure"}


def test_agency_scene_spares_earlier_steps(world: World, case: Case, supervisor_user: User) -> None:
    approved_measure(world, case, at(11, 2, 10))
    scenes.create_scene(
        supervisor_user,
        world.agency,
        scenes.SceneInput(
            code="approval_room",
            name="审批谈话",
            requirement="mandatory",
            legal_source="本单位音像记录制度",
            steps=["measure_approval"],
        ),
    )

    missing = compliance.evaluate_case(case).missing
    assert {duty.scene.code for duty in missing} == {"sealing_seizure"}


def test_unexplained_gap_blocks_closing(world: World, case: Case, measure: CoerciveMeasure) -> None:
    first = _sealing_record(world, case, step=measure.imposed_step, device=None)
    make_record(
        world.agency,
        world.officer_user,
        at(11, 2, 11) + datetime.timedelta(minutes=5),
        at(11, 2, 12),
        scene_code="sealing_seizure",
        case=case,
    )
    _release(world, case, measure)

    assert first.session_id is not None
    assert "尚无中断说明" in _item(case).detail
    with pytest.raises(InvalidTransition, match="中断说明"):
        _close(world, case)


def test_query_count_bounded(
    world: World, case: Case, measure: CoerciveMeasure, django_assert_max_num_queries
) -> None:
    _sealing_record(world, case, step=measure.imposed_step)
    facts = case_compliance.facts_for(case)
    with django_assert_max_num_queries(8) as before:
        compliance.av_recording_item(facts, CALENDAR)
    for hour in (13, 14, 15):
        approved_measure(world, case, at(11, 2, hour))
    facts = case_compliance.facts_for(case)
    with django_assert_max_num_queries(len(before.captured_queries)):
        compliance.av_recording_item(facts, CALENDAR)


def test_triggers_narrowed_by_details() -> None:
    trigger = scenes.parse_trigger("document_service:method=leaving")

    assert trigger.matches("document_service", {"method": "leaving"})
    assert not trigger.matches("document_service", {"method": "post"})
    assert not trigger.matches("on_the_spot_service", {"method": "leaving"})
