"""Range requests against the local evidence storage, in constant memory."""

import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.test import RequestFactory

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.evidence import streaming
from zhifa.evidence.models import AvRecord
from zhifa.evidence.streaming import ByteRange, RangeNotSatisfiable, parse_range
from zhifa.evidence.tests.access_support import bytes_file, expected_slice, record_from_file

SIZE = 10_000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-99", ByteRange(0, 99)),
        ("bytes=100-199", ByteRange(100, 199)),
        ("bytes=9990-", ByteRange(9990, 9999)),
        ("bytes=-10", ByteRange(9990, 9999)),
        ("bytes=-20000", ByteRange(0, 9999)),
        ("bytes=9000-20000", ByteRange(9000, 9999)),
        ("bytes=9999-9999", ByteRange(9999, 9999)),
        ("bytes=0-0", ByteRange(0, 0)),
        ("bytes=5-4", None),
        ("bytes=0-1,5-6", None),
        ("items=0-10", None),
        ("bytes=abc", None),
        ("bytes=-", None),
    ],
)
def test_parse_range_cases(header: str | None, expected: ByteRange | None) -> None:
    assert parse_range(header, SIZE) == expected


@pytest.mark.parametrize("header", ["bytes=10000-", "bytes=10000-10010", "bytes=-0"])
def test_parse_range_unsatisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, SIZE)


def test_parse_range_empty_content_unsatisfiable() -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=-5", 0)


@pytest.fixture
def record(agency_a: Agency, officer_user: User, tmp_path: Path) -> AvRecord:
    path = bytes_file(tmp_path / "clip.mp4", SIZE)
    return record_from_file(agency_a, officer_user, path, filename="现场检查录像.mp4")


def _get(record: AvRecord, headers: dict[str, str] | None = None, attachment: bool = False) -> Any:
    request = RequestFactory().get("/", headers=headers or {})
    return streaming.content_response(
        request,
        record.content,
        mime_type=record.mime_type,
        filename=record.filename,
        attachment=attachment,
    )


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_first_bytes(record: AvRecord) -> None:
    response = _get(record, {"Range": "bytes=0-99"})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-99/{SIZE}"
    assert response["Content-Length"] == "100"
    assert _body(response) == expected_slice(0, 99)


def test_middle_range(record: AvRecord) -> None:
    response = _get(record, {"Range": "bytes=4000-5999"})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4000-5999/{SIZE}"
    assert _body(response) == expected_slice(4000, 5999)


def test_suffix_range(record: AvRecord) -> None:
    response = _get(record, {"Range": "bytes=-500"})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 9500-9999/{SIZE}"
    assert _body(response) == expected_slice(9500, 9999)


def test_open_ended_range(record: AvRecord) -> None:
    response = _get(record, {"Range": "bytes=9000-"})

    assert response.status_code == 206
    assert response["Content-Length"] == "1000"
    assert _body(response) == expected_slice(9000, 9999)


def test_unsatisfiable_range_416(record: AvRecord) -> None:
    response = _get(record, {"Range": f"bytes={SIZE}-"})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


def test_no_range_whole_file(record: AvRecord) -> None:
    response = _get(record)

    assert response.status_code == 200
    assert response.streaming
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{record.content_id}"'
    assert response["Content-Length"] == str(SIZE)
    assert _body(response) == expected_slice(0, SIZE - 1)


def test_if_range_other_file_sends_all(record: AvRecord) -> None:
    response = _get(record, {"Range": "bytes=0-9", "If-Range": '"sm3:other"'})

    assert response.status_code == 200
    assert len(_body(response)) == SIZE


def test_if_range_same_file_honours_range(record: AvRecord) -> None:
    response = _get(record, {"Range": "bytes=0-9", "If-Range": f'"{record.content_id}"'})

    assert response.status_code == 206


def test_inline_and_chinese_download_name(record: AvRecord) -> None:
    inline = _get(record)
    download = _get(record, attachment=True)

    assert inline["Content-Disposition"].startswith("inline")
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E7%8E%B0%E5%9C%BA%E6%A3%80%E6%9F%A5%E5%BD%95%E5%83%8F.mp4"
    )
    assert download["X-Content-Type-Options"] == "nosniff"


def test_large_file_streams_in_bounded_pieces(
    agency_a: Agency, officer_user: User, tmp_path: Path
) -> None:
    size = 50 * 1024 * 1024
    path = bytes_file(tmp_path / "large.mp4", size)
    large = record_from_file(agency_a, officer_user, path)
    path.unlink()

    tracemalloc.start()
    try:
        response = _get(large)
        assert response.streaming
        total = 0
        largest = 0
        for piece in response.streaming_content:
            total += len(piece)
            largest = max(largest, len(piece))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert total == size
    assert largest <= streaming.PIECE_BYTES
    assert peak < 8 * 1024 * 1024
