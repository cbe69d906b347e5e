import datetime

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.supervision.complaints.actions import rate_agency, reply_to_complaint
from zhifa.supervision.complaints.figures import (
    ComplaintCounts,
    RatingSummary,
    complaint_counts,
    overdue_complaints,
    satisfaction,
)
from zhifa.supervision.complaints.models import Complaint, RatedPage, SatisfactionRating
from zhifa.supervision.complaints.tests.support import REASONED_REPLY, make_complaint, shanghai

SEPTEMBER = (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))


def test_counts_per_agency(agency_head_user: User, agency_a: Agency, agency_b: Agency) -> None:
    on_time = make_complaint(agency_a, received_at=shanghai(2026, 9, 29))
    reply_to_complaint(agency_head_user, on_time.pk, REASONED_REPLY)
    # Replied after its deadline: the reply time is moved back to the past deliberately.
    late = make_complaint(agency_a, received_at=shanghai(2026, 9, 1))
    reply_to_complaint(agency_head_user, late.pk, REASONED_REPLY)
    Complaint.objects.filter(pk=on_time.pk).update(replied_at=shanghai(2026, 9, 30))
    Complaint.objects.filter(pk=late.pk).update(replied_at=shanghai(2026, 9, 20))
    make_complaint(agency_a, received_at=shanghai(2026, 9, 2))
    make_complaint(agency_a, received_at=shanghai(2026, 8, 31, hour=23))
    make_complaint(None, received_at=shanghai(2026, 9, 2))

    counts = complaint_counts([agency_a.pk, agency_b.pk], *SEPTEMBER, datetime.date(2026, 10, 15))

    assert counts[agency_a.pk] == ComplaintCounts(
        received=3, replied=2, replied_on_time=1, open_overdue=1
    )
    assert counts[agency_b.pk] == ComplaintCounts()


def test_period_bounds_are_shanghai_dates(agency_a: Agency) -> None:
    # 1 September 00:30 in Shanghai is still 31 August in UTC.
    make_complaint(agency_a, received_at=shanghai(2026, 9, 1, hour=0))

    counts = complaint_counts([agency_a.pk], *SEPTEMBER, datetime.date(2026, 9, 2))

    assert counts[agency_a.pk].received == 1


def test_satisfaction_summary(agency_a: Agency, agency_b: Agency) -> None:
    for stars in (5, 4, 2):
        rate_agency(RatedPage.AGENCY, agency_a.pk, stars)
    today = timezone.localdate()

    summaries = satisfaction([agency_a.pk, agency_b.pk], today.replace(day=1), today)

    assert summaries[agency_a.pk] == RatingSummary(count=3, stars=11, satisfied=2)
    assert str(summaries[agency_a.pk].average) == "3.67"
    assert summaries[agency_b.pk].average is None


def test_satisfaction_outside_period(agency_a: Agency) -> None:
    rating = rate_agency(RatedPage.AGENCY, agency_a.pk, 5)
    SatisfactionRating.objects.filter(pk=rating.pk).update(created_at=shanghai(2026, 8, 31, 23))

    summaries = satisfaction([agency_a.pk], *SEPTEMBER)

    assert summaries[agency_a.pk].count == 0


def test_overdue_list(agency_head_user: User, agency_a: Agency) -> None:
    overdue = make_complaint(agency_a, received_at=shanghai(2026, 9, 1))
    unrouted = make_complaint(None, received_at=shanghai(2026, 9, 2))
    replied = make_complaint(agency_a, received_at=shanghai(2026, 9, 1))
    reply_to_complaint(agency_head_user, replied.pk, REASONED_REPLY)
    make_complaint(agency_a, received_at=shanghai(2026, 9, 30))

    listed = overdue_complaints(datetime.date(2026, 9, 10))

    assert [item.complaint_id for item in listed] == [overdue.pk, unrouted.pk]
    assert listed[0].agency_id == agency_a.pk
    assert listed[0].due_on == datetime.date(2026, 9, 8)
    assert listed[1].agency_id is None
    assert listed[0].url == f"/office/complaints/{overdue.pk}/"
    assert listed[0].label == "投诉：朱家角镇北大街有商户长期占用人行道摆放货…（2026年9月1日收到）"


def test_overdue_label_keeps_code_secret(agency_a: Agency) -> None:
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 9, 1))

    label = overdue_complaints(datetime.date(2026, 9, 10))[0].label

    assert complaint.lookup_code not in label
    assert "2026-09-08" not in label
    assert "9月8日" not in label
