"""Invented AV records for the demo: devices, recordings of demo cases, an exemption and gaps.

Runs after the case, coercion and remedy demos, because it records steps of their cases:

- each agency with demo coercion cases gets three body-worn cameras (one issued, one past its
  service life, one marked for replacement);
- the first coercive measure of the demo is recorded (its mandatory scene is met), the second
  open one gets an exemption, and the others stay missing so the case panel shows the gap;
- a demo on-site inspection gets a session of four files: a split within the tolerance, a
  gap explained as stated in the recording, and a gap left unexplained;
- a photo of an inspection that found nothing is stored without a case.

The files come from ``demo_media`` (a few KB each, made with ffmpeg's test sources) and go
through the upload ingest path, so content, ledger entries, sessions and audit entries are
those of a real upload. A second load skips what exists.
"""

import datetime
import logging
import struct
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency, Officer
from zhifa.cases.models import Case, CaseStatus, CaseStep
from zhifa.coercion.models import CoerciveMeasure
from zhifa.core import digests
from zhifa.core.errors import ZhifaError
from zhifa.evidence import compliance, devices
from zhifa.evidence.ledger import heads, signing
from zhifa.evidence.models import (
    AvRecord,
    DeviceStatus,
    Interruption,
    RecordingDevice,
    SceneExemption,
    SceneType,
    TreeHead,
)
from zhifa.evidence.records import exemptions, interruptions
from zhifa.evidence.uploads import ingest

logger = logging.getLogger(__name__)

MEDIA = Path(__file__).parent / "demo_media"
SECOND = datetime.timedelta(seconds=1)


def _user_with(agency: Agency, capability: str) -> User | None:
    users = User.objects.filter(agency=agency, is_active=True).order_by("pk")
    return next((user for user in users if user.can(capability)), None)


def _officers(agency: Agency, step: CaseStep | None = None) -> list[Officer]:
    if step is not None:
        on_step = list(step.officers.all()[:2])
        if len(on_step) == 2:
            return on_step
    return list(Officer.objects.filter(agency=agency, is_active=True).order_by("pk")[:2])


def _devices(agency: Agency, today: datetime.date, counts: dict[str, int]) -> RecordingDevice:
    """Register the agency's three demo cameras, or return the first when they exist."""
    serial = f"DEMO-DSJ-{agency.pk:03d}-01"
    existing = RecordingDevice.objects.filter(serial_number=serial).first()
    if existing is not None:
        return existing
    manager = _user_with(agency, Capability.MANAGE_RECORDING_DEVICES)
    if manager is None:
        raise LookupError(f"agency {agency.pk} has no demo user who manages devices")

    plans = [
        ("01", "海康威视 DSJ-H7（演示）", "local", today - datetime.timedelta(days=400)),
        ("02", "华德安 HDA-A6（演示）", "utc", today - datetime.timedelta(days=7 * 366)),
        ("03", "海康威视 DSJ-H7（演示）", "local", today - datetime.timedelta(days=900)),
    ]
    registered = []
    for suffix, model_name, clock, commissioned_on in plans:
        registered.append(
            devices.register_device(
                manager,
                agency,
                devices.DeviceInput(
                    serial_number=f"DEMO-DSJ-{agency.pk:03d}-{suffix}",
                    model_name=model_name,
                    clock=clock,
                    commissioned_on=commissioned_on,
                ),
            )
        )
        counts["devices"] += 1
    officers = _officers(agency)
    if officers:
        devices.assign_device(manager, registered[0], officers[0].pk)
    devices.change_status(
        manager, registered[2], DeviceStatus.TO_REPLACE, "镜头划伤，画面模糊（演示）"
    )

    return registered[0]


def _upload(
    user: User, name: str, fields: dict[str, Any], counts: dict[str, int]
) -> AvRecord | None:
    """Store one demo file through the ingest path; return the record, old or new."""
    return _upload_path(user, MEDIA / name, fields, counts)


def _upload_path(
    user: User, path: Path, fields: dict[str, Any], counts: dict[str, int]
) -> AvRecord | None:
    name = path.name
    size = path.stat().st_size
    agency_id = int(fields["agency"])
    with path.open("rb") as handle:
        digest = digests.of_file(handle)
    earlier = ingest.existing_record(agency_id, digest)
    if earlier is not None:
        counts["skipped"] += 1
        return earlier
    declared = "image/jpeg" if name.endswith(".jpg") else "video/mp4"
    incoming = ingest.IncomingFile(
        user=user,
        path=path,
        filename=name,
        declared_type=declared,
        size=size,
        client_digest="",
        metadata=fields,
        source="demo",
    )
    try:
        record = ingest.ingest(incoming)
    except ZhifaError as error:
        logger.warning("demo AV record %s skipped: %s", name, error.message)
        counts["skipped"] += 1
        return None
    counts["records"] += 1
    return record


def _measure_records(today: datetime.date, counts: dict[str, int]) -> None:
    measures = list(
        CoerciveMeasure.objects.filter(case__title__contains="（演示强制-")
        .select_related("case", "imposed_step")
        .order_by("imposed_at", "pk")
    )
    if not measures:
        logger.info("no demo coercive measures; AV demo of coercion skipped")
        return
    first = measures[0]
    agency = first.case.agency
    device = _devices(agency, today, counts)
    uploader = _user_with(agency, Capability.MANAGE_CASES)
    if uploader is None:
        return
    step = first.imposed_step
    party = first.case.parties.order_by("pk").first()
    _upload(
        uploader,
        "sealing.mp4",
        {
            "agency": agency.pk,
            "case": first.case_id,
            "party": party.pk if party else None,
            "step": step.pk,
            "scene": "sealing_seizure",
            "device": device.pk,
            "officers": [officer.pk for officer in _officers(agency, step)],
            "place": step.place or first.place or "现场",
            "party_informed": True,
            "started_at": step.occurred_at.isoformat(),
            "note": "查封、扣押全过程（演示）",
        },
        counts,
    )
    _exempt_second(measures[1:], counts)


def _exempt_second(measures: list[CoerciveMeasure], counts: dict[str, int]) -> None:
    """Record an exemption for the first later measure whose case is still open."""
    scene = SceneType.objects.get(agency=None, code="sealing_seizure")
    for measure in measures:
        if measure.case.status == CaseStatus.CLOSED:
            continue
        if SceneExemption.objects.filter(step=measure.imposed_step, scene=scene).exists():
            counts["skipped"] += 1
            return
        user = _user_with(measure.case.agency, Capability.MANAGE_CASES)
        if user is None:
            return
        try:
            exemptions.record_exemption(
                user,
                measure.case_id,
                measure.imposed_step_id,
                scene.pk,
                "flammable",
                "扣押物品存放于油漆仓库，现场有易燃气体，禁止使用电子设备（演示）",
            )
        except ZhifaError as error:
            logger.warning("demo exemption skipped: %s", error.message)
            counts["skipped"] += 1
            return
        counts["exemptions"] += 1
        return


def _inspection_session(today: datetime.date, counts: dict[str, int]) -> None:
    step = (
        CaseStep.objects.filter(step="inspection_record", case__title__contains="（演示")
        .select_related("case", "case__agency")
        .order_by("occurred_at", "pk")
        .first()
    )
    if step is None:
        logger.info("no demo inspection step; AV demo session skipped")
        return
    agency = step.case.agency
    device = _devices(agency, today, counts)
    uploader = _user_with(agency, Capability.MANAGE_CASES)
    if uploader is None:
        return

    base = {
        "agency": agency.pk,
        "case": step.case_id,
        "scene": "on_site_inspection",
        "device": device.pk,
        "officers": [officer.pk for officer in _officers(agency, step)],
        "place": step.place or "检查现场",
        "party_informed": True,
    }
    # Each demo file lasts 3 s: the second follows the first after 1 s (a split file, within
    # the 2 s tolerance), the third after 1 minute, the fourth after 3 minutes.
    offsets = {"patrol_1.mp4": 0, "patrol_2.mp4": 4, "patrol_3.mp4": 67, "patrol_4.mp4": 250}
    stored: dict[str, AvRecord | None] = {}
    for name, seconds in offsets.items():
        started = step.occurred_at + seconds * SECOND
        extra = {"step": step.pk} if name == "patrol_1.mp4" else {}
        fields = {**base, **extra, "started_at": started.isoformat()}
        stored[name] = _upload(uploader, name, fields, counts)

    resumed = stored["patrol_3.mp4"]
    if resumed is None or Interruption.objects.filter(resumed_record=resumed).exists():
        return
    try:
        interruptions.explain_gap(
            uploader, resumed.pk, "stated", "当事人接听电话，经其要求暂停录像，恢复时已在录像中说明"
        )
    except ZhifaError as error:
        logger.warning("demo interruption skipped: %s", error.message)
        return
    counts["interruptions"] += 1


def _unlinked_photo(counts: dict[str, int]) -> None:
    agency = Agency.objects.filter(short_name="区市场监管局").first()
    user = _user_with(agency, Capability.MANAGE_CASES) if agency else None
    if agency is None or user is None:
        return
    taken_at = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    _upload(
        user,
        "scene_photo.jpg",
        {
            "agency": agency.pk,
            "scene": "on_site_inspection",
            "officers": [officer.pk for officer in _officers(agency)],
            "place": "青浦区华新镇华志路（演示）",
            "party_informed": True,
            "started_at": taken_at.isoformat(),
            "note": "日常巡查未发现违法行为，尚未立案（演示）",
        },
        counts,
    )


def _variant(source: Path, label: str, folder: Path) -> Path:
    """Copy a demo clip with a trailing ISO BMFF ``free`` box naming ``label``.

    Players and ffprobe skip ``free`` boxes, so the clip still plays, but its digest differs,
    and the ingest (which refuses the same content twice in one agency) stores it anew.
    """
    payload = label.encode("utf-8")
    target = folder / source.name
    target.write_bytes(
        source.read_bytes() + struct.pack(">I", 8 + len(payload)) + b"free" + payload
    )
    return target


def record_missing_scenes(case: Case) -> int:
    """Record a demo clip for every mandatory scene the case still lacks; return how many.

    The coercion and licensing demos call this before they close a case, as officers would
    upload the recording of a sealing or a commitment check before closing.
    """
    uploader = _user_with(case.agency, Capability.MANAGE_CASES)
    if uploader is None:
        return 0
    recorded = 0
    counts = {"records": 0, "skipped": 0}
    for duty in compliance.evaluate_case(case).missing:
        step = CaseStep.objects.get(pk=duty.step.pk)
        with tempfile.TemporaryDirectory(prefix="zhifa-demo-av-") as folder:
            clip = _variant(MEDIA / "sealing.mp4", f"case {case.pk} step {step.pk}", Path(folder))
            fields = {
                "agency": case.agency_id,
                "case": case.pk,
                "step": step.pk,
                "scene": duty.scene.code,
                "officers": [officer.pk for officer in _officers(case.agency, step)],
                "place": step.place or "现场",
                "party_informed": True,
                "started_at": step.occurred_at.isoformat(),
                "note": f"{duty.scene.name}全过程（演示）",
            }
            if _upload_path(uploader, clip, fields, counts) is not None:
                recorded += 1
    return recorded


def _sign_today(today: datetime.date, counts: dict[str, int]) -> None:
    """Sign a tree head dated yesterday so the portal's 存证公告 has one; make a demo key if none.

    Yesterday, because the archives demo archives case files after this and signs today's head
    over them, so that its handover package can prove them (one head is signed per day). In
    production the key comes from configuration and a daily timer signs the head.
    """
    path = signing.key_path()
    if not path.exists():
        content, _public = signing.generate_key(signing.configured_algorithm())
        signing.write_key_file(path, content)
    yesterday = today - datetime.timedelta(days=1)
    if TreeHead.objects.filter(signed_on__gte=yesterday).exists():
        return
    heads.sign_tree_head(yesterday)
    counts["tree_heads"] = counts.get("tree_heads", 0) + 1


def load(today: datetime.date) -> dict[str, int]:
    """Add the AV demo data that is missing; return how many rows were added and skipped."""
    counts = {"devices": 0, "records": 0, "exemptions": 0, "interruptions": 0, "skipped": 0}
    _measure_records(today, counts)
    _inspection_session(today, counts)
    _unlinked_photo(counts)
    _sign_today(today, counts)
    logger.info("AV record demo loaded: %s", counts)
    return counts
