"""Agencies set their case and document number patterns; the page previews the next number."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.models import NumberPattern, NumberSequence
from zhifa.cases.numbering import check_pattern, number_keys, preview_number
from zhifa.cases.tests.steps_support import build_world, open_ordinary
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed

ORDINARY = "case:penalty_ordinary"
PAGE = "cases:number_patterns"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{abbr}罚〔{year}〕{sequence}号", "不认识的占位符：sequence"),
        ("{abbr.upper}罚〔{year}〕{seq}号", "不认识的占位符：abbr.upper"),
        ("{abbr}罚〔{year}〕号", "必须包含序号 {seq}"),
        ("{abbr}罚〔{year}〕{seq号", "花括号不成对"),
        ("{abbr}罚〔{year}〕}{seq}号", "花括号不成对"),
        ("{}罚〔{year}〕{seq}号", "占位符必须写名称"),
        ("{abbr:04d}罚〔{year}〕{seq}号", "格式说明无效"),
        ("{abbr}罚〔{year}〕{seq:{year}}号", "不能嵌套"),
    ],
)
def test_invalid_pattern_message(pattern: str, expected: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        check_pattern(pattern)

    assert expected in raised.value.message
    assert raised.value.field == "pattern"


@pytest.mark.parametrize(
    "pattern", ["{abbr}罚〔{year}〕{seq}号", "{abbr}{doc}〔{year}〕{seq:04d}号"]
)
def test_valid_pattern_passes(pattern: str) -> None:
    check_pattern(pattern)


def test_number_keys_cover_case_kinds_and_numbered_documents() -> None:
    keys = number_keys()

    assert keys[ORDINARY] == "行政处罚（普通程序）"
    assert keys["document:penalty_decision"] == "行政处罚决定书"
    assert "document:inquiry_record" not in keys


def test_new_pattern_changes_next_case_number(
    agency_a: Agency, agency_head_user: User, officer_user: User
) -> None:
    world = build_world(agency_a, agency_head_user, officer_user)
    assert open_ordinary(world).number == "朱家角镇罚立〔2026〕1号"

    actions.set_number_pattern(agency_head_user, agency_a, ORDINARY, "朱执罚〔{year}〕{seq:03d}号")

    assert open_ordinary(world).number == "朱执罚〔2026〕002号"


def test_set_pattern_writes_audit_entry(agency_a: Agency, agency_head_user: User) -> None:
    stored = actions.set_number_pattern(agency_head_user, agency_a, ORDINARY, "甲〔{year}〕{seq}号")

    entry = AuditEntry.objects.get(action="number_pattern_set")
    assert stored is not None
    assert entry.actor == agency_head_user
    assert entry.agency_id == agency_a.pk
    assert entry.target_id == str(stored.pk)
    assert entry.detail == {"key": ORDINARY, "previous": "", "pattern": "甲〔{year}〕{seq}号"}


def test_empty_pattern_restores_default(agency_a: Agency, agency_head_user: User) -> None:
    actions.set_number_pattern(agency_head_user, agency_a, ORDINARY, "甲〔{year}〕{seq}号")

    result = actions.set_number_pattern(agency_head_user, agency_a, ORDINARY, "  ")

    assert result is None
    assert not NumberPattern.objects.filter(agency=agency_a).exists()
    entry = AuditEntry.objects.filter(action="number_pattern_set").latest("pk")
    assert entry.detail["previous"] == "甲〔{year}〕{seq}号"
    assert entry.detail["pattern"] == ""


def test_set_pattern_needs_manage_agency(agency_a: Agency, officer_user: User) -> None:
    with pytest.raises(NotPermitted):
        actions.set_number_pattern(officer_user, agency_a, ORDINARY, "甲〔{year}〕{seq}号")

    assert not NumberPattern.objects.exists()


def test_set_pattern_other_agency_not_found(agency_b: Agency, agency_head_user: User) -> None:
    with pytest.raises(NotFound):
        actions.set_number_pattern(agency_head_user, agency_b, ORDINARY, "甲〔{year}〕{seq}号")

    assert not NumberPattern.objects.exists()


def test_set_pattern_rejects_unknown_key(agency_a: Agency, agency_head_user: User) -> None:
    with pytest.raises(ValidationFailed) as raised:
        actions.set_number_pattern(agency_head_user, agency_a, "case:permit", "{seq}")

    assert raised.value.field == "key"
    assert "case:permit" in raised.value.message


def test_preview_does_not_take_number(agency_a: Agency) -> None:
    year = timezone.localdate().year

    first = preview_number(agency_a, "document:penalty_decision", year)
    second = preview_number(agency_a, "document:penalty_decision", year)

    assert first == second == f"朱家角镇罚决〔{year}〕1号"
    assert not NumberSequence.objects.exists()


def test_page_lists_keys_with_example(agency_a: Agency, agency_head_user: User) -> None:
    year = timezone.localdate().year
    NumberSequence.objects.create(agency=agency_a, key=ORDINARY, year=year, last_value=6)
    actions.set_number_pattern(agency_head_user, agency_a, ORDINARY, "朱执罚〔{year}〕{seq}号")

    response = logged_in(agency_head_user).get(reverse(PAGE))

    body = response.content.decode()
    assert response.status_code == 200
    assert f"朱执罚〔{year}〕7号" in body
    assert "本单位格式" in body
    assert "默认格式" in body
    assert "行政处罚决定书" in body
    assert NumberSequence.objects.get(key=ORDINARY).last_value == 6


def test_page_post_saves_pattern(agency_a: Agency, agency_head_user: User) -> None:
    data = {"agency": agency_a.pk, "key": ORDINARY, "pattern": "朱执罚〔{year}〕{seq}号"}

    response = logged_in(agency_head_user).post(reverse(PAGE), data)

    assert response.status_code == 302
    assert NumberPattern.objects.get(agency=agency_a, key=ORDINARY).pattern == data["pattern"]
    assert AuditEntry.objects.filter(action="number_pattern_set").count() == 1


def test_page_post_shows_chinese_error(agency_a: Agency, agency_head_user: User) -> None:
    data = {"agency": agency_a.pk, "key": ORDINARY, "pattern": "朱执罚〔{year}〕号"}

    response = logged_in(agency_head_user).post(reverse(PAGE), data)

    assert response.status_code == 400
    assert "编号格式必须包含序号 {seq}" in response.content.decode()
    assert not NumberPattern.objects.exists()


def test_page_refuses_without_capability(agency_a: Agency, officer_user: User) -> None:
    client = logged_in(officer_user)
    data = {"agency": agency_a.pk, "key": ORDINARY, "pattern": "甲〔{year}〕{seq}号"}

    assert client.get(reverse(PAGE)).status_code == 403
    assert client.post(reverse(PAGE), data).status_code == 403
    assert not NumberPattern.objects.exists()


def test_page_other_agency_not_found(agency_b: Agency, agency_head_user: User) -> None:
    client = logged_in(agency_head_user)
    data = {"agency": agency_b.pk, "key": ORDINARY, "pattern": "甲〔{year}〕{seq}号"}

    assert client.get(reverse(PAGE), {"agency": agency_b.pk}).status_code == 404
    assert client.post(reverse(PAGE), data).status_code == 404
    assert not NumberPattern.objects.exists()


def test_district_admin_chooses_agency(
    agency_a: Agency, agency_b: Agency, system_admin_user: User
) -> None:
    client = logged_in(system_admin_user)

    chooser = client.get(reverse(PAGE)).content.decode()
    chosen = client.get(reverse(PAGE), {"agency": agency_b.pk}).content.decode()

    assert "请选择要设置编号格式的执法主体" in chooser
    assert agency_b.name in chooser
    assert "区市场监管局罚立" in chosen


def test_agency_detail_links_page_for_managers(
    agency_a: Agency, agency_head_user: User, officer_user: User
) -> None:
    url = reverse("agencies:agency_detail", kwargs={"pk": agency_a.pk})
    link = reverse(PAGE)

    assert link in logged_in(agency_head_user).get(url).content.decode()
    assert link not in logged_in(officer_user).get(url).content.decode()


def test_old_numbers_keep_their_text(
    agency_a: Agency, agency_head_user: User, officer_user: User
) -> None:
    world = build_world(agency_a, agency_head_user, officer_user)
    case = open_ordinary(world, opened_on=datetime.date(2026, 10, 12))

    actions.set_number_pattern(agency_head_user, agency_a, ORDINARY, "甲〔{year}〕{seq}号")

    case.refresh_from_db()
    assert case.number == "朱家角镇罚立〔2026〕1号"
