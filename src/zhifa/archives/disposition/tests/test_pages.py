"""Pages of appraisal and destruction: the flow through the forms, scope and refusals."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.archives.casefiles.models import CaseFileStatus
from zhifa.archives.disposition.actions import appraisals, destruction
from zhifa.archives.disposition.models import Appraisal, AppraisalKind, AppraisalStatus
from zhifa.archives.disposition.tests.conftest import TODAY, expired_case_file
from zhifa.archives.disposition.tests.test_destruction import approved_destruction, own_files

REASON = "保管期限已满，案件已执行完毕，无复议诉讼，无继续保存价值"


@pytest.fixture
def doomed(agency_a, officer_user):
    return expired_case_file(
        agency_a, officer_user, "青市监罚〔2026〕21号", files=own_files(None, "pages")
    )


@pytest.fixture
def frozen_today(monkeypatch):
    """Make the pages count due dates from ``TODAY``, as the action tests do."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def detail(appraisal) -> str:
    return reverse("disposition:appraisal_detail", args=[appraisal.pk])


@pytest.mark.django_db
def test_full_flow_through_pages(
    client, archivist, agency_head_user, doomed, frozen_today, django_capture_on_commit_callbacks
) -> None:
    client.force_login(archivist)
    response = client.get(reverse("disposition:due_list"))
    assert response.status_code == 200
    assert doomed.archive_code in response.content.decode()

    response = client.post(
        reverse("disposition:appraisal_create"),
        {"kind": AppraisalKind.CASE_FILES, "group_members": "张三、李四"},
    )
    appraisal = Appraisal.objects.get()
    assert response.status_code == 302
    assert doomed.archive_code in client.get(detail(appraisal)).content.decode()

    client.post(detail(appraisal), {"action": "add", "ids": [doomed.pk]})
    entry = appraisal.entries.get()
    response = client.post(
        detail(appraisal),
        {"action": "verdict", "entries": [entry.pk], "verdict": "destroy", "reason": "同意"},
    )
    assert response.status_code == 400
    assert "不能只写" in response.content.decode()
    client.post(
        detail(appraisal),
        {"action": "verdict", "entries": [entry.pk], "verdict": "destroy", "reason": REASON},
    )
    client.post(
        detail(appraisal),
        {"action": "edit", "group_members": "张三、李四", "report": "经鉴定，无保存价值。"},
    )
    client.post(detail(appraisal), {"action": "submit"})
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.SUBMITTED

    client.force_login(agency_head_user)
    client.post(detail(appraisal), {"action": "approve", "note": "同意鉴定意见"})
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.APPROVED

    client.force_login(archivist)
    destroy_url = reverse("disposition:appraisal_destroy", args=[appraisal.pk])
    assert doomed.archive_code in client.get(destroy_url).content.decode()
    response = client.post(destroy_url, {"witnesses": "王五、赵六"})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(destroy_url, {"witnesses": "王五、赵六", "confirm": "on"})
    assert response.status_code == 302
    doomed.refresh_from_db()
    assert doomed.status == CaseFileStatus.DESTROYED

    register = client.get(reverse("disposition:register")).content.decode()
    assert doomed.archive_code in register
    assert "王五、赵六" in register


@pytest.mark.django_db
def test_register_export_lists_destroyed_entries(
    client, archivist, agency_head_user, doomed, django_capture_on_commit_callbacks
) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])
    with django_capture_on_commit_callbacks(execute=True):
        [entry] = destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六").destroyed
    client.force_login(archivist)

    response = client.get(reverse("disposition:register_export"))

    assert response.status_code == 200
    assert "filename*" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "序号"
    assert rows[2][3] == doomed.archive_code
    assert rows[2][11] == "王五、赵六"
    assert rows[2][12] == entry.tombstone_position


@pytest.mark.django_db
def test_other_agency_gets_404(client, archivist, archivist_b, doomed) -> None:
    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    client.force_login(archivist_b)

    assert client.get(detail(appraisal)).status_code == 404
    assert client.post(detail(appraisal), {"action": "submit"}).status_code == 404
    destroy_url = reverse("disposition:appraisal_destroy", args=[appraisal.pk])
    assert client.get(destroy_url).status_code == 404
    assert (
        detail(appraisal) not in client.get(reverse("disposition:appraisal_list")).content.decode()
    )
    assert doomed.archive_code not in client.get(reverse("disposition:due_list")).content.decode()


@pytest.mark.django_db
def test_pages_refuse_users_without_rights(client, officer_user, archivist, doomed) -> None:
    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    client.force_login(officer_user)
    urls = [
        reverse("disposition:due_list"),
        reverse("disposition:appraisal_list"),
        reverse("disposition:appraisal_create"),
        detail(appraisal),
        reverse("disposition:appraisal_destroy", args=[appraisal.pk]),
        reverse("disposition:register"),
        reverse("disposition:register_export"),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_head_cannot_edit_or_destroy(client, agency_head_user, archivist, doomed) -> None:
    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    client.force_login(agency_head_user)

    response = client.post(detail(appraisal), {"action": "submit"})

    assert response.status_code == 403
    destroy_url = reverse("disposition:appraisal_destroy", args=[appraisal.pk])
    assert client.get(destroy_url).status_code == 403


@pytest.mark.django_db
def test_due_command_lists_expired_files(agency_a, doomed) -> None:
    out = io.StringIO()
    call_command("archives", "due", "--date", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert agency_a.name in text
    assert doomed.archive_code in text
    assert "2036年12月31日期满" in text
