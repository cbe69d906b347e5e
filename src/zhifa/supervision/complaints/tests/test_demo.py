import datetime
from collections.abc import Callable

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, AgencyKind
from zhifa.core.workdays import shanghai_date
from zhifa.supervision.complaints import demo
from zhifa.supervision.complaints.models import (
    Channel,
    Complaint,
    ComplaintEventKind,
    ComplaintStatus,
    SatisfactionRating,
)


def test_demo_loads_once(make_user: Callable[..., User]) -> None:
    agencies = {}
    for short_name in (demo.MARKET, demo.CITY, demo.EMERGENCY):
        agencies[short_name] = Agency.objects.create(
            name=f"上海市青浦区{short_name}（测试）",
            short_name=short_name,
            kind=AgencyKind.DISTRICT_DEPARTMENT,
        )
    make_user(demo.HEAD, Role.AGENCY_HEAD, agency=agencies[demo.MARKET])
    make_user(demo.BUREAU, Role.SUPERVISOR)
    today = datetime.date(2026, 11, 20)

    first = demo.load(today)
    second = demo.load(today)

    assert first == {"complaints": 12, "ratings": 24, "skipped": 0}
    assert second == {"complaints": 0, "ratings": 0, "skipped": 1}
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(ComplaintStatus.values)
    assert Complaint.objects.filter(channel=Channel.HOTLINE_12345).count() == 2
    assert Complaint.objects.filter(is_anonymous=True).exists()
    assert Complaint.objects.filter(
        reply_due_on__lt=today, status=ComplaintStatus.HANDLING
    ).exists()
    assert SatisfactionRating.objects.count() == 24


def test_demo_replies_dated_in_past(make_user: Callable[..., User]) -> None:
    agencies = {}
    for short_name in (demo.MARKET, demo.CITY, demo.EMERGENCY):
        agencies[short_name] = Agency.objects.create(
            name=f"上海市青浦区{short_name}（测试）",
            short_name=short_name,
            kind=AgencyKind.DISTRICT_DEPARTMENT,
        )
    make_user(demo.HEAD, Role.AGENCY_HEAD, agency=agencies[demo.MARKET])
    make_user(demo.BUREAU, Role.SUPERVISOR)
    today = datetime.date(2026, 11, 20)

    demo.load(today)

    replied = list(Complaint.objects.filter(status=ComplaintStatus.REPLIED))
    late = []
    for complaint in replied:
        assert complaint.replied_at is not None
        assert complaint.reply_due_on is not None
        replied_on = shanghai_date(complaint.replied_at)
        assert replied_on < today
        if replied_on > complaint.reply_due_on:
            late.append(complaint)
        closing = complaint.events.exclude(kind=ComplaintEventKind.RECEIVED).last()
        assert closing is not None
        assert closing.happened_at == complaint.replied_at
    assert len(replied) == 2
    assert len(late) == 1
