"""Publication due dates: 7 or 20 working days on the platform calendar, start day not counted."""

import datetime

import pytest

from zhifa.core.calendar_import import load_schedule, parse_schedule
from zhifa.publicity.drafting.deadlines import due_date, is_overdue, refresh_pending_due_dates
from zhifa.publicity.models import Publication, PublicationStatus

D = datetime.date

# (kind, decision date, due date), on the 2026 State Council schedule.
CASES = [
    # National Day: 10/1-10/7 off, 10/10 (Saturday) a make-up working day.
    ("penalty", D(2026, 9, 30), D(2026, 10, 15)),
    ("license", D(2026, 9, 30), D(2026, 10, 15)),
    ("inspection", D(2026, 9, 30), D(2026, 11, 3)),
    ("compulsion", D(2026, 9, 30), D(2026, 11, 3)),
    # 9/20 (Sunday) is a make-up working day, 9/25 (中秋) a holiday.
    ("penalty", D(2026, 9, 18), D(2026, 9, 29)),
    # Spring Festival: 2/15-2/23 off, 2/14 and 2/28 (Saturdays) make-up working days.
    ("penalty", D(2026, 2, 13), D(2026, 3, 2)),
    ("levy", D(2026, 2, 13), D(2026, 3, 19)),
    # An ordinary week: the start day is not counted.
    ("penalty", D(2026, 11, 5), D(2026, 11, 16)),
]

# An invented 2027 schedule; the real notice was not out when this test was written.
SCHEDULE_2027 = """date,kind,festival
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-04-05,holiday,清明节
2027-05-03,holiday,劳动节
2027-06-09,holiday,端午节
2027-09-15,holiday,中秋节
2027-10-01,holiday,国庆节
"""


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "decided_on", "expected"), CASES)
def test_due_date_table(kind: str, decided_on: datetime.date, expected: datetime.date) -> None:
    assert due_date(kind, decided_on) == expected


@pytest.mark.django_db
def test_uncovered_year_pending_until_imported(agency_a) -> None:
    decided_on = D(2026, 12, 28)
    assert due_date("penalty", decided_on) is None
    pending = Publication.objects.create(
        agency=agency_a, kind="penalty", source="manual", title="待定", decided_on=decided_on
    )
    published = Publication.objects.create(
        agency=agency_a,
        kind="penalty",
        source="manual",
        title="已发布",
        decided_on=decided_on,
        status=PublicationStatus.PUBLISHED,
    )

    assert refresh_pending_due_dates() == 0
    load_schedule(parse_schedule(SCHEDULE_2027), source="测试通知")

    assert refresh_pending_due_dates() == 1
    pending.refresh_from_db()
    published.refresh_from_db()
    assert pending.due_on == D(2027, 1, 7)
    assert published.due_on is None


@pytest.mark.django_db
def test_period_read_from_parameter(agency_a) -> None:
    from zhifa.core.models import RuleParameter

    RuleParameter.objects.filter(key="publication_days_general").update(value=5)
    assert due_date("inspection", D(2026, 11, 5)) == D(2026, 11, 12)


@pytest.mark.django_db
def test_overdue_only_past_due_drafts(agency_a) -> None:
    today = D(2026, 11, 20)
    row = Publication(
        agency=agency_a,
        kind="penalty",
        title="x",
        decided_on=D(2026, 11, 5),
        due_on=D(2026, 11, 16),
    )
    assert is_overdue(row, today)
    row.due_on = None
    assert not is_overdue(row, today)
    row.due_on = D(2026, 11, 16)
    row.status = PublicationStatus.PUBLISHED
    assert not is_overdue(row, today)
