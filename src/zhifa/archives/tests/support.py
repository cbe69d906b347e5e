"""Shared builders for the archives tests: a closed case and an archived case file with items.

``archived_case_file`` writes rows directly so that the check, handover and disposition tests
do not depend on how assembly chooses items; the case file tests cover assembly itself.
"""

import datetime
from pathlib import Path

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Department
from zhifa.archives import items as item_store
from zhifa.archives import manifest
from zhifa.archives.casefiles import ledger
from zhifa.archives.casefiles.models import (
    CaseFile,
    CaseFileItem,
    CaseFileStatus,
    ItemSource,
    ItemStorage,
)
from zhifa.cases.models import Case, CaseKind, CaseStatus

MEDIA = Path(__file__).resolve().parents[2] / "evidence" / "demo_media"


def minimal_pdf(text: str = "Case file item") -> bytes:
    """Return a small, valid one-page PDF showing ``text`` (ASCII) with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def default_files() -> list[tuple[str, bytes, str, str, ItemSource]]:
    """A decision as PDF, a scene photo, a recording and the step record, as real files."""
    return [
        ("行政处罚决定书", minimal_pdf("Decision"), "pdf", "application/pdf", ItemSource.DOCUMENT),
        (
            "现场照片",
            (MEDIA / "scene_photo.jpg").read_bytes(),
            "jpg",
            "image/jpeg",
            ItemSource.AV_RECORD,
        ),
        (
            "现场执法音像记录",
            (MEDIA / "patrol_1.mp4").read_bytes(),
            "mp4",
            "video/mp4",
            ItemSource.AV_RECORD,
        ),
        (
            "办案过程记录",
            '<?xml version="1.0" encoding="UTF-8"?><steps><step>立案</step></steps>'.encode(),
            "xml",
            "application/xml",
            ItemSource.STEP_RECORDS,
        ),
    ]


def closed_case(
    agency: Agency,
    user: User,
    *,
    number: str = "青市监罚〔2026〕1号",
    kind: str = CaseKind.PENALTY_ORDINARY,
    closed_on: datetime.date = datetime.date(2026, 6, 30),
) -> Case:
    department = Department.objects.filter(agency=agency).first()
    if department is None:
        department = Department.objects.create(agency=agency, name="执法大队")
    return Case.objects.create(
        agency=agency,
        department=department,
        kind=kind,
        number=number,
        number_year=closed_on.year,
        number_sequence=Case.objects.filter(agency=agency).count() + 1,
        title="擅自占用道路堆放物料案",
        opened_on=closed_on - datetime.timedelta(days=60),
        closed_on=closed_on,
        status=CaseStatus.CLOSED,
        created_by=user,
    )


def archived_case_file(
    case: Case,
    user: User,
    files: list[tuple[str, bytes, str, str, ItemSource]] | None = None,
    *,
    retention_months: int | None = 360,
) -> CaseFile:
    """Store ``files`` and write an archived case file of ``case`` holding them, in order.

    The file gets its ledger entry as archiving writes it, so ``zhifa ledger verify`` passes.
    """
    assert case.closed_on is not None
    case_file = CaseFile.objects.create(
        case=case,
        agency=case.agency,
        title=case.title,
        closed_on=case.closed_on,
        due_on=case.closed_on + datetime.timedelta(days=30),
    )
    rows = []
    for sequence, (title, content, file_format, mime, source) in enumerate(
        files if files is not None else default_files(), start=1
    ):
        stored, _ = item_store.store_bytes(content)
        rows.append(
            CaseFileItem.objects.create(
                case_file=case_file,
                sequence=sequence,
                source=source,
                title=title,
                responsible=case.agency.name,
                dated=case.closed_on,
                file_name=f"{sequence:03d}.{file_format}",
                file_format=file_format,
                mime_type=mime,
                size=len(content),
                digest=stored.digest,
                storage=ItemStorage.EVIDENCE,
                storage_name=stored.storage_name,
            )
        )
    case_file.status = CaseFileStatus.ARCHIVED
    case_file.archive_code = f"QP-{case.agency_id}-{case.closed_on.year}-{case.pk:04d}"
    case_file.item_count = len(rows)
    case_file.manifest_digest = manifest.manifest_digest(rows)
    case_file.retention_months = retention_months
    case_file.archived_by = user
    case_file.archived_at = datetime.datetime(2026, 7, 2, 10, tzinfo=datetime.UTC)
    case_file.save()
    case_file.ledger_position = ledger.append_case_file(case_file).position
    case_file.save(update_fields=["ledger_position"])
    return case_file
