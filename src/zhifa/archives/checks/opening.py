"""Proof that a file opens (可用性): one opener per kind of accepted format.

Each opener takes a local path and returns "" when the file opens, or a Chinese description of
what is wrong. Openers read in bounded memory: XML is parsed incrementally, images are checked
against the pixel limit before they are decoded, audio and video are probed by ``ffprobe``,
and ``pypdf`` reads a PDF's objects on demand rather than the whole file.
"""

import codecs
import json
import logging
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

import pypdf
from django.conf import settings
from PIL import Image, UnidentifiedImageError
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

FFPROBE_TIMEOUT_SECONDS = 120
CHUNK_BYTES = 1024 * 1024


def open_pdf(path: Path) -> str:
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            return "PDF 文件已加密，归档文件不得加密，请归档未加密的版本"
        if len(reader.pages) == 0:
            return "PDF 文件没有页面"
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        logger.info("pypdf could not read %s: %s", path, error)
        return "PDF 文件无法解析，可能已损坏"
    return ""


def open_ofd(path: Path) -> str:
    """Open an OFD package (GB/T 33190): a ZIP with ``OFD.xml`` at its root, not encrypted."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
            if any(entry.flag_bits & 0x1 for entry in entries):
                return "OFD 文件已加密，归档文件不得加密"
            if "OFD.xml" not in package.namelist():
                return "OFD 文件缺少入口文件 OFD.xml"
            with package.open("OFD.xml") as entry:
                return _parse_xml(entry)
    except (zipfile.BadZipFile, OSError) as error:
        logger.info("OFD package %s unreadable: %s", path, error)
        return "OFD 文件无法解析，可能已损坏"


def open_xml(path: Path) -> str:
    with path.open("rb") as handle:
        return _parse_xml(handle)


def _parse_xml(handle: IO[bytes]) -> str:
    # Expat never fetches external entities or DTDs, and from expat 2.4.1 on it limits the
    # expansion of internal entities, so a hostile file cannot make the check fetch or explode.
    try:
        for _event, element in ElementTree.iterparse(handle, events=("end",)):  # noqa: S314 (expat limits, see above)
            element.clear()
    except ElementTree.ParseError as error:
        # The message without the file name, which is a temporary path for planned files.
        reason = getattr(error, "msg", "") or type(error).__name__
        return f"XML 文件无法解析（{str(reason)[:120]}）"
    return ""


def open_image(path: Path) -> str:
    limit = int(settings.ZHIFA_PHOTO_MAX_PIXELS)
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > limit:
                return f"图像为 {width}×{height} 像素，超过上限 {limit:,}，无法检测能否打开"
            image.load()
    except Image.DecompressionBombError:
        return f"图像像素数超过上限 {limit:,}，无法检测能否打开"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        logger.info("Pillow could not open %s: %s", path, error)
        return "图像无法打开，可能已损坏或被截断"
    return ""


def open_text(path: Path) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "文本文件不是 UTF-8 编码，请转换为 UTF-8 后归档"
    return ""


def probe_media(path: Path) -> str:
    executable = shutil.which("ffprobe")
    if executable is None:
        return "服务器未安装 ffprobe，无法检测音视频文件能否播放"
    command = [executable, "-v", "error", "-print_format", "json", "-show_streams", str(path)]
    try:
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            command, capture_output=True, timeout=FFPROBE_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        return f"音视频文件在 {FFPROBE_TIMEOUT_SECONDS} 秒内未能读取完毕，可能已损坏"
    if result.returncode != 0:
        logger.info("ffprobe rejected %s: %s", path, result.stderr[:500])
        return "音视频文件无法读取（ffprobe 报错），可能已损坏或不是音视频文件"
    streams = json.loads(result.stdout or b"{}").get("streams") or []
    if not streams:
        return "音视频文件中没有可播放的音频或视频流"
    return ""


OPENERS: dict[str, Callable[[Path], str]] = {
    "pdf": open_pdf,
    "ofd": open_ofd,
    "xml": open_xml,
    "image": open_image,
    "text": open_text,
    "media": probe_media,
}


@contextmanager
def local_file(handle: IO[bytes]) -> Iterator[Path]:
    """Yield a local path holding the bytes of ``handle``, copying them only when needed.

    A handle of a file on a local disk (as ``FileSystemStorage.open`` returns) is used in
    place; any other handle, such as an S3 object, is copied to a temporary file first.
    """
    name = getattr(handle, "name", None)
    if isinstance(name, str) and Path(name).is_absolute() and Path(name).is_file():
        yield Path(name)
        return
    with tempfile.NamedTemporaryFile(prefix="zhifa-check-") as copy:
        shutil.copyfileobj(handle, copy, CHUNK_BYTES)
        copy.flush()
        yield Path(copy.name)
