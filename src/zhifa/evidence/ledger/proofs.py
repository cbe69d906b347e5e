"""Inclusion proofs of ledger entries (``zhifa ledger prove``) as self-contained JSON.

The JSON carries everything an offline check needs: the entry's payload, its leaf hash, the
audit path, the root it leads to and, when one exists, the signed tree head of that size with
the exact text that was signed. ``tools/verify_ledger_proof.py`` checks it without this code.
"""

from typing import Any

from zhifa.core.errors import NotFound, ValidationFailed
from zhifa.evidence.ledger import chain, heads, merkle
from zhifa.evidence.models import LedgerEntry, TreeHead

FORMAT = "zhifa-ledger-proof/1"


def _default_size(position: int, current: int) -> tuple[int, TreeHead | None]:
    latest = TreeHead.objects.order_by("-signed_on").first()
    if latest is not None and latest.tree_size > position:
        return latest.tree_size, latest
    return current, None


def head_document(head: TreeHead) -> dict[str, Any]:
    return {
        "signed_on": head.signed_on.isoformat(),
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "hash_algorithm": head.hash_algorithm,
        "signature_algorithm": head.signature_algorithm,
        "public_key": head.public_key,
        "signature": head.signature,
        "signed_text": heads.signed_text(head).decode("utf-8"),
    }


def inclusion_document(position: int, size: int | None = None) -> dict[str, Any]:
    """Build the proof that entry ``position`` is in the tree of ``size`` entries."""
    entry = LedgerEntry.objects.filter(position=position).first()
    if entry is None:
        raise NotFound(f"账本中没有序号为 {position} 的条目。", field="position")
    current = LedgerEntry.objects.count()
    head: TreeHead | None
    if size is None:
        size, head = _default_size(position, current)
    else:
        head = TreeHead.objects.filter(tree_size=size).order_by("signed_on").first()
    if not position < size <= current:
        raise ValidationFailed(
            f"树的大小 {size} 无效：应大于条目序号 {position}，且不超过账本现有的 {current} 条。",
            field="size",
        )

    name = chain.algorithm()
    # TODO: cache the roots of complete subtrees; each proof now reads all `size` leaf hashes.
    path = merkle.inclusion_proof(heads.leaf_hashes(size), position, size, name)
    tree_root = merkle.root_from_inclusion(
        position, size, bytes.fromhex(entry.leaf_hash), path, name
    )
    if tree_root is None:
        raise ValueError(f"audit path of entry {position} does not fit a tree of size {size}")
    return {
        "format": FORMAT,
        "hash_algorithm": name,
        "entry": {
            "position": entry.position,
            "kind": entry.kind,
            "ref": entry.ref,
            "payload": entry.payload,
            "leaf_hash": entry.leaf_hash,
            "recorded_at": entry.recorded_at.isoformat(),
        },
        "tree_size": size,
        "inclusion_path": [node.hex() for node in path],
        "root_hash": tree_root.hex(),
        "tree_head": head_document(head) if head is not None else None,
    }


def consistency_document(old_size: int, new_size: int) -> dict[str, Any]:
    """Build the proof that the tree of ``old_size`` entries is a prefix of ``new_size``."""
    current = LedgerEntry.objects.count()
    if not 0 < old_size <= new_size <= current:
        raise ValidationFailed(
            f"树的大小 {old_size} 和 {new_size} 无效：应满足 0 < 前者 ≤ 后者 ≤ 账本现有的 "
            f"{current} 条。",
            field="size",
        )
    name = chain.algorithm()
    proof = merkle.consistency_proof(heads.leaf_hashes(new_size), old_size, new_size, name)
    heads_by_size = {
        head.tree_size: head
        for head in TreeHead.objects.filter(tree_size__in=[old_size, new_size]).order_by(
            "-signed_on"
        )
    }
    old_head, new_head = heads_by_size.get(old_size), heads_by_size.get(new_size)
    return {
        "format": FORMAT,
        "hash_algorithm": name,
        "old_size": old_size,
        "new_size": new_size,
        "old_root_hash": merkle.root(heads.leaf_hashes(old_size), old_size, name).hex(),
        "new_root_hash": merkle.root(heads.leaf_hashes(new_size), new_size, name).hex(),
        "consistency_path": [node.hex() for node in proof],
        "old_tree_head": head_document(old_head) if old_head is not None else None,
        "new_tree_head": head_document(new_head) if new_head is not None else None,
    }
