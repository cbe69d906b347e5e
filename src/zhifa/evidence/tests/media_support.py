"""Small real media files for tests, made with ffmpeg (video, audio) and Pillow (photos).

Each file is a few seconds of a 64x64 test pattern or a sine tone, so it is a few kilobytes
and takes well under a second to make. ``creation_time`` is written as given into the
container's ``creation_time`` tag, so a test can imitate a camera that writes local time with
a ``Z`` as well as one that writes true UTC.
"""

import datetime
import shutil
import subprocess
from pathlib import Path

from PIL import Image

EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867
OFFSET_TIME_ORIGINAL = 36881

_AUDIO_CODECS = {".m4a": "aac", ".aac": "aac", ".mp3": "libmp3lame", ".wav": "pcm_s16le"}


def ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        raise RuntimeError("ffmpeg is not installed; the media tests need it at /usr/bin/ffmpeg")
    return found


def _time_tag(creation_time: datetime.datetime | str | None) -> list[str]:
    if creation_time is None:
        return ["-map_metadata", "-1"]
    text = creation_time if isinstance(creation_time, str) else creation_time.isoformat()
    return ["-metadata", f"creation_time={text}"]


def _run(arguments: list[str]) -> None:
    subprocess.run(  # noqa: S603 (ffmpeg with arguments built here, no shell)
        [ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", *arguments], check=True
    )


def make_video(
    path: Path, seconds: float = 2, creation_time: datetime.datetime | str | None = None
) -> Path:
    """Write an H.264/AAC video of ``seconds`` at ``path`` (MP4 or MOV by its extension)."""
    _run(
        [
            *("-f", "lavfi", "-i", f"testsrc=size=64x64:rate=10:duration={seconds}"),
            *("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"),
            *("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"),
            *("-movflags", "+faststart"),
            *_time_tag(creation_time),
            str(path),
        ]
    )
    return path


def make_audio(
    path: Path, seconds: float = 2, creation_time: datetime.datetime | str | None = None
) -> Path:
    """Write a sine tone of ``seconds`` at ``path``; the codec follows the extension."""
    codec = _AUDIO_CODECS.get(path.suffix.lower(), "aac")
    _run(
        [
            *("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"),
            *("-c:a", codec),
            *_time_tag(creation_time),
            str(path),
        ]
    )
    return path


def make_photo(path: Path, taken_at: datetime.datetime | None = None, offset: str = "") -> Path:
    """Write a 64x64 photo (JPEG or PNG by extension); ``taken_at`` is EXIF DateTimeOriginal.

    EXIF stores the time without a zone; ``offset`` (such as "+08:00") fills OffsetTimeOriginal.
    """
    image = Image.new("RGB", (64, 64), (30, 90, 160))
    exif = Image.Exif()
    if taken_at is not None:
        details = exif.get_ifd(EXIF_IFD)
        details[DATETIME_ORIGINAL] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        if offset:
            details[OFFSET_TIME_ORIGINAL] = offset
    if taken_at is None:
        image.save(path)
    else:
        image.save(path, exif=exif.tobytes())
    return path
