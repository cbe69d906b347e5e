"""Range requests against a real S3-compatible server (moto) started on loopback."""

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import RequestFactory

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.evidence import streaming
from zhifa.evidence.models import AvRecord
from zhifa.evidence.tests.access_support import bytes_file, expected_slice, record_from_file

moto_server = pytest.importorskip("moto.server")

BUCKET = "zhifa-evidence-test"
SIZE = 3 * 1024 * 1024 + 17


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings: Any, s3_endpoint: str) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "location": "evidence",
                "file_overwrite": True,
            },
        },
    }


@pytest.fixture
def record(s3_storage: None, agency_a: Agency, officer_user: User, tmp_path: Path) -> AvRecord:
    streaming.evidence_storage().connection.create_bucket(Bucket=BUCKET)  # type: ignore[attr-defined]
    path = bytes_file(tmp_path / "clip.mp4", SIZE)
    return record_from_file(agency_a, officer_user, path, filename="现场录像.mp4")


def _get(record: AvRecord, **headers: str) -> Any:
    request = RequestFactory().get("/", headers=headers)
    return streaming.content_response(
        request,
        record.content,
        mime_type=record.mime_type,
        filename=record.filename,
        attachment=False,
    )


def test_s3_storage_in_use(record: AvRecord) -> None:
    from storages.backends.s3 import S3Storage

    assert isinstance(streaming.evidence_storage(), S3Storage)


def test_s3_first_bytes(record: AvRecord) -> None:
    response = _get(record, Range="bytes=0-99")

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == expected_slice(0, 99)


def test_s3_middle_range(record: AvRecord) -> None:
    response = _get(record, Range="bytes=1048570-2097160")

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == expected_slice(1048570, 2097160)


def test_s3_suffix_range(record: AvRecord) -> None:
    response = _get(record, Range="bytes=-17")

    assert response["Content-Range"] == f"bytes {SIZE - 17}-{SIZE - 1}/{SIZE}"
    assert b"".join(response.streaming_content) == expected_slice(SIZE - 17, SIZE - 1)


def test_s3_unsatisfiable_416(record: AvRecord) -> None:
    assert _get(record, Range=f"bytes={SIZE}-").status_code == 416


def test_s3_whole_file_in_pieces(record: AvRecord) -> None:
    response = _get(record)
    pieces = list(response.streaming_content)

    assert response.status_code == 200
    assert max(len(piece) for piece in pieces) <= streaming.PIECE_BYTES
    assert len(pieces) >= SIZE // streaming.PIECE_BYTES
    assert b"".join(pieces) == expected_slice(0, SIZE - 1)
