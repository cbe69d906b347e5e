"""Scene rules: the seeded district scenes, agency scenes, editing rights and recording rules."""

import datetime

import pytest
from django.urls import reverse

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.cases.tests.pages_support import client_for
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.evidence import scenes
from zhifa.evidence.models import RecordingRules, Requirement, SceneType

pytestmark = pytest.mark.django_db


def _input(**overrides: object) -> scenes.SceneInput:
    data = scenes.SceneInput(
        code="night_patrol",
        name="夜间巡查",
        requirement=Requirement.MANDATORY,
        legal_source="本单位音像记录制度第三条",
        steps=["inspection_record"],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def _rules(**overrides: object) -> scenes.RulesInput:
    data = scenes.RulesInput(
        effective_from=datetime.date(2026, 1, 1),
        use="执法人员外出执法应佩戴执法记录仪",
        content="时间、地点、人员、经过",
        wording="现在对执法过程进行录音录像",
        storage="当日导入采集站，保存期限同案卷",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_seeded_mandatory_scenes() -> None:
    mandatory = SceneType.objects.filter(agency=None, requirement=Requirement.MANDATORY)

    assert set(mandatory.values_list("code", flat=True)) == {
        "commitment_verification",
        "sealing_seizure",
        "compulsory_enforcement",
        "substitute_performance",
        "evidence_preservation",
        "case_handling_room",
    }
    assert not SceneType.objects.filter(agency=None, confirmed=True).exists()


def test_freezing_triggers_no_scene() -> None:
    district = list(SceneType.objects.filter(agency=None))

    assert scenes.scenes_triggered(district, "deposits_frozen", {}) == []
    assert [s.code for s in scenes.scenes_triggered(district, "immediate_substitute", {})] == [
        "substitute_performance"
    ]


def test_service_scenes_by_method() -> None:
    district = list(SceneType.objects.filter(agency=None))

    leaving = scenes.scenes_triggered(district, "document_service", {"method": "leaving"})
    post = scenes.scenes_triggered(district, "document_service", {"method": "post"})

    assert [s.code for s in leaving] == ["service_by_leaving"]
    assert post == []


def test_head_adds_agency_scene(agency_head_user: User, agency_a: Agency) -> None:
    scene = scenes.create_scene(agency_head_user, agency_a, _input())

    assert scene.agency == agency_a
    assert AuditEntry.objects.filter(action="scene_type_created", agency_id=agency_a.pk).exists()


def test_head_cannot_add_district_scene(agency_head_user: User) -> None:
    with pytest.raises(NotPermitted, match="执法监督"):
        scenes.create_scene(agency_head_user, None, _input())


def test_officer_cannot_add_scene(officer_user: User, agency_a: Agency) -> None:
    with pytest.raises(NotPermitted):
        scenes.create_scene(officer_user, agency_a, _input())


def test_head_cannot_add_for_other_agency(agency_head_user: User, agency_b: Agency) -> None:
    with pytest.raises(NotFound):
        scenes.create_scene(agency_head_user, agency_b, _input())


def test_supervisor_adds_district_scene(supervisor_user: User) -> None:
    scene = scenes.create_scene(supervisor_user, None, _input(requirement="discretionary"))

    assert scene.agency is None
    assert scene.requirement == Requirement.DISCRETIONARY


def test_district_code_taken_refused(agency_head_user: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed, match="全区通用场景") as error:
        scenes.create_scene(agency_head_user, agency_a, _input(code="sealing_seizure"))
    assert error.value.field == "code"


def test_same_code_twice_refused(agency_head_user: User, agency_a: Agency) -> None:
    scenes.create_scene(agency_head_user, agency_a, _input())

    with pytest.raises(ValidationFailed, match="已存在"):
        scenes.create_scene(agency_head_user, agency_a, _input(name="夜间巡查（二）"))


def test_same_name_twice_refused(agency_head_user: User, agency_a: Agency) -> None:
    scenes.create_scene(agency_head_user, agency_a, _input())

    with pytest.raises(ValidationFailed, match="已有名为“夜间巡查”") as error:
        scenes.create_scene(agency_head_user, agency_a, _input(code="night_patrol_2"))
    assert error.value.field == "name"


def test_same_name_other_agency_accepted(
    agency_head_user: User, agency_a: Agency, other_agency_user: User, agency_b: Agency
) -> None:
    scenes.create_scene(agency_head_user, agency_a, _input())

    scene = scenes.create_scene(other_agency_user, agency_b, _input(code="night_patrol_b"))

    assert scene.name == "夜间巡查"


def test_district_scene_name_refused(agency_head_user: User, agency_a: Agency) -> None:
    district = SceneType.objects.filter(agency=None).first()
    assert district is not None

    with pytest.raises(ValidationFailed, match="已有名为") as error:
        scenes.create_scene(agency_head_user, agency_a, _input(name=district.name))
    assert error.value.field == "name"


def test_rename_onto_other_scene_refused(agency_head_user: User, agency_a: Agency) -> None:
    scenes.create_scene(agency_head_user, agency_a, _input())
    second = scenes.create_scene(
        agency_head_user, agency_a, _input(code="night_patrol_2", name="夜间巡查二")
    )

    with pytest.raises(ValidationFailed, match="已有名为"):
        scenes.update_scene(agency_head_user, second, _input(name="夜间巡查"))
    kept = scenes.update_scene(
        agency_head_user, second, _input(name="夜间巡查二", legal_source="新依据")
    )
    assert kept.legal_source == "新依据"


def test_known_condition_value_accepted(agency_head_user: User, agency_a: Agency) -> None:
    scene = scenes.create_scene(
        agency_head_user, agency_a, _input(steps=["document_service:method=post"])
    )

    assert scene.steps == ["document_service:method=post"]


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (["Inspection Record"], "格式不正确"),
        (["document_service:method"], "格式不正确"),
        (["no_such_step"], "不是任何案件类型的办案环节"),
        (["document_service:method=bogus"], "的值无效，可选：direct（直接送达）"),
        (["document_service:way=leaving"], "不能按“way”设条件"),
        (["inspection_record:method=leaving"], "不能按“method”设条件"),
    ],
)
def test_bad_trigger_refused(
    agency_head_user: User, agency_a: Agency, steps: list[str], message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message) as error:
        scenes.create_scene(agency_head_user, agency_a, _input(steps=steps))
    assert error.value.field == "steps"


def test_supervisor_edits_district_scene(supervisor_user: User) -> None:
    scene = SceneType.objects.get(agency=None, code="hearing")
    data = _input(
        code="ignored",
        name="听证会",
        requirement=Requirement.MANDATORY,
        legal_source=scene.legal_source,
        steps=["hearing_record"],
        confirmed=True,
    )

    updated = scenes.update_scene(supervisor_user, scene, data)

    assert updated.code == "hearing"
    assert updated.requirement == Requirement.MANDATORY
    entry = AuditEntry.objects.get(action="scene_type_changed")
    assert entry.detail["before"]["requirement"] == "discretionary"
    assert entry.detail["after"]["requirement"] == "mandatory"


def test_head_cannot_edit_district_scene(agency_head_user: User) -> None:
    scene = SceneType.objects.get(agency=None, code="hearing")

    with pytest.raises(NotPermitted):
        scenes.update_scene(agency_head_user, scene, _input())


def test_other_agency_cannot_edit_scene(
    agency_head_user: User, agency_a: Agency, other_agency_user: User
) -> None:
    scene = scenes.create_scene(agency_head_user, agency_a, _input())

    with pytest.raises(NotFound):
        scenes.update_scene(other_agency_user, scene, _input(name="改名"))


def test_visible_scenes_scoped(
    agency_head_user: User, agency_a: Agency, other_agency_user: User
) -> None:
    own = scenes.create_scene(agency_head_user, agency_a, _input())

    assert own in scenes.visible_scenes(agency_head_user)
    assert own not in scenes.visible_scenes(other_agency_user)
    assert scenes.visible_scenes(other_agency_user).filter(agency=None).count() == 14


def test_rules_versions(agency_head_user: User, agency_a: Agency) -> None:
    first = scenes.add_recording_rules(agency_head_user, agency_a, _rules())
    second = scenes.add_recording_rules(
        agency_head_user, agency_a, _rules(effective_from=datetime.date(2026, 7, 1))
    )

    assert (first.version, second.version) == (1, 2)
    assert scenes.current_rules(agency_a.pk, datetime.date(2026, 6, 30)) == first
    assert scenes.current_rules(agency_a.pk, datetime.date(2026, 7, 1)) == second
    assert AuditEntry.objects.filter(action="recording_rules_added").count() == 2


def test_rules_missing_field_refused(agency_head_user: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as error:
        scenes.add_recording_rules(agency_head_user, agency_a, _rules(wording=" "))
    assert error.value.field == "wording"
    assert not RecordingRules.objects.exists()


def test_rules_other_agency_refused(agency_head_user: User, agency_b: Agency) -> None:
    with pytest.raises(NotFound):
        scenes.add_recording_rules(agency_head_user, agency_b, _rules())


def test_scene_pages(agency_head_user: User, agency_a: Agency) -> None:
    client = client_for(agency_head_user)

    response = client.post(
        reverse("evidence:scene_create"),
        {
            "code": "night_patrol",
            "name": "夜间巡查",
            "requirement": "mandatory",
            "legal_source": "本单位音像记录制度第三条",
            "steps": "inspection_record\n",
            "active": "on",
        },
    )

    assert response.status_code == 302
    page = client.get(reverse("evidence:scene_list")).content.decode()
    assert "夜间巡查" in page
    assert "查封、扣押" in page
    scene = SceneType.objects.get(code="night_patrol")
    assert client.get(reverse("evidence:scene_edit", args=[scene.pk])).status_code == 200
    district = SceneType.objects.get(agency=None, code="hearing")
    assert client.get(reverse("evidence:scene_edit", args=[district.pk])).status_code == 404


def test_rules_pages(agency_head_user: User, agency_a: Agency) -> None:
    client = client_for(agency_head_user)

    client.post(
        reverse("evidence:rules_create") + f"?agency={agency_a.pk}",
        {
            "effective_from": "2026-01-01",
            "use": "外出执法佩戴",
            "content": "时间、地点、人员",
            "wording": "现在开始录音录像",
            "storage": "保存期限同案卷",
        },
    )

    page = client.get(reverse("evidence:rules_list")).content.decode()
    assert "第1版" in page
    assert "现在开始录音录像" in page


def test_trigger_labels() -> None:
    assert scenes.trigger_label("measure_imposed") == "实施查封、扣押"
    assert scenes.trigger_label("document_service:method=leaving") == "送达（留置送达）"


def test_scene_page_messages_name_fields(agency_head_user: User, agency_a: Agency) -> None:
    response = client_for(agency_head_user).post(
        reverse("evidence:scene_create"),
        {
            "code": "夜间 巡查",
            "name": "",
            "requirement": "mandatory",
            "legal_source": "本单位音像记录制度第三条",
            "steps": "document_service:method=bogus\n",
        },
    )

    text = response.content.decode()
    assert "“代码”只能由英文字母、数字、下划线和连字符组成" in text
    assert "请填写“场景名称”" in text
    assert "连字符号" not in text
    assert not SceneType.objects.filter(agency=agency_a).exists()
