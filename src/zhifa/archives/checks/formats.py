"""The accepted archival formats (归档格式) and the detection of a file's real type.

The list is a table in code, not a model or a setting. Every accepted format needs an opener in
``opening.py`` that proves a file of that format opens, and a format added without one
could never pass the usability check. Formats follow GB/T 18894-2016 practice: fixed-layout
documents (PDF, OFD), XML and plain text for structured records, and open image, audio and
video formats. Word processor and spreadsheet files are editable working formats, not archives.
"""

from dataclasses import dataclass

import filetype

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FormatRule:
    """An accepted format: its Chinese name, how to open it and the media types it may declare."""

    label: str
    opener: str
    mime_types: frozenset[str]


ACCEPTED_FORMATS: dict[str, FormatRule] = {
    "pdf": FormatRule("PDF 版式文件", "pdf", frozenset({"application/pdf"})),
    "ofd": FormatRule("OFD 版式文件", "ofd", frozenset({"application/ofd"})),
    "xml": FormatRule("XML 文件", "xml", frozenset({"application/xml", "text/xml"})),
    "txt": FormatRule("纯文本文件", "text", frozenset({"text/plain"})),
    "jpg": FormatRule("JPEG 图像", "image", frozenset({"image/jpeg"})),
    "png": FormatRule("PNG 图像", "image", frozenset({"image/png"})),
    "tiff": FormatRule("TIFF 图像", "image", frozenset({"image/tiff"})),
    "mp4": FormatRule("MP4 视频", "media", frozenset({"video/mp4", "audio/mp4"})),
    "mp3": FormatRule("MP3 音频", "media", frozenset({"audio/mpeg", "audio/mp3"})),
    "wav": FormatRule("WAV 音频", "media", frozenset({"audio/wav", "audio/x-wav"})),
}

# Spellings of the same format in file names and in the ``filetype`` package.
ALIASES = {"jpeg": "jpg", "tif": "tiff", "text": "txt", "m4a": "mp4"}

# Formats that are refused with specific advice; any other format gets the general message.
REFUSED_FORMATS: dict[str, str] = {
    "doc": "Word 文档不是归档格式，请归档其 PDF 或 OFD 版式文件",
    "docx": "Word 文档不是归档格式，请归档其 PDF 或 OFD 版式文件",
    "wps": "WPS 文档不是归档格式，请归档其 PDF 或 OFD 版式文件",
    "xls": "Excel 表格不是归档格式，请归档其 PDF 版式文件",
    "xlsx": "Excel 表格不是归档格式，请归档其 PDF 版式文件",
    "ppt": "演示文稿不是归档格式，请归档其 PDF 版式文件",
    "pptx": "演示文稿不是归档格式，请归档其 PDF 版式文件",
    "zip": "压缩包不是归档格式，请解压后逐个归档其中的文件",
    "rar": "压缩包不是归档格式，请解压后逐个归档其中的文件",
    "7z": "压缩包不是归档格式，请解压后逐个归档其中的文件",
}


def canonical(file_format: str) -> str:
    """Return the table's name for a declared format (lower case, without a leading dot)."""
    name = file_format.strip().lower().lstrip(".")
    return ALIASES.get(name, name)


def refusal(file_format: str) -> str:
    """Return why ``file_format`` is not accepted, or "" when it is on the accepted list."""
    name = canonical(file_format)
    if name in ACCEPTED_FORMATS:
        return ""
    if name in REFUSED_FORMATS:
        return REFUSED_FORMATS[name]
    accepted = "、".join(sorted(ACCEPTED_FORMATS))
    return f"格式“{name or '（空）'}”不在可接受的归档格式清单中（{accepted}）"


def detect(head: bytes) -> str | None:
    """Return the format the first bytes of a file show, or None when they show no known type.

    ``filetype`` reads magic numbers. OFD and the Office formats are ZIP files, so a ZIP is
    identified by the names of its first entries. XML and plain text have no magic number:
    XML is text that starts with ``<``, and text is anything else without NUL bytes.
    """
    kind = filetype.guess(head)
    if kind is not None:
        name = canonical(kind.extension)
        if name == "zip" and b"OFD.xml" in head:
            return "ofd"
        if name in ("mov", "m4v", "3gp"):
            return "mp4"
        return name
    if head.startswith(b"PK\x03\x04"):
        return "ofd" if b"OFD.xml" in head else "zip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"\x00" in head:
        return None
    if text.startswith(b"<"):
        return "xml"
    return "txt"


def agrees(declared: str, detected: str | None) -> bool:
    """Return whether content of the ``detected`` type may be declared as ``declared``.

    XML is also valid text, so a declared ``txt`` accepts content that looks like XML.
    """
    name = canonical(declared)
    if detected == name:
        return True
    return name == "txt" and detected == "xml"
