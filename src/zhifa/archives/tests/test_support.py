"""The shared builders produce what the other tests rely on."""

import pytest

from zhifa.archives import items as item_store
from zhifa.archives import manifest
from zhifa.archives.casefiles.models import CaseFileStatus
from zhifa.archives.tests.support import archived_case_file, closed_case, minimal_pdf
from zhifa.core import digests


@pytest.mark.django_db
def test_archived_case_file_items_read_back_with_their_digests(agency_a, officer_user) -> None:
    case_file = archived_case_file(closed_case(agency_a, officer_user), officer_user)

    assert case_file.status == CaseFileStatus.ARCHIVED
    assert case_file.item_count == 4
    for item in case_file.items.all():
        with item_store.open_item(item) as handle:
            assert digests.of_file(handle) == item.digest
    assert case_file.manifest_digest == manifest.manifest_digest(case_file.items.all())


def test_minimal_pdf_has_header_and_trailer() -> None:
    content = minimal_pdf()
    assert content.startswith(b"%PDF-1.4")
    assert content.rstrip().endswith(b"%%EOF")
