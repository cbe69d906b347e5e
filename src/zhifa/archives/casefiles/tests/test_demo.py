"""The demo loader opens every closed case's file and archives most of the archivist's."""

import datetime

import pytest

from zhifa.archives.casefiles import demo
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.casefiles.tests.builders import case_with_records, make_archivist
from zhifa.cases.models import CaseKind

pytestmark = pytest.mark.django_db


def test_demo_archives_most_and_leaves_late_ones(
    make_user, agency_a, agency_b, officer_user
) -> None:
    make_archivist(make_user, agency_b, demo.ARCHIVIST)
    for number in range(1, 5):
        case_with_records(
            agency_b, officer_user, CaseKind.PENALTY_ORDINARY, f"青市监罚〔2026〕{number}号"
        )
    case_with_records(agency_a, officer_user, CaseKind.INSPECTION, "青检〔2026〕1号")

    counts = demo.load(datetime.date(2026, 12, 5))

    assert counts == {"opened": 5, "archived": 2, "skipped": 0}
    pending = CaseFile.objects.filter(agency=agency_b, status=CaseFileStatus.PENDING)
    assert pending.count() == demo.LEFT_PENDING
    assert all(case_file.due_on < datetime.date(2026, 12, 5) for case_file in pending)
    assert CaseFile.objects.get(agency=agency_a).status == CaseFileStatus.PENDING


def test_demo_second_load_changes_nothing(make_user, agency_b, officer_user) -> None:
    make_archivist(make_user, agency_b, demo.ARCHIVIST)
    for number in range(1, 4):
        case_with_records(
            agency_b, officer_user, CaseKind.PENALTY_ORDINARY, f"青市监罚〔2026〕{number}号"
        )
    demo.load(datetime.date(2026, 12, 5))

    counts = demo.load(datetime.date(2026, 12, 5))

    assert counts == {"opened": 0, "archived": 0, "skipped": demo.LEFT_PENDING}
