"""Archiving: items written in order, frozen, ledgered; additions after later changes."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from zhifa.accounts.models import AuditEntry
from zhifa.archives import manifest
from zhifa.archives.casefiles import archiving, assembly
from zhifa.archives.casefiles.models import CaseFileItem, CaseFileStatus, ItemSource
from zhifa.archives.casefiles.tests.builders import (
    add_final_pdf,
    add_step,
    case_with_records,
    make_archivist,
)
from zhifa.archives.checks.models import CheckResult
from zhifa.cases.models import Case, CaseKind
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.ledger.verify import verify_ledger
from zhifa.evidence.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def archivist(make_user, agency_a):
    return make_archivist(make_user, agency_a)


@pytest.fixture
def case(agency_a, officer_user) -> Case:
    return case_with_records(agency_a, officer_user, CaseKind.PENALTY_ORDINARY, "青罚〔2026〕3号")


def test_archive_writes_numbered_items_and_metadata(case, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))

    items = list(case_file.items.order_by("sequence"))
    assert [item.sequence for item in items] == [1, 2, 3]
    assert [item.source for item in items] == [
        ItemSource.CONTENTS,
        ItemSource.DOCUMENT,
        ItemSource.STEP_RECORDS,
    ]
    assert [item.file_name for item in items] == ["001.xml", "002.pdf", "003.xml"]
    assert case_file.status == CaseFileStatus.ARCHIVED
    assert case_file.item_count == 3
    assert case_file.manifest_digest == manifest.manifest_digest(items)
    assert case_file.archive_code.startswith(f"QP{case.agency_id:03d}-XZCF-2026-")
    assert case_file.metadata["case_number"] == "青罚〔2026〕3号"
    assert case_file.metadata["item_count"] == 3
    assert case_file.metadata["archive_code"] == case_file.archive_code
    assert case_file.archived_by == archivist


def test_archive_sets_retention_end(case, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))

    assert case_file.retention_basis
    if case_file.retention_months is None:
        assert case_file.retention_ends_on is None
    else:
        assert case_file.retention_ends_on is not None
        assert case_file.retention_ends_on.month == 12
        assert case_file.retention_ends_on.day == 31


def test_archive_codes_are_unique_and_sequential(agency_a, officer_user, archivist) -> None:
    codes = []
    for number in ("青罚〔2026〕4号", "青罚〔2026〕5号"):
        case = case_with_records(agency_a, officer_user, CaseKind.PENALTY_ORDINARY, number)
        codes.append(archiving.archive(archivist, assembly.open_case_file(case)).archive_code)

    assert codes[0] != codes[1]
    assert codes[0].endswith("-0001")
    assert codes[1].endswith("-0002")


def test_archive_appends_ledger_entry_that_verifies(case, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))

    entry = LedgerEntry.objects.get(ref=f"case_file:{case_file.pk}")
    assert case_file.ledger_position == entry.position
    assert case_file.manifest_digest in entry.payload
    report = verify_ledger()
    assert report.problems == []
    assert ("case_file", str(case_file.pk)) not in report.unledgered


def test_ledger_verify_reports_changed_archive_code(case, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))
    type(case_file).objects.filter(pk=case_file.pk).update(archive_code="QP999-XZCF-2026-D30-9999")

    problems = [problem for problem in verify_ledger().problems if "case_file" in str(problem)]

    assert problems


def test_archive_is_audited_and_checked(case, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))

    assert AuditEntry.objects.filter(
        action="case_file_archived", target_id=str(case_file.pk)
    ).exists()
    assert CheckResult.objects.filter(case_file=case_file).exists()


def test_archiving_twice_is_rejected(case, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))

    with pytest.raises(InvalidTransition):
        archiving.archive(archivist, case_file)
    assert case_file.items.count() == 3


def _run_with_purge_closed(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL zhifa.allow_purge = off")
        cursor.execute(sql, params)


ITEMS = CaseFileItem._meta.db_table


def test_items_reject_update_and_delete(case, archivist, settings) -> None:
    # Test teardown opens the delete door on SQLite; close it as in production.
    settings.ZHIFA_ALLOW_PURGE = False
    case_file = archiving.archive(archivist, assembly.open_case_file(case))
    item = case_file.items.get(sequence=1)

    with pytest.raises(DatabaseError):
        _run_with_purge_closed(f"UPDATE {ITEMS} SET title = %s WHERE id = %s", ["改过", item.pk])  # noqa: S608
    with pytest.raises(DatabaseError):
        _run_with_purge_closed(f"DELETE FROM {ITEMS} WHERE id = %s", [item.pk])  # noqa: S608
    item.refresh_from_db()
    assert item.title != "改过"


def test_preflight_problem_writes_nothing(agency_a, officer_user, archivist) -> None:
    case = case_with_records(agency_a, officer_user, CaseKind.INSPECTION, "青检〔2026〕1号")
    broken = case.documents.get()
    with broken.pdf_file.open("wb") as handle:
        handle.write(b"not a pdf at all")
    case_file = assembly.open_case_file(case)

    with pytest.raises(ValidationFailed) as raised:
        archiving.archive(archivist, case_file)

    assert "归档前检测未通过" in raised.value.message
    case_file.refresh_from_db()
    assert case_file.status == CaseFileStatus.PENDING
    assert case_file.items.count() == 0
    assert not LedgerEntry.objects.filter(ref=f"case_file:{case_file.pk}").exists()


def test_officer_cannot_archive(case, officer_user) -> None:
    with pytest.raises(NotPermitted):
        archiving.archive(officer_user, assembly.open_case_file(case))


def test_other_agency_archivist_cannot_archive(case, make_user, agency_b) -> None:
    other = make_archivist(make_user, agency_b, "archivist_b")

    with pytest.raises(NotFound):
        archiving.archive(other, assembly.open_case_file(case))


def test_correction_after_archiving_opens_addition(case, officer_user, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))
    decision = case.steps.get(step="decision")

    add_step(
        case,
        officer_user,
        "decision",
        datetime.date(2026, 6, 29),
        corrects=decision,
        correction_reason="更正文号",
    )

    addition = case_file.additions.get()
    assert addition.archived_at is None
    assert "更正办案环节记录" in addition.reason
    assert case_file.items.count() == 3


def test_addition_items_follow_existing_ones(case, officer_user, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))
    decision = case.steps.get(step="decision")
    corrected = add_step(
        case,
        officer_user,
        "decision",
        datetime.date(2026, 6, 29),
        corrects=decision,
        correction_reason="更正文号",
    )
    add_final_pdf(case, officer_user, corrected, "Corrected", doc_type="decision_fix")
    addition = case_file.additions.get()

    archived = archiving.archive_addition(archivist, addition)

    items = list(archived.items.order_by("sequence"))
    assert [item.sequence for item in items] == [4, 5, 6]
    assert [item.source for item in items] == [
        ItemSource.CONTENTS,
        ItemSource.DOCUMENT,
        ItemSource.STEP_RECORDS,
    ]
    assert archived.manifest_digest == manifest.manifest_digest(items)
    assert LedgerEntry.objects.filter(ref=f"case_file_addition:{addition.pk}").exists()
    case_file.refresh_from_db()
    assert case_file.item_count == 3
    assert verify_ledger().problems == []


def test_archived_addition_cannot_be_archived_again(case, officer_user, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))
    add_step(case, officer_user, "remedy_filed", datetime.date(2026, 7, 5))
    addition = archiving.archive_addition(archivist, case_file.additions.get())

    with pytest.raises(InvalidTransition):
        archiving.archive_addition(archivist, addition)


def test_second_change_extends_open_addition(case, officer_user, archivist) -> None:
    case_file = archiving.archive(archivist, assembly.open_case_file(case))

    add_step(case, officer_user, "remedy_filed", datetime.date(2026, 7, 5))
    add_step(case, officer_user, "remedy_concluded", datetime.date(2026, 8, 5))

    addition = case_file.additions.get()
    assert "remedy_filed" in addition.reason
    assert "remedy_concluded" in addition.reason
