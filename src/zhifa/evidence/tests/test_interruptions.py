"""Explaining gaps in a recording session: required where a gap exists, once, with a reason."""

import datetime

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.evidence import sessions
from zhifa.evidence.models import AvRecord, Interruption, LedgerEntry, MediaKind
from zhifa.evidence.records.interruptions import explain_gap
from zhifa.evidence.tests.records_support import make_device, make_record, shanghai

pytestmark = pytest.mark.django_db


def _pair(agency: Agency, user: User, pause_seconds: float) -> tuple[AvRecord, AvRecord]:
    device = make_device(agency)
    end = shanghai(11, 3, 9, 30)
    first = make_record(agency, user, shanghai(11, 3, 9), end, device=device)
    second = make_record(
        agency,
        user,
        end + datetime.timedelta(seconds=pause_seconds),
        shanghai(11, 3, 10),
        device=device,
    )
    return first, second


def test_gap_explained_with_ledger(agency_a: Agency, officer_user: User) -> None:
    _, second = _pair(agency_a, officer_user, 90)

    row = explain_gap(officer_user, second.pk, "stated", "当事人要求暂停，已在录像中说明")

    assert row.source == "stated"
    assert (row.gap_ended_at - row.gap_started_at).total_seconds() == 90
    assert LedgerEntry.objects.filter(ref=f"interruption:{row.pk}").exists()
    assert AuditEntry.objects.filter(action="interruption_explained").exists()
    assert sessions.unexplained_gaps([second]) == []


def test_five_characters_accepted(agency_a: Agency, officer_user: User) -> None:
    _, second = _pair(agency_a, officer_user, 90)

    assert explain_gap(officer_user, second.pk, "written", "设备故障了").explanation == "设备故障了"


def test_four_characters_refused(agency_a: Agency, officer_user: User) -> None:
    _, second = _pair(agency_a, officer_user, 90)

    with pytest.raises(ValidationFailed) as error:
        explain_gap(officer_user, second.pk, "written", " 设备故障 ")
    assert error.value.field == "explanation"
    assert not Interruption.objects.exists()


def test_unknown_source_refused(agency_a: Agency, officer_user: User) -> None:
    _, second = _pair(agency_a, officer_user, 90)

    with pytest.raises(ValidationFailed) as error:
        explain_gap(officer_user, second.pk, "phone", "电池耗尽更换电池")
    assert error.value.field == "source"


def test_split_within_tolerance_needs_none(agency_a: Agency, officer_user: User) -> None:
    _, second = _pair(agency_a, officer_user, 2)

    with pytest.raises(InvalidTransition, match="无须说明"):
        explain_gap(officer_user, second.pk, "written", "电池耗尽更换电池")


def test_second_explanation_refused(agency_a: Agency, officer_user: User) -> None:
    _, second = _pair(agency_a, officer_user, 90)
    explain_gap(officer_user, second.pk, "written", "电池耗尽更换电池")

    with pytest.raises(InvalidTransition, match="不能修改"):
        explain_gap(officer_user, second.pk, "stated", "另一个说法也不行")
    assert Interruption.objects.count() == 1


def test_photo_has_no_gap(agency_a: Agency, officer_user: User) -> None:
    photo = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), None, media_kind=MediaKind.PHOTO
    )

    with pytest.raises(InvalidTransition, match="不属于任何录制过程"):
        explain_gap(officer_user, photo.pk, "written", "电池耗尽更换电池")


def test_other_agency_not_found(
    agency_a: Agency, officer_user: User, other_agency_user: User
) -> None:
    _, second = _pair(agency_a, officer_user, 90)

    with pytest.raises(NotFound):
        explain_gap(other_agency_user, second.pk, "written", "电池耗尽更换电池")


def test_interruption_rows_append_only(agency_a: Agency, officer_user: User) -> None:
    from django.db import DatabaseError

    _, second = _pair(agency_a, officer_user, 90)
    row = explain_gap(officer_user, second.pk, "written", "电池耗尽更换电池")

    with pytest.raises(DatabaseError):
        Interruption.objects.filter(pk=row.pk).update(explanation="改过的说明")
