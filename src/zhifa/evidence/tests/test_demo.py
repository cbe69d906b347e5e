"""The AV demo: devices, a met, an exempt and a missing scene, a session with gaps, idempotent."""

import datetime

import pytest
from django.utils import timezone

from zhifa.cases.documents import rendering
from zhifa.cases.models import Case, CaseStatus
from zhifa.coercion import demo as coercion_demo
from zhifa.coercion.models import CoerciveMeasure
from zhifa.demo.cases_demo import load_cases
from zhifa.demo.people import load_demo
from zhifa.demo.reference import load_reference
from zhifa.evidence import compliance, demo, sessions
from zhifa.evidence.models import (
    AvRecord,
    DeviceStatus,
    LedgerEntry,
    MediaKind,
    RecordingDevice,
    SceneExemption,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "soffice_command", lambda: None)
    today = timezone.localdate()
    load_reference()
    load_demo(today)
    load_cases(today)
    coercion_demo.load(today)


def _case_of(measure: CoerciveMeasure) -> Case:
    return Case.objects.get(pk=measure.case_id)


def _check_first_load(first: dict[str, int]) -> None:
    assert first == {
        "devices": 6,
        "records": 6,
        "exemptions": 1,
        "interruptions": 1,
        "skipped": 0,
        "tree_heads": 1,
    }
    assert RecordingDevice.objects.filter(status=DeviceStatus.TO_REPLACE).count() == 2
    for record in AvRecord.objects.all():
        assert LedgerEntry.objects.filter(ref=f"av_record:{record.pk}").exists()


def _check_second_load_adds_nothing(today: datetime.date) -> None:
    stored = AvRecord.objects.count()
    second = demo.load(today)
    assert second["records"] == second["devices"] == second["exemptions"] == 0
    assert "tree_heads" not in second
    assert AvRecord.objects.count() == stored


def _check_scene_outcomes() -> None:
    measures = list(CoerciveMeasure.objects.order_by("imposed_at", "pk"))

    recorded = compliance.evaluate_case(_case_of(measures[0]))
    assert recorded.duties
    assert not recorded.missing
    exempted = SceneExemption.objects.get()
    exempt_result = compliance.evaluate_case(exempted.case)
    assert any(duty.exemption for duty in exempt_result.duties)
    missing = [m for m in measures if compliance.evaluate_case(_case_of(m)).missing]
    assert missing


def _check_session_gaps() -> None:
    record = AvRecord.objects.get(filename="patrol_1.mp4")
    assert record.session is not None

    found = sessions.gaps(record.session)

    assert AvRecord.objects.filter(session=record.session).count() == 4
    assert [gap.resumed.filename for gap in found] == ["patrol_3.mp4", "patrol_4.mp4"]
    assert [gap.explained for gap in found] == [True, False]
    photo = AvRecord.objects.get(media_kind=MediaKind.PHOTO)
    assert photo.case_id is None
    assert photo.session_id is None


def _check_closed_cases_have_recordings() -> None:
    closed = [
        case
        for case in Case.objects.filter(status=CaseStatus.CLOSED)
        if compliance.evaluate_case(case).duties
    ]

    assert closed, "the coercion demo closes cases with a sealing or seizure"
    for case in closed:
        assert not compliance.evaluate_case(case).missing


# One test on one load of the case demo, which takes about a minute on PostgreSQL.
@pytest.mark.usefixtures("demo_cases")
def test_demo_records_scenes_and_gaps() -> None:
    _check_closed_cases_have_recordings()
    today = timezone.localdate()

    _check_first_load(demo.load(today))
    _check_scene_outcomes()
    _check_session_gaps()
    _check_closed_cases_have_recordings()
    _check_second_load_adds_nothing(today)
