"""Reading the recording time and duration from a media file.

Videos and audio are read with ``ffprobe -v error -print_format json -show_format
-show_streams``; photos with Pillow (EXIF DateTimeOriginal). Body-worn cameras differ in the
time they write: many write Shanghai local time but mark it as UTC (a trailing ``Z`` in the
``creation_time`` tag), others write true UTC. The device's ``clock`` setting decides how a
time without a zone, or with a bare ``Z``/``+00:00``, is read. A time with any other offset
is taken as written. Without a device, ``Z`` means UTC and a time without a zone is Shanghai time.
"""

import datetime
import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from zhifa.core.errors import ValidationFailed
from zhifa.evidence.models import DeviceClock, MediaKind

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
FFPROBE_TIMEOUT_SECONDS = 120
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867
OFFSET_TIME_ORIGINAL = 36881


@dataclass(frozen=True)
class MediaFacts:
    """The recording time and duration stored in a file; ``recorded_at`` is None without one."""

    recorded_at: datetime.datetime | None
    duration_seconds: float | None
    problem: str = ""


def read_time(text: str, clock: str | None) -> datetime.datetime | None:
    """Return the aware time of a time text from a file, read according to the device clock."""
    cleaned = text.strip().replace(" ", "T", 1)
    if not cleaned:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        logger.warning("unreadable time %r in media file", text)
        return None
    offset = parsed.utcoffset()
    if offset not in (None, datetime.timedelta(0)):
        return parsed
    naive = parsed.replace(tzinfo=None)
    if clock == DeviceClock.LOCAL:
        return naive.replace(tzinfo=SHANGHAI)
    if clock == DeviceClock.UTC or offset is not None:
        return naive.replace(tzinfo=datetime.UTC)
    return naive.replace(tzinfo=SHANGHAI)


def _run_ffprobe(path: Path) -> dict[str, object] | None:
    executable = shutil.which("ffprobe")
    if executable is None:
        return None
    command = [executable, "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [*command, str(path)],
        capture_output=True,
        timeout=FFPROBE_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        logger.info("ffprobe rejected %s: %s", path, result.stderr[:500])
        raise ValidationFailed(
            "文件无法作为音视频读取，可能已损坏，请检查后重新上传。", field="file"
        )
    parsed: dict[str, object] = json.loads(result.stdout or b"{}")
    return parsed


def _tag_time(info: dict[str, object], clock: str | None) -> datetime.datetime | None:
    format_info = info.get("format")
    tags = format_info.get("tags", {}) if isinstance(format_info, dict) else {}
    candidates = [tags]
    streams = info.get("streams")
    if isinstance(streams, list):
        candidates += [stream.get("tags", {}) for stream in streams if isinstance(stream, dict)]
    for found in candidates:
        text = found.get("creation_time") if isinstance(found, dict) else None
        if text:
            return read_time(str(text), clock)
    return None


def _duration(info: dict[str, object]) -> float | None:
    format_info = info.get("format")
    value = format_info.get("duration") if isinstance(format_info, dict) else None
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def probe_av(path: Path, clock: str | None) -> MediaFacts:
    info = _run_ffprobe(path)
    if info is None:
        return MediaFacts(None, None, "服务器未安装 ffprobe，无法读取文件中的录制时间和时长")
    return MediaFacts(_tag_time(info, clock), _duration(info))


def probe_photo(path: Path, clock: str | None) -> MediaFacts:
    try:
        with Image.open(path) as image:
            exif = image.getexif().get_ifd(EXIF_IFD)
    except (UnidentifiedImageError, OSError):
        # Pillow reads no HEIC without a plug-in; the time must then be entered.
        return MediaFacts(None, None, "无法读取照片的拍摄时间")
    original_time = exif.get(DATETIME_ORIGINAL)
    if not original_time:
        return MediaFacts(None, None)
    # EXIF writes "2026:12:05 14:03:20", and the offset, when present, as "+08:00".
    date_part, _, time_part = str(original_time).partition(" ")
    text = f"{date_part.replace(':', '-')}T{time_part}{exif.get(OFFSET_TIME_ORIGINAL) or ''}"
    return MediaFacts(read_time(text, clock), None)


def check_photo_pixels(path: Path, filename: str) -> None:
    """Raise when the photo has more pixels than ``ZHIFA_PHOTO_MAX_PIXELS``.

    ``Image.open`` reads only the header, so a small file that would decode to gigabytes is
    refused without decoding it. Pillow itself refuses to open an image of more than twice
    ``Image.MAX_IMAGE_PIXELS`` (about 179 million pixels), which is over the limit too.
    """
    limit = int(settings.ZHIFA_PHOTO_MAX_PIXELS)
    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(filename, limit, "") from error
    except (UnidentifiedImageError, OSError):
        # NOTE: Pillow opens no HEIC without a plug-in, so the size of a HEIC photo is unchecked.
        return
    if width * height > limit:
        raise _too_many_pixels(filename, limit, f"为 {width}×{height} 像素，")


def _too_many_pixels(filename: str, limit: int, size_text: str) -> ValidationFailed:
    return ValidationFailed(
        f"照片“{filename}”{size_text}超过像素上限 {limit:,}，请上传相机拍摄的原始照片。",
        field="file",
    )


def probe(path: Path, media_kind: str, clock: str | None) -> MediaFacts:
    """Return the recording time and duration stored in the file at ``path``."""
    if media_kind == MediaKind.PHOTO:
        return probe_photo(path, clock)
    return probe_av(path, clock)
