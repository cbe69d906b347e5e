import datetime

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.supervision.complaints.actions import (
    accept_complaint,
    reject_complaint,
    reply_to_complaint,
    route_complaint,
    transfer_complaint,
)
from zhifa.supervision.complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
)
from zhifa.supervision.complaints.tests.support import REASONED_REPLY, make_complaint, shanghai


def test_named_agency_routes_at_once(agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    assert complaint.status == ComplaintStatus.HANDLING
    assert complaint.agency_id == agency_a.pk
    assert complaint.routed_at == complaint.received_at
    assert complaint.events.get().kind == ComplaintEventKind.RECEIVED


def test_deadlines_skip_national_day(agency_a: Agency) -> None:
    # Received Wednesday 30 September 2026. 1 to 7 October are holidays and Saturday
    # 10 October is a make-up working day, so the working days are 8, 9, 10, 12, 13 October.
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 9, 30))

    assert complaint.transfer_due_on == datetime.date(2026, 10, 10)
    assert complaint.reply_due_on == datetime.date(2026, 10, 13)


def test_unrouted_complaint_waits_for_bureau(agency_a: Agency) -> None:
    complaint = make_complaint(None)

    assert complaint.status == ComplaintStatus.UNROUTED
    assert complaint.agency_id is None
    assert complaint.reply_due_on == datetime.date(2026, 10, 13)


def test_bureau_routes_and_deadline_restarts(supervisor_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(None, received_at=shanghai(2026, 9, 1))

    routed = route_complaint(supervisor_user, complaint.pk, agency_a.pk, "属镇综合执法队职责")

    assert routed.status == ComplaintStatus.HANDLING
    assert routed.agency_id == agency_a.pk
    assert routed.routed_at is not None
    assert routed.reply_due_on is None or routed.reply_due_on > datetime.date(2026, 9, 8)
    assert AuditEntry.objects.filter(
        action="complaint_routed", target_id=str(complaint.pk)
    ).exists()


def test_agency_cannot_route(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(None)

    with pytest.raises(NotPermitted):
        route_complaint(agency_head_user, complaint.pk, agency_a.pk)


def test_routing_twice_is_rejected(
    supervisor_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    complaint = make_complaint(None)
    route_complaint(supervisor_user, complaint.pk, agency_a.pk)

    with pytest.raises(InvalidTransition):
        route_complaint(supervisor_user, complaint.pk, agency_b.pk)


def test_reply_closes_and_accepts(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    replied = reply_to_complaint(agency_head_user, complaint.pk, REASONED_REPLY)

    assert replied.status == ComplaintStatus.REPLIED
    assert replied.replied_by == agency_head_user
    assert replied.accepted_at is not None
    kinds = list(replied.events.values_list("kind", flat=True))
    assert kinds == [ComplaintEventKind.RECEIVED, ComplaintEventKind.REPLIED]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("已处理", "不能只写"),
        ("  已处理。 ", "不能只写"),
        ("已核实，商户已整改。", "过短"),
        ("好" * 30, "重复"),
        ("", "请填写答复内容"),
    ],
)
def test_bare_reply_is_rejected(
    agency_head_user: User, agency_a: Agency, text: str, fragment: str
) -> None:
    complaint = make_complaint(agency_a)

    with pytest.raises(ValidationFailed) as raised:
        reply_to_complaint(agency_head_user, complaint.pk, text)

    assert raised.value.field == "reply"
    assert fragment in raised.value.message
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.HANDLING


def test_rejection_needs_reasons(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    with pytest.raises(ValidationFailed):
        reject_complaint(agency_head_user, complaint.pk, "不予受理")
    rejected = reject_complaint(agency_head_user, complaint.pk, REASONED_REPLY)

    assert rejected.status == ComplaintStatus.NOT_ACCEPTED


def test_other_agency_cannot_see(other_agency_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    with pytest.raises(NotFound):
        reply_to_complaint(other_agency_user, complaint.pk, REASONED_REPLY)


def test_officer_cannot_reply(officer_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    with pytest.raises(NotPermitted):
        reply_to_complaint(officer_user, complaint.pk, REASONED_REPLY)


def test_accept_once(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    accepted = accept_complaint(agency_head_user, complaint.pk)

    assert accepted.accepted_at is not None
    with pytest.raises(InvalidTransition):
        accept_complaint(agency_head_user, complaint.pk)


def test_transfer_to_other_agency(
    agency_head_user: User, other_agency_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    complaint = make_complaint(agency_a)
    accept_complaint(agency_head_user, complaint.pk)

    moved = transfer_complaint(
        agency_head_user,
        complaint.pk,
        "反映的是食品经营问题，属市场监管部门职责。",
        agency_id=agency_b.pk,
    )

    assert moved.status == ComplaintStatus.HANDLING
    assert moved.agency_id == agency_b.pk
    assert moved.accepted_at is None
    assert moved.transfer_reason.startswith("反映的是食品经营问题")
    with pytest.raises(NotFound):
        reply_to_complaint(agency_head_user, complaint.pk, REASONED_REPLY)
    assert reply_to_complaint(other_agency_user, complaint.pk, REASONED_REPLY).status == (
        ComplaintStatus.REPLIED
    )
    event = ComplaintEvent.objects.get(complaint=complaint, kind=ComplaintEventKind.TRANSFERRED)
    assert event.agency_id == agency_b.pk
    assert "朱家角镇" in event.note


def test_transfer_outside_platform(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    moved = transfer_complaint(
        agency_head_user,
        complaint.pk,
        "反映的是治安问题，属公安机关职责，已移送。",
        outside_body="上海市公安局青浦分局",
    )

    assert moved.status == ComplaintStatus.TRANSFERRED
    assert moved.transferred_to == "上海市公安局青浦分局"
    assert moved.agency_id == agency_a.pk


@pytest.mark.parametrize(
    ("reason", "agency", "outside", "field"),
    [
        ("太短", True, "", "reason"),
        ("反映的是治安问题，属公安机关职责。", False, "", "agency"),
        ("反映的是治安问题，属公安机关职责。", True, "公安分局", "agency"),
    ],
)
def test_transfer_input_checked(
    agency_head_user: User,
    agency_a: Agency,
    agency_b: Agency,
    reason: str,
    agency: bool,
    outside: str,
    field: str,
) -> None:
    complaint = make_complaint(agency_a)

    with pytest.raises(ValidationFailed) as raised:
        transfer_complaint(
            agency_head_user,
            complaint.pk,
            reason,
            agency_id=agency_b.pk if agency else None,
            outside_body=outside,
        )

    assert raised.value.field == field


def test_transfer_to_self_rejected(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    with pytest.raises(ValidationFailed) as raised:
        transfer_complaint(
            agency_head_user,
            complaint.pk,
            "反映的是治安问题，属公安机关职责。",
            agency_id=agency_a.pk,
        )

    assert "本单位" in raised.value.message


def test_closed_complaint_cannot_be_replied_again(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)
    reply_to_complaint(agency_head_user, complaint.pk, REASONED_REPLY)

    with pytest.raises(InvalidTransition):
        reply_to_complaint(agency_head_user, complaint.pk, REASONED_REPLY)


def test_history_is_append_only(agency_a: Agency) -> None:
    from django.db import DatabaseError, transaction

    complaint = make_complaint(agency_a)
    event = complaint.events.get()

    with pytest.raises(DatabaseError), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).update(note="改写")


def test_overdue_flag(agency_a: Agency) -> None:
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 9, 30))

    assert not complaint.is_overdue(datetime.date(2026, 10, 13))
    assert complaint.is_overdue(datetime.date(2026, 10, 14))


def test_step_time_must_be_past(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 9, 30))

    with pytest.raises(ValidationFailed, match="早于收到"):
        accept_complaint(agency_head_user, complaint.pk, occurred_at=shanghai(2026, 9, 29))
    with pytest.raises(ValidationFailed, match="晚于当前时间"):
        accept_complaint(
            agency_head_user,
            complaint.pk,
            occurred_at=timezone.now() + datetime.timedelta(hours=1),
        )


def test_received_event_dated_by_receipt(agency_a: Agency) -> None:
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 9, 30))

    assert complaint.events.get().happened_at == shanghai(2026, 9, 30)
