"""Agency B's evidence objects for the back-office scope walk."""

from django.db.models import Model
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.evidence.models import (
    AccessRequest,
    AvRecord,
    RecordingDevice,
    RecordingRules,
    RecordingSession,
    SceneType,
    StoredContent,
    TimeSource,
)


def agency_b_objects(base: dict[type[Model], Model]) -> dict[type[Model], Model]:
    agency, case, user = base[Agency], base[Case], base[User]
    assert isinstance(agency, Agency)
    assert isinstance(case, Case)
    assert isinstance(user, User)
    scene = SceneType.objects.create(
        agency=agency,
        code="b_only_scene",
        name="乙单位场景",
        requirement="mandatory",
        legal_source="乙单位制度",
        steps=["inspection_record"],
    )
    device = RecordingDevice.objects.create(
        agency=agency, serial_number="乙单位设备001", model_name="乙单位型号"
    )
    session = RecordingSession.objects.create(agency=agency, device=device)

    content = StoredContent.objects.create(
        digest="sha256:" + "b" * 64, size=1, storage_name="sha256/bb/bb/" + "b" * 64
    )
    now = timezone.now()
    record = AvRecord.objects.create(
        agency=agency,
        case=case,
        scene=scene,
        session=session,
        device=device,
        media_kind="video",
        content=content,
        filename="乙单位录像.mp4",
        mime_type="video/mp4",
        size=1,
        started_at=now,
        ended_at=now,
        time_source=TimeSource.ENTERED,
        place="乙单位现场",
        party_informed=True,
        uploaded_by=user,
    )

    rules = RecordingRules.objects.create(
        agency=agency,
        version=1,
        effective_from=now.date(),
        use="乙单位设备使用",
        content="乙单位记录要素",
        wording="乙单位告知用语",
        storage="乙单位存储",
        created_by=user,
    )
    access_request = AccessRequest.objects.create(
        record=record, requester=user, purpose="乙单位调阅事由"
    )
    return {
        SceneType: scene,
        RecordingDevice: device,
        RecordingSession: session,
        AvRecord: record,
        RecordingRules: rules,
        AccessRequest: access_request,
    }
