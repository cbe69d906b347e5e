"""The ledger entries a package proves, and the one signed tree head all its proofs lead to.

A case file's archiving entry (ref ``case_file:<pk>``) lists its items' digests, and each
addition (补充归档) has an entry of its own. Each item kept in the evidence store also has the
entry written when its bytes were stored (ref ``content:<digest>``). Every proof in a package is
built to the same tree head, so the receiving archive checks one signature.
"""

from zhifa.archives.casefiles.models import CaseFile, CaseFileItem, ItemStorage
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import LedgerEntry, TreeHead


def _entry_at(position: int | None, ref: str) -> LedgerEntry | None:
    if position is not None:
        return LedgerEntry.objects.filter(position=position).first()
    return LedgerEntry.objects.filter(ref=ref).order_by("-position").first()


def case_file_entries(case_file: CaseFile) -> list[tuple[int | None, LedgerEntry]]:
    """Return (addition pk, entry) of the archiving entry and of each archived addition.

    The case file's own entry comes first, with None for the addition.
    """
    found = _entry_at(case_file.ledger_position, entries.ref("case_file", case_file.pk))
    if found is None:
        raise ValidationFailed(
            f"案卷 {case_file.archive_code} 在存证账本中没有归档条目，不能移交；"
            "请先完成归档（归档时会写入账本条目）。",
            field="case_files",
        )
    result: list[tuple[int | None, LedgerEntry]] = [(None, found)]
    for addition in case_file.additions.exclude(archived_at=None).order_by("sequence"):
        entry = _entry_at(addition.ledger_position, entries.ref("case_file_addition", addition.pk))
        if entry is None:
            raise ValidationFailed(
                f"案卷 {case_file.archive_code} 的补充归档 {addition.sequence} 在存证账本中"
                "没有条目，不能移交。",
                field="case_files",
            )
        result.append((addition.pk, entry))
    return result


def content_entry(item: CaseFileItem) -> LedgerEntry | None:
    """Return the entry written when the item's bytes entered the evidence store, if any.

    Items in the document storage (final PDFs) have none; the archiving entry covers them.
    """
    if item.storage != ItemStorage.EVIDENCE:
        return None
    return LedgerEntry.objects.filter(ref=entries.ref("content", item.digest)).first()


def covering_head(positions: list[int]) -> TreeHead:
    """Return the signed tree head that contains every entry in ``positions``.

    The latest head is chosen, and among heads of that size the earliest, which is the one
    ``proofs.inclusion_document`` attaches to a proof of that size.
    """
    last = max(positions)
    latest = TreeHead.objects.order_by("-signed_on").first()
    if latest is None or latest.tree_size <= last:
        signed = f"最近一次签名（{chinese_date(latest.signed_on)}）" if latest else "目前还没有签名"
        raise ValidationFailed(
            f"所选案卷的账本条目还没有被签名树头覆盖（{signed}）。"
            "签名树头每天生成一次，请在下一次每日签名后再导出移交数据包。",
            field="case_files",
        )
    return (
        TreeHead.objects.filter(tree_size=latest.tree_size).order_by("signed_on").first() or latest
    )
