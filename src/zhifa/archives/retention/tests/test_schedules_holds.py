import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.archives.retention import categories, demo, holds, schedules
from zhifa.archives.retention.categories import CategoryInput
from zhifa.archives.retention.models import RecordClass, RetentionSchedule, ScheduleStatus
from zhifa.archives.retention.periods import routine_av_months
from zhifa.archives.retention.tests.support import add_remedy
from zhifa.archives.tests.support import closed_case
from zhifa.core.errors import InvalidTransition, ValidationFailed


def routine(months: int | None) -> CategoryInput:
    return CategoryInput(
        code="07",
        name="执法记录仪日常录像",
        record_class=RecordClass.ROUTINE_AV,
        retention_months=months,
    )


def test_routine_av_under_six_rejected(archivist_a: User) -> None:
    draft = schedules.start_draft(archivist_a)

    for months in (5, None):
        with pytest.raises(ValidationFailed) as raised:
            categories.save_category(archivist_a, draft, routine(months))
        assert raised.value.field == "retention_months"
        assert "至少6个月" in raised.value.message


def test_routine_av_months_from_approved(
    agency_a: Agency, archivist_a: User, bureau_user: User
) -> None:
    draft = schedules.start_draft(archivist_a)
    categories.save_category(archivist_a, draft, routine(12))
    schedules.submit(archivist_a, draft)
    schedules.approve(bureau_user, draft, "青档复〔2026〕3号", draft.created_at.date())

    assert routine_av_months(agency_a) == 12


def test_case_file_period_must_be_standard(archivist_a: User) -> None:
    draft = schedules.start_draft(archivist_a)
    data = CategoryInput(
        code="08", name="其他", record_class=RecordClass.CASE_FILE, retention_months=60
    )

    with pytest.raises(ValidationFailed):
        categories.save_category(archivist_a, draft, data)


def test_submitted_version_locked(archivist_a: User) -> None:
    draft = schedules.start_draft(archivist_a)
    schedules.submit(archivist_a, draft)

    with pytest.raises(InvalidTransition):
        categories.save_category(archivist_a, draft, routine(12))
    with pytest.raises(InvalidTransition):
        schedules.start_draft(archivist_a)


def test_return_needs_reason_and_reopens(archivist_a: User, bureau_user: User) -> None:
    draft = schedules.start_draft(archivist_a)
    schedules.submit(archivist_a, draft)

    with pytest.raises(ValidationFailed):
        schedules.return_schedule(bureau_user, draft, "")
    returned = schedules.return_schedule(bureau_user, draft, "缺少许可案卷类目")
    categories.save_category(archivist_a, returned, routine(12))

    assert returned.status == ScheduleStatus.RETURNED
    assert returned.categories.filter(code="07").exists()


def test_approve_needs_number(archivist_a: User, bureau_user: User) -> None:
    draft = schedules.start_draft(archivist_a)
    schedules.submit(archivist_a, draft)

    with pytest.raises(ValidationFailed) as raised:
        schedules.approve(bureau_user, draft, " ", None)

    assert raised.value.field == "approval_number"


def test_holds_from_rows_and_remedies(
    agency_a: Agency, officer_user: User, archivist_a: User
) -> None:
    case = closed_case(agency_a, officer_user)
    assert holds.holds_on(case) == []

    hold = holds.place_hold(archivist_a, case, "investigation", "区审计局审计在办案件")
    add_remedy(case, reference="青复字〔2026〕9号")
    reasons = holds.holds_on(case)
    holds.release_hold(archivist_a, hold, "审计结束")

    assert len(reasons) == 2
    assert "区审计局审计在办案件" in reasons[0]
    assert "青复字〔2026〕9号" in reasons[1]
    assert len(holds.holds_on(case)) == 1


def test_hold_needs_release_reason(agency_a: Agency, officer_user: User, archivist_a: User) -> None:
    hold = holds.place_hold(
        archivist_a, closed_case(agency_a, officer_user), "other", "纪检监察调阅"
    )

    with pytest.raises(ValidationFailed):
        holds.release_hold(archivist_a, hold, "")


def test_schedule_other_agency_404(archivist_a: User, archivist_b: User) -> None:
    draft = schedules.start_draft(archivist_a)
    client = Client()
    client.force_login(archivist_b)

    response = client.get(reverse("retention:schedule_detail", args=[draft.pk]))

    assert response.status_code == 404


def test_schedule_pages_flow(archivist_a: User, bureau_user: User) -> None:
    archivist = Client()
    archivist.force_login(archivist_a)
    bureau = Client()
    bureau.force_login(bureau_user)

    started = archivist.post(reverse("retention:schedule_list"))
    draft = RetentionSchedule.objects.get(agency=archivist_a.agency)
    detail = reverse("retention:schedule_detail", args=[draft.pk])
    too_short = archivist.post(
        detail,
        {
            "op": "add_category",
            "code": "07",
            "name": "日常录像",
            "record_class": "routine_av",
            "condition": "any",
            "period": "months",
            "months": 3,
        },
    )
    archivist.post(detail, {"op": "submit", "note": ""})
    approved = bureau.post(
        detail,
        {"op": "approve", "approval_number": "青档复〔2026〕5号", "effective_from": "2026-12-01"},
    )
    draft.refresh_from_db()

    assert started.status_code == 302
    assert too_short.status_code == 400
    assert "至少6个月" in too_short.content.decode()
    assert approved.status_code == 302
    assert draft.status == ScheduleStatus.APPROVED
    assert draft.approval_number == "青档复〔2026〕5号"


def test_demo_load_idempotent(
    make_user: Callable[..., User], agency_b: Agency, officer_user: User
) -> None:
    make_user("archivist", Role.ARCHIVIST, agency=agency_b)
    make_user("dangan", Role.ARCHIVES_BUREAU)
    closed_case(agency_b, officer_user, number="乙演1")
    today = datetime.date(2026, 12, 5)

    first = demo.load(today)
    second = demo.load(today)

    assert first == {"schedules": 1, "holds": 1, "skipped": 0}
    assert second == {"schedules": 0, "holds": 0, "skipped": 2}
    assert RetentionSchedule.objects.get(agency=agency_b).status == ScheduleStatus.APPROVED
