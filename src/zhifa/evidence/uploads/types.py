"""The file formats an AV record may have, by extension, and how their content is recognised.

Body-worn cameras and docking stations produce these formats. ``sniffed`` lists the MIME types
that the ``filetype`` package (1.2) reports for genuine files of each extension: ISO base media
files (MP4, MOV, M4A) carry different brands depending on the recorder, so each of those
extensions accepts the whole family.

``carries_time`` is true when ``probe`` can read a recording time from files of the format:
the ``creation_time`` tag of MP4, MOV, M4A, MKV and WebM files, and EXIF DateTimeOriginal of
JPEG and HEIC photos. WAV, AMR, AAC, MP3, AVI and PNG files carry no such field (or one that
``probe`` does not read), so their start time must be entered when the upload starts.
"""

import datetime
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
    carries_time: bool


def _format(
    ext: str, mime: str, kind: str, declared: set[str], sniffed: set[str], carries_time: bool
) -> FileFormat:
    return FileFormat(
        ext, mime, kind, frozenset(declared | {mime}), frozenset(sniffed | {mime}), carries_time
    )


FORMATS = {
    f.extension: f
    for f in (
        _format("mp4", "video/mp4", MediaKind.VIDEO, set(), set(_ISO_MEDIA), True),
        _format("mov", "video/quicktime", MediaKind.VIDEO, set(), set(_ISO_MEDIA), True),
        _format(
            "avi", "video/x-msvideo", MediaKind.VIDEO, {"video/avi", "video/msvideo"}, set(), False
        ),
        _format("mkv", "video/x-matroska", MediaKind.VIDEO, set(), set(), True),
        _format("webm", "video/webm", MediaKind.VIDEO, set(), set(), True),
        _format("mp3", "audio/mpeg", MediaKind.AUDIO, {"audio/mp3"}, set(), False),
        _format(
            "m4a", "audio/mp4", MediaKind.AUDIO, {"audio/x-m4a", "audio/m4a"}, set(_ISO_MEDIA), True
        ),
        _format("aac", "audio/aac", MediaKind.AUDIO, {"audio/x-aac"}, set(), False),
        _format(
            "wav",
            "audio/wav",
            MediaKind.AUDIO,
            {"audio/x-wav", "audio/wave"},
            {"audio/x-wav"},
            False,
        ),
        _format("amr", "audio/amr", MediaKind.AUDIO, set(), set(), False),
        _format("jpg", "image/jpeg", MediaKind.PHOTO, set(), set(), True),
        _format("jpeg", "image/jpeg", MediaKind.PHOTO, set(), set(), True),
        _format("png", "image/png", MediaKind.PHOTO, set(), set(), False),
        _format("heic", "image/heic", MediaKind.PHOTO, {"image/heif"}, {"image/heif"}, True),
    )
}

GENERIC_TYPE = "application/octet-stream"
# The extensions whose files never carry a recording time that ``probe`` reads.
TIMELESS_LABEL = "、".join(sorted(ext for ext, fmt in FORMATS.items() if not fmt.carries_time))
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


def check_time_known(file_format: FileFormat, started_at: datetime.datetime | None) -> None:
    """Raise when the format carries no recording time and no start time was entered."""
    if file_format.carries_time or started_at is not None:
        return
    raise ValidationFailed(
        f"“.{file_format.extension}”格式的文件不含录制时间，请填写“开始时间”后再上传。",
        field="started_at",
    )
