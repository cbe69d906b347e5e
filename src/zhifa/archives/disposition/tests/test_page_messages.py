"""What the disposition pages tell people: outcomes, refusals, holds and period labels."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from zhifa.archives.casefiles.models import CaseFileStatus
from zhifa.archives.disposition.tests.conftest import TODAY, expired_case_file
from zhifa.archives.disposition.tests.test_destruction import approved_destruction, own_files
from zhifa.archives.retention.models import HoldReason, LegalHold

pytestmark = pytest.mark.django_db

HOLD_TEXT = "当事人已提起行政诉讼，案号（2037）沪0118行初5号"


@pytest.fixture
def doomed(agency_a, officer_user):
    return expired_case_file(
        agency_a, officer_user, "青市监罚〔2026〕51号", files=own_files(None, "messages")
    )


@pytest.fixture
def frozen_today(monkeypatch):
    """Make the pages count due dates from ``TODAY``, as the action tests do."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def hold(case_file, user) -> LegalHold:
    return LegalHold.objects.create(
        case=case_file.case,
        reason_kind=HoldReason.LITIGATION,
        reason=HOLD_TEXT,
        placed_by=user,
    )


def destroy(client, appraisal):
    url = reverse("disposition:appraisal_destroy", args=[appraisal.pk])
    return client.post(url, {"witnesses": "王五、赵六", "confirm": "on"}, follow=True)


def texts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_destroy_reports_count(client, archivist, agency_head_user, doomed) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])
    client.force_login(archivist)

    messages = texts(destroy(client, appraisal))

    assert messages == ["已销毁1项，销毁记录已写入存证账本。"]


def test_destroy_of_frozen_file_reports_refusal(
    client, archivist, agency_head_user, doomed
) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])
    hold(doomed, agency_head_user)
    client.force_login(archivist)

    messages = texts(destroy(client, appraisal))

    assert not any(text.startswith("已销毁") for text in messages)
    assert "1项未销毁，原因如下；这些档案保持原状。" in messages
    assert any(HOLD_TEXT in text for text in messages)
    doomed.refresh_from_db()
    assert doomed.status == CaseFileStatus.ARCHIVED


def test_second_destroy_says_nothing_to_do(client, archivist, agency_head_user, doomed) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])
    client.force_login(archivist)
    destroy(client, appraisal)

    messages = texts(destroy(client, appraisal))

    assert messages == ["没有待销毁的条目，本次未销毁任何档案。"]


def test_second_approval_redirects_with_reason(client, archivist, agency_head_user, doomed) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])
    client.force_login(agency_head_user)
    url = reverse("disposition:appraisal_detail", args=[appraisal.pk])

    response = client.post(url, {"action": "approve", "note": "同意"})

    assert response.status_code == 302
    assert response["Location"] == url
    messages = texts(client.get(url))
    assert len(messages) == 1
    assert "批准" in messages[0]


def test_pages_show_hold_per_entry(client, archivist, agency_head_user, doomed) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])
    hold(doomed, agency_head_user)
    client.force_login(archivist)

    detail = client.get(reverse("disposition:appraisal_detail", args=[appraisal.pk]))
    confirm = client.get(reverse("disposition:appraisal_destroy", args=[appraisal.pk]))

    assert HOLD_TEXT in detail.content.decode()
    assert HOLD_TEXT in confirm.content.decode()
    assert "其中1项处于冻结状态" in confirm.content.decode()


def test_appraisal_row_shows_case_number_once(client, archivist, agency_head_user, doomed) -> None:
    # Assembly titles a case file "<case number> <case title>", as archiving does.
    doomed.title = f"{doomed.case.number} {doomed.case.title}"
    doomed.save(update_fields=["title"])
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])
    client.force_login(archivist)

    page = client.get(reverse("disposition:appraisal_detail", args=[appraisal.pk]))

    assert page.content.decode().count(doomed.case.number) == 1


def test_due_list_shows_period_label(client, archivist, doomed, frozen_today) -> None:
    client.force_login(archivist)

    page = client.get(reverse("disposition:due_list")).content.decode()

    assert "<td>10 年</td>" in page
    assert "120 个月" not in page


def test_due_command_rejects_unknown_agency(doomed) -> None:
    with pytest.raises(CommandError, match="找不到单位“99999”"):
        call_command("archives", "due", "--agency", "99999", stdout=io.StringIO())


def test_due_command_accepts_agency_names(agency_a, doomed) -> None:
    for value in (str(agency_a.pk), agency_a.name, agency_a.short_name):
        out = io.StringIO()
        call_command("archives", "due", "--date", TODAY.isoformat(), "--agency", value, stdout=out)
        assert doomed.archive_code in out.getvalue(), value


def test_due_command_rejects_impossible_date() -> None:
    with pytest.raises(CommandError, match="日期“2026-13-01”不存在"):
        call_command("archives", "due", "--date", "2026-13-01", stdout=io.StringIO())


def test_due_command_rejects_malformed_date() -> None:
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("archives", "due", "--date", "2026/12/01", stdout=io.StringIO())
