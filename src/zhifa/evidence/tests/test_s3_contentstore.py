"""The content store against a real S3-compatible server (moto) on 127.0.0.1 via django-storages."""

import hashlib
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from boto3.s3.transfer import TransferConfig

from zhifa.evidence import contentstore
from zhifa.evidence.models import StoredContent
from zhifa.evidence.tests import s3_support

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with s3_support.s3_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint: str, settings: Any) -> str:
    name = s3_support.new_bucket(endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": s3_support.evidence_storage_setting(endpoint, name),
    }
    return name


def sample(tmp_path: Path, size: int) -> tuple[Path, str]:
    path = tmp_path / "part"
    hasher = hashlib.new("sm3")
    with path.open("wb") as handle:
        for _ in range(size // MIB):
            block = os.urandom(MIB)
            hasher.update(block)
            handle.write(block)
        rest = os.urandom(size % MIB)
        hasher.update(rest)
        handle.write(rest)
    return path, "sm3:" + hasher.hexdigest()


def test_s3_put_and_read(endpoint: str, bucket: str, tmp_path: Path) -> None:
    path, digest = sample(tmp_path, 100_000)

    _, created = contentstore.put(path, digest, 100_000)

    assert created
    key = f"evidence/{contentstore.storage_name(digest)}"
    head = s3_support.client(endpoint).head_object(Bucket=bucket, Key=key)
    assert head["ContentLength"] == 100_000
    with contentstore.open(digest) as handle:
        assert handle.read() == path.read_bytes()


def test_s3_dedup(endpoint: str, bucket: str, tmp_path: Path) -> None:
    path, digest = sample(tmp_path, 5000)

    contentstore.put(path, digest, 5000)
    _, created = contentstore.put(path, digest, 5000)

    listed = s3_support.client(endpoint).list_objects_v2(Bucket=bucket)
    assert not created
    assert listed["KeyCount"] == 1
    assert StoredContent.objects.count() == 1


def test_s3_discard_deletes_object(endpoint: str, bucket: str, tmp_path: Path) -> None:
    path, digest = sample(tmp_path, 5000)
    row, _ = contentstore.put(path, digest, 5000)

    contentstore.discard(row)

    assert s3_support.client(endpoint).list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_s3_upload_streams(endpoint: str, bucket: str, tmp_path: Path, settings: Any) -> None:
    # Parts of 5 MiB with at most two in memory: the file goes up in pieces, never whole.
    transfer = TransferConfig(
        multipart_threshold=5 * MIB,
        multipart_chunksize=5 * MIB,
        max_concurrency=2,
    )
    # boto3's constructor does not take this s3transfer setting, but the object has it.
    transfer.max_in_memory_upload_chunks = 2
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": s3_support.evidence_storage_setting(endpoint, bucket, transfer_config=transfer),
    }
    # boto3 1.44 keeps about 32 MiB in memory at its peak whatever the file size (measured
    # with 24 and 96 MiB files). Only a file well above that shows that it is not read whole.
    size = 96 * MIB
    path, digest = sample(tmp_path, size)

    tracemalloc.start()
    try:
        contentstore.put(path, digest, size)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    key = f"evidence/{contentstore.storage_name(digest)}"
    head = s3_support.client(endpoint).head_object(Bucket=bucket, Key=key)
    assert head["ContentLength"] == size
    assert head["ETag"].strip('"').endswith(f"-{size // (5 * MIB) + 1}")
    assert peak < size // 2
    with contentstore.open(digest) as handle:
        assert hashlib.new("sm3", handle.read()).hexdigest() == digest.split(":")[1]
