"""Recording times read from real files: device clock local or UTC, photo EXIF, entered by hand."""

import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.accounts.models import User
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.models import AvRecord, DeviceClock, StoredContent
from zhifa.evidence.tests.media_support import make_audio, make_photo, make_video
from zhifa.evidence.tests.upload_support import UploadWorld, upload_world
from zhifa.evidence.uploads import probe
from zhifa.evidence.uploads.ingest import IncomingFile, ingest

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(agency_a: Any, agency_head_user: User, officer_user: User) -> UploadWorld:
    return upload_world(agency_a, agency_head_user, officer_user)


def store(world: UploadWorld, path: Path, **metadata: Any) -> AvRecord:
    return ingest(
        IncomingFile(
            user=world.officer_user,
            path=path,
            filename=path.name,
            declared_type="",
            size=path.stat().st_size,
            client_digest="",
            metadata=world.metadata(**metadata),
        )
    )


def shanghai(hour: int, minute: int = 3, second: int = 20) -> datetime.datetime:
    return datetime.datetime(2026, 12, 5, hour, minute, second, tzinfo=SHANGHAI)


def test_local_clock_ignores_z(world: UploadWorld, tmp_path: Path) -> None:
    world.device.clock = DeviceClock.LOCAL
    world.device.save()
    video = make_video(tmp_path / "local.mp4", 3, "2026-12-05T14:03:20.000000Z")

    record = store(world, video)

    assert record.time_source == "metadata"
    assert record.started_at == shanghai(14)
    assert record.ended_at is not None
    assert record.ended_at - record.started_at == pytest.approx(
        datetime.timedelta(seconds=3), abs=datetime.timedelta(milliseconds=200)
    )


def test_utc_clock_converts(world: UploadWorld, tmp_path: Path) -> None:
    world.device.clock = DeviceClock.UTC
    world.device.save()
    video = make_video(tmp_path / "utc.mp4", 2, "2026-12-05T06:03:20.000000Z")

    record = store(world, video)

    assert record.started_at == shanghai(14)


def test_audio_time_read(world: UploadWorld, tmp_path: Path) -> None:
    audio = make_audio(tmp_path / "询问录音.m4a", 2, "2026-12-05T14:03:20Z")

    record = store(world, audio)

    assert record.media_kind == "audio"
    assert record.started_at == shanghai(14)


def test_photo_exif_time(world: UploadWorld, tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "现场照片.jpg", datetime.datetime(2026, 12, 5, 14, 3, 20))  # noqa: DTZ001

    record = store(world, photo, scene="sampling")

    assert record.media_kind == "photo"
    assert record.time_source == "metadata"
    assert record.started_at == shanghai(14)
    assert record.session_id is None


def test_photo_exif_offset_wins(world: UploadWorld, tmp_path: Path) -> None:
    world.device.clock = DeviceClock.UTC
    world.device.save()
    taken_at = datetime.datetime(2026, 12, 5, 14, 3, 20)  # noqa: DTZ001 (EXIF has no zone)
    photo = make_photo(tmp_path / "p.jpg", taken_at, offset="+08:00")

    assert store(world, photo).started_at == shanghai(14)


def test_no_time_needs_entry(world: UploadWorld, tmp_path: Path) -> None:
    video = make_video(tmp_path / "notime.mp4", 2)

    with pytest.raises(ValidationFailed) as caught:
        store(world, video)

    assert caught.value.field == "started_at"
    assert StoredContent.objects.count() == 0


def test_no_time_uses_entered(world: UploadWorld, tmp_path: Path) -> None:
    video = make_video(tmp_path / "notime.mp4", 2)

    record = store(world, video, started_at="2026-12-04T14:03:20")

    assert record.time_source == "entered"
    assert record.started_at == shanghai(14) - datetime.timedelta(days=1)
    assert record.ended_at is not None
    assert record.ended_at > record.started_at


def test_corrupt_video_rejected(world: UploadWorld, tmp_path: Path) -> None:
    video = make_video(tmp_path / "cut.mp4", 2, "2026-12-05T14:03:20Z")
    broken = tmp_path / "broken.mp4"
    # The file type header of a real MP4 followed by noise: recognised as MP4, unreadable.
    broken.write_bytes(video.read_bytes()[:32] + bytes(range(256)) * 8)

    with pytest.raises(ValidationFailed, match="无法作为音视频读取"):
        store(world, broken)


@pytest.mark.parametrize(
    ("text", "clock", "expected"),
    [
        ("2026-12-05T14:03:20Z", DeviceClock.LOCAL, shanghai(14)),
        ("2026-12-05T06:03:20Z", DeviceClock.UTC, shanghai(14)),
        ("2026-12-05T06:03:20Z", None, shanghai(14)),
        ("2026-12-05 14:03:20", None, shanghai(14)),
        ("2026-12-05 06:03:20", DeviceClock.UTC, shanghai(14)),
        ("2026-12-05T14:03:20+08:00", DeviceClock.UTC, shanghai(14)),
        ("not a time", None, None),
    ],
)
def test_read_time(text: str, clock: str | None, expected: datetime.datetime | None) -> None:
    assert probe.read_time(text, clock) == expected


def test_without_ffprobe(world: UploadWorld, tmp_path: Path, monkeypatch: Any) -> None:
    video = make_video(tmp_path / "v.mp4", 2, "2026-12-05T14:03:20Z")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    with pytest.raises(ValidationFailed, match="未安装 ffprobe"):
        store(world, video)
