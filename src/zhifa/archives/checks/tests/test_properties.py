"""Each property check fails on a purpose-built bad case file and passes on a good one."""

import datetime
import stat

import pytest
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.archives import items as item_store
from zhifa.archives.casefiles import ledger
from zhifa.archives.casefiles.models import CaseFile, CaseFileItem, CaseFileStatus, ItemSource
from zhifa.archives.checks.models import CheckFailure, Property, Trigger
from zhifa.archives.checks.runner import run_check
from zhifa.archives.checks.tests import builders
from zhifa.archives.tests.support import minimal_pdf
from zhifa.archives.use.models import UseKind, UseRequest, UseStatus
from zhifa.evidence.ledger import chain, entries
from zhifa.evidence.models import AccessAction, AccessLog, LedgerKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_scanner(settings, tmp_path, monkeypatch) -> None:
    """Run without a virus scanner unless a test sets one, whatever the machine has."""
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    settings.ZHIFA_ARCHIVE_VIRUS_SCANNER = ""


def failures_of(case_file: CaseFile) -> list[tuple[str, str]]:
    run = run_check([case_file], Trigger.MANUAL)
    rows = CheckFailure.objects.filter(result__run=run).order_by("pk")
    return [(row.property, row.test) for row in rows]


def test_good_case_file_passes(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)

    run = run_check(CaseFile.objects.filter(pk=case_file.pk), Trigger.MANUAL)

    assert list(CheckFailure.objects.filter(result__run=run)) == []
    assert run.case_files == 1
    assert run.failed_case_files == 0
    assert run.items == 5
    assert run.bytes_read == sum(case_file.items.values_list("size", flat=True))
    assert run.finished_at is not None


def test_altered_bytes_fail_digest(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    item = case_file.items.get(sequence=2)
    original = minimal_pdf("Decision")
    builders.replace_bytes(item, original.replace(b"Decision", b"Decisiom"))

    found = failures_of(case_file)

    assert found == [(Property.AUTHENTICITY, "digest")]


def test_truncated_file_fails_size_and_opening(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    builders.replace_bytes(case_file.items.get(sequence=2), minimal_pdf("Decision")[:150])

    found = failures_of(case_file)

    assert (Property.AUTHENTICITY, "size") in found
    assert (Property.AUTHENTICITY, "digest") in found
    assert (Property.USABILITY, "open") in found


def test_wrong_declared_format_fails(agency_a, officer_user) -> None:
    files = builders.good_files()
    files.append(("照片", minimal_pdf(), "jpg", "image/jpeg", ItemSource.AV_RECORD))
    case_file = builders.build(agency_a, officer_user, files)

    found = failures_of(case_file)

    assert (Property.AUTHENTICITY, "format_mismatch") in found
    assert (Property.USABILITY, "open") in found


def test_wrong_declared_mime_type_fails(agency_a, officer_user) -> None:
    files = builders.good_files()
    files.append(("说明", minimal_pdf(), "pdf", "image/png", ItemSource.OTHER))

    found = failures_of(builders.build(agency_a, officer_user, files))

    assert found == [(Property.AUTHENTICITY, "mime_mismatch")]


def test_manifest_digest_mismatch_fails(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    CaseFile.objects.filter(pk=case_file.pk).update(manifest_digest="sm3:" + "0" * 64)
    case_file.refresh_from_db()

    found = failures_of(case_file)

    assert (Property.AUTHENTICITY, "manifest") in found
    assert (Property.AUTHENTICITY, "ledger_manifest") in found


def test_missing_archive_ledger_entry_fails(agency_a, officer_user) -> None:
    case_file = builders.build_without_ledger_entry(agency_a, officer_user)

    found = failures_of(case_file)

    assert found == [(Property.AUTHENTICITY, "ledger_missing")]


def test_item_digest_differs_from_ledger(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    payload = ledger.case_file_payload(case_file)
    payload["item_digests"][0] = "sm3:" + "0" * 64
    chain.append(LedgerKind.ARCHIVE, f"case_file:{case_file.pk}", payload)

    run = run_check([case_file], Trigger.MANUAL)

    failure = CheckFailure.objects.get(result__run=run)
    assert failure.test == "ledger_item"
    assert failure.item == case_file.items.get(sequence=1)


def test_findings_name_item_number(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    item = case_file.items.get(sequence=2)
    builders.replace_bytes(item, minimal_pdf("Decision")[:150])
    payload = ledger.case_file_payload(case_file)
    payload["item_digests"][1] = "sm3:" + "0" * 64
    chain.append(LedgerKind.ARCHIVE, f"case_file:{case_file.pk}", payload)

    run = run_check([case_file], Trigger.MANUAL)

    failures = CheckFailure.objects.filter(result__run=run, item=item)
    assert {failure.property for failure in failures} >= {"authenticity", "usability"}
    for failure in failures:
        assert failure.message.startswith(f"文件“{item.file_name}”（件号 2）："), failure.message


def test_missing_metadata_field_fails(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    CaseFile.objects.filter(pk=case_file.pk).update(title="")
    case_file.refresh_from_db()

    run = run_check([case_file], Trigger.MANUAL)

    failure = CheckFailure.objects.get(result__run=run)
    assert failure.property == Property.INTEGRITY
    assert failure.test == "metadata"
    assert "案卷题名" in failure.message


def test_numbering_gap_fails(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    last = case_file.items.get(sequence=5)
    CaseFileItem.objects.create(
        case_file=case_file,
        sequence=7,
        source=ItemSource.OTHER,
        title="补充材料",
        file_name="007.xml",
        file_format=last.file_format,
        mime_type=last.mime_type,
        size=last.size,
        digest=last.digest,
        storage=last.storage,
        storage_name=last.storage_name,
    )

    run = run_check([case_file], Trigger.MANUAL)

    gap = CheckFailure.objects.get(result__run=run, test="numbering")
    assert gap.property == Property.INTEGRITY
    assert "6" in gap.message
    assert CheckFailure.objects.filter(result__run=run, test="item_count").exists()


def test_missing_required_items_fail(agency_a, officer_user) -> None:
    files = [row for row in builders.good_files() if row[4] != ItemSource.CONTENTS]
    files = [row for row in files if row[0] != "行政处罚决定书"]

    run = run_check([builders.build(agency_a, officer_user, files)], Trigger.MANUAL)

    messages = list(
        CheckFailure.objects.filter(result__run=run, test="required_item").values_list(
            "message", flat=True
        )
    )
    assert any("卷内目录" in message for message in messages)
    assert any("行政处罚决定书" in message for message in messages)


def test_missing_stored_file_fails(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    item = case_file.items.get(sequence=4)
    item_store.storage_of(item).delete(item.storage_name)

    found = failures_of(case_file)

    assert found == [(Property.INTEGRITY, "missing_item")]


@pytest.mark.parametrize(
    ("content", "file_format", "mime"),
    [
        (builders.encrypted_pdf(), "pdf", "application/pdf"),
        ('<?xml version="1.0"?><steps><step>立案</steps>'.encode(), "xml", "application/xml"),
        (b"plain words, not a video" * 40, "mp4", "video/mp4"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "jpg", "image/jpeg"),
        ("中文".encode("gb18030"), "txt", "text/plain"),
    ],
    ids=["encrypted-pdf", "broken-xml", "not-a-video", "broken-jpeg", "not-utf8-text"],
)
def test_unopenable_file_fails_usability(
    agency_a, officer_user, content, file_format, mime
) -> None:
    files = [*builders.good_files(), ("附件", content, file_format, mime, ItemSource.OTHER)]

    found = failures_of(builders.build(agency_a, officer_user, files))

    assert (Property.USABILITY, "open") in found


def test_docx_is_not_an_archival_format(agency_a, officer_user) -> None:
    docx = builders.docx_bytes()
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    files = [*builders.good_files(), ("处罚决定书（Word）", docx, "docx", mime, ItemSource.OTHER)]

    run = run_check([builders.build(agency_a, officer_user, files)], Trigger.MANUAL)

    failure = CheckFailure.objects.get(result__run=run)
    assert failure.property == Property.USABILITY
    assert failure.test == "format"
    assert "PDF" in failure.message


def _scanner(tmp_path, exit_status_when_found: int) -> str:
    script = tmp_path / "scan.sh"
    script.write_text(
        "#!/bin/sh\n"
        "found=0\n"
        'for f in "$@"; do\n'
        "  if grep -q 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' \"$f\"; then\n"
        '    echo "$f: Eicar-Test-Signature FOUND"; found=' + str(exit_status_when_found) + "\n"
        "  fi\n"
        "done\n"
        "exit $found\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_virus_scan_finds_eicar(agency_a, officer_user, settings, tmp_path) -> None:
    settings.ZHIFA_ARCHIVE_VIRUS_SCANNER = _scanner(tmp_path, 1)
    infected = ("说明", b"note " + builders.EICAR, "txt", "text/plain", ItemSource.OTHER)
    case_file = builders.build(agency_a, officer_user, [*builders.good_files(), infected])

    run = run_check([case_file], Trigger.MANUAL)

    failure = CheckFailure.objects.get(result__run=run)
    assert failure.property == Property.SECURITY
    assert failure.test == "virus"
    assert failure.item == case_file.items.get(sequence=6)
    assert run.virus_scanner.endswith("scan.sh")


def test_virus_scan_passes_clean_files(agency_a, officer_user, settings, tmp_path) -> None:
    settings.ZHIFA_ARCHIVE_VIRUS_SCANNER = _scanner(tmp_path, 1)

    assert failures_of(builders.build(agency_a, officer_user)) == []


def test_scanner_error_fails_as_unscanned(agency_a, officer_user, settings, tmp_path) -> None:
    settings.ZHIFA_ARCHIVE_VIRUS_SCANNER = _scanner(tmp_path, 2)
    infected = ("说明", builders.EICAR, "txt", "text/plain", ItemSource.OTHER)
    case_file = builders.build(agency_a, officer_user, [*builders.good_files(), infected])

    assert failures_of(case_file) == [(Property.SECURITY, "virus_scan_error")]


def test_run_without_scanner_records_no_scan(agency_a, officer_user) -> None:
    run = run_check([builders.build(agency_a, officer_user)], Trigger.MANUAL)

    assert run.virus_scanner == ""
    assert run.failed_case_files == 0


def _access(case_file: CaseFile, user) -> AccessLog:
    row = AccessLog.objects.create(
        case_file=case_file, user=user, action=AccessAction.VIEW, purpose="核对"
    )
    entries.access_logged(row)
    return row


def test_access_without_approval_fails(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    _access(case_file, officer_user)

    assert failures_of(case_file) == [(Property.SECURITY, "access_unapproved")]


def test_access_with_approval_passes(agency_a, officer_user, agency_head_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    now = timezone.now()
    UseRequest.objects.create(
        case_file=case_file,
        kind=UseKind.CONSULT,
        requester=officer_user,
        purpose="复核",
        days=7,
        status=UseStatus.APPROVED,
        decided_by=agency_head_user,
        decided_at=now - datetime.timedelta(minutes=5),
        valid_until=now + datetime.timedelta(days=7),
    )
    _access(case_file, officer_user)

    assert failures_of(case_file) == []


def test_archivist_access_needs_no_approval(agency_a, officer_user, make_user) -> None:
    archivist = make_user("archivist_a", Role.ARCHIVIST, agency=agency_a)
    case_file = builders.build(agency_a, officer_user)
    _access(case_file, archivist)

    assert failures_of(case_file) == []


def test_access_missing_from_ledger_fails(agency_a, officer_user, make_user) -> None:
    archivist = make_user("archivist_a", Role.ARCHIVIST, agency=agency_a)
    case_file = builders.build(agency_a, officer_user)
    AccessLog.objects.create(
        case_file=case_file, user=archivist, action=AccessAction.VIEW, purpose="核对"
    )

    assert failures_of(case_file) == [(Property.SECURITY, "access_ledger")]


def test_destroyed_case_file_is_skipped(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    CaseFile.objects.filter(pk=case_file.pk).update(status=CaseFileStatus.DESTROYED)
    case_file.refresh_from_db()

    run = run_check([case_file], Trigger.MANUAL)

    result = run.results.get()
    assert result.passed
    assert "已销毁" in result.note
    assert run.items == 0
