"""Watermarks on downloaded photos and videos, and the text they carry."""

import datetime
import io
import json
import resource
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.evidence import watermark
from zhifa.evidence.models import AvRecord, MediaKind
from zhifa.evidence.tests.access_support import record_from_file
from zhifa.evidence.tests.media_support import make_video
from zhifa.evidence.tests.photo_support import write_blank_png

AT = datetime.datetime(2026, 12, 5, 6, 3, 20, tzinfo=datetime.UTC)


def _plain_photo(path: Path, size: tuple[int, int] = (640, 480)) -> Path:
    Image.new("RGB", size, (30, 90, 160)).save(path, "JPEG", quality=95)
    return path


def test_text_names_user_in_shanghai_time(officer_user: User) -> None:
    officer_user.full_name = "张三"

    text = watermark.watermark_text(officer_user, AT)

    assert text == "张三（officer_a）2026年12月5日 14:03:20"


def test_header_value_is_ascii() -> None:
    value = watermark.header_value("张三（officer_a）2026年12月5日 14:03:20")

    assert value.isascii()
    assert value.startswith("UTF-8''%E5%BC%A0")


def test_photo_mark_changes_pixels(tmp_path: Path) -> None:
    original = _plain_photo(tmp_path / "p.jpg").read_bytes()

    marked = watermark.mark_photo(original, "张三（officer_a）2026-12-05 14:03:20")

    before = Image.open(io.BytesIO(original)).convert("RGB")
    after = Image.open(io.BytesIO(marked))
    assert after.format == "JPEG"
    assert after.size == before.size
    assert ImageChops.difference(before, after.convert("RGB")).getbbox() is not None


@pytest.mark.skipif(watermark.font_path() is None, reason="needs the Noto CJK font")
def test_photo_mark_draws_the_text(tmp_path: Path) -> None:
    original = _plain_photo(tmp_path / "p.jpg").read_bytes()

    first = Image.open(io.BytesIO(watermark.mark_photo(original, "张三 2026-12-05"))).convert("L")
    second = Image.open(io.BytesIO(watermark.mark_photo(original, "李四 2026-12-05"))).convert("L")

    # Only the names differ, so the images differ where the glyphs are drawn, and the bright
    # glyph pixels stand out against the dark band behind them.
    assert ImageChops.difference(first, second).getbbox() is not None
    assert sum(first.histogram()[201:]) > 0


def test_png_photo_stays_png(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    Image.new("RGBA", (200, 100), (10, 200, 10, 255)).save(path, "PNG")

    marked = watermark.mark_photo(path.read_bytes(), "officer_a 2026-12-05")

    assert Image.open(io.BytesIO(marked)).format == "PNG"


def _probe(path: Path) -> dict[str, Any]:
    ffprobe = shutil.which("ffprobe")
    assert ffprobe is not None
    result = subprocess.run(  # noqa: S603 - fixed program on a test file
        [ffprobe, "-v", "error", "-print_format", "json", "-show_streams", str(path)],
        capture_output=True,
        check=True,
    )
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_video_mark_burns_text(agency_a: Agency, officer_user: User, tmp_path: Path) -> None:
    source = make_video(tmp_path / "clip.mp4", 1)
    record: AvRecord = record_from_file(agency_a, officer_user, source, media_kind=MediaKind.VIDEO)

    marked = watermark.mark_video(record.content, "张三（officer_a）2026-12-05 14:03:20")
    try:
        assert marked.read_bytes() != source.read_bytes()
        streams = _probe(marked)["streams"]
        video = next(stream for stream in streams if stream["codec_type"] == "video")
        assert (video["width"], video["height"]) == (64, 64)
        assert any(stream["codec_type"] == "audio" for stream in streams)
        frame_marked = _first_frame(marked, tmp_path / "marked.png")
        frame_plain = _first_frame(source, tmp_path / "plain.png")
        assert ImageChops.difference(frame_marked, frame_plain).getbbox() is not None
    finally:
        marked.unlink(missing_ok=True)


def test_wide_video_scaled_down_when_marked(
    agency_a: Agency, officer_user: User, tmp_path: Path
) -> None:
    source = tmp_path / "wide.mp4"
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    subprocess.run(  # noqa: S603 - fixed program on a test file
        [
            *(ffmpeg, "-loglevel", "error", "-y", "-f", "lavfi"),
            *("-i", "testsrc=size=2560x64:rate=5:duration=1"),
            *("-c:v", "libx264", "-pix_fmt", "yuv420p", str(source)),
        ],
        check=True,
    )
    record: AvRecord = record_from_file(agency_a, officer_user, source, media_kind=MediaKind.VIDEO)

    marked = watermark.mark_video(record.content, "张三（officer_a）2026年12月5日 14:03:20")
    try:
        video = next(s for s in _probe(marked)["streams"] if s["codec_type"] == "video")
        assert video["width"] == watermark.MAX_VIDEO_WIDTH
    finally:
        marked.unlink(missing_ok=True)


def _first_frame(video: Path, target: Path) -> Image.Image:
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    subprocess.run(  # noqa: S603 - fixed program on a test file
        [ffmpeg, "-loglevel", "error", "-y", "-i", str(video), "-frames:v", "1", str(target)],
        check=True,
    )
    return Image.open(target).convert("RGB")


def test_missing_ffmpeg_gives_clear_message(
    agency_a: Agency, officer_user: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_video(tmp_path / "clip.mp4", 1)
    record = record_from_file(agency_a, officer_user, source)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    with pytest.raises(watermark.WatermarkUnavailable, match="未安装 ffmpeg"):
        watermark.mark_video(record.content, "officer_a")


def test_large_photo_reduced_to_bound(tmp_path: Path) -> None:
    original = _plain_photo(tmp_path / "wide.jpg", (6000, 800)).read_bytes()

    marked = Image.open(io.BytesIO(watermark.mark_photo(original, "officer_a 2026-12-05")))

    assert marked.size == (watermark.MAX_PHOTO_SIDE, 546)


def test_photo_at_bound_keeps_size(tmp_path: Path) -> None:
    original = _plain_photo(tmp_path / "edge.jpg", (100, watermark.MAX_PHOTO_SIDE)).read_bytes()

    marked = Image.open(io.BytesIO(watermark.mark_photo(original, "officer_a 2026-12-05")))

    assert marked.size == (100, watermark.MAX_PHOTO_SIDE)


def test_pixel_bomb_refused_undecoded(tmp_path: Path) -> None:
    bomb = write_blank_png(tmp_path / "bomb.png", 11000, 11000).read_bytes()
    peak_before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with pytest.raises(watermark.WatermarkUnavailable, match="像素超过上限"):
        watermark.mark_photo(bomb, "officer_a 2026-12-05")

    # Decoding the photo alone would take 121 MB; drawing on it took 2.5 GB before the limit.
    growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before_kib
    assert growth_kib < 100 * 1024


def test_photo_pixel_limit_edge(tmp_path: Path, settings: Any) -> None:
    photo = _plain_photo(tmp_path / "p.jpg", (64, 64)).read_bytes()

    settings.ZHIFA_PHOTO_MAX_PIXELS = 64 * 64
    assert Image.open(io.BytesIO(watermark.mark_photo(photo, "officer_a"))).size == (64, 64)

    settings.ZHIFA_PHOTO_MAX_PIXELS = 64 * 64 - 1
    with pytest.raises(watermark.WatermarkUnavailable, match="4,095"):
        watermark.mark_photo(photo, "officer_a")
