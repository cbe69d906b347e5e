"""The four-property check of one archived case file, over rows loaded for its batch."""

from contextlib import ExitStack
from dataclasses import dataclass, field

from zhifa.archives import items as item_store
from zhifa.archives.casefiles.models import CaseFile, CaseFileItem
from zhifa.archives.checks import formats, opening
from zhifa.archives.checks.findings import Finding, file_label
from zhifa.archives.checks.loading import Batch
from zhifa.archives.checks.properties import authenticity, integrity, security, usability
from zhifa.core import digests

CHUNK_BYTES = digests.CHUNK_BYTES


@dataclass
class Outcome:
    """The findings of one case file's check and the number of bytes it read."""

    findings: list[Finding] = field(default_factory=list)
    items: int = 0
    bytes_read: int = 0


def inspect(case_file: CaseFile, batch: Batch, scanner: list[str]) -> Outcome:
    """Check ``case_file`` for all four properties; ``scanner`` is [] when no scan is made."""
    outcome = Outcome()
    items = batch.items.get(case_file.pk, [])
    outcome.findings += integrity.check_metadata(case_file)
    outcome.findings += integrity.check_numbering(items)
    outcome.findings += integrity.check_required_items(case_file.case.kind, items)
    outcome.findings += authenticity.check_manifest(case_file, items, batch)
    outcome.findings += security.check_access(case_file, batch)

    to_scan: security.ScanList = {}
    with ExitStack() as stack:
        for item in items:
            outcome.findings += authenticity.check_stored(item, batch)
            outcome.findings += _check_item_bytes(item, stack, to_scan, outcome)
        if scanner:
            outcome.findings += security.scan_files(scanner, to_scan)
    return outcome


def _check_item_bytes(
    item: CaseFileItem, stack: ExitStack, to_scan: security.ScanList, outcome: Outcome
) -> list[Finding]:
    """Hash, type-check and open one item, leaving its local file open for the virus scan."""
    try:
        handle = stack.enter_context(item_store.open_item(item))
        digest, size, head = _hash(handle, item.digest.partition(":")[0] or None)
    except OSError as error:
        return [integrity.missing_content(item, error)]
    outcome.items += 1
    outcome.bytes_read += size

    label = file_label(item.file_name, item.sequence)
    findings = authenticity.check_content(item, digest, size)
    findings += authenticity.check_type(label, item.file_format, item.mime_type, head, item.pk)
    handle.seek(0)
    path = stack.enter_context(opening.local_file(handle))
    findings += usability.check_file(label, item.file_format, path, item.pk)
    to_scan.setdefault(path, []).append((label, item.pk))
    return findings


def _hash(handle: object, algorithm: str | None) -> tuple[str, int, bytes]:
    """Return the digest, size and first bytes of an open file, read in constant memory."""
    read = handle.read  # type: ignore[attr-defined]
    hasher = digests.new_hasher(algorithm if algorithm in digests.ALGORITHMS else None)
    size = 0
    head = b""
    for chunk in iter(lambda: read(CHUNK_BYTES), b""):
        if len(head) < formats.HEAD_BYTES:
            head += chunk[: formats.HEAD_BYTES - len(head)]
        hasher.update(chunk)
        size += len(chunk)
    return digests.format_digest(hasher.name, hasher.hexdigest()), size, head
