"""Raising and lowering a record's marking, the 调阅 links, and view logging after the forms."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World, at
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.models import AccessAction, AccessLog, AvRecord, LedgerEntry, Sensitivity
from zhifa.evidence.records import marking
from zhifa.evidence.tests.records_support import make_device, make_record

world = pages_support.world
world_b = pages_support.world_b

REASON = "经核实画面中不含个人信息"


@pytest.fixture
def record(world: World) -> AvRecord:
    return make_record(world.agency, world.officer_user, at(11, 2, 10), at(11, 2, 11))


@pytest.fixture
def second_head(world: World, make_user: Callable[..., User]) -> User:
    return make_user("department_head_a", Role.DEPARTMENT_HEAD, agency=world.agency)


def _mark_url(record: AvRecord) -> str:
    return reverse("evidence:record_mark", args=[record.pk])


def _raised(world: World, record: AvRecord) -> AvRecord:
    return marking.mark_sensitivity(world.officer_user, record, Sensitivity.PRIVATE)


def test_officer_raises_marking(world: World, record: AvRecord) -> None:
    found = _raised(world, record)

    assert found.sensitivity == Sensitivity.PRIVATE
    entry = AuditEntry.objects.get(action="av_record_marked")
    assert entry.detail["after"] == Sensitivity.PRIVATE


def test_officer_lowering_refused(world: World, record: AvRecord) -> None:
    _raised(world, record)

    with pytest.raises(NotPermitted, match="有权审批调阅申请"):
        marking.mark_sensitivity(world.officer_user, record, Sensitivity.NORMAL, REASON)
    record.refresh_from_db()
    assert record.sensitivity == Sensitivity.PRIVATE


def test_officer_lowering_page_refused(world: World, record: AvRecord) -> None:
    _raised(world, record)

    response = client_for(world.officer_user).post(
        _mark_url(record), {"sensitivity": "normal", "reason": REASON}, follow=True
    )

    record.refresh_from_db()
    assert record.sensitivity == Sensitivity.PRIVATE
    assert "有权审批调阅申请" in response.content.decode()
    assert not AccessLog.objects.filter(record=record, user=world.officer_user).exists()


def test_other_approver_lowers(world: World, record: AvRecord, second_head: User) -> None:
    _raised(world, record)

    found = marking.mark_sensitivity(second_head, record, Sensitivity.NORMAL, REASON)

    assert found.sensitivity == Sensitivity.NORMAL
    entry = AuditEntry.objects.filter(action="av_record_marked").latest("pk")
    assert entry.actor_id == second_head.pk
    assert entry.detail["reason"] == REASON
    assert LedgerEntry.objects.filter(ref=f"av_record_links:{record.pk}").count() == 3


def test_raiser_cannot_lower(world: World, record: AvRecord) -> None:
    marking.mark_sensitivity(world.head, record, Sensitivity.TRADE_SECRET)

    with pytest.raises(NotPermitted, match="您本人设定"):
        marking.mark_sensitivity(world.head, record, Sensitivity.NORMAL, REASON)


def test_lowering_plain_record_named(world: World, second_head: User) -> None:
    plain = make_record(world.agency, world.head, at(11, 3, 10), at(11, 3, 11))

    with pytest.raises(ValidationFailed, match="已是“一般”"):
        marking.mark_sensitivity(world.head, plain, Sensitivity.NORMAL, REASON)


def test_uploader_counts_as_raiser(world: World, second_head: User) -> None:
    record = make_record(
        world.agency, world.head, at(11, 3, 10), at(11, 3, 11), sensitivity=Sensitivity.PRIVATE
    )

    with pytest.raises(NotPermitted, match="您本人设定"):
        marking.mark_sensitivity(world.head, record, Sensitivity.NORMAL, REASON)
    assert marking.mark_sensitivity(second_head, record, Sensitivity.NORMAL, REASON)


def test_lowering_needs_reason(world: World, record: AvRecord, second_head: User) -> None:
    _raised(world, record)

    with pytest.raises(ValidationFailed, match="至少5个字") as error:
        marking.mark_sensitivity(second_head, record, Sensitivity.NORMAL, "不涉密")
    assert error.value.field == "reason"


def test_other_agency_approver_refused(world: World, world_b: World, record: AvRecord) -> None:
    _raised(world, record)

    with pytest.raises(NotFound, match="不在您的管理范围内"):
        marking.mark_sensitivity(world_b.head, record, Sensitivity.NORMAL, REASON)


def test_switch_between_sensitive_markings(world: World, record: AvRecord) -> None:
    _raised(world, record)

    found = marking.mark_sensitivity(world.officer_user, record, Sensitivity.TRADE_SECRET)

    assert found.sensitivity == Sensitivity.TRADE_SECRET


def test_detail_links_player_and_download(world: World, record: AvRecord) -> None:
    page = client_for(world.officer_user).get(reverse("evidence:record_detail", args=[record.pk]))

    text = page.content.decode()
    assert reverse("evidence:record_player", args=[record.pk]) in text
    assert reverse("evidence:record_download", args=[record.pk]) + "?t=" in text
    assert "下载（加注水印）" in text


def test_sensitive_detail_links_request(world: World, record: AvRecord) -> None:
    _raised(world, record)

    page = client_for(world.officer_user).get(reverse("evidence:record_detail", args=[record.pk]))

    text = page.content.decode()
    assert reverse("evidence:access_request_create", args=[record.pk]) in text
    assert reverse("evidence:record_player", args=[record.pk]) not in text
    assert "下载（加注水印）" not in text


def test_list_links_player_or_request(world: World, record: AvRecord) -> None:
    hidden = make_record(
        world.agency,
        world.head,
        at(11, 3, 10),
        at(11, 3, 11),
        sensitivity=Sensitivity.TRADE_SECRET,
    )

    text = client_for(world.officer_user).get(reverse("evidence:record_list")).content.decode()

    assert reverse("evidence:record_player", args=[record.pk]) in text
    assert reverse("evidence:record_player", args=[hidden.pk]) not in text
    assert reverse("evidence:access_request_create", args=[hidden.pk]) in text


def test_form_posts_log_no_extra_views(world: World, record: AvRecord) -> None:
    client = client_for(world.officer_user)
    detail = reverse("evidence:record_detail", args=[record.pk])
    client.get(detail)

    for number in ("", "不存在的案号", "不存在的案号"):
        link = reverse("evidence:record_link", args=[record.pk])
        response = client.post(link, {"case_number": number}, follow=True)
        assert response.status_code == 200

    views = AccessLog.objects.filter(record=record, action=AccessAction.VIEW)
    assert views.count() == 1


def test_form_redirect_then_page_view_logged(world: World, record: AvRecord) -> None:
    client = client_for(world.officer_user)
    detail = reverse("evidence:record_detail", args=[record.pk])
    client.get(detail)
    client.post(reverse("evidence:record_link", args=[record.pk]), {"case_number": ""})

    client.get(detail)
    client.get(detail)

    views = AccessLog.objects.filter(record=record, action=AccessAction.VIEW)
    assert views.count() == 2


def test_empty_case_number_message(world: World, record: AvRecord) -> None:
    response = client_for(world.officer_user).post(
        reverse("evidence:record_link", args=[record.pk]), {"case_number": "  "}, follow=True
    )

    text = response.content.decode()
    assert "请填写“案号”" in text
    assert "案号“”" not in text


def test_short_gap_explanation_message(world: World) -> None:
    device = make_device(world.agency)
    make_record(world.agency, world.officer_user, at(11, 2, 9), at(11, 2, 10), device=device)
    resumed = make_record(
        world.agency,
        world.officer_user,
        at(11, 2, 10).replace(minute=5),
        at(11, 2, 11),
        device=device,
    )

    response = client_for(world.officer_user).post(
        reverse("evidence:interruption_create", args=[resumed.pk]),
        {"source": "written", "explanation": "没电"},
        follow=True,
    )

    text = response.content.decode()
    assert "“中断原因”至少5个字" in text
    assert "确保该变量" not in text
