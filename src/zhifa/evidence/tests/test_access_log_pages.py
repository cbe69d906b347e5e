"""The access log pages: who may read them, filters, the Excel export and the record partial."""

import io
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.evidence.access.logging import log_access
from zhifa.evidence.models import AccessAction, AvRecord
from zhifa.evidence.tests.access_support import bytes_file, logged_client, record_from_file
from zhifa.evidence.views.access import record_access_log

# Some tests reach the database only through request.getfixturevalue; without the mark,
# pytest-django would order them after the transactional tests, which leave the tables empty.
pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(
    agency_a: Agency, agency_b: Agency, officer_user: User, other_agency_user: User, tmp_path: Path
) -> tuple[AvRecord, AvRecord]:
    record_a = record_from_file(agency_a, officer_user, bytes_file(tmp_path / "a.mp4", 10))
    record_b = record_from_file(agency_b, other_agency_user, bytes_file(tmp_path / "b.mp4", 11))
    log_access(
        officer_user, record_a, AccessAction.STREAM, "朱家角镇调阅事由", ip_address="10.0.0.1"
    )
    log_access(officer_user, record_a, AccessAction.DOWNLOAD, "朱家角镇调阅事由")
    log_access(other_agency_user, record_b, AccessAction.STREAM, "市场监管局调阅事由")
    return record_a, record_b


@pytest.mark.parametrize("persona", ["supervisor_user", "audit_admin_user"])
def test_readers_see_all_agencies(
    persona: str, logged: tuple[AvRecord, AvRecord], request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)

    page = logged_client(user).get(reverse("evidence:access_log"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "朱家角镇调阅事由" in text
    assert "市场监管局调阅事由" in text


@pytest.mark.parametrize("persona", ["officer_user", "agency_head_user", "system_admin_user"])
def test_others_refused(persona: str, request: pytest.FixtureRequest) -> None:
    user: User = request.getfixturevalue(persona)
    client = logged_client(user)

    assert client.get(reverse("evidence:access_log")).status_code == 403
    assert client.get(reverse("evidence:access_log_export")).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "download"}, 1),
        ({"action": "stream"}, 2),
        ({"user": "OFFICER_A"}, 2),
        ({"user": "nobody"}, 0),
        ({"date_from": "2000-01-01", "date_to": "2000-01-02"}, 0),
    ],
)
def test_filters(
    query: dict[str, str],
    expected: int,
    logged: tuple[AvRecord, AvRecord],
    supervisor_user: User,
) -> None:
    page = logged_client(supervisor_user).get(reverse("evidence:access_log"), query)

    assert len(page.context["entries"]) == expected


def test_filter_by_agency_and_record(
    logged: tuple[AvRecord, AvRecord], supervisor_user: User, agency_b: Agency
) -> None:
    record_a, _record_b = logged
    client = logged_client(supervisor_user)

    by_agency = client.get(reverse("evidence:access_log"), {"agency": agency_b.pk})
    by_record = client.get(reverse("evidence:access_log"), {"record": record_a.pk})

    assert [entry.purpose for entry in by_agency.context["entries"]] == ["市场监管局调阅事由"]
    assert len(by_record.context["entries"]) == 2


def test_export_names_exporter(logged: tuple[AvRecord, AvRecord], audit_admin_user: User) -> None:
    audit_admin_user.full_name = "王审计"
    audit_admin_user.save(update_fields=["full_name"])

    response = logged_client(audit_admin_user).get(
        reverse("evidence:access_log_export"), {"action": "stream"}
    )

    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert isinstance(sheet, Worksheet)
    rows = list(sheet.iter_rows(values_only=True))
    assert "导出人：王审计（auditadmin）" in str(rows[0][0])
    assert "导出时间：" in str(rows[0][0])
    assert rows[1][:5] == ("时间", "执法主体", "调阅人", "账号", "方式")
    assert len(rows) == 2 + 2
    assert {row[4] for row in rows[2:]} == {"播放"}
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None
    assert footer is not None
    assert "王审计（auditadmin）" in str(header.center.text)
    assert "王审计（auditadmin）" in str(footer.center.text)
    assert AuditEntry.objects.filter(action="evidence_access_log_exported").exists()


def test_record_partial_lists_entries(
    logged: tuple[AvRecord, AvRecord], officer_user: User, other_agency_user: User
) -> None:
    record_a, _record_b = logged

    html = render_to_string(
        "evidence/_access_log.html",
        {"access_entries": record_access_log(officer_user, record_a)},
    )

    assert html.count("朱家角镇调阅事由") == 2
    assert "下载" in html
    assert record_access_log(other_agency_user, record_a) == []


def test_reversed_dates_named(logged: tuple[AvRecord, AvRecord], supervisor_user: User) -> None:
    query = {"date_from": "2026-12-05", "date_to": "2026-12-01"}

    page = logged_client(supervisor_user).get(reverse("evidence:access_log"), query)

    text = page.content.decode()
    assert "“截止日期”（2026-12-01）早于“起始日期”（2026-12-05）" in text
    assert len(page.context["entries"]) == 0


def test_same_day_dates_accepted(logged: tuple[AvRecord, AvRecord], supervisor_user: User) -> None:
    today = timezone.localdate().isoformat()

    page = logged_client(supervisor_user).get(
        reverse("evidence:access_log"), {"date_from": today, "date_to": today}
    )

    assert not page.context["filter_form"].errors
    assert len(page.context["entries"]) == 3


def test_page_past_end_shows_last(logged: tuple[AvRecord, AvRecord], supervisor_user: User) -> None:
    page = logged_client(supervisor_user).get(reverse("evidence:access_log"), {"page": "9999"})

    assert page.status_code == 200
    assert page.context["page_obj"].number == 1
    assert len(page.context["entries"]) == 3


def test_huge_record_id_named(logged: tuple[AvRecord, AvRecord], supervisor_user: User) -> None:
    client = logged_client(supervisor_user)
    huge = {"record": "99999999999999999999999"}

    page = client.get(reverse("evidence:access_log"), huge)
    api = client.get("/api/evidence/access/log", huge)

    assert page.status_code == 200
    assert "音像记录编号”过大" in page.content.decode()
    assert api.status_code == 422


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2026-12-05", "date_to": "2026-12-01"}, "date_from"),
        ({"action": "zzz"}, "action"),
    ],
)
def test_api_bad_filters_named(
    logged: tuple[AvRecord, AvRecord], supervisor_user: User, query: dict[str, str], field: str
) -> None:
    response = logged_client(supervisor_user).get("/api/evidence/access/log", query)

    assert response.status_code == 400
    assert response.json()["field"] == field
