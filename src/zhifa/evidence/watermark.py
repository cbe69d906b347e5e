"""Visible watermarks (水印) on downloaded records: who downloaded them and when.

Photos are re-rendered with Pillow at most ``MAX_PHOTO_SIDE`` pixels on the long side, and a
photo of more than ``ZHIFA_PHOTO_MAX_PIXELS`` is refused before it is decoded. Videos go through
ffmpeg's drawtext filter into a temporary file that is then streamed and deleted. Audio cannot
carry a visible mark, so it is served unchanged with the watermark text in the
``X-Zhifa-Watermark`` header and the access log entry as the record of who took it. At most
``ZHIFA_WATERMARK_CONCURRENCY`` (default 2) videos are re-encoded at once per server process,
because each run keeps a CPU core busy.
"""

import datetime
import io
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont, ImageOps

from zhifa.accounts.models import User
from zhifa.core.chinese_dates import chinese_datetime
from zhifa.core.errors import ZhifaError
from zhifa.evidence import streaming
from zhifa.evidence.models import StoredContent

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# NotoSansCJK-Regular.ttc contains the JP, KR, SC, TC and HK faces in that order, so 2 is SC.
CJK_FONT_INDEX = 2
HEADER = "X-Zhifa-Watermark"
FFMPEG_TIMEOUT_SECONDS = 30 * 60
MAX_PHOTO_SIDE = 4096
# Shown next to the download link of a photo.
PHOTO_DOWNLOAD_NOTE = (
    f"照片下载件为加注水印的缩小版（长边不超过 {MAX_PHOTO_SIDE} 像素）；"
    "原始文件由档案管理人员保管，确需原件的请向档案管理人员申请。"
)


class WatermarkUnavailable(ZhifaError):
    """The watermark cannot be made on this server right now; nothing was served."""

    code = "watermark_unavailable"
    status = 503


MAX_VIDEO_WIDTH = 1920
_slots = threading.BoundedSemaphore(int(getattr(settings, "ZHIFA_WATERMARK_CONCURRENCY", 2)))


def watermark_text(user: User, at: datetime.datetime | None = None) -> str:
    """Return the mark: the user's name and username and the time in Shanghai."""
    moment = (at or timezone.now()).astimezone(SHANGHAI)
    name = user.full_name or user.username
    return f"{name}（{user.username}）{chinese_datetime(moment)}"


def header_value(text: str) -> str:
    """Return ``text`` percent-encoded as UTF-8, since HTTP header values must be ASCII."""
    return "UTF-8''" + quote(text, safe="")


def font_path() -> Path | None:
    configured = getattr(settings, "ZHIFA_WATERMARK_FONT", None)
    path = Path(configured) if configured else CJK_FONT
    return path if path.exists() else None


def _ascii_only(text: str) -> str:
    return "".join(ch if ch.isascii() else "?" for ch in text)


def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """Return a font for the mark and whether it can draw Chinese."""
    path = font_path()
    if path is not None:
        index = CJK_FONT_INDEX if path.suffix == ".ttc" else 0
        return ImageFont.truetype(str(path), size, index=index), True
    logger.warning("no CJK font at %s; watermarks carry only the ASCII characters", CJK_FONT)
    return ImageFont.load_default(size), False


def _open_photo(data: bytes) -> Image.Image:
    """Open a photo for marking; raise when it has more pixels than ``ZHIFA_PHOTO_MAX_PIXELS``.

    Uploads are checked against the same limit, so only a photo stored before that check
    existed, or after the limit was lowered, is refused here.
    """
    limit = int(settings.ZHIFA_PHOTO_MAX_PIXELS)
    message = (
        f"照片像素超过上限 {limit:,}，无法生成加注水印的下载件。原始文件请向档案管理人员申请。"
    )
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:
        raise WatermarkUnavailable(message) from error
    width, height = image.size
    if width * height > limit:
        logger.warning("photo of %sx%s pixels not marked: over %s", width, height, limit)
        raise WatermarkUnavailable(message)
    return image


def mark_photo(data: bytes, text: str) -> bytes:
    """Return the photo reduced to ``MAX_PHOTO_SIDE`` with ``text`` drawn across its lower part.

    The output is PNG for a PNG or transparent input and JPEG otherwise. Decoding a large
    photo takes hundreds of megabytes, so photos share the slots of video marking.
    """
    if not _slots.acquire(timeout=5):
        raise WatermarkUnavailable("正在生成水印的下载较多，请几分钟后再试。")
    try:
        return _mark_photo(data, text)
    finally:
        _slots.release()


def _mark_photo(data: bytes, text: str) -> bytes:
    image = _open_photo(data)
    input_format = image.format
    # A JPEG is decoded straight at 1/2, 1/4 or 1/8 scale when that still covers the bound.
    image.draft(None, (MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    # Reduce before turning upright, so that no full-size copy is made.
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    image = ImageOps.exif_transpose(image)
    output_format = "PNG" if input_format == "PNG" or image.mode in ("RGBA", "LA", "P") else "JPEG"
    canvas = image.convert("RGBA")
    size = max(14, canvas.width // 40)
    font, has_cjk = _font(size)
    label = text if has_cjk else _ascii_only(text)

    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    margin = size // 2
    box = draw.textbbox((0, 0), label, font=font)
    height = box[3] - box[1]
    for row in range(1, 4):
        top = canvas.height * row // 4 - height
        draw.rectangle((0, top - margin, canvas.width, top + height + margin), fill=(0, 0, 0, 90))
        draw.text((margin, top - box[1]), label, font=font, fill=(255, 255, 255, 220))
    marked = Image.alpha_composite(canvas, layer)

    buffer = io.BytesIO()
    if output_format == "PNG":
        marked.save(buffer, "PNG")
    else:
        marked.convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def read_photo(content: StoredContent) -> bytes:
    """Return a photo's bytes; photos are small enough to re-render in memory."""
    return b"".join(streaming.content_pieces(content, 0, content.size))


def _ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        raise WatermarkUnavailable(
            "服务器未安装 ffmpeg，无法为视频添加水印，暂不能下载视频。请联系系统管理员安装 ffmpeg。"
        )
    return found


def _source_file(content: StoredContent, folder: Path) -> Path:
    """Return a local path of the content, copying it piece by piece when it is not on disk."""
    storage = streaming.evidence_storage()
    try:
        return Path(storage.path(content.storage_name))
    except NotImplementedError:
        copy = folder / "source"
        with copy.open("wb") as handle:
            for piece in streaming.content_pieces(content, 0, content.size):
                handle.write(piece)
        return copy


def _drawtext(text_file: Path) -> str:
    font = font_path()
    options = [f"textfile={text_file}", "fontcolor=white@0.85", "box=1", "boxcolor=black@0.35"]
    options += ["fontsize=h/24", "x=(w-text_w)/2", "y=h-2*text_h"]
    if font is not None:
        options.insert(0, f"fontfile={font}")
    return "drawtext=" + ":".join(options)


def _run_ffmpeg(command: list[str], output: Path, digest: str) -> None:
    try:
        result = subprocess.run(  # noqa: S603 - a fixed program with arguments built here
            command, capture_output=True, timeout=FFMPEG_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        output.unlink(missing_ok=True)
        logger.error("ffmpeg timed out after %s s on %s", FFMPEG_TIMEOUT_SECONDS, digest)
        raise WatermarkUnavailable("视频水印生成超时，请联系系统管理员。") from error
    if result.returncode != 0:
        output.unlink(missing_ok=True)
        logger.error("ffmpeg failed on %s: %s", digest, result.stderr[-2000:])
        raise WatermarkUnavailable("视频水印生成失败，请联系系统管理员查看服务器日志。")


def mark_video(content: StoredContent, text: str, suffix: str = ".mp4") -> Path:
    """Return a temporary video file with ``text`` burnt in; the caller deletes it."""
    ffmpeg = _ffmpeg()
    if not _slots.acquire(timeout=5):
        raise WatermarkUnavailable("正在生成水印的视频下载较多，请几分钟后再试。")
    try:
        with tempfile.TemporaryDirectory(prefix="zhifa-watermark-") as folder:
            work = Path(folder)
            text_file = work / "text.txt"
            text_file.write_text(text if font_path() else _ascii_only(text), encoding="utf-8")
            source = _source_file(content, work)
            handle, name = tempfile.mkstemp(prefix="zhifa-marked-", suffix=suffix)
            os.close(handle)
            output = Path(name)
            command = [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-i", str(source)]
            # Downloads are scaled to at most 1920 px wide before marking: an 8K clip would
            # otherwise take gigabytes of encoder memory, and 1080p is enough to view evidence.
            video_filter = f"scale='min({MAX_VIDEO_WIDTH},iw)':-2,{_drawtext(text_file)}"
            command += ["-vf", video_filter, "-c:v", "libx264", "-preset", "veryfast"]
            command += ["-threads", "2"]
            command += ["-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart"]
            command.append(str(output))
            _run_ffmpeg(command, output, content.digest)
    finally:
        _slots.release()
    return output
