"""Appending to the ledger (存证账本): canonical payloads, leaf hashes and the hash chain.

Leaves follow RFC 6962: leaf hash = H(0x00 || payload), so a leaf can never be mistaken for an
inner node of the Merkle tree, H(0x01 || left || right). The chain hash of entry n is
H(chain[n-1] || leaf[n]) with 32 zero bytes before the first entry, so removing or reordering
any entry breaks every later chain hash. H is the configured ledger algorithm (SM3 default).

Appends are serialised: on PostgreSQL the transaction takes an exclusive lock on the ledger
table; SQLite serialises writers anyway. Callers append inside the transaction that stores the
record, so a record and its ledger entry commit together or not at all.
"""

import functools
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from zhifa.evidence.models import LedgerEntry

GENESIS = bytes(32)
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"


def algorithm() -> str:
    return str(getattr(settings, "ZHIFA_LEDGER_ALGORITHM", "sm3"))


@functools.cache
def _empty_hasher(name: str) -> Any:
    return hashlib.new(name)


def hash_bytes(data: bytes, name: str | None = None) -> bytes:
    # Copying an unused hasher is faster than hashlib.new because it skips OpenSSL 3's
    # algorithm lookup. The cached hasher itself is never updated.
    hasher = _empty_hasher(name or algorithm()).copy()
    hasher.update(data)
    return bytes(hasher.digest())


def canonical(payload: dict[str, Any]) -> str:
    """Serialise ``payload`` the one way a verifier can repeat: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def leaf_hash(payload_text: str, name: str | None = None) -> bytes:
    return hash_bytes(LEAF_PREFIX + payload_text.encode("utf-8"), name)


def node_hash(left: bytes, right: bytes, name: str | None = None) -> bytes:
    return hash_bytes(NODE_PREFIX + left + right, name)


def chain_hash(previous: bytes, leaf: bytes, name: str | None = None) -> bytes:
    return hash_bytes(previous + leaf, name)


def lock() -> None:
    """Serialise ledger writers until the current transaction ends (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {LedgerEntry._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


def append(kind: str, ref: str, payload: dict[str, Any]) -> LedgerEntry:
    """Append one entry recording ``payload`` about the object ``ref`` (e.g. ``av_record:12``)."""
    text = canonical(payload)
    with transaction.atomic():
        lock()
        last = LedgerEntry.objects.order_by("-position").only("position", "chain_hash").first()
        previous = bytes.fromhex(last.chain_hash) if last else GENESIS
        leaf = leaf_hash(text)
        return LedgerEntry.objects.create(
            position=last.position + 1 if last else 0,
            kind=kind,
            ref=ref,
            payload=text,
            leaf_hash=leaf.hex(),
            chain_hash=chain_hash(previous, leaf).hex(),
        )
