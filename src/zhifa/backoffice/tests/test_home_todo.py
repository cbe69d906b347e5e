"""The home page's to-do panel: each role's items, their links, and nothing when all is done."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.agencies import actions
from zhifa.agencies.models import Agency, CredentialEventKind, Officer
from zhifa.core.identifiers import id_check_char
from zhifa.core.rules import parameter

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def home(client: Client, user) -> str:
    client.force_login(user, backend=MODEL_BACKEND)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 200
    return response.content.decode()


def new_officer(user, agency: Agency, full_name: str, sequence: int) -> Officer:
    first17 = f"31011819850312{sequence:02d}1"
    return actions.create_officer(
        user,
        agency,
        actions.OfficerInput(
            full_name=full_name, gender="male", id_number=first17 + id_check_char(first17)
        ),
    )


def issue(user, officer: Officer, number: str, valid_until: datetime.date) -> None:
    on = timezone.localdate() - datetime.timedelta(days=10)
    for kind in (CredentialEventKind.APPLIED, CredentialEventKind.EXAM_PASSED):
        actions.record_credential_event(
            user, officer, actions.CredentialEventInput(kind=kind, occurred_on=on)
        )
    actions.record_credential_event(
        user,
        officer,
        actions.CredentialEventInput(
            kind=CredentialEventKind.ISSUED, occurred_on=on, number=number, valid_until=valid_until
        ),
    )


def complete_training(user, officer: Officer) -> None:
    actions.record_training(
        user,
        officer,
        actions.TrainingInput(
            attended_on=timezone.localdate(),
            course="行政执法综合培训",
            hours=Decimal(parameter("training_hours_per_year")),
        ),
    )


def assign_reviewer(user, agency: Agency) -> None:
    actions.assign_reviewer(
        user,
        agency,
        actions.ReviewerInput(started_on=datetime.date(2020, 5, 6), full_name="审核员"),
    )


def set_review_body(user, agency: Agency) -> None:
    legal = agency.departments.get(is_legal_department=True)
    actions.set_review_body(user, agency, legal.pk)


@pytest.fixture
def far_future() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=3 * 365)


# --- Agency head ---


def test_agency_head_sees_expiring_credential(client, agency_head_user, agency_a, far_future):
    officer = new_officer(agency_head_user, agency_a, "李明", 1)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    issue(agency_head_user, officer, "EXP-7", soon)
    complete_training(agency_head_user, officer)
    assign_reviewer(agency_head_user, agency_a)

    page = home(client, agency_head_user)
    assert "待办事项" in page
    assert "1张执法证件将在60天内到期" in page
    assert f"李明（EXP-7，{soon.year}年{soon.month}月{soon.day}日到期）" in page
    assert reverse("agencies:officer_detail", args=[officer.pk]) in page
    assert "培训学时不足" not in page
    assert "配比不足" not in page


def test_agency_head_sees_officers_behind_on_training(client, agency_head_user, agency_a):
    officer = new_officer(agency_head_user, agency_a, "王强", 2)
    page = home(client, agency_head_user)
    assert f"1名执法人员{timezone.localdate().year}年培训学时不足" in page
    assert "王强（尚差" in page
    assert reverse("agencies:officer_detail", args=[officer.pk]) in page
    assert "张执法证件将在" not in page


def test_agency_head_sees_reviewer_ratio_below_minimum(
    client, agency_head_user, agency_a, far_future
):
    officer = new_officer(agency_head_user, agency_a, "赵刚", 3)
    issue(agency_head_user, officer, "R-7", far_future)
    complete_training(agency_head_user, officer)

    page = home(client, agency_head_user)
    assert "朱家角镇法制审核人员配比不足" in page
    assert "至少应配备1人" in page
    assert f"{reverse('agencies:reviewer_list')}?agency={agency_a.pk}" in page


def test_agency_head_nothing_to_do(client, agency_head_user, agency_a, far_future):
    officer = new_officer(agency_head_user, agency_a, "孙立", 4)
    issue(agency_head_user, officer, "OK-7", far_future)
    complete_training(agency_head_user, officer)
    assign_reviewer(agency_head_user, agency_a)

    page = home(client, agency_head_user)
    assert "待办事项" not in page


def test_agency_head_sees_no_other_agency_items(
    client, agency_head_user, other_agency_user, agency_a, agency_b
):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    officer = new_officer(other_agency_user, agency_b, "乙单位人员", 5)
    issue(other_agency_user, officer, "B-EXP-7", soon)

    page = home(client, agency_head_user)
    assert "待办事项" not in page
    assert "乙单位人员" not in page
    assert "B-EXP-7" not in page


def test_officer_role_sees_no_agency_head_items(client, officer_user, agency_head_user, agency_a):
    new_officer(agency_head_user, agency_a, "周敏", 6)
    page = home(client, officer_user)
    assert "待办事项" not in page


# --- Supervisor ---


def test_supervisor_sees_non_compliant_agency_count(
    client, supervisor_user, agency_head_user, other_agency_user, agency_a, agency_b
):
    set_review_body(agency_head_user, agency_a)
    set_review_body(other_agency_user, agency_b)
    page = home(client, supervisor_user)
    assert "待办事项" not in page

    # An officer behind on training makes agency A non-compliant.
    new_officer(agency_head_user, agency_a, "钱进", 7)
    page = home(client, supervisor_user)
    assert "1个执法主体存在问题" in page
    assert f'href="{reverse("agencies:supervision")}"' in page
    # The supervisor's panel gives the count only, not the agency head's items.
    assert "钱进" not in page


def test_supervisor_count_ignores_missing_uscc(
    client, supervisor_user, agency_head_user, other_agency_user, agency_a, agency_b
):
    set_review_body(agency_head_user, agency_a)
    set_review_body(other_agency_user, agency_b)
    assert Agency.objects.filter(uscc="").count() == 2
    assert "存在问题" not in home(client, supervisor_user)


# --- System administrator ---


def fixed_today(monkeypatch, day: datetime.date) -> None:
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_system_admin_sees_calendar_notice_in_december(client, system_admin_user, monkeypatch):
    from zhifa.core.models import CalendarYear

    fixed_today(monkeypatch, datetime.date(2031, 12, 4))
    CalendarYear.objects.filter(year=2032).delete()
    page = home(client, system_admin_user)
    assert "尚未导入 2032 年的节假日安排" in page
    assert reverse("core:calendar") in page
    # The system administrator has no agency or supervision items.
    assert "待办事项" not in page


def test_system_admin_sees_no_calendar_notice_before_december(
    client, system_admin_user, monkeypatch
):
    fixed_today(monkeypatch, datetime.date(2031, 6, 4))
    page = home(client, system_admin_user)
    assert "节假日安排" not in page


# --- Access ---


def test_home_needs_login(client, db):
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
