"""Bulk import from a docking station (执法记录仪采集站) folder.

A docking station copies each camera's files into a folder named after the camera's serial
number. ``import_folder`` walks the folder and hashes each media file. It skips a file whose
content the agency already has a record of, and stores the others through ``ingest.ingest``,
the path every upload takes.

A JSON file with the same stem as a media file (``REC0001.json`` next to ``REC0001.mp4``)
gives the record's facts: ``officers`` (credential numbers), ``place``, ``case`` (case
number), ``scene`` (scene code), and optionally ``started_at``, ``ended_at``,
``party_informed``, ``recorder_kind``, ``third_party_name``, ``sensitivity`` and ``note``.
A sidecar field of the wrong JSON type rejects only its media file. Files of formats that are
not media (``notes.txt``) are skipped and reported as such.
"""

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Q

from zhifa.accounts.models import User
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency, Credential
from zhifa.cases.models import Case
from zhifa.core import digests
from zhifa.core.errors import ValidationFailed, ZhifaError
from zhifa.evidence.models import RecordingDevice, StoredContent
from zhifa.evidence.uploads import ingest, protocol, types

logger = logging.getLogger(__name__)

IMPORTED = "imported"
SKIPPED = "skipped"
REJECTED = "rejected"
NOT_MEDIA = "not_media"
OUTCOME_LABELS = {IMPORTED: "已导入", SKIPPED: "已跳过", REJECTED: "未导入", NOT_MEDIA: "已跳过"}
SIDECAR_SUFFIX = ".json"
# Record facts a docking station's sidecar file may give as they are.
SIDECAR_FIELDS = (
    "place",
    "started_at",
    "ended_at",
    "party_informed",
    "recorder_kind",
    "third_party_name",
    "sensitivity",
    "note",
    "party",
    "step",
)
# Sidecar fields whose value must be a JSON string.
TEXT_FIELDS = (
    "place",
    "started_at",
    "ended_at",
    "recorder_kind",
    "third_party_name",
    "sensitivity",
    "note",
    "scene",
)


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    outcome: str
    detail: str


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def totals(self) -> Counter[str]:
        return Counter(item.outcome for item in self.outcomes)


@dataclass(frozen=True)
class ImportOptions:
    """The command's options; ``scene`` is a scene code used when a sidecar names none."""

    user: User
    agency: Agency | None = None
    device: RecordingDevice | None = None
    scene: str = ""


def find_agency(user: User, text: str) -> Agency:
    """Return the agency in the user's scope with this USCC, short name, full name or id."""
    lookup = Q(uscc=text) | Q(short_name=text) | Q(name=text)
    if text.isdigit():
        lookup |= Q(pk=int(text))
    found = restrict(Agency.objects.filter(lookup), user).first()
    if found is None:
        raise ValidationFailed(f"执法主体“{text}”不存在或不在导入人的管理范围内。", field="agency")
    return found


def find_device(user: User, serial: str) -> RecordingDevice | None:
    return restrict(RecordingDevice.objects.filter(serial_number=serial), user).first()


def _read_sidecar(media: Path) -> dict[str, Any]:
    sidecar = media.with_suffix(SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        loaded = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        message = f"附带的信息文件{sidecar.name}无法读取：{error}"
        raise ValidationFailed(message, field="sidecar") from error
    if not isinstance(loaded, dict):
        raise ValidationFailed(f"附带的信息文件{sidecar.name}应为 JSON 对象。", field="sidecar")
    return loaded


def _wrong_type(sidecar_name: str, key: str, expected: str, value: Any) -> ValidationFailed:
    received = json.dumps(value, ensure_ascii=False)[:60]
    return ValidationFailed(
        f"附带的信息文件{sidecar_name}中“{key}”应为{expected}，收到 {received}。", field=key
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_sidecar_types(sidecar_name: str, sidecar: dict[str, Any]) -> None:
    """Raise when a sidecar field has the wrong JSON type; ``officers`` is checked on reading."""
    for key in TEXT_FIELDS:
        value = sidecar.get(key)
        if value is not None and not isinstance(value, str):
            raise _wrong_type(sidecar_name, key, "文字（JSON 字符串）", value)
    informed = sidecar.get("party_informed")
    if informed is not None and not isinstance(informed, bool | str):
        raise _wrong_type(sidecar_name, "party_informed", "true 或 false", informed)
    for key in ("party", "step"):
        value = sidecar.get(key)
        if value is not None and not (_is_number(value) or isinstance(value, str)):
            raise _wrong_type(sidecar_name, key, "编号（整数）", value)
    case = sidecar.get("case")
    if case is not None and not (_is_number(case) or isinstance(case, str)):
        raise _wrong_type(sidecar_name, "case", "案号（文字）", case)


def credential_numbers(sidecar_name: str, value: Any) -> list[str]:
    """Return the credential numbers of ``officers``: a list, or one number given as a string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    expected = '执法证号的列表，例如 ["3118000119", "3118000120"]'
    if not isinstance(value, list):
        raise _wrong_type(sidecar_name, "officers", expected, value)
    for item in value:
        if not (isinstance(item, str) or _is_number(item)):
            raise _wrong_type(sidecar_name, "officers", expected, value)
    return [str(item) for item in value]


def _officer_ids(user: User, numbers: list[str]) -> list[int]:
    ids = []
    for number in numbers:
        credential = restrict(Credential.objects.filter(number=number), user).first()
        if credential is None:
            raise ValidationFailed(f"执法证号“{number}”不存在或不在管理范围内。", field="officers")
        ids.append(credential.officer_id)
    return ids


def _case_id(user: User, number: Any) -> int | None:
    if not number:
        return None
    case = restrict(Case.objects.filter(number=str(number)), user).first()
    if case is None:
        raise ValidationFailed(f"案号“{number}”不存在或不在管理范围内。", field="case")
    return case.pk


def record_metadata(
    options: ImportOptions, media: Path, sidecar: dict[str, Any], device: RecordingDevice | None
) -> dict[str, Any]:
    """Return the record facts of one file in the form ``metadata.validate`` takes."""
    sidecar_name = media.with_suffix(SIDECAR_SUFFIX).name
    check_sidecar_types(sidecar_name, sidecar)
    raw = {key: sidecar.get(key) for key in SIDECAR_FIELDS if key in sidecar}
    raw["scene"] = sidecar.get("scene") or options.scene
    if not raw["scene"]:
        raise ValidationFailed(
            f"未指定场景：请在附带的信息文件{sidecar_name}中填写“scene”（场景代码），"
            "或在命令中用 --scene 指定。",
            field="scene",
        )
    numbers = credential_numbers(sidecar_name, sidecar.get("officers"))
    raw["officers"] = _officer_ids(options.user, numbers)
    raw["case"] = _case_id(options.user, sidecar.get("case"))
    raw["device"] = device.pk if device is not None else None
    if options.agency is not None:
        raw["agency"] = options.agency.pk
    return raw


def _already_stored(agency_id: int | None, digest: str) -> str:
    if agency_id is None or not StoredContent.objects.filter(pk=digest).exists():
        return ""
    earlier = ingest.existing_record(agency_id, digest)
    return f"已存证为音像记录（编号 {earlier.pk}）" if earlier is not None else ""


def import_file(options: ImportOptions, path: Path, device: RecordingDevice | None) -> FileOutcome:
    try:
        protocol.check_filename(path.name)
        types.format_for(path.name)
        size = path.stat().st_size
        if size == 0:
            raise ValidationFailed(ingest.EMPTY_FILE, field="size")
        with path.open("rb") as handle:
            digest = digests.of_file(handle)
        agency = options.agency or (device.agency if device else options.user.agency)
        skipped = _already_stored(agency.pk if agency else None, digest)
        if skipped:
            return FileOutcome(path, SKIPPED, skipped)
        incoming = ingest.IncomingFile(
            user=options.user,
            path=path,
            filename=path.name,
            declared_type="",
            size=size,
            client_digest=digest,
            metadata=record_metadata(options, path, _read_sidecar(path), device),
            source="docking_station",
        )
        record = ingest.ingest(incoming)
    except ZhifaError as error:
        return FileOutcome(path, REJECTED, error.message)
    except OSError as error:
        return FileOutcome(path, REJECTED, f"文件无法读取：{error.strerror}")
    return FileOutcome(path, IMPORTED, f"音像记录编号 {record.pk}，{digest}")


def _media_files(folder: Path) -> list[Path]:
    # Symbolic links are left out: one could point outside the docking station's folder.
    files = [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not path.is_symlink()
        and not path.name.startswith(".")
        and path.suffix.lower() != SIDECAR_SUFFIX
    ]
    return files


def _device_for(options: ImportOptions, folder: Path, path: Path) -> RecordingDevice | None:
    """Return the --device, else the device named by the first subfolder below FOLDER."""
    if options.device is not None:
        return options.device
    relative = path.relative_to(folder)
    if len(relative.parts) < 2:
        return None
    serial = relative.parts[0]
    device = find_device(options.user, serial)
    if device is None:
        raise ValidationFailed(
            f"文件夹名“{serial}”不是管理范围内执法记录仪的序列号。", field="device"
        )
    return device


def import_folder(options: ImportOptions, folder: Path) -> ImportReport:
    """Import every file below ``folder``; one file's failure never stops the others."""
    report = ImportReport()
    for path in _media_files(folder):
        outcome = _import_one(options, folder, path)
        logger.info("import %s: %s (%s)", path, outcome.outcome, outcome.detail)
        report.outcomes.append(outcome)
    return report


def _import_one(options: ImportOptions, folder: Path, path: Path) -> FileOutcome:
    if types.extension_of(path.name) not in types.FORMATS:
        return FileOutcome(path, NOT_MEDIA, f"不是音像文件（支持的格式：{types.SUPPORTED_LABEL}）")
    try:
        device = _device_for(options, folder, path)
        return import_file(options, path, device)
    except ValidationFailed as error:
        return FileOutcome(path, REJECTED, error.message)
    except Exception:
        logger.exception("import of %s failed", path)
        return FileOutcome(path, REJECTED, "导入时发生系统错误，详情见服务器日志。")
