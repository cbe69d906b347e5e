"""Builders for the check tests: a case file that passes every check, and ways to break it."""

import io
import zipfile

import pypdf
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives import items as item_store
from zhifa.archives import manifest
from zhifa.archives.casefiles.models import (
    CaseFile,
    CaseFileItem,
    CaseFileStatus,
    ItemSource,
    ItemStorage,
)
from zhifa.archives.tests import support

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

File = tuple[str, bytes, str, str, ItemSource]


def contents_item() -> File:
    text = '<?xml version="1.0" encoding="UTF-8"?><contents><item>1</item></contents>'
    return ("卷内目录", text.encode(), "xml", "application/xml", ItemSource.CONTENTS)


def good_files() -> list[File]:
    return [contents_item(), *support.default_files()]


def build(
    agency: Agency,
    user: User,
    files: list[File] | None = None,
    *,
    number: str = "青市监罚〔2026〕1号",
) -> CaseFile:
    """Build an archived case file with its archive ledger entry, as archiving leaves it."""
    case = support.closed_case(agency, user, number=number)
    return support.archived_case_file(case, user, files if files is not None else good_files())


def build_without_ledger_entry(agency: Agency, user: User) -> CaseFile:
    """Build an archived case file whose archive ledger entry was never written."""
    case = support.closed_case(agency, user)
    closed_on = case.closed_on or timezone.localdate()
    case_file = CaseFile.objects.create(
        case=case,
        agency=agency,
        title=case.title,
        closed_on=closed_on,
        due_on=closed_on,
        archive_code="QP-NOLEDGER-0001",
        retention_months=360,
        archived_at=timezone.now(),
        archived_by=user,
    )
    rows = []
    for sequence, (title, content, file_format, mime, source) in enumerate(good_files(), 1):
        stored, _ = item_store.store_bytes(content)
        rows.append(
            CaseFileItem.objects.create(
                case_file=case_file,
                sequence=sequence,
                source=source,
                title=title,
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
    case_file.item_count = len(rows)
    case_file.manifest_digest = manifest.manifest_digest(rows)
    case_file.save()
    return case_file


def docx_item() -> File:
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return ("处罚决定书（Word）", docx_bytes(), "docx", mime, ItemSource.OTHER)


def replace_bytes(item: CaseFileItem, content: bytes) -> None:
    """Overwrite an item's stored file behind the platform's back."""
    path = item_store.storage_of(item).path(item.storage_name)
    with open(path, "wb") as handle:
        handle.write(content)


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(support.minimal_pdf())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return out.getvalue()
