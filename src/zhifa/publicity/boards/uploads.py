"""Checks of the files a post information board shows: staff photos and sample forms.

The board is public, so only formats a browser shows safely (photos) or a visitor opens in an
office program (forms) are stored, and each is recognised by its content, not its file name.
"""

import logging
import zipfile

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageFile, UnidentifiedImageError

from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# A staff photo of 6000×6000 pixels is far more than a printed board needs. Checking the size
# from the header rejects a decompression bomb before Pillow decodes any pixels.
MAX_PHOTO_PIXELS = 36_000_000
# Minimum width and height of a photo, in pixels, so that the printed board stays legible.
MIN_PHOTO_SIDE = 100
# Pillow format name to the file extension the photo is stored under.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

MAX_FORM_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
# Compound File Binary header of the Word 97–2003 .doc format.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# The part every .docx package contains (ECMA-376 Part 2, the main document part).
DOCX_MAIN_PART = "word/document.xml"


def check_photo(upload: UploadedFile) -> str:
    """Return the extension to store a staff photo under, or raise for a bad upload."""
    size = upload.size or 0
    if size > MAX_PHOTO_BYTES:
        raise ValidationFailed(
            f"照片不能超过5MB，所选文件为{size / 1024 / 1024:.1f}MB。", field="photo"
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            image_format = image.format or ""
            if width * height > MAX_PHOTO_PIXELS:
                raise _too_many_pixels(width, height)
            image.verify()
    except Image.DecompressionBombError:
        raise _too_many_pixels(0, 0) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        logger.info("board photo rejected: not a readable image")
        raise ValidationFailed(
            "照片无法识别为图片，请上传JPEG、PNG或WebP格式的照片。", field="photo"
        ) from None
    finally:
        upload.seek(0)

    _decode_fully(upload)
    extension = PHOTO_FORMATS.get(image_format)
    if extension is None:
        raise ValidationFailed(
            f"照片格式{image_format}不受支持，请上传JPEG、PNG或WebP格式的照片。", field="photo"
        )
    if width < MIN_PHOTO_SIDE or height < MIN_PHOTO_SIDE:
        raise ValidationFailed(
            f"照片尺寸过小：应至少为{MIN_PHOTO_SIDE}×{MIN_PHOTO_SIDE}像素，"
            f"所选照片为{width}×{height}像素。",
            field="photo",
        )
    return extension


def _decode_fully(upload: UploadedFile) -> None:
    """Decode every pixel, and reject a truncated or damaged file.

    ``verify()`` does not decode the pixel data, so a half-uploaded JPEG passes it. An image
    cannot be used after ``verify()``, hence the second open.
    """
    # Pillow's process-wide switch. False (its default) makes a truncated file an error, so
    # it is set here in case other code turned it on.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except (OSError, SyntaxError, ValueError):
        logger.info("board photo rejected: truncated or damaged image data")
        raise ValidationFailed(
            "照片文件不完整或已损坏（可能上传中断），无法完整读取。请重新保存照片后再上传。",
            field="photo",
        ) from None
    finally:
        upload.seek(0)


def _too_many_pixels(width: int, height: int) -> ValidationFailed:
    size = f"所选照片为{width}×{height}像素，" if width else ""
    logger.info("board photo rejected as too large: %sx%s", width, height)
    return ValidationFailed(
        f"照片像素过多：{size}上限为{MAX_PHOTO_PIXELS // 10_000}万像素，请缩小后重新上传。",
        field="photo",
    )


def check_sample_form(upload: UploadedFile) -> str:
    """Return the extension (pdf, doc or docx) to store a sample form under, or raise."""
    size = upload.size or 0
    if size == 0:
        raise ValidationFailed("所选文件是空的，请重新选择。", field="file")
    if size > MAX_FORM_BYTES:
        raise ValidationFailed(
            f"示范文本不能超过20MB，所选文件为{size / 1024 / 1024:.1f}MB。", field="file"
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "doc"
    if head.startswith(ZIP_MAGIC) and _is_docx(upload):
        return "docx"
    logger.info("board sample form rejected: not PDF or Word")
    raise ValidationFailed(
        "示范文本只能是PDF或Word（.doc、.docx）文件，请转换格式后重新上传。", field="file"
    )


def _is_docx(upload: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(upload) as package:
            return DOCX_MAIN_PART in package.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
