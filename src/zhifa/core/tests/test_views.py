"""Calendar and rule parameter pages: permissions, editing and the missing-year notice."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import AuditEntry, User
from zhifa.core.models import CalendarDay, CalendarYear, RuleParameter
from zhifa.core.tests.test_calendar_replace import OFFICIAL_SCHEDULE, SCHEDULE_2027


def test_calendar_refused_without_capability(client: Client, supervisor_user: User) -> None:
    client.force_login(supervisor_user)

    assert client.get(reverse("core:calendar")).status_code == 403
    assert client.post(reverse("core:calendar_day_set"), {}).status_code == 403
    assert client.post(reverse("core:calendar_day_remove"), {}).status_code == 403
    assert client.post(reverse("core:calendar_import"), {}).status_code == 403


def test_calendar_lists_year(client: Client, system_admin_user: User) -> None:
    client.force_login(system_admin_user)

    page = client.get(reverse("core:calendar"), {"year": 2026}).content.decode()

    assert "2026 年放假日（" in page
    assert "2026年10月1日" in page
    assert "2026年10月10日" in page


def test_calendar_counts_weekday_holidays(client: Client, system_admin_user: User) -> None:
    holidays = CalendarDay.objects.filter(date__year=2026, kind="public_holiday")
    total = holidays.count()
    on_weekdays = sum(1 for day in holidays if day.date.weekday() < 5)
    client.force_login(system_admin_user)

    page = client.get(reverse("core:calendar"), {"year": 2026}).content.decode()

    assert total > on_weekdays > 0
    assert f"2026 年放假日（{total}天，含周末）" in page
    assert f"其中工作日放假（{on_weekdays}天）" in page


@pytest.mark.parametrize(
    ("today", "notice_shown"),
    [(datetime.date(2026, 11, 30), False), (datetime.date(2026, 12, 1), True)],
)
def test_calendar_notice_from_december(
    client: Client,
    system_admin_user: User,
    monkeypatch: pytest.MonkeyPatch,
    today: datetime.date,
    notice_shown: bool,
) -> None:
    monkeypatch.setattr("zhifa.core.views.timezone.localdate", lambda: today)
    client.force_login(system_admin_user)

    page = client.get(reverse("core:calendar")).content.decode()

    assert ("尚未导入 2027 年的节假日安排" in page) is notice_shown


def test_calendar_day_set_and_removed(client: Client, system_admin_user: User) -> None:
    client.force_login(system_admin_user)

    response = client.post(
        reverse("core:calendar_day_set"),
        {"date": "2026-12-31", "kind": "public_holiday", "festival": "测试", "source": ""},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date="2026-12-31").festival == "测试"

    response = client.post(reverse("core:calendar_day_remove"), {"date": "2026-12-31"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date="2026-12-31").exists()


def test_calendar_day_error_shown(client: Client, system_admin_user: User) -> None:
    client.force_login(system_admin_user)

    response = client.post(
        reverse("core:calendar_day_set"), {"date": "2026-12-30", "kind": "makeup_working_day"}
    )

    assert response.status_code == 400
    assert "本来就是工作日" in response.content.decode()


def test_calendar_import_page(client: Client, system_admin_user: User) -> None:
    client.force_login(system_admin_user)
    upload = SimpleUploadedFile("2027.csv", SCHEDULE_2027.encode())

    response = client.post(
        reverse("core:calendar_import"),
        {"file": upload, "source": "通知"},
        REMOTE_ADDR="192.0.2.20",
    )

    assert response.status_code == 302
    assert CalendarYear.objects.filter(year=2027).exists()
    assert AuditEntry.objects.get(action="calendar_imported").ip_address == "192.0.2.20"


def test_calendar_import_page_refuses_loaded_year(client: Client, system_admin_user: User) -> None:
    client.force_login(system_admin_user)
    upload = SimpleUploadedFile("2026.csv", OFFICIAL_SCHEDULE.read_bytes())

    response = client.post(reverse("core:calendar_import"), {"file": upload, "source": "通知"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "2024、2025、2026 年的节假日安排已经导入过" in page
    assert "替换已导入的年份" in page
    assert not AuditEntry.objects.filter(action="calendar_imported").exists()


def test_calendar_import_page_replaces_when_confirmed(
    client: Client, system_admin_user: User
) -> None:
    client.force_login(system_admin_user)
    CalendarDay.objects.filter(date="2026-10-07").delete()
    upload = SimpleUploadedFile("2026.csv", OFFICIAL_SCHEDULE.read_bytes())

    response = client.post(
        reverse("core:calendar_import"),
        {"file": upload, "source": "通知", "replace": "on"},
        follow=True,
    )

    page = response.content.decode()
    assert "已导入 2024、2025、2026 年的节假日安排。" in page
    assert "2025 年：已替换，放假和调休日期没有变化" in page
    assert "2026 年：已替换，新增 10月7日" in page
    assert CalendarDay.objects.filter(date="2026-10-07").exists()


def test_calendar_import_page_lists_row_errors(client: Client, system_admin_user: User) -> None:
    client.force_login(system_admin_user)
    text = (
        "date,kind,festival\n2027-01-01,holiday,元旦\n2027-13-01,holiday,春节\n"
        "2027-01-04,makeup_working_day,\n"
    )
    upload = SimpleUploadedFile("2027.csv", text.encode())

    response = client.post(reverse("core:calendar_import"), {"file": upload, "source": "通知"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "第3行" in page
    assert "第4行" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_rule_parameters_refused_without_capability(
    client: Client, system_admin_user: User
) -> None:
    client.force_login(system_admin_user)

    assert client.get(reverse("core:rule_parameter_list")).status_code == 403
    url = reverse("core:rule_parameter_edit", args=["reviewer_ratio_min"])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_rule_parameter_list_shows_source(client: Client, supervisor_user: User) -> None:
    client.force_login(supervisor_user)

    page = client.get(reverse("core:rule_parameter_list")).content.decode()

    assert "法制审核人员最低配比" in page
    assert "国办发〔2018〕118号" in page
    assert "待核实" in page


def test_rule_parameter_unknown_key_is_404(client: Client, supervisor_user: User) -> None:
    client.force_login(supervisor_user)

    response = client.get(reverse("core:rule_parameter_edit", args=["no-such-key"]))

    assert response.status_code == 404


def test_rule_parameter_edit_requires_note(client: Client, supervisor_user: User) -> None:
    client.force_login(supervisor_user)
    url = reverse("core:rule_parameter_edit", args=["training_hours_per_year"])

    response = client.post(
        url, {"value": "40", "legal_source": "本市规定", "confirmed": "on", "change_note": ""}
    )

    assert response.status_code == 400
    assert RuleParameter.objects.get(key="training_hours_per_year").value == Decimal("60")


def test_rule_parameter_edit_saved_and_audited(client: Client, supervisor_user: User) -> None:
    client.force_login(supervisor_user)
    url = reverse("core:rule_parameter_edit", args=["training_hours_per_year"])

    response = client.post(
        url,
        {
            "value": "40",
            "legal_source": "本市行政执法人员培训规定",
            "confirmed": "on",
            "change_note": "已核对原文",
        },
    )

    assert response.status_code == 302
    parameter = RuleParameter.objects.get(key="training_hours_per_year")
    assert parameter.value == Decimal("40")
    assert parameter.confirmed
    entry = AuditEntry.objects.get(action="rule_parameter_changed")
    assert entry.actor == supervisor_user
    assert entry.detail["before"]["value"] == "60.0000"
    assert entry.detail["after"]["value"] == "40"
    assert entry.detail["note"] == "已核对原文"


def test_rule_parameter_unchanged_rejected(client: Client, supervisor_user: User) -> None:
    client.force_login(supervisor_user)
    parameter = RuleParameter.objects.get(key="credential_expiry_warning_days")
    url = reverse("core:rule_parameter_edit", args=[parameter.key])

    response = client.post(
        url,
        {
            "value": str(parameter.value),
            "legal_source": parameter.legal_source,
            "confirmed": "on",
            "change_note": "无变化",
        },
    )

    assert response.status_code == 400
    assert "没有变化" in response.content.decode()
    assert not AuditEntry.objects.filter(action="rule_parameter_changed").exists()
