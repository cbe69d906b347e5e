"""The records behind ledger entries: re-deriving payloads, re-hashing files, finding gaps.

A ledger ``ref`` is ``kind:pk``; ``SOURCES`` maps each kind to its model and payload function.
Other apps add their kinds with ``register_source`` when they load (the archives add case
files and tombstones). Rows are looked up in batches by primary key, never one query per entry.

A file named by a tombstone entry (销毁记录) was destroyed after an approved appraisal, so it is
expected to be absent: ``file_problems`` lists it as destroyed instead of missing. The files
are still re-hashed while they are present.
"""

import json
import logging
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import Storage, storages
from django.db import models

from zhifa.cases.models import CaseStep, Document, DocumentOriginal, DocumentStatus
from zhifa.core import digests
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.ledger import chain, entries
from zhifa.evidence.models import (
    AccessLog,
    AvRecord,
    Interruption,
    LedgerEntry,
    SceneExemption,
    StoredContent,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    payload: Callable[[Any], dict[str, Any]]
    label: str
    prefetch: tuple[str, ...] = ()
    final_only: bool = False
    # Only rows matching these filters must be in the ledger, e.g. {"status": "archived"}.
    ledgered_only: tuple[tuple[str, Any], ...] = ()


# In the order ``zhifa ledger sync`` appends them: content before the records that use it.
SOURCES: dict[str, Source] = {
    "content": Source(StoredContent, entries.content_payload, "存证内容"),
    "case_step": Source(CaseStep, entries.case_step_payload, "办案环节记录"),
    "document": Source(Document, entries.document_payload, "执法文书定稿版本", final_only=True),
    "document_original": Source(
        DocumentOriginal, entries.document_original_payload, "文书签字盖章原件扫描件"
    ),
    "av_record": Source(AvRecord, entries.av_record_payload, "音像记录"),
    "av_record_links": Source(
        AvRecord, entries.av_record_links_payload, "音像记录关联与标记", prefetch=("officers",)
    ),
    "interruption": Source(Interruption, entries.interruption_payload, "中断说明"),
    "exemption": Source(SceneExemption, entries.exemption_payload, "免予音像记录说明"),
    "access": Source(AccessLog, entries.access_payload, "调阅记录"),
}


def register_source(kind: str, source: Source) -> None:
    """Add (or replace) the records of ``kind``; they are checked after the built-in kinds."""
    SOURCES[kind] = source


TOMBSTONE_PREFIX = "tombstone:"
# Functions that return which of the given digests a live record still refers to. The archives
# register one, so that a destroyed file that live records still need is reported as missing.
LIVE_REFERENCES: list[Callable[[Collection[str]], set[str]]] = []


def register_live_references(check: Callable[[Collection[str]], set[str]]) -> None:
    if check not in LIVE_REFERENCES:
        LIVE_REFERENCES.append(check)


def live_digests(digests: Collection[str]) -> set[str]:
    """Return the digests among ``digests`` that a registered check finds still in use."""
    live: set[str] = set()
    for check in LIVE_REFERENCES:
        live |= check(digests)
    return live


@dataclass(frozen=True)
class Tombstoned:
    """The files that tombstone entries name: by digest, and by (storage alias, name)."""

    digests: frozenset[str] = frozenset()
    names: frozenset[tuple[str, str]] = frozenset()

    def covers(self, storage_alias: str, name: str, digest: str) -> bool:
        return digest in self.digests or (storage_alias, name) in self.names


def tombstoned_files() -> Tombstoned:
    """Collect the files of every tombstone entry, in one query over the ledger."""
    digests_seen: set[str] = set()
    names: set[tuple[str, str]] = set()
    payloads = LedgerEntry.objects.filter(ref__startswith=TOMBSTONE_PREFIX).values_list(
        "payload", flat=True
    )
    for text in payloads.iterator(chunk_size=2000):
        payload = parse_payload(text) or {}
        files = payload.get("files")
        for described in files if isinstance(files, list) else []:
            if not isinstance(described, dict):
                continue
            digest, storage_alias, name = (
                described.get(key) for key in ("digest", "storage", "storage_name")
            )
            if isinstance(digest, str):
                digests_seen.add(digest)
            if isinstance(storage_alias, str) and isinstance(name, str):
                names.add((storage_alias, name))
    return Tombstoned(frozenset(digests_seen), frozenset(names))


@dataclass
class FileCheck:
    """Result of re-hashing the files of one entry."""

    problems: list[str] = field(default_factory=list)
    bytes_read: int = 0
    # (stored name, digest) of files absent because a tombstone covers them.
    destroyed: list[tuple[str, str]] = field(default_factory=list)


def split_ref(ref: str) -> tuple[str, str]:
    kind, _, pk = ref.partition(":")
    return kind, pk


def rows_of(entries_batch: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """Load the rows named by (kind, pk text) pairs, one query per kind, keyed by pk text."""
    requested: dict[str, set[str]] = {}
    for kind, pk in entries_batch:
        if kind in SOURCES:
            requested.setdefault(kind, set()).add(pk)
    found: dict[str, dict[str, Any]] = {}
    for kind, pks in requested.items():
        source = SOURCES[kind]
        keys: list[Any] = list(pks)
        if kind != "content":
            keys = [int(pk) for pk in pks if pk.isdigit()]
        queryset = source.model._default_manager.filter(pk__in=keys)
        if source.prefetch:
            queryset = queryset.prefetch_related(*source.prefetch)
        found[kind] = {str(row.pk): row for row in queryset}
    return found


def parse_payload(payload_text: str) -> dict[str, Any] | None:
    """Return the payload as a dict, or None when it is not a JSON object."""
    try:
        payload = json.loads(payload_text)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def payload_problem(kind: str, row: Any, payload_text: str, recorded: dict[str, Any]) -> str | None:
    """Compare the ledger's payload with the one derived from ``row`` now; describe a mismatch."""
    source = SOURCES[kind]
    if source.final_only and row.status != DocumentStatus.FINAL:
        return "文书已不是定稿状态"
    if kind == "av_record":
        # Entries keep the payload shape of their time: derive the one the entry names.
        version = recorded.get("v", 1)
        if version not in entries.AV_RECORD_PAYLOAD_VERSIONS or isinstance(version, bool):
            return (
                f"账本内容的版本 v={json.dumps(version, ensure_ascii=False)} 无法识别（条目被改动）"
            )
        current = chain.canonical(entries.av_record_payload(row, version))
    else:
        current = chain.canonical(source.payload(row))
    if current == payload_text:
        return None
    derived = json.loads(current)
    changed = sorted(
        key for key in recorded.keys() | derived.keys() if recorded.get(key) != derived.get(key)
    )
    return "记录已被改动（与账本不符的字段：" + "、".join(changed) + "）"


def hash_problem(
    storage: Storage, name: str, digest: str, size: int | None
) -> tuple[str | None, int]:
    """Re-hash the stored file ``name``; return the problem (None if it matches) and bytes read."""
    try:
        algorithm, _ = digests.parse(digest)
    except ValidationFailed:
        return f"摘要值“{digest}”格式无效", 0
    hasher = digests.new_hasher(algorithm)
    read = 0
    try:
        with storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(digests.CHUNK_BYTES), b""):
                hasher.update(chunk)
                read += len(chunk)
    except FileNotFoundError:
        return f"存储的文件 {name} 已缺失", 0
    except SuspiciousFileOperation:
        return f"存储位置“{name}”无效，不在存储目录内（条目被改动）", 0
    except OSError as error:
        logger.warning("cannot read stored file %s: %s", name, error)
        return f"存储的文件 {name} 无法读取：{error.strerror or error}", read
    if size is not None and read != size:
        return f"存储的文件 {name} 大小为 {read} 字节，账本记录为 {size} 字节", read
    actual = digests.format_digest(algorithm, hasher.hexdigest())
    if actual != digest:
        return f"存储的文件 {name} 内容已被改动（摘要值 {actual}，账本记录为 {digest}）", read
    return None, read


def _check_file(
    result: FileCheck,
    storage_alias: str,
    name: str,
    digest: str,
    size: int | None,
    tombstoned: Tombstoned,
) -> None:
    storage = storages[storage_alias]
    if tombstoned.covers(storage_alias, name, digest) and not storage.exists(name):
        result.destroyed.append((name, digest))
        return
    problem, read = hash_problem(storage, name, digest, size)
    result.bytes_read += read
    if problem:
        result.problems.append(problem)


def file_problems(
    kind: str, payload: dict[str, Any], tombstoned: Tombstoned | None = None
) -> FileCheck:
    """Re-hash the files a content or document entry names.

    A file that ``tombstoned`` covers and that is absent goes to ``destroyed``, not ``problems``.
    """
    tombstoned = tombstoned or Tombstoned()
    result = FileCheck()
    if kind == "content":
        name, digest, size = (payload.get(key) for key in ("storage_name", "digest", "size"))
        if not isinstance(name, str) or not isinstance(digest, str) or not isinstance(size, int):
            result.problems.append("账本内容缺少存储位置、摘要值或大小（条目被改动）")
            return result
        _check_file(result, "evidence", name, digest, size, tombstoned)
        return result
    if kind == "document_original":
        name, digest, size = (payload.get(key) for key in ("file", "digest", "size"))
        if not isinstance(name, str) or not isinstance(digest, str) or not isinstance(size, int):
            result.problems.append("账本内容缺少扫描件的存储位置、摘要值或大小（条目被改动）")
            return result
        _check_file(result, "default", name, digest, size, tombstoned)
        return result
    for field_name in ("docx", "pdf"):
        name, digest = payload.get(f"{field_name}_file"), payload.get(f"{field_name}_digest")
        if not name or not digest:
            continue
        if not isinstance(name, str) or not isinstance(digest, str):
            result.problems.append(f"账本内容中的 {field_name} 文件名或摘要值无效（条目被改动）")
            continue
        _check_file(result, "default", name, digest, None, tombstoned)
    return result


def missing_rows(kind: str, seen: set[str]) -> Iterator[str]:
    """Yield pk text of every row of ``kind`` whose ref is not in ``seen``, in pk order."""
    source = SOURCES[kind]
    queryset = source.model._default_manager.order_by("pk")
    if source.final_only:
        queryset = queryset.filter(status=DocumentStatus.FINAL)
    if source.ledgered_only:
        queryset = queryset.filter(**dict(source.ledgered_only))
    for pk in queryset.values_list("pk", flat=True).iterator(chunk_size=10000):
        if str(pk) not in seen:
            yield str(pk)


def ledgered_pks(kind: str) -> set[str]:
    refs = LedgerEntry.objects.filter(ref__startswith=f"{kind}:").values_list("ref", flat=True)
    return {split_ref(ref)[1] for ref in refs.iterator(chunk_size=10000)}
