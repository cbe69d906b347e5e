"""Case file pages: list, detail, archive with preview, additions, item download, scope."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from zhifa.archives.casefiles import alerts, archiving, assembly
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.casefiles.tests.builders import add_step, case_with_records, make_archivist
from zhifa.archives.tests.support import closed_case
from zhifa.cases.models import CaseKind
from zhifa.evidence.models import AccessLog
from zhifa.supervision.alerts.models import AlertKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def archivist(make_user, agency_a):
    return make_archivist(make_user, agency_a)


@pytest.fixture
def case_file(agency_a, officer_user) -> CaseFile:
    case = case_with_records(agency_a, officer_user, CaseKind.PENALTY_ORDINARY, "青罚〔2026〕7号")
    return assembly.open_case_file(case)


def test_list_shows_late_file(client, archivist, case_file) -> None:
    client.force_login(archivist)

    response = client.get(reverse("archives:case_file_list"), {"late": "1"})

    assert response.status_code == 200
    assert case_file.title in response.content.decode()
    assert "逾期" in response.content.decode()


def test_list_searches_by_case_number(client, archivist, case_file, agency_a, officer_user) -> None:
    other = assembly.open_case_file(closed_case(agency_a, officer_user, number="青罚〔2026〕8号"))
    client.force_login(archivist)

    page = client.get(reverse("archives:case_file_list"), {"q": "7号"}).content.decode()

    assert case_file.title in page
    assert other.title not in page


def test_archive_preview_then_confirm(client, archivist, case_file) -> None:
    client.force_login(archivist)
    url = reverse("archives:case_file_archive", args=[case_file.pk])

    preview = client.get(url)
    assert preview.status_code == 200
    assert "行政处罚决定书" in preview.content.decode()
    assert not case_file.items.exists()

    response = client.post(url)

    assert response.status_code == 302
    case_file.refresh_from_db()
    assert case_file.status == CaseFileStatus.ARCHIVED
    detail = client.get(reverse("archives:case_file_detail", args=[case_file.pk])).content.decode()
    assert case_file.archive_code in detail
    assert "卷内目录" in detail


def test_detail_shows_addition(client, archivist, case_file, officer_user) -> None:
    archiving.archive(archivist, case_file)
    add_step(case_file.case, officer_user, "remedy_filed", datetime.date(2026, 7, 5))
    addition = case_file.additions.get()
    client.force_login(archivist)

    detail = client.get(reverse("archives:case_file_detail", args=[case_file.pk])).content.decode()
    assert "补充归档" in detail
    assert reverse("archives:case_file_addition_archive", args=[addition.pk]) in detail

    client.post(reverse("archives:case_file_addition_archive", args=[addition.pk]))
    addition.refresh_from_db()
    assert addition.archived_at is not None


def test_item_download_is_logged(client, archivist, case_file) -> None:
    archiving.archive(archivist, case_file)
    item = case_file.items.get(sequence=2)
    client.force_login(archivist)

    response = client.get(
        reverse("archives:case_file_item", args=[case_file.pk, item.pk]),
        {"action": "download", "purpose": "核对归档材料"},
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(case_file=case_file, user=archivist).count() == 1


def test_item_download_without_request_is_refused(
    client, archivist, case_file, agency_head_user
) -> None:
    archiving.archive(archivist, case_file)
    item = case_file.items.get(sequence=2)
    client.force_login(agency_head_user)

    response = client.get(
        reverse("archives:case_file_item", args=[case_file.pk, item.pk]), {"purpose": "查看材料"}
    )

    assert response.status_code == 302
    assert not AccessLog.objects.filter(case_file=case_file).exists()


def test_other_agency_gets_404(client, make_user, agency_b, case_file) -> None:
    other = make_archivist(make_user, agency_b, "archivist_b")
    client.force_login(other)

    assert client.get(reverse("archives:case_file_detail", args=[case_file.pk])).status_code == 404
    assert client.get(reverse("archives:case_file_archive", args=[case_file.pk])).status_code == 404
    assert (
        client.post(reverse("archives:case_file_archive", args=[case_file.pk])).status_code == 404
    )
    case_file.refresh_from_db()
    assert case_file.status == CaseFileStatus.PENDING


def test_officer_without_capability_gets_403(client, officer_user, case_file) -> None:
    client.force_login(officer_user)

    assert client.get(reverse("archives:case_file_list")).status_code == 403
    assert client.get(reverse("archives:case_file_detail", args=[case_file.pk])).status_code == 403
    assert (
        client.post(reverse("archives:case_file_archive", args=[case_file.pk])).status_code == 403
    )


def test_agency_head_can_view_but_not_archive(client, agency_head_user, case_file) -> None:
    client.force_login(agency_head_user)

    assert client.get(reverse("archives:case_file_detail", args=[case_file.pk])).status_code == 200
    assert (
        client.post(reverse("archives:case_file_archive", args=[case_file.pk])).status_code == 403
    )


def test_late_alert_reports_pending_file_after_due_day(
    case_file, agency_a, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        facts = alerts.check([agency_a.pk], case_file.due_on + datetime.timedelta(days=2))

    assert [fact.target_key for fact in facts] == [f"case_file:{case_file.pk}"]
    assert facts[0].kind == AlertKind.ARCHIVING_OVERDUE
    assert "已逾期2日" in facts[0].message
    assert alerts.check([agency_a.pk], case_file.due_on) == []


def test_late_alert_skips_archived_and_other_agencies(
    case_file, archivist, agency_a, agency_b
) -> None:
    late_day = case_file.due_on + datetime.timedelta(days=1)
    assert alerts.check([agency_b.pk], late_day) == []

    archiving.archive(archivist, case_file)

    assert alerts.check([agency_a.pk], late_day) == []


def test_open_subcommand_opens_missing_files(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user, number="青罚〔2026〕11号")
    output = io.StringIO()

    call_command("archives", "open", stdout=output)

    assert CaseFile.objects.filter(case=case).exists()
    assert "新立卷1件" in output.getvalue()
