"""The record facts checked when an upload starts: scope, scene, officers, marking, times."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.models import RecordingDevice, SceneType
from zhifa.evidence.tests.upload_support import UploadWorld, upload_world
from zhifa.evidence.uploads import metadata

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Any, agency_head_user: User, officer_user: User) -> UploadWorld:
    return upload_world(agency_a, agency_head_user, officer_user)


def refused(world: UploadWorld, **overrides: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        metadata.validate(world.officer_user, world.metadata(**overrides))
    return caught.value


def test_complete_facts_accepted(world: UploadWorld) -> None:
    fields = metadata.validate(
        world.officer_user, world.metadata(party=world.case.parties.get().pk)
    )

    assert fields.agency == world.agency
    assert fields.case == world.case
    assert fields.device == world.device
    assert fields.scene.code == "on_site_inspection"
    assert fields.to_json()["officers"] == [officer.pk for officer in world.officers]


def test_state_secret_refused(world: UploadWorld) -> None:
    error = refused(world, sensitivity="state_secret")
    assert error.field == "sensitivity"
    assert error.message == metadata.STATE_SECRET_MESSAGE


def test_trade_secret_marking_accepted(world: UploadWorld) -> None:
    fields = metadata.validate(world.officer_user, world.metadata(sensitivity="trade_secret"))
    assert fields.sensitivity == "trade_secret"


def test_one_officer_refused(world: UploadWorld) -> None:
    error = refused(world, officers=[world.officers[0].pk])
    assert error.field == "officers"
    assert "第四十二条" in error.message


def test_third_party_with_one_officer(world: UploadWorld) -> None:
    fields = metadata.validate(
        world.officer_user,
        world.metadata(
            officers=[world.officers[0].pk],
            recorder_kind="third_party",
            third_party_name="上海某某测绘有限公司",
        ),
    )
    assert fields.third_party_name == "上海某某测绘有限公司"


def test_third_party_needs_name(world: UploadWorld) -> None:
    assert refused(world, recorder_kind="third_party").field == "third_party_name"


def test_officer_of_other_agency_refused(world: UploadWorld, agency_b: Any, make_user: Any) -> None:
    head_b = make_user("head_b3", Role.AGENCY_HEAD, agency=agency_b)
    other = upload_world(
        agency_b, head_b, make_user("officer_b3", Role.OFFICER, agency=agency_b), "B"
    )

    error = refused(world, officers=[world.officers[0].pk, other.officers[0].pk])

    assert error.field == "officers"
    assert "不在您的管理范围内" in error.message


def test_supervisor_other_agency_officer(
    world: UploadWorld, agency_b: Any, make_user: Any, supervisor_user: User
) -> None:
    head_b = make_user("head_b4", Role.AGENCY_HEAD, agency=agency_b)
    other = upload_world(
        agency_b, head_b, make_user("officer_b4", Role.OFFICER, agency=agency_b), "B"
    )
    raw = world.metadata(officers=[world.officers[0].pk, other.officers[0].pk])

    with pytest.raises(ValidationFailed, match="属于其他执法主体"):
        metadata.validate(supervisor_user, raw)


def test_case_out_of_scope_refused(world: UploadWorld, other_agency_user: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        metadata.validate(other_agency_user, world.metadata())
    assert caught.value.field == "case"


def test_device_of_other_agency_refused(world: UploadWorld, agency_b: Any) -> None:
    device = RecordingDevice.objects.create(agency=agency_b, serial_number="B-1", model_name="X")
    assert refused(world, device=device.pk).field == "device"


def test_scene_of_other_agency_refused(world: UploadWorld, agency_b: Any) -> None:
    own = SceneType.objects.create(
        agency=world.agency, code="night_market", name="夜市巡查", requirement="discretionary"
    )
    foreign = SceneType.objects.create(
        agency=agency_b, code="food_sampling", name="食品抽检", requirement="discretionary"
    )

    assert metadata.validate(world.officer_user, world.metadata(scene=own.pk)).scene == own
    assert metadata.validate(world.officer_user, world.metadata(scene="night_market")).scene == own
    assert refused(world, scene=foreign.pk).field == "scene"


def test_inactive_scene_refused(world: UploadWorld) -> None:
    SceneType.objects.filter(agency=None, code="hearing").update(active=False)
    assert refused(world, scene="hearing").field == "scene"


def test_party_not_of_case_refused(world: UploadWorld, agency_b: Any, make_user: Any) -> None:
    from zhifa.cases.models import Party

    stranger = Party.objects.create(kind="natural_person", name="李四", id_number="x")
    assert refused(world, party=stranger.pk).field == "party"


def test_step_without_case_refused(world: UploadWorld) -> None:
    step = world.case.steps.first()
    assert step is not None
    assert refused(world, case=None, step=step.pk).field == "step"
    fields = metadata.validate(world.officer_user, world.metadata(step=step.pk))
    assert fields.step == step


def test_entered_time_without_zone_is_shanghai(world: UploadWorld) -> None:
    fields = metadata.validate(
        world.officer_user,
        world.metadata(started_at="2026-12-04T14:03:20", ended_at="2026-12-04T14:13:20"),
    )
    assert fields.started_at == datetime.datetime(2026, 12, 4, 6, 3, 20, tzinfo=datetime.UTC)


def test_end_before_start_refused(world: UploadWorld) -> None:
    error = refused(world, started_at="2026-12-04T14:03:20", ended_at="2026-12-04T14:03:19")
    assert error.field == "ended_at"


@pytest.mark.parametrize("name", ["place", "party_informed", "scene"])
def test_required_fact_missing(world: UploadWorld, name: str) -> None:
    assert refused(world, **{name: None}).field == name


def test_future_times_refused(world: UploadWorld) -> None:
    ahead = timezone.now() + datetime.timedelta(minutes=11)
    assert refused(world, started_at=ahead.isoformat()).field == "started_at"
    assert refused(world, ended_at=ahead.isoformat()).field == "ended_at"


@pytest.mark.parametrize("value", ["2026-02-30T10:00", "2026-13-01T10:00", "2026-12-03T25:00"])
def test_impossible_time_refused(world: UploadWorld, value: str) -> None:
    error = refused(world, started_at=value)

    assert error.field == "started_at"
    assert "格式不正确" in error.message


@pytest.mark.parametrize("value", ["1999-12-31T23:59:59", "0001-01-01T00:00:00+14:00"])
def test_time_before_2000_refused(world: UploadWorld, value: str) -> None:
    error = refused(world, started_at=value)

    assert error.field == "started_at"
    assert "早于 2000 年" in error.message


def test_time_slightly_ahead_accepted(world: UploadWorld) -> None:
    ahead = timezone.now() + datetime.timedelta(minutes=9)

    fields = metadata.validate(world.officer_user, world.metadata(started_at=ahead.isoformat()))

    assert fields.started_at == ahead
