"""Helpers of the ledger tests: stored content and AV records written directly, and raw SQL.

Content is stored in the evidence storage under its digest and ledgered the way the upload code
does it, without going through an upload. ``triggers_dropped`` lifts the append-only triggers
of a table for the length of a block, so a test can tamper the way someone with database
access could.
"""

import datetime
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Officer
from zhifa.core import digests
from zhifa.evidence.ledger import chain, entries
from zhifa.evidence.models import (
    AvRecord,
    LedgerKind,
    MediaKind,
    Requirement,
    SceneType,
    StoredContent,
    TimeSource,
)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TOOL = Path(__file__).resolve().parents[4] / "tools" / "verify_ledger_proof.py"


def store_content(data: bytes) -> StoredContent:
    """Store ``data`` under its digest, create its row and its ledger entry."""
    digest = digests.of_bytes(data)
    algorithm, hexdigest = digests.parse(digest)
    name = f"{algorithm}/{hexdigest[:2]}/{hexdigest[2:4]}/{hexdigest}"
    with transaction.atomic():
        saved = storages["evidence"].save(name, ContentFile(data))
        row = StoredContent.objects.create(digest=digest, size=len(data), storage_name=saved)
        entries.content_stored(row)
    return row


def ledger_scene() -> SceneType:
    scene, _ = SceneType.objects.get_or_create(
        agency=None,
        code="ledger-test-inspection",
        defaults={
            "name": "现场检查（账本测试）",
            "requirement": Requirement.DISCRETIONARY,
            "legal_source": "测试用场景",
        },
    )
    return scene


def make_av_record(
    agency: Agency,
    user: User,
    data: bytes,
    *,
    officers: list[Officer] | None = None,
    payload_version: int = entries.AV_RECORD_PAYLOAD_VERSION,
    **fields: Any,
) -> AvRecord:
    """Store ``data`` and create an AV record of it with its ledger entries.

    ``payload_version`` writes the record's entry in an older payload shape, as the platform did
    before that version was current.
    """
    content = store_content(data)
    started = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=SHANGHAI)
    values: dict[str, Any] = {
        "agency": agency,
        "scene": ledger_scene(),
        "content": content,
        "media_kind": MediaKind.VIDEO,
        "filename": "现场检查.mp4",
        "mime_type": "video/mp4",
        "size": len(data),
        "started_at": started,
        "ended_at": started + datetime.timedelta(minutes=12),
        "time_source": TimeSource.ENTERED,
        "place": "朱家角镇新风路1号",
        "party_informed": True,
        "uploaded_by": user,
        **fields,
    }
    with transaction.atomic():
        record = AvRecord.objects.create(**values)
        record.officers.set(officers or [])
        if payload_version == entries.AV_RECORD_PAYLOAD_VERSION:
            entries.av_record_stored(record)
        else:
            payload = entries.av_record_payload(record, payload_version)
            chain.append(LedgerKind.AV_RECORD, entries.ref("av_record", record.pk), payload)
            entries.av_record_links_changed(record)
    return record


def _sqlite_triggers(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [table],
        )
        return list(cursor.fetchall())


@contextmanager
def triggers_dropped(table: str) -> Iterator[None]:
    """Run the block with the table's triggers gone, then put them back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE fails while deferred foreign-key checks are pending, so run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        saved = _sqlite_triggers(table)
        for name, _ in saved:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            for _, sql in saved:
                cursor.execute(sql)


def run_sql(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def run_tool(proof: object, tmp_path: Path, *options: str) -> subprocess.CompletedProcess:
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof, ensure_ascii=False), encoding="utf-8")
    # The tool must stand alone: it runs in a bare interpreter, not the project's environment.
    return subprocess.run(  # noqa: S603 - fixed interpreter and script path
        [sys.executable, "-I", str(TOOL), *options, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
