"""The demo loader opens every closed case's file and archives the archivist's complete ones."""

import datetime

import pytest

from zhifa.archives.casefiles import demo
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.casefiles.tests.builders import case_with_records, make_archivist
from zhifa.archives.tests.support import closed_case
from zhifa.cases.models import CaseKind

pytestmark = pytest.mark.django_db


def test_demo_archives_complete_and_one_incomplete(
    make_user, agency_a, agency_b, officer_user
) -> None:
    make_archivist(make_user, agency_b, demo.ARCHIVIST)
    for number in range(1, 5):
        case_with_records(
            agency_b, officer_user, CaseKind.PENALTY_ORDINARY, f"青市监罚〔2026〕{number}号"
        )
    # Three penalty cases without a decision document, closed after the complete ones.
    later = datetime.date(2026, 7, 31)
    lacking = [
        closed_case(agency_b, officer_user, number=f"青市监罚〔2026〕{number}号", closed_on=later)
        for number in range(5, 8)
    ]
    case_with_records(agency_a, officer_user, CaseKind.INSPECTION, "青检〔2026〕1号")

    counts = demo.load(datetime.date(2026, 12, 5))

    assert counts == {"opened": 8, "archived": 3, "skipped": 0, "incomplete": 2}
    archived_lacking = CaseFile.objects.filter(case__in=lacking, status=CaseFileStatus.ARCHIVED)
    assert [case_file.case for case_file in archived_lacking] == [lacking[0]]
    pending = CaseFile.objects.filter(agency=agency_b, status=CaseFileStatus.PENDING)
    assert pending.count() == demo.LEFT_PENDING + 2
    late = pending.exclude(case__in=lacking)
    assert late.count() == demo.LEFT_PENDING
    assert all(case_file.due_on < datetime.date(2026, 12, 5) for case_file in late)
    assert CaseFile.objects.get(agency=agency_a).status == CaseFileStatus.PENDING


def test_demo_second_load_changes_nothing(make_user, agency_b, officer_user) -> None:
    make_archivist(make_user, agency_b, demo.ARCHIVIST)
    for number in range(1, 4):
        case_with_records(
            agency_b, officer_user, CaseKind.PENALTY_ORDINARY, f"青市监罚〔2026〕{number}号"
        )
    demo.load(datetime.date(2026, 12, 5))

    counts = demo.load(datetime.date(2026, 12, 5))

    assert counts == {"opened": 0, "archived": 0, "skipped": demo.LEFT_PENDING, "incomplete": 0}
