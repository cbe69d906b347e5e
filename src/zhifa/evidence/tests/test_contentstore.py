"""The content store over the local evidence folder: naming, dedup, reading back, rollback."""

import hashlib
from pathlib import Path

import pytest
from django.db import transaction

from zhifa.core.errors import NotFound, ValidationFailed
from zhifa.evidence import contentstore
from zhifa.evidence.models import LedgerEntry, StoredContent

pytestmark = pytest.mark.django_db


def sample(tmp_path: Path, content: bytes, name: str = "part") -> tuple[Path, str]:
    path = tmp_path / name
    path.write_bytes(content)
    return path, "sm3:" + hashlib.new("sm3", content).hexdigest()


def test_storage_name_from_digest() -> None:
    digest = "sm3:" + "ab" * 32
    assert contentstore.storage_name(digest) == f"sm3/ab/ab/{'ab' * 32}"
    with pytest.raises(ValidationFailed):
        contentstore.storage_name("md5:abc")


def test_put_stores_and_ledgers(tmp_path: Path) -> None:
    path, digest = sample(tmp_path, b"body-cam bytes" * 1000)

    row, created = contentstore.put(path, digest, path.stat().st_size)

    assert created
    assert row.storage_name == contentstore.storage_name(digest)
    assert LedgerEntry.objects.filter(ref=f"content:{digest}").count() == 1
    with contentstore.open(digest) as handle:
        assert handle.read() == path.read_bytes()


def test_put_twice_stores_once(tmp_path: Path) -> None:
    path, digest = sample(tmp_path, b"same bytes")
    copy, _ = sample(tmp_path, b"same bytes", "copy")

    contentstore.put(path, digest, 10)
    _, created = contentstore.put(copy, digest, 10)

    assert not created
    assert StoredContent.objects.count() == 1
    assert LedgerEntry.objects.filter(kind="content").count() == 1


def test_failed_transaction_discards(tmp_path: Path) -> None:
    path, digest = sample(tmp_path, b"to be rolled back")
    storage = contentstore.storage()

    def store_then_fail() -> None:
        with transaction.atomic():
            row, created = contentstore.put(path, digest, 17)
            assert created
            assert storage.exists(row.storage_name)
            try:
                raise RuntimeError("record could not be written")
            except RuntimeError:
                contentstore.discard(row)
                raise

    with pytest.raises(RuntimeError):
        store_then_fail()

    assert not StoredContent.objects.filter(pk=digest).exists()
    assert not storage.exists(contentstore.storage_name(digest))


def test_orphan_object_replaced(tmp_path: Path) -> None:
    path, digest = sample(tmp_path, b"complete content")
    name = contentstore.storage_name(digest)
    storage = contentstore.storage()
    Path(storage.path(name)).parent.mkdir(parents=True, exist_ok=True)
    Path(storage.path(name)).write_bytes(b"half")

    row, created = contentstore.put(path, digest, 16)

    assert created
    assert row.storage_name == name
    with contentstore.open(digest) as handle:
        assert handle.read() == b"complete content"


def test_open_unknown_digest() -> None:
    with pytest.raises(NotFound):
        contentstore.open("sm3:" + "0" * 64)
