"""The facts of an AV record entered with its upload, checked before any byte is sent.

The same check runs again when the upload is finished, so a case closed or a scene withdrawn
in between is noticed. Everything a record links to (case, device, officers, scene) must lie in
the user's scope and belong to the record's agency. That agency is the one named in
``agency`` (the bulk import names it), else the case's, else the device's, else the user's.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhifa.accounts.models import User
from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import Agency, Officer
from zhifa.cases.models import Case, CaseStep, Party
from zhifa.core.chinese_dates import chinese_datetime
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.models import RecorderKind, RecordingDevice, SceneType, Sensitivity

SHANGHAI = ZoneInfo("Asia/Shanghai")
STATE_SECRET = "state_secret"  # noqa: S105 (a marking value, not a password)
STATE_SECRET_MESSAGE = "涉及国家秘密的内容不得上传本系统，请通过涉密渠道办理。"  # noqa: S105
# 行政处罚法 Art. 42: enforcement is carried out by at least two officers.
MIN_OFFICERS = 2
# How far an entered time may lie ahead of the server clock, for a device clock running fast.
MAX_TIME_AHEAD = datetime.timedelta(minutes=10)
# Earliest plausible recording time. Body-worn cameras came into use long after it, so an
# earlier time is a typing error or a camera whose clock was never set.
EARLIEST_RECORDING = datetime.datetime(2000, 1, 1, tzinfo=SHANGHAI)


@dataclass
class RecordFields:
    """The checked facts of a record, with the rows they name."""

    agency: Agency
    scene: SceneType
    place: str
    party_informed: bool
    recorder_kind: str
    third_party_name: str = ""
    sensitivity: str = Sensitivity.NORMAL
    note: str = ""
    case: Case | None = None
    party: Party | None = None
    step: CaseStep | None = None
    device: RecordingDevice | None = None
    officers: list[Officer] = field(default_factory=list)
    started_at: datetime.datetime | None = None
    ended_at: datetime.datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the fields as stored in ``Upload.metadata``, rows by primary key."""
        return {
            "agency": self.agency.pk,
            "scene": self.scene.pk,
            "case": self.case.pk if self.case else None,
            "party": self.party.pk if self.party else None,
            "step": self.step.pk if self.step else None,
            "device": self.device.pk if self.device else None,
            "officers": [officer.pk for officer in self.officers],
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "place": self.place,
            "party_informed": self.party_informed,
            "recorder_kind": self.recorder_kind,
            "third_party_name": self.third_party_name,
            "sensitivity": self.sensitivity,
            "note": self.note,
        }


def _text(raw: dict[str, Any], name: str, label: str, max_length: int, required: bool) -> str:
    text = str(raw.get(name) or "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写“{label}”。", field=name)
    if len(text) > max_length:
        raise ValidationFailed(f"“{label}”不能超过{max_length}个字。", field=name)
    return text


def _id(raw: dict[str, Any], name: str, label: str) -> int | None:
    value: Any = raw.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(f"“{label}”应为编号（整数），收到“{value}”。", field=name) from None


def parse_time(value: Any, name: str, label: str) -> datetime.datetime | None:
    """Return an aware time; a time entered without a zone is Shanghai time."""
    if value in (None, ""):
        return None
    try:
        parsed = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
    except ValueError:
        # Well-formed but impossible, such as 2026-02-30T10:00.
        parsed = None
    if parsed is None:
        raise ValidationFailed(
            f"“{label}”格式不正确，应为日期时间，例如 2026-12-05T14:03:20。", field=name
        )
    if parsed.year < EARLIEST_RECORDING.year:
        # Checked before any time-zone arithmetic, which overflows near year 1.
        raise ValidationFailed(
            f"“{label}”早于 {EARLIEST_RECORDING.year} 年，请检查日期；"
            "如为执法记录仪时钟未设置，请按实际录制时间填写。",
            field=name,
        )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


def _check_not_future(moment: datetime.datetime | None, name: str, label: str) -> None:
    if moment is None or moment <= timezone.now() + MAX_TIME_AHEAD:
        return
    raise ValidationFailed(
        f"“{label}”{chinese_datetime(moment)}晚于当前时间 10 分钟以上，请检查日期和时间。",
        field=name,
    )


def _boolean(raw: dict[str, Any], name: str, label: str) -> bool:
    value = raw.get(name)
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in ("true", "1", "yes", "on", "是"):
        return True
    if str(value).strip().lower() in ("false", "0", "no", "off", "否"):
        return False
    raise ValidationFailed(f"请选择“{label}”（是或否）。", field=name)


def _in_scope(user: User, model: Any, pk: int, name: str, label: str) -> Any:
    found = restrict(model.objects.filter(pk=pk), user).first()
    if found is None:
        raise ValidationFailed(f"“{label}”（编号 {pk}）不存在或不在您的管理范围内。", field=name)
    return found


def _same_agency(row_agency_id: int, agency: Agency, name: str, label: str) -> None:
    if row_agency_id != agency.pk:
        raise ValidationFailed(
            f"“{label}”属于其他执法主体，与本记录的执法主体“{agency.name}”不一致。", field=name
        )


def _record_agency(
    user: User, agency_id: int | None, case: Case | None, device: RecordingDevice | None
) -> Agency:
    if agency_id is not None:
        agency: Agency = _in_scope(user, Agency, agency_id, "agency", "执法主体")
        if case is not None:
            _same_agency(case.agency_id, agency, "case", f"案件{case.number}")
        return agency
    if case is not None:
        return case.agency
    if device is not None:
        return device.agency
    own = user.agency
    if own is None or not scope_for(user).includes(own.pk):
        raise ValidationFailed("请选择案件或执法记录仪，以确定记录所属的执法主体。", field="case")
    return own


def _scene(raw: dict[str, Any], agency: Agency) -> SceneType:
    value: Any = raw.get("scene")
    if value is None or value == "":
        raise ValidationFailed("请选择“场景”。", field="scene")
    usable = SceneType.objects.filter(Q(agency__isnull=True) | Q(agency=agency), active=True)
    if isinstance(value, int) or str(value).isdigit():
        scene = usable.filter(pk=int(value)).first()
    else:
        # A code names the agency's own scene before the district-wide one.
        scene = usable.filter(code=str(value)).order_by("agency_id").last()
    if scene is None:
        raise ValidationFailed(
            f"场景“{value}”不存在、已停用，或不是全区通用或本执法主体的场景。", field="scene"
        )
    return scene


def _case_links(
    user: User, raw: dict[str, Any], case: Case | None
) -> tuple[Party | None, CaseStep | None]:
    party_id = _id(raw, "party", "当事人")
    step_id = _id(raw, "step", "记录的办案环节")
    if case is None and step_id is not None:
        raise ValidationFailed("选择“记录的办案环节”前请先选择案件。", field="step")
    party = None
    if party_id is not None:
        party = Party.objects.filter(pk=party_id).first()
        if party is None:
            raise ValidationFailed(f"当事人（编号 {party_id}）不存在。", field="party")
        if case is not None and not case.parties.filter(pk=party_id).exists():
            raise ValidationFailed(
                f"当事人“{party.name}”不是案件{case.number}的当事人。", field="party"
            )
    step = None
    if step_id is not None and case is not None:
        step = CaseStep.objects.filter(pk=step_id, case=case).first()
        if step is None:
            raise ValidationFailed(
                f"案件{case.number}没有编号为 {step_id} 的办案环节。", field="step"
            )
    return party, step


def _officers(user: User, raw: dict[str, Any], agency: Agency, third_party: bool) -> list[Officer]:
    values = raw.get("officers") or []
    if not isinstance(values, list | tuple):
        raise ValidationFailed("“执法人员”应为执法人员编号的列表。", field="officers")
    ids: list[int] = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ValidationFailed(f"执法人员编号“{value}”无效。", field="officers") from None
    ids = list(dict.fromkeys(ids))
    officers = [_in_scope(user, Officer, pk, "officers", "执法人员") for pk in ids]
    for officer in officers:
        _same_agency(officer.agency_id, agency, "officers", f"执法人员{officer.full_name}")
    if not third_party and len(officers) < MIN_OFFICERS:
        raise ValidationFailed(
            "执法人员不得少于两人（行政处罚法第四十二条）；由委托的第三方记录时请选择“委托的第三方”。",
            field="officers",
        )
    return officers


def _marking(raw: dict[str, Any]) -> str:
    value = str(raw.get("sensitivity") or Sensitivity.NORMAL)
    if value == STATE_SECRET:
        raise ValidationFailed(STATE_SECRET_MESSAGE, field="sensitivity")
    if value not in Sensitivity.values:
        raise ValidationFailed(f"“内容标记”的值“{value}”无效。", field="sensitivity")
    return value


def validate(user: User, raw: dict[str, Any]) -> RecordFields:
    """Check the entered facts of a record and return them with the rows they name."""
    sensitivity = _marking(raw)
    case_id = _id(raw, "case", "案件")
    device_id = _id(raw, "device", "执法记录仪")
    case = _in_scope(user, Case, case_id, "case", "案件") if case_id is not None else None
    device = None
    if device_id is not None:
        device = _in_scope(user, RecordingDevice, device_id, "device", "执法记录仪")
    agency = _record_agency(user, _id(raw, "agency", "执法主体"), case, device)
    if device is not None:
        _same_agency(device.agency_id, agency, "device", f"执法记录仪{device.serial_number}")

    recorder_kind = str(raw.get("recorder_kind") or RecorderKind.OFFICER)
    if recorder_kind not in RecorderKind.values:
        raise ValidationFailed(f"“记录人”的值“{recorder_kind}”无效。", field="recorder_kind")
    third_party = recorder_kind == RecorderKind.THIRD_PARTY
    third_party_name = _text(raw, "third_party_name", "第三方名称", 200, third_party)

    party, step = _case_links(user, raw, case)
    started_at = parse_time(raw.get("started_at"), "started_at", "开始时间")
    ended_at = parse_time(raw.get("ended_at"), "ended_at", "结束时间")
    _check_not_future(started_at, "started_at", "开始时间")
    _check_not_future(ended_at, "ended_at", "结束时间")
    if started_at and ended_at and ended_at < started_at:
        raise ValidationFailed("“结束时间”不能早于“开始时间”。", field="ended_at")
    return RecordFields(
        agency=agency,
        scene=_scene(raw, agency),
        place=_text(raw, "place", "地点", 200, True),
        party_informed=_boolean(raw, "party_informed", "已告知当事人正在录音录像"),
        recorder_kind=recorder_kind,
        third_party_name=third_party_name if third_party else "",
        sensitivity=sensitivity,
        note=_text(raw, "note", "说明", 500, False),
        case=case,
        party=party,
        step=step,
        device=device,
        officers=_officers(user, raw, agency, third_party),
        started_at=started_at,
        ended_at=ended_at,
    )
