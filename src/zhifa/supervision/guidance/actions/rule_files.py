"""Checks of the file that carries an adopted rule's text: PDF, Word (.docx) or plain text.

Each file is recognised by its content, not its name. The text of a .txt or .docx file is
extracted into the register, so the bureau can read it without opening the file.
"""

import io
import logging
import os
import re
import unicodedata
import zipfile

import docx

from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

MAX_RULE_FILE_BYTES = 20 * 1024 * 1024
MAX_EXTRACTED_CHARS = 200_000
# The length of AgencyRule.file_name, and the stem of a download name when the upload has none.
MAX_NAME_CHARS = 200
DEFAULT_STEM = "制度文件"
# A file extension as people type them: a dot, then one to five ASCII letters or digits with at
# least one letter (.pdf, .docx, .txt, .mp4).
FILE_EXTENSION = re.compile(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}")
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# The part every .docx package contains (ECMA-376 Part 2, the main document part).
DOCX_MAIN_PART = "word/document.xml"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}
KINDS = {content_type: kind for kind, content_type in CONTENT_TYPES.items()}
# Plain text is decoded as UTF-8, then as GB 18030 (a superset of GBK and GB 2312).
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")
# Control characters that plain text may contain: tab, line feed, form feed, carriage return.
TEXT_CONTROLS = frozenset("\t\n\f\r")


def file_kind(head: bytes, content: bytes) -> str:
    """Return pdf, docx or txt for the file's content, or raise ``ValidationFailed``."""
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC) and _is_docx(content):
        return "docx"
    if _decode_text(content) is not None:
        return "txt"
    logger.info("agency rule file rejected: not PDF, .docx or text")
    raise ValidationFailed(
        "制度文件只能是PDF、Word（.docx）或纯文本（.txt）文件；"
        "旧版.doc文件请另存为.docx后重新上传。",
        field="file",
    )


def name_for_kind(name: str, kind: str) -> str:
    """Return ``name`` with the extension of ``kind``, at most ``MAX_NAME_CHARS`` long.

    Downloads are saved under this name, so a text file uploaded as fake.pdf becomes fake.txt
    and opens as text. A suffix that is not a file extension, such as the ".2" of "办法v1.2",
    stays part of the name.
    """
    stem, extension = os.path.splitext(name.strip())
    if not FILE_EXTENSION.fullmatch(extension):
        stem += extension
    stem = stem.strip() or DEFAULT_STEM
    suffix = f".{kind}"
    return stem[: MAX_NAME_CHARS - len(suffix)] + suffix


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            return DOCX_MAIN_PART in package.namelist()
    except zipfile.BadZipFile:
        return False


def _decode_text(content: bytes) -> str | None:
    """Return the content as text, or None for bytes that are not plain text."""
    for encoding in TEXT_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # GB 18030 decodes many binary files, so control characters mark a file as binary.
        if any(unicodedata.category(char) == "Cc" and char not in TEXT_CONTROLS for char in text):
            return None
        return text
    return None


def extract_text(kind: str, content: bytes) -> str:
    """Return the file's text for a .txt or .docx file, and "" for a PDF."""
    if kind == "txt":
        text = _decode_text(content) or ""
    elif kind == "docx":
        text = _docx_text(content)
    else:
        # NOTE: PDF text is not extracted, so the register shows only the file for a PDF.
        return ""
    return text.strip()[:MAX_EXTRACTED_CHARS]


def _docx_text(content: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(content))
    except (KeyError, ValueError, zipfile.BadZipFile):
        logger.info("agency rule file rejected: unreadable .docx package")
        raise ValidationFailed(
            "Word文件无法读取，可能已损坏。请用Word重新保存后再上传。", field="file"
        ) from None
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
