"""Authenticity (真实性): content matches its digest and the ledger, metadata matches content."""

from zhifa.archives import manifest
from zhifa.archives.casefiles.models import CaseFile, CaseFileItem, ItemStorage
from zhifa.archives.checks import formats
from zhifa.archives.checks.findings import Finding, file_label
from zhifa.archives.checks.loading import Batch, addition_ref, case_file_ref
from zhifa.archives.checks.models import Property


def check_type(
    label: str, file_format: str, mime_type: str | None, head: bytes, item_id: int | None = None
) -> list[Finding]:
    """Check that the declared format (and media type, when given) agree with the content.

    ``label`` names the file as ``findings.file_label`` does.

    Refused formats are left to the usability check, which names the format to use instead.
    """
    name = formats.canonical(file_format)
    rule = formats.ACCEPTED_FORMATS.get(name)
    if rule is None:
        return []

    findings = []
    detected = formats.detect(head)
    if not formats.agrees(name, detected):
        detected_text = detected or "无法识别的类型"
        message = f"{label}：著录的格式为 {name}，但文件内容是 {detected_text}。"
        findings.append(Finding(Property.AUTHENTICITY, "format_mismatch", message, item_id))
    if mime_type is not None and mime_type not in rule.mime_types:
        message = f"{label}：著录的媒体类型 {mime_type or '（空）'} 与格式 {name} 不符。"
        findings.append(Finding(Property.AUTHENTICITY, "mime_mismatch", message, item_id))
    return findings


def check_content(item: CaseFileItem, digest: str, size: int) -> list[Finding]:
    """Compare the digest and size computed from an item's bytes with its recorded ones."""
    findings = []
    label = file_label(item.file_name, item.sequence)
    if size != item.size:
        message = f"{label}：实际大小 {size:,} 字节，著录为 {item.size:,} 字节。"
        findings.append(Finding(Property.AUTHENTICITY, "size", message, item.pk))
    if digest != item.digest:
        message = f"{label}：内容的摘要值与著录的摘要值不一致，内容可能被改动。"
        findings.append(Finding(Property.AUTHENTICITY, "digest", message, item.pk))
    return findings


def check_manifest(case_file: CaseFile, items: list[CaseFileItem], batch: Batch) -> list[Finding]:
    """Check the manifest digests and item count against the items and the ledger.

    The case file's manifest covers the items archived with it; each addition (补充归档) has
    its own manifest over its own items and its own ledger entry.
    """
    findings = []
    original = [item for item in items if item.addition_id is None]
    findings += _check_one_manifest("案卷", case_file.manifest_digest, original)
    findings += _check_ledger(
        "案卷", case_file_ref(case_file.pk), case_file.manifest_digest, original, batch
    )
    for addition in batch.additions.get(case_file.pk, []):
        if addition.archived_at is None:
            continue
        added = [item for item in items if item.addition_id == addition.pk]
        label = f"补充归档 {addition.sequence}"
        findings += _check_one_manifest(label, addition.manifest_digest, added)
        findings += _check_ledger(
            label, addition_ref(addition.pk), addition.manifest_digest, added, batch
        )

    # The recorded count is of the items archived with the file; additions count on their own.
    if case_file.item_count != len(original):
        message = f"著录的卷内文件件数为 {case_file.item_count}，实有 {len(original)} 件。"
        findings.append(Finding(Property.AUTHENTICITY, "item_count", message))
    return findings


def _check_one_manifest(label: str, recorded: str, items: list[CaseFileItem]) -> list[Finding]:
    algorithm = recorded.partition(":")[0] if ":" in recorded else None
    if recorded and manifest.manifest_digest(items, algorithm) == recorded:
        return []
    message = f"{label}的摘要值与按卷内文件重新计算的摘要值不一致，著录或文件清单可能被改动。"
    return [Finding(Property.AUTHENTICITY, "manifest", message)]


def _check_ledger(
    label: str, ref: str, recorded: str, items: list[CaseFileItem], batch: Batch
) -> list[Finding]:
    payload = batch.archive_payload(ref)
    if payload is None:
        message = f"存证账本中没有{label}的归档记录（{ref}），无法证明归档后未被改动。"
        return [Finding(Property.AUTHENTICITY, "ledger_missing", message)]

    findings = []
    if payload.get("manifest_digest") != recorded:
        message = f"{label}的摘要值与存证账本中的归档记录不一致。"
        findings.append(Finding(Property.AUTHENTICITY, "ledger_manifest", message))
    ledger_digests = payload.get("item_digests")
    if not isinstance(ledger_digests, list) or len(ledger_digests) != len(items):
        message = f"{label}的卷内文件与存证账本中归档记录的文件件数不一致。"
        return [*findings, Finding(Property.AUTHENTICITY, "ledger_items", message)]
    # The entry lists the item digests in item order, as archiving wrote them.
    for item, ledger_digest in zip(items, ledger_digests, strict=True):
        if ledger_digest != item.digest:
            label = file_label(item.file_name, item.sequence)
            message = f"{label}：著录的摘要值与存证账本中的归档记录不一致。"
            findings.append(Finding(Property.AUTHENTICITY, "ledger_item", message, item.pk))
    return findings


def check_stored(item: CaseFileItem, batch: Batch) -> list[Finding]:
    """Check an evidence-store item against its stored content row and its ledger entry."""
    if item.storage != ItemStorage.EVIDENCE:
        return []
    stored = batch.stored.get(item.digest)
    label = file_label(item.file_name, item.sequence)
    if stored is None or stored.storage_name != item.storage_name or stored.size != item.size:
        message = f"{label}：存证内容登记中没有与之相符的记录。"
        return [Finding(Property.AUTHENTICITY, "stored_content", message, item.pk)]
    if f"content:{item.digest}" not in batch.ledger_refs:
        message = f"{label}：存证账本中没有该内容的存证记录。"
        return [Finding(Property.AUTHENTICITY, "ledger_content", message, item.pk)]
    return []
