"""Producing the daily signed tree head (签名树头) and reading leaves back from the database."""

import datetime
import logging
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.ledger import chain, merkle, signing
from zhifa.evidence.models import LedgerEntry, TreeHead

logger = logging.getLogger(__name__)

CHUNK_SIZE = 10000


def leaf_hashes(size: int | None = None) -> Iterator[bytes]:
    """Stream the leaf hashes in position order, at most ``size`` of them."""
    rows = LedgerEntry.objects.order_by("position")
    if size is not None:
        rows = rows.filter(position__lt=size)
    for value in rows.values_list("leaf_hash", flat=True).iterator(chunk_size=CHUNK_SIZE):
        yield bytes.fromhex(value)


def sign_tree_head(day: datetime.date | None = None) -> TreeHead:
    """Sign the root of the whole ledger as the tree head of ``day`` (today in Shanghai).

    One head per day. A day earlier than the latest head or later than today is rejected, so
    heads grow in date and tree size together.
    """
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise ValidationFailed(f"日期 {day} 晚于今天，不能为将来的日期签名。", field="date")
    key = signing.load_key()
    algorithm = chain.algorithm()

    with transaction.atomic():
        chain.lock()
        if TreeHead.objects.filter(signed_on=day).exists():
            raise ValidationFailed(
                f"{chinese_date(day)}的签名树头已经生成，每天只生成一个，未重复签名。",
                field="date",
            )
        latest = TreeHead.objects.order_by("-signed_on").first()
        if latest is not None and latest.signed_on > day:
            raise ValidationFailed(
                f"已有{chinese_date(latest.signed_on)}的签名树头，不能再为更早的 {day} 签名。",
                field="date",
            )
        size = LedgerEntry.objects.count()
        last = LedgerEntry.objects.aggregate(last=Max("position"))["last"]
        if size and last != size - 1:
            raise ValidationFailed(
                f"账本有 {size} 条，最大序号却是 {last}，序号不连续，未签名。"
                "请先运行 zhifa ledger verify 查明原因。",
                field="tree_size",
            )
        root_hex = merkle.root(leaf_hashes(size), size).hex()
        message = signing.tree_head_text(algorithm, size, root_hex, day)
        head = TreeHead.objects.create(
            tree_size=size,
            root_hash=root_hex,
            hash_algorithm=algorithm,
            signature_algorithm=key.algorithm,
            public_key=key.public_hex,
            signature=signing.sign(key, message),
            signed_on=day,
        )
    logger.info("signed tree head of %s over %d entries", day, size, extra={"head_id": head.pk})
    return head


def signed_text(head: TreeHead) -> bytes:
    return signing.tree_head_text(
        head.hash_algorithm, head.tree_size, head.root_hash, head.signed_on
    )


def signature_valid(head: TreeHead) -> bool:
    return signing.verify(
        head.signature_algorithm, head.public_key, signed_text(head), head.signature
    )
