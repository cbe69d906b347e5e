"""Stored files that no stored-content row names: listed by verify, removed by cleanup."""

import datetime
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from zhifa.evidence.ledger.verify import verify_ledger
from zhifa.evidence.tests import s3_support
from zhifa.evidence.tests.ledger_support import store_content
from zhifa.evidence.uploads import cleanup

ORPHAN = "sm3/ff/ee/" + "f" * 64


@pytest.fixture
def own_storage(settings, tmp_path: Path, db) -> Path:
    """Give the test an evidence storage of its own: the session one contains other tests' files."""
    location = tmp_path / "content"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    settings.ZHIFA_UPLOAD_DIR = tmp_path / "uploads"
    return location


def save_orphan(name: str = ORPHAN, age: datetime.timedelta | None = None) -> str:
    saved = storages["evidence"].save(name, ContentFile(b"left by a failed ingest"))
    if age is not None:
        moment = (timezone.now() - age).timestamp()
        os.utime(storages["evidence"].path(saved), (moment, moment))
    return saved


def test_verify_lists_orphan_file(own_storage):
    content = store_content(b"ledgered bytes")
    name = save_orphan()

    report = verify_ledger()

    assert report.orphan_files == [name]
    assert content.storage_name not in report.orphan_files
    assert report.problems == []
    assert report.ok


def test_verify_without_orphans(own_storage):
    store_content(b"ledgered bytes")

    assert verify_ledger().orphan_files == []


def test_verify_of_missing_storage_folder(own_storage):
    assert not own_storage.exists()

    assert verify_ledger().orphan_files == []


def test_chain_only_skips_storage_walk(own_storage):
    save_orphan()

    assert verify_ledger(chain_only=True).orphan_files == []


def test_verify_command_prints_orphan(own_storage):
    name = save_orphan()
    output = io.StringIO()

    call_command("ledger", "verify", stdout=output)

    text = output.getvalue()
    assert f"存储中有账本之外的文件：{name}" in text
    assert "存储中有账本之外的文件 1 个" in text
    assert "zhifa evidence cleanup 会删除其中超过一天的文件" in text
    assert "账本核验通过" in text


def test_cleanup_deletes_orphan_older_than_a_day(own_storage):
    old = save_orphan("sm3/aa/aa/old", age=datetime.timedelta(hours=25))
    fresh = save_orphan("sm3/aa/aa/fresh", age=datetime.timedelta(hours=23))

    report = cleanup.cleanup()

    assert report.orphans_deleted == 1
    assert not storages["evidence"].exists(old)
    assert storages["evidence"].exists(fresh)


def test_cleanup_keeps_old_ledgered_content(own_storage):
    content = store_content(b"ledgered long ago")
    moment = (timezone.now() - datetime.timedelta(days=30)).timestamp()
    os.utime(storages["evidence"].path(content.storage_name), (moment, moment))

    report = cleanup.cleanup()

    assert report.orphans_deleted == 0
    assert storages["evidence"].exists(content.storage_name)


def test_cleanup_orphan_limit_ignores_days_option(own_storage):
    fresh = save_orphan(age=datetime.timedelta(hours=12))

    assert cleanup.cleanup(older_than_days=0).orphans_deleted == 0
    assert storages["evidence"].exists(fresh)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with s3_support.s3_server() as url:
        yield url


@pytest.fixture
def s3_storage(endpoint: str, settings: Any, tmp_path: Path, db) -> None:
    bucket = s3_support.new_bucket(endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": s3_support.evidence_storage_setting(endpoint, bucket),
    }
    settings.ZHIFA_UPLOAD_DIR = tmp_path / "uploads"


def test_s3_verify_lists_orphan_and_cleanup_keeps_fresh(s3_storage):
    content = store_content(b"ledgered on S3")
    name = save_orphan()

    assert verify_ledger().orphan_files == [name]
    assert cleanup.cleanup().orphans_deleted == 0
    assert storages["evidence"].exists(name)
    assert storages["evidence"].exists(content.storage_name)
