import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles import ledger
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.tests.support import archived_case_file, closed_case
from zhifa.archives.use import requests as use_requests
from zhifa.archives.use.access import open_case_file
from zhifa.archives.use.models import UseRequest
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.ledger.verify import verify_ledger
from zhifa.evidence.models import AccessLog


@pytest.fixture
def case_file(agency_a: Agency, officer_user: User) -> CaseFile:
    row = archived_case_file(closed_case(agency_a, officer_user), officer_user)
    # The builder writes rows only; archiving proper appends this entry.
    ledger.append_case_file(row)
    return row


def approved(requester: User, approver: User, case_file: CaseFile, kind: str) -> UseRequest:
    use = use_requests.request_use(requester, case_file, kind, "复核案件办理情况", 7)
    return use_requests.approve(approver, use)


def test_archivist_open_logs(case_file: CaseFile, archivist_a: User) -> None:
    row = open_case_file(archivist_a, case_file, "download", "整理移交清单")

    assert row.case_file == case_file
    assert row.record is None
    assert row.purpose == "整理移交清单"
    assert verify_ledger().ok


def test_archivist_purpose_required(case_file: CaseFile, archivist_a: User) -> None:
    with pytest.raises(ValidationFailed):
        open_case_file(archivist_a, case_file, "view", "看")


def test_other_agency_archivist_refused(case_file: CaseFile, archivist_b: User) -> None:
    with pytest.raises(NotPermitted):
        open_case_file(archivist_b, case_file, "view", "整理移交清单")


def test_officer_without_request_refused(case_file: CaseFile, officer_user: User) -> None:
    with pytest.raises(NotPermitted):
        open_case_file(officer_user, case_file, "view", "复核案件办理情况")

    assert not AccessLog.objects.exists()


def test_consult_cannot_download(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    use = approved(officer_user, archivist_a, case_file, "consult")

    row = open_case_file(officer_user, case_file, "view", "")
    with pytest.raises(NotPermitted):
        open_case_file(officer_user, case_file, "download", "")

    assert f"第{use.pk}号" in row.purpose
    assert AccessLog.objects.count() == 1


def test_borrow_allows_download(case_file: CaseFile, officer_user: User, archivist_a: User) -> None:
    approved(officer_user, archivist_a, case_file, "borrow")

    row = open_case_file(officer_user, case_file, "download", "")

    assert row.action == "download"


def test_expired_request_refused(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    use = approved(officer_user, archivist_a, case_file, "borrow")
    UseRequest.objects.filter(pk=use.pk).update(
        valid_until=timezone.now() - datetime.timedelta(seconds=1)
    )

    with pytest.raises(NotPermitted):
        open_case_file(officer_user, case_file, "view", "")


def test_returned_borrow_refused(
    case_file: CaseFile, officer_user: User, archivist_a: User
) -> None:
    use = approved(officer_user, archivist_a, case_file, "borrow")
    use_requests.mark_returned(officer_user, use)

    with pytest.raises(NotPermitted):
        open_case_file(officer_user, case_file, "view", "")


def test_destroyed_cannot_open(case_file: CaseFile, archivist_a: User) -> None:
    CaseFile.objects.filter(pk=case_file.pk).update(status=CaseFileStatus.DESTROYED)
    case_file.refresh_from_db()

    with pytest.raises(InvalidTransition):
        open_case_file(archivist_a, case_file, "view", "整理移交清单")


def test_own_request_cannot_approve(
    case_file: CaseFile, make_user: object, agency_a: Agency
) -> None:
    from zhifa.accounts.roles import Role

    head = make_user("head_x", Role.AGENCY_HEAD, agency=agency_a)  # type: ignore[operator]
    use = use_requests.request_use(head, case_file, "consult", "复核案件办理情况", 7)

    with pytest.raises(NotPermitted):
        use_requests.approve(head, use)


def test_other_agency_cannot_approve(
    case_file: CaseFile, officer_user: User, archivist_b: User
) -> None:
    use = use_requests.request_use(officer_user, case_file, "consult", "复核案件办理情况", 7)

    with pytest.raises(NotFound):
        use_requests.approve(archivist_b, use)


def test_refuse_needs_reason(case_file: CaseFile, officer_user: User, archivist_a: User) -> None:
    use = use_requests.request_use(officer_user, case_file, "consult", "复核案件办理情况", 7)

    with pytest.raises(ValidationFailed):
        use_requests.refuse(archivist_a, use, " ")
    refused = use_requests.refuse(archivist_a, use, "目的与本案无关")

    assert refused.status == "refused"


def test_days_limit(case_file: CaseFile, officer_user: User) -> None:
    with pytest.raises(ValidationFailed) as raised:
        use_requests.request_use(officer_user, case_file, "consult", "复核案件办理情况", 31)

    assert raised.value.field == "days"


def test_other_agency_request_not_found(case_file: CaseFile, other_agency_user: User) -> None:
    with pytest.raises(NotFound):
        use_requests.request_use(other_agency_user, case_file, "consult", "复核案件办理情况", 7)


def test_access_log_page_shows_case_file(
    case_file: CaseFile, archivist_a: User, supervisor_user: User
) -> None:
    open_case_file(archivist_a, case_file, "view", "整理移交清单")
    client = Client()
    client.force_login(supervisor_user)

    response = client.get(reverse("evidence:access_log"))

    assert response.status_code == 200
    assert f"案卷 {case_file}" in response.content.decode()
    assert "整理移交清单" in response.content.decode()


def test_request_detail_other_agency_404(
    case_file: CaseFile, officer_user: User, archivist_b: User
) -> None:
    use = use_requests.request_use(officer_user, case_file, "consult", "复核案件办理情况", 7)
    client = Client()
    client.force_login(archivist_b)

    response = client.get(reverse("archive_use:request_detail", args=[use.pk]))

    assert response.status_code == 404


def test_request_pages_flow(case_file: CaseFile, officer_user: User, archivist_a: User) -> None:
    officer = Client()
    officer.force_login(officer_user)
    archivist = Client()
    archivist.force_login(archivist_a)

    created = officer.post(
        reverse("archive_use:my_requests"),
        {
            "reference": case_file.archive_code,
            "kind": "borrow",
            "purpose": "复核案件办理情况",
            "days": 5,
        },
    )
    use = UseRequest.objects.get()
    queue = archivist.get(reverse("archive_use:queue"))
    decided = archivist.post(
        reverse("archive_use:request_detail", args=[use.pk]), {"op": "approve"}
    )
    detail = officer.get(reverse("archive_use:request_detail", args=[use.pk]))

    assert created.status_code == 302
    assert case_file.archive_code in queue.content.decode()
    assert decided.status_code == 302
    assert "下载" in detail.content.decode()
    assert "已批准" in detail.content.decode()
