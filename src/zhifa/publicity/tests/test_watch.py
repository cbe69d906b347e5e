"""Deadline watch across weekends and holidays, and the on-time rate with district totals."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.publicity.tests.conftest import at_shanghai
from zhifa.publicity.watch.deadlines import deadline_board
from zhifa.publicity.watch.on_time import on_time_report

D = datetime.date


def drafts_due(make: Callable[..., Publication], *days: D | None) -> dict[D | None, Publication]:
    return {
        due: make(due_on=due, document_number=f"青朱综执罚〔2026〕{index}号")
        for index, due in enumerate(days, start=1)
    }


def numbers(rows: list[Publication]) -> set[D | None]:
    return {row.due_on for row in rows}


def test_due_soon_spans_national_day(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    # Wednesday 30 September 2026: 1-7 October are off, so the 2nd working day is 9 October.
    drafts_due(make_publication, D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 9), D(2026, 10, 10))
    make_publication(due_on=None, document_number="待定号")

    board = deadline_board(officer_user, D(2026, 9, 30))

    assert board.horizon == D(2026, 10, 9)
    [row] = board.agencies
    assert numbers(row.overdue) == {D(2026, 9, 29)}
    assert numbers(row.due_soon) == {D(2026, 9, 30), D(2026, 10, 9)}
    assert [item.document_number for item in row.pending] == ["待定号"]


def test_due_soon_spans_weekend(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    # Friday 4 December 2026: Monday 7 and Tuesday 8 December are the next working days.
    drafts_due(make_publication, D(2026, 12, 8), D(2026, 12, 9))

    board = deadline_board(officer_user, D(2026, 12, 4))

    assert board.horizon == D(2026, 12, 8)
    assert numbers(board.agencies[0].due_soon) == {D(2026, 12, 8)}
    assert board.overdue_count == 0


def test_board_scoped_and_published_ignored(
    other_agency_user: User, officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    make_publication(due_on=D(2026, 12, 1))
    make_publication(due_on=D(2026, 12, 1), published_on=D(2026, 11, 10), document_number="已发布")

    assert deadline_board(other_agency_user, D(2026, 12, 4)).agencies == []
    assert deadline_board(officer_user, D(2026, 12, 4)).overdue_count == 1


def _published(
    make: Callable[..., Publication], agency: Agency, published_on: D, due_on: D, number: str
) -> None:
    publication = make(agency=agency, due_on=due_on, document_number=number)
    Publication.objects.filter(pk=publication.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=at_shanghai(published_on, hour=23)
    )


def test_on_time_totals_are_sums(
    supervisor_user: User,
    agency_a: Agency,
    agency_b: Agency,
    make_publication: Callable[..., Publication],
) -> None:
    due = D(2026, 11, 16)
    # 23:00 Shanghai on the due date is 15:00 UTC that day: still on time.
    _published(make_publication, agency_a, due, due, "a-on-time")
    _published(make_publication, agency_a, D(2026, 11, 17), due, "a-late")
    make_publication(agency=agency_a, due_on=due, document_number="a-overdue")
    make_publication(agency=agency_a, due_on=None, document_number="a-pending")
    make_publication(
        agency=agency_a, due_on=due, status=PublicationStatus.EXCLUDED, document_number="a-excluded"
    )
    make_publication(
        agency=agency_a,
        due_on=D(2026, 10, 1),
        decided_on=D(2026, 9, 1),
        document_number="a-outside-range",
    )
    _published(make_publication, agency_b, D(2026, 11, 12), due, "b-on-time")

    report = on_time_report(supervisor_user, D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 5))

    rows = {row.agency_id: row for row in report.rows}
    a, b = rows[agency_a.pk], rows[agency_b.pk]
    assert (a.published, a.on_time, a.late, a.overdue, a.pending_calendar) == (2, 1, 1, 1, 1)
    assert (b.published, b.on_time, b.late, b.overdue, b.pending_calendar) == (1, 1, 0, 0, 0)
    assert a.rate == Decimal("33.3")
    assert b.rate == Decimal("100.0")
    for name in ("published", "on_time", "late", "overdue", "pending_calendar"):
        assert getattr(report.total, name) == sum(getattr(row, name) for row in report.rows)
    assert report.total.rate == Decimal("50.0")


def test_watch_pages(
    officer_user: User, supervisor_user: User, make_publication: Callable[..., Publication]
) -> None:
    make_publication(due_on=D(2026, 12, 1))
    officer = Client()
    officer.force_login(officer_user)
    page = officer.get(reverse("publicity:deadlines"))
    assert page.status_code == 200
    assert "已超期" in page.content.decode()
    assert officer.get(reverse("publicity:on_time")).status_code == 403

    supervisor = Client()
    supervisor.force_login(supervisor_user)
    report = supervisor.get(
        reverse("publicity:on_time"), {"date_from": "2026-11-01", "date_to": "2026-11-30"}
    )
    assert report.status_code == 200
    assert "全区合计" in report.content.decode()
