"""Grouping files into recording sessions and finding the gaps between them."""

import datetime

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.tests.steps_support import make_officer
from zhifa.core.models import RuleParameter
from zhifa.evidence import sessions
from zhifa.evidence.models import AvRecord, Interruption, MediaKind, RecordingSession
from zhifa.evidence.tests.records_support import make_device, make_record, shanghai

pytestmark = pytest.mark.django_db


def _session(record: AvRecord) -> RecordingSession:
    assert record.session is not None
    return record.session


def test_parameters_seeded() -> None:
    assert sessions.join_window() == datetime.timedelta(minutes=30)
    assert sessions.gap_tolerance() == datetime.timedelta(seconds=2)


def test_same_device_within_window_joins(agency_a: Agency, officer_user: User) -> None:
    device = make_device(agency_a)
    first = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), shanghai(11, 3, 9, 30), device=device
    )
    second = make_record(
        agency_a, officer_user, shanghai(11, 3, 10), shanghai(11, 3, 10, 20), device=device
    )

    assert first.session_id is not None
    assert second.session_id == first.session_id


def test_same_device_beyond_window_starts_new(agency_a: Agency, officer_user: User) -> None:
    device = make_device(agency_a)
    first = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), shanghai(11, 3, 9, 30), device=device
    )
    later = make_record(
        agency_a,
        officer_user,
        shanghai(11, 3, 10, 0, 1),
        shanghai(11, 3, 10, 20),
        device=device,
    )

    assert later.session_id != first.session_id


def test_join_window_read_from_parameter(agency_a: Agency, officer_user: User) -> None:
    RuleParameter.objects.filter(key=sessions.JOIN_MINUTES_KEY).update(value=5)
    device = make_device(agency_a)
    first = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), shanghai(11, 3, 9, 30), device=device
    )
    second = make_record(
        agency_a, officer_user, shanghai(11, 3, 9, 36), shanghai(11, 3, 9, 40), device=device
    )

    assert second.session_id != first.session_id


def test_out_of_order_upload_joins(agency_a: Agency, officer_user: User) -> None:
    device = make_device(agency_a)
    later = make_record(
        agency_a, officer_user, shanghai(11, 3, 10), shanghai(11, 3, 10, 20), device=device
    )
    earlier = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), shanghai(11, 3, 9, 55), device=device
    )

    assert earlier.session_id == later.session_id


def test_other_device_never_joins(agency_a: Agency, officer_user: User) -> None:
    first = make_record(
        agency_a,
        officer_user,
        shanghai(11, 3, 9),
        shanghai(11, 3, 9, 30),
        device=make_device(agency_a),
    )
    second = make_record(
        agency_a,
        officer_user,
        shanghai(11, 3, 9, 30),
        shanghai(11, 3, 9, 40),
        device=make_device(agency_a),
    )

    assert second.session_id != first.session_id


def test_without_device_needs_same_first_officer(
    agency_a: Agency, officer_user: User, agency_head_user: User
) -> None:
    chen = make_officer(agency_head_user, agency_a, "陈一", None)
    wang = make_officer(agency_head_user, agency_a, "王二", None)
    first = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), shanghai(11, 3, 9, 30), officers=[chen, wang]
    )
    same = make_record(
        agency_a, officer_user, shanghai(11, 3, 9, 31), shanghai(11, 3, 9, 40), officers=[chen]
    )
    other = make_record(
        agency_a, officer_user, shanghai(11, 3, 9, 41), shanghai(11, 3, 9, 50), officers=[wang]
    )

    assert same.session_id == first.session_id
    assert other.session_id != first.session_id


def test_without_device_needs_same_uploader(
    agency_a: Agency, officer_user: User, agency_head_user: User
) -> None:
    first = make_record(agency_a, officer_user, shanghai(11, 3, 9), shanghai(11, 3, 9, 30))
    other = make_record(agency_a, agency_head_user, shanghai(11, 3, 9, 31), shanghai(11, 3, 9, 40))

    assert other.session_id != first.session_id


def test_photo_not_grouped(agency_a: Agency, officer_user: User) -> None:
    photo = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), None, media_kind=MediaKind.PHOTO
    )

    assert photo.session_id is None


def _split(agency: Agency, user: User, pause_seconds: float) -> tuple:
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


def test_split_within_tolerance_no_gap(agency_a: Agency, officer_user: User) -> None:
    first, _ = _split(agency_a, officer_user, 2)

    assert sessions.gaps(_session(first)) == []


def test_pause_over_tolerance_is_gap(agency_a: Agency, officer_user: User) -> None:
    first, second = _split(agency_a, officer_user, 3)

    found = sessions.gaps(_session(first))

    assert len(found) == 1
    assert found[0].previous == first
    assert found[0].resumed == second
    assert found[0].seconds == 3
    assert not found[0].explained


def test_overlapping_files_no_gap(agency_a: Agency, officer_user: User) -> None:
    first, _ = _split(agency_a, officer_user, -5)

    assert sessions.gaps(_session(first)) == []


def test_gap_measured_from_latest_end(agency_a: Agency, officer_user: User) -> None:
    device = make_device(agency_a)
    long = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), shanghai(11, 3, 10), device=device
    )
    make_record(
        agency_a, officer_user, shanghai(11, 3, 9, 10), shanghai(11, 3, 9, 20), device=device
    )
    make_record(agency_a, officer_user, shanghai(11, 3, 10), shanghai(11, 3, 10, 5), device=device)

    assert sessions.gaps(_session(long)) == []


def test_end_from_duration_when_missing(agency_a: Agency, officer_user: User) -> None:
    device = make_device(agency_a)
    first = make_record(
        agency_a, officer_user, shanghai(11, 3, 9), None, device=device, duration_seconds=600.0
    )
    make_record(
        agency_a, officer_user, shanghai(11, 3, 9, 10, 1), shanghai(11, 3, 9, 20), device=device
    )

    assert sessions.gaps(_session(first)) == []


def test_explained_gap_not_listed(agency_a: Agency, officer_user: User) -> None:
    first, second = _split(agency_a, officer_user, 60)
    gap = sessions.gaps(_session(first))[0]
    Interruption.objects.create(
        session=_session(first),
        resumed_record=second,
        gap_started_at=gap.started_at,
        gap_ended_at=gap.ended_at,
        source="written",
        explanation="电池耗尽，更换电池后继续录制",
        explained_by=officer_user,
    )

    assert sessions.gaps(_session(first))[0].explained
    assert sessions.unexplained_gaps([first, second]) == []


def test_unexplained_gaps_listed(agency_a: Agency, officer_user: User) -> None:
    _, second = _split(agency_a, officer_user, 60)

    missing = sessions.unexplained_gaps([second])

    assert [gap.resumed for gap in missing] == [second]
