"""The case file page of a destroyed file and of a file whose case is under a legal hold."""

import pytest
from django.urls import reverse

from zhifa.archives.casefiles.models import CaseFileStatus
from zhifa.archives.casefiles.tests.builders import make_archivist
from zhifa.archives.disposition.actions import destruction
from zhifa.archives.disposition.tests.conftest import expired_case_file
from zhifa.archives.disposition.tests.test_destruction import approved_destruction, own_files
from zhifa.archives.retention.models import HoldReason, LegalHold

pytestmark = pytest.mark.django_db


@pytest.fixture
def archivist(make_user, agency_a):
    return make_archivist(make_user, agency_a)


@pytest.fixture
def expired(agency_a, officer_user):
    return expired_case_file(
        agency_a, officer_user, "青市监罚〔2026〕31号", files=own_files(None, "detail")
    )


def detail_page(client, user, case_file) -> str:
    client.force_login(user)
    response = client.get(reverse("archives:case_file_detail", args=[case_file.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_archived_file_offers_items_and_check(client, archivist, expired) -> None:
    page = detail_page(client, archivist, expired)

    assert ">查看</button>" in page
    assert ">下载</button>" in page
    assert reverse("archive_checks:run_now") in page


def test_destroyed_file_hides_items_and_check(client, archivist, agency_head_user, expired) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [expired])
    destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")
    expired.refresh_from_db()
    assert expired.status == CaseFileStatus.DESTROYED

    page = detail_page(client, archivist, expired)

    assert ">查看</button>" not in page
    assert ">下载</button>" not in page
    assert 'id="item-purpose"' not in page
    assert reverse("archive_checks:run_now") not in page
    assert "监销人王五、赵六" in page
    assert reverse("disposition:appraisal_detail", args=[appraisal.pk]) in page
    # The table of contents stays as the record of what was destroyed.
    assert "行政处罚决定书" in page


def test_detail_shows_active_hold(client, archivist, expired, agency_head_user) -> None:
    LegalHold.objects.create(
        case=expired.case,
        reason_kind=HoldReason.LITIGATION,
        reason="当事人已提起行政诉讼",
        placed_by=agency_head_user,
    )

    page = detail_page(client, archivist, expired)

    assert 'id="holds"' in page
    assert "当事人已提起行政诉讼" in page


def test_detail_without_hold_has_no_hold_section(client, archivist, expired) -> None:
    page = detail_page(client, archivist, expired)

    assert 'id="holds"' not in page
