"""Bounds on periods, reasons and dates, duplicate holds, and what the pages tell the user."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives.retention import categories, holds, schedules
from zhifa.archives.retention.categories import CategoryInput
from zhifa.archives.retention.models import RecordClass, RetentionCategory, RetentionSchedule
from zhifa.archives.tests.support import closed_case
from zhifa.core.errors import InvalidTransition, ValidationFailed


def routine(months: int | None) -> CategoryInput:
    return CategoryInput(
        code="07",
        name="执法记录仪日常录像",
        record_class=RecordClass.ROUTINE_AV,
        retention_months=months,
    )


def submitted_draft(archivist: User) -> RetentionSchedule:
    draft = schedules.start_draft(archivist)
    return schedules.submit(archivist, draft)


def page_text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_routine_av_over_ten_years_rejected(archivist_a: User) -> None:
    draft = schedules.start_draft(archivist_a)

    for months in (121, 99999999999):
        with pytest.raises(ValidationFailed) as raised:
            categories.save_category(archivist_a, draft, routine(months))
        assert raised.value.field == "retention_months"
        assert "最长120个月" in raised.value.message
    saved = categories.save_category(archivist_a, draft, routine(120))

    assert saved.retention_months == 120


def test_category_model_bounds_period(archivist_a: User) -> None:
    draft = schedules.start_draft(archivist_a)
    huge = RetentionCategory(
        schedule=draft,
        code="08",
        name="日常录像",
        record_class=RecordClass.ROUTINE_AV,
        retention_months=99999999999,
    )

    with pytest.raises(ValidationError) as raised:
        huge.full_clean()
    assert "retention_months" in raised.value.message_dict
    huge.retention_months = 121
    with pytest.raises(IntegrityError), transaction.atomic():
        huge.save()


def test_routine_av_page_names_field(archivist_a: User) -> None:
    client = Client()
    client.force_login(archivist_a)
    draft = schedules.start_draft(archivist_a)

    response = client.post(
        reverse("retention:schedule_detail", args=[draft.pk]),
        {
            "op": "add_category",
            "code": "08",
            "name": "日常录像",
            "record_class": "routine_av",
            "condition": "any",
            "period": "months",
            "months": 99999999999,
        },
    )

    assert response.status_code == 400
    assert "最长120个月" in page_text(response)
    assert not draft.categories.filter(code="08").exists()


def test_schedule_steps_say_what_happened(archivist_a: User, bureau_user: User) -> None:
    archivist = Client()
    archivist.force_login(archivist_a)
    bureau = Client()
    bureau.force_login(bureau_user)
    draft = schedules.start_draft(archivist_a)
    detail = reverse("retention:schedule_detail", args=[draft.pk])

    submitted = archivist.post(detail, {"op": "submit", "note": ""}, follow=True)
    returned = bureau.post(detail, {"op": "return", "reason": "缺少许可案卷类目"}, follow=True)
    archivist.post(detail, {"op": "submit", "note": ""})
    approved = bureau.post(
        detail,
        {"op": "approve", "approval_number": "青档复〔2026〕7号", "effective_from": "2026-08-01"},
        follow=True,
    )

    assert "已报送区档案局审批。" in page_text(submitted)
    assert "已退回第1版" in page_text(returned)
    assert "已批准，第1版自2026年8月1日施行。" in page_text(approved)
    assert "已保存。" not in page_text(approved)


def test_approve_twice_shows_reason(archivist_a: User, bureau_user: User) -> None:
    draft = submitted_draft(archivist_a)
    bureau = Client()
    bureau.force_login(bureau_user)
    detail = reverse("retention:schedule_detail", args=[draft.pk])
    data = {"op": "approve", "approval_number": "青档复〔2026〕8号", "effective_from": "2026-08-01"}

    bureau.post(detail, data)
    again = bureau.post(detail, data)
    reloaded = bureau.get(detail)

    assert again.status_code == 302
    assert "已批准（现行）" in page_text(reloaded)
    assert "不能审批" in page_text(reloaded)


def test_return_reason_too_short(archivist_a: User, bureau_user: User) -> None:
    draft = submitted_draft(archivist_a)

    for reason in ("退", "x...", "！！！！"):
        with pytest.raises(ValidationFailed) as raised:
            schedules.return_schedule(bureau_user, draft, reason)
        assert raised.value.field == "reason"
        assert "退回理由" in raised.value.message


def test_effective_date_range(archivist_a: User, bureau_user: User) -> None:
    draft = submitted_draft(archivist_a)
    too_late = timezone.localdate() + datetime.timedelta(days=400)

    for day in (datetime.date(1900, 1, 1), datetime.date(1999, 12, 31), too_late):
        with pytest.raises(ValidationFailed) as raised:
            schedules.approve(bureau_user, draft, "青档复〔2026〕9号", day)
        assert raised.value.field == "effective_from"
        assert "2000年1月1日" in raised.value.message
    approved = schedules.approve(bureau_user, draft, "青档复〔2026〕9号", datetime.date(2000, 1, 1))

    assert approved.effective_from == datetime.date(2000, 1, 1)


def test_hold_reason_too_short(agency_a: Agency, officer_user: User, archivist_a: User) -> None:
    case = closed_case(agency_a, officer_user)

    with pytest.raises(ValidationFailed) as raised:
        holds.place_hold(archivist_a, case, "other", "x")
    hold = holds.place_hold(archivist_a, case, "other", "纪检监察调阅")
    with pytest.raises(ValidationFailed):
        holds.release_hold(archivist_a, hold, "完")

    assert raised.value.field == "reason"
    assert "冻结说明" in raised.value.message


def test_duplicate_hold_rejected(agency_a: Agency, officer_user: User, archivist_a: User) -> None:
    case = closed_case(agency_a, officer_user)
    first = holds.place_hold(archivist_a, case, "investigation", "区审计局审计在办案件")

    with pytest.raises(InvalidTransition) as raised:
        holds.place_hold(archivist_a, case, "investigation", "区审计局再次审计")
    holds.place_hold(archivist_a, case, "litigation", "当事人已提起行政诉讼")
    holds.release_hold(archivist_a, first, "审计已经结束")
    holds.place_hold(archivist_a, case, "investigation", "区审计局再次审计")

    assert "该案件已因“调查、审计或纪检监察”冻结" in raised.value.message
    assert case.legal_holds.filter(released_at__isnull=True).count() == 2


def test_hold_list_agency_column(
    agency_a: Agency, officer_user: User, archivist_a: User, bureau_user: User
) -> None:
    holds.place_hold(archivist_a, closed_case(agency_a, officer_user), "other", "纪检监察调阅")
    bureau = Client()
    bureau.force_login(bureau_user)
    archivist = Client()
    archivist.force_login(archivist_a)

    district = page_text(bureau.get(reverse("retention:hold_list")))
    own = page_text(archivist.get(reverse("retention:hold_list")))

    assert "<th>执法主体</th>" in district
    assert f"<td>{agency_a.name}</td>" in district
    assert "<th>执法主体</th>" not in own
