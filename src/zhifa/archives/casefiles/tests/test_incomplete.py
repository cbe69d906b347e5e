"""Archiving a file that lacks a required item needs the archivist's explicit confirmation."""

import pytest
from django.urls import reverse

from zhifa.accounts.models import AuditEntry
from zhifa.archives.casefiles import archiving, assembly
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.casefiles.tests.builders import case_with_records, make_archivist
from zhifa.archives.tests.support import closed_case
from zhifa.cases.models import CaseKind
from zhifa.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def archivist(make_user, agency_a):
    return make_archivist(make_user, agency_a)


@pytest.fixture
def incomplete(agency_a, officer_user) -> CaseFile:
    """A closed penalty case with no decision document."""
    return assembly.open_case_file(closed_case(agency_a, officer_user, number="青罚〔2026〕21号"))


def test_missing_required_names_decision(incomplete) -> None:
    case = incomplete.case

    missing = archiving.missing_required(case, assembly.plan(case))

    assert missing == ["行政处罚决定书"]


def test_missing_required_empty_when_complete(agency_a, officer_user) -> None:
    case = case_with_records(agency_a, officer_user, CaseKind.PENALTY_ORDINARY, "青罚〔2026〕22号")

    assert archiving.missing_required(case, assembly.plan(case)) == []


def test_archive_rejects_incomplete_file(archivist, incomplete) -> None:
    with pytest.raises(ValidationFailed) as raised:
        archiving.archive(archivist, incomplete)

    assert "行政处罚决定书" in raised.value.message
    assert raised.value.field == "accept_incomplete"
    incomplete.refresh_from_db()
    assert incomplete.status == CaseFileStatus.PENDING
    assert not incomplete.items.exists()


def test_archive_incomplete_when_accepted(archivist, incomplete) -> None:
    case_file = archiving.archive(archivist, incomplete, accept_incomplete=True)

    assert case_file.status == CaseFileStatus.ARCHIVED
    entry = AuditEntry.objects.get(action="case_file_archived")
    assert entry.detail["missing_required"] == ["行政处罚决定书"]


def test_preview_warns_and_asks_confirmation(client, archivist, incomplete) -> None:
    client.force_login(archivist)

    page = client.get(reverse("archives:case_file_archive", args=[incomplete.pk])).content.decode()

    assert "材料不全" in page
    assert "<li>行政处罚决定书</li>" in page
    assert 'name="accept_incomplete"' in page
    assert archiving.INCOMPLETE_CONFIRMATION in page


def test_preview_of_complete_file_has_no_warning(client, archivist, agency_a, officer_user) -> None:
    case = case_with_records(agency_a, officer_user, CaseKind.PENALTY_ORDINARY, "青罚〔2026〕23号")
    case_file = assembly.open_case_file(case)
    client.force_login(archivist)

    page = client.get(reverse("archives:case_file_archive", args=[case_file.pk])).content.decode()

    assert "材料不全" not in page
    assert 'name="accept_incomplete"' not in page


def test_post_without_confirmation_is_refused(client, archivist, incomplete) -> None:
    client.force_login(archivist)
    url = reverse("archives:case_file_archive", args=[incomplete.pk])

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert "案卷缺少必备材料：行政处罚决定书" in page
    incomplete.refresh_from_db()
    assert incomplete.status == CaseFileStatus.PENDING


def test_post_with_confirmation_archives(client, archivist, incomplete) -> None:
    client.force_login(archivist)
    url = reverse("archives:case_file_archive", args=[incomplete.pk])

    response = client.post(url, {"accept_incomplete": "1"})

    assert response.status_code == 302
    incomplete.refresh_from_db()
    assert incomplete.status == CaseFileStatus.ARCHIVED
