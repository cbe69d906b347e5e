"""The file formats an AV record may have, by extension, and how their content is recognised.

Body-worn cameras and docking stations produce these formats. ``sniffed`` lists the MIME types
that the ``filetype`` package (1.2) reports for genuine files of each extension: ISO base media
files (MP4, MOV, M4A) carry different brands depending on the recorder, so each of those
extensions accepts the whole family.
"""

from dataclasses import dataclass

from zhifa.core.errors import ValidationFailed
from zhifa.evidence.models import MediaKind

_ISO_MEDIA = frozenset({"video/mp4", "video/quicktime", "audio/mp4", "video/x-m4v", "video/3gpp"})


@dataclass(frozen=True)
class FileFormat:
    extension: str
    mime_type: str
    media_kind: str
    declared: frozenset[str]
    sniffed: frozenset[str]


def _format(ext: str, mime: str, kind: str, declared: set[str], sniffed: set[str]) -> FileFormat:
    return FileFormat(ext, mime, kind, frozenset(declared | {mime}), frozenset(sniffed | {mime}))


FORMATS = {
    f.extension: f
    for f in (
        _format("mp4", "video/mp4", MediaKind.VIDEO, set(), set(_ISO_MEDIA)),
        _format("mov", "video/quicktime", MediaKind.VIDEO, set(), set(_ISO_MEDIA)),
        _format("avi", "video/x-msvideo", MediaKind.VIDEO, {"video/avi", "video/msvideo"}, set()),
        _format("mkv", "video/x-matroska", MediaKind.VIDEO, set(), set()),
        _format("webm", "video/webm", MediaKind.VIDEO, set(), set()),
        _format("mp3", "audio/mpeg", MediaKind.AUDIO, {"audio/mp3"}, set()),
        _format("m4a", "audio/mp4", MediaKind.AUDIO, {"audio/x-m4a", "audio/m4a"}, set(_ISO_MEDIA)),
        _format("aac", "audio/aac", MediaKind.AUDIO, {"audio/x-aac"}, set()),
        _format(
            "wav", "audio/wav", MediaKind.AUDIO, {"audio/x-wav", "audio/wave"}, {"audio/x-wav"}
        ),
        _format("amr", "audio/amr", MediaKind.AUDIO, set(), set()),
        _format("jpg", "image/jpeg", MediaKind.PHOTO, set(), set()),
        _format("jpeg", "image/jpeg", MediaKind.PHOTO, set(), set()),
        _format("png", "image/png", MediaKind.PHOTO, set(), set()),
        _format("heic", "image/heic", MediaKind.PHOTO, {"image/heif"}, {"image/heif"}),
    )
}

GENERIC_TYPE = "application/octet-stream"
SUPPORTED_LABEL = "视频 mp4、mov、avi、mkv、webm，音频 mp3、m4a、aac、wav、amr，照片 jpg、png、heic"


def extension_of(filename: str) -> str:
    _, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


def format_for(filename: str, declared_type: str = "") -> FileFormat:
    """Return the format of ``filename``; raise when the extension or declared type is unsupported.

    An empty or generic ``declared_type`` (browsers send none, or application/octet-stream,
    for some formats) means the extension's type.
    """
    found = FORMATS.get(extension_of(filename))
    if found is None:
        raise ValidationFailed(
            f"不支持文件“{filename}”的格式。支持的格式：{SUPPORTED_LABEL}。", field="filename"
        )
    declared = declared_type.split(";")[0].strip().lower()
    if declared and declared != GENERIC_TYPE and declared not in found.declared:
        raise ValidationFailed(
            f"声明的格式“{declared}”与文件扩展名“.{found.extension}”不符，"
            f"支持的格式：{SUPPORTED_LABEL}。",
            field="declared_type",
        )
    return found
