"""Repeated steps, destroyed case files, purposes and what the request pages tell the user."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.disposition.models import Appraisal, AppraisalEntry, Verdict
from zhifa.archives.tests.support import archived_case_file, closed_case
from zhifa.archives.use import requests as use_requests
from zhifa.archives.use.access import open_case_file
from zhifa.archives.use.models import UseRequest
from zhifa.core.errors import InvalidTransition, ValidationFailed

PURPOSE = "复核案件办理情况"
DESTROYED_AT = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def case_file(agency_a: Agency, officer_user: User) -> CaseFile:
    return archived_case_file(closed_case(agency_a, officer_user), officer_user)


def destroy(case_file: CaseFile, archivist: User) -> None:
    """Write the rows a finished destruction leaves: the entry with its time, the status."""
    appraisal = Appraisal.objects.create(
        agency_id=case_file.agency_id,
        kind="case_files",
        status="approved",
        group_members="张三、李四",
        created_by=archivist,
    )
    AppraisalEntry.objects.create(
        appraisal=appraisal,
        case_file=case_file,
        verdict=Verdict.DESTROY,
        destroyed_at=DESTROYED_AT,
        destroyed_by=archivist,
    )
    CaseFile.objects.filter(pk=case_file.pk).update(status=CaseFileStatus.DESTROYED)
    case_file.refresh_from_db()


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_destroyed_request_names_day(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    destroy(case_file, archivist_a)

    with pytest.raises(InvalidTransition) as raised:
        use_requests.request_use(officer_user, case_file, "consult", PURPOSE, 7)

    assert raised.value.message == "该案卷已于2026年11月20日按鉴定销毁，不能利用。"


def test_destroyed_approved_detail_no_links(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    use = use_requests.request_use(officer_user, case_file, "borrow", PURPOSE, 7)
    use_requests.approve(archivist_a, use)
    destroy(case_file, archivist_a)

    page = logged_in(officer_user).get(reverse("archive_use:request_detail", args=[use.pk]))
    text = page.content.decode()

    assert "已于2026年11月20日按鉴定销毁" in text
    assert "action=view" not in text
    assert "action=download" not in text


def test_destroyed_pending_cannot_approve(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    use = use_requests.request_use(officer_user, case_file, "consult", PURPOSE, 7)
    destroy(case_file, archivist_a)

    with pytest.raises(InvalidTransition) as raised:
        use_requests.approve(archivist_a, use)

    assert "按鉴定销毁" in raised.value.message


def test_duplicate_pending_rejected(case_file: CaseFile, officer_user: User) -> None:
    first = use_requests.request_use(officer_user, case_file, "consult", PURPOSE, 7)

    with pytest.raises(InvalidTransition) as raised:
        use_requests.request_use(officer_user, case_file, "consult", PURPOSE, 7)
    use_requests.request_use(officer_user, case_file, "borrow", PURPOSE, 7)

    assert f"第{first.pk}号" in raised.value.message
    assert UseRequest.objects.filter(kind="consult").count() == 1


def test_duplicate_form_post_shows_reason(case_file: CaseFile, officer_user: User) -> None:
    client = logged_in(officer_user)
    data = {"reference": case_file.archive_code, "kind": "consult", "purpose": PURPOSE, "days": 7}

    client.post(reverse("archive_use:my_requests"), data)
    again = client.post(reverse("archive_use:my_requests"), data)

    assert "请勿重复提交" in again.content.decode()
    assert UseRequest.objects.count() == 1


def test_approve_message_names_validity(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    use = use_requests.request_use(officer_user, case_file, "consult", PURPOSE, 7)
    detail = reverse("archive_use:request_detail", args=[use.pk])

    page = logged_in(archivist_a).post(detail, {"op": "approve"}, follow=True)
    use.refresh_from_db()
    assert use.valid_until is not None
    until = timezone.localtime(use.valid_until)
    expected = f"已批准利用申请，有效期至{until.year}年{until.month}月{until.day}日 {until:%H:%M}。"

    assert expected in page.content.decode()
    assert "已保存。" not in page.content.decode()


def test_approve_twice_shows_reason(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    use = use_requests.request_use(officer_user, case_file, "consult", PURPOSE, 7)
    detail = reverse("archive_use:request_detail", args=[use.pk])
    archivist = logged_in(archivist_a)

    archivist.post(detail, {"op": "approve"})
    again = archivist.post(detail, {"op": "approve"})
    reloaded = archivist.get(detail)

    assert again.status_code == 302
    assert "该申请已是“已批准”状态" in reloaded.content.decode()


def test_open_purpose_uses_page_label(case_file: CaseFile, archivist_a: User) -> None:
    with pytest.raises(ValidationFailed) as short:
        open_case_file(archivist_a, case_file, "view", "看")
    with pytest.raises(ValidationFailed) as long:
        open_case_file(archivist_a, case_file, "view", "核" * 301)

    assert "查看或下载的目的" in short.value.message
    assert "调阅事由" not in short.value.message
    assert "不能超过300个字" in long.value.message
    assert "查看或下载的目的" in long.value.message


def test_breadcrumb_follows_viewer(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    use = use_requests.request_use(officer_user, case_file, "consult", PURPOSE, 7)
    detail = reverse("archive_use:request_detail", args=[use.pk])

    approver_page = logged_in(archivist_a).get(detail).content.decode()
    requester_page = logged_in(officer_user).get(detail).content.decode()

    assert f'<a href="{reverse("archive_use:queue")}">利用审批</a>' in approver_page
    assert f'<a href="{reverse("archive_use:my_requests")}">我的申请</a>' in requester_page
    assert "利用审批</a> /" not in requester_page
