"""Demo data of this app, loaded by ``zhifa demo load`` after the case kinds and publicity.

Every agency gets drafts of the last four months. The agencies with a demo account that may
prepare reports then file them through the real actions, so the district page shows a mix of
accepted, filed, returned and draft reports. Last year's annual data is published for two of
those agencies and left as a draft for a third. ``demo_dates`` then moves every step to the
working day it would have happened on: all filings are on time except ``LATE_FILING``.
"""

import datetime
import logging

from zhifa.accounts.models import User
from zhifa.supervision.reports.actions import annual, monthly
from zhifa.supervision.reports.deadlines import previous_month
from zhifa.supervision.reports.demo_dates import backdate_annual, backdate_monthly
from zhifa.supervision.reports.models import AnnualReport, MonthlyReport

logger = logging.getLogger(__name__)

MONTHS = 4
# Demo accounts that prepare their agency's reports (an agency head has that right).
PREPARERS = ("head", "zhengfu", "jianguan", "yingji")
BUREAU = "supervisor"
# The end state of each month's report, oldest month first, per preparer account.
STATES = {
    "head": ("accepted", "accepted", "returned", "filed"),
    "zhengfu": ("accepted", "accepted", "accepted", "checked"),
    "jianguan": ("accepted", "returned", "filed", "draft"),
    "yingji": ("accepted", "filed", "draft", "draft"),
}
# The (account, month index) whose report is filed after the deadline on purpose.
LATE_FILING = ("yingji", 1)
PUBLISHED_ANNUAL = ("head", "zhengfu")
DRAFT_ANNUAL = ("jianguan",)


def _last_months(today: datetime.date) -> list[tuple[int, int]]:
    months = []
    day = today
    for _ in range(MONTHS):
        year, month = previous_month(day)
        months.append((year, month))
        day = datetime.date(year, month, 1)
    return list(reversed(months))


def _move(report: MonthlyReport, state: str, preparer: User, bureau: User) -> None:
    """Take a fresh draft through the actions to ``state``."""
    if state == "draft":
        monthly.save_notes(preparer, report, "本月数据已汇总，尚待核对。")
        return
    monthly.check_monthly(preparer, report)
    if state == "checked":
        return
    monthly.file_monthly(preparer, report)
    if state == "accepted":
        monthly.accept_monthly(bureau, report)
    elif state == "returned":
        monthly.return_monthly(
            bureau, report, "行政检查数据与双随机抽查记录不一致，请核实后重新报送。"
        )


def _load_monthly(today: datetime.date, users: dict[str, User]) -> tuple[int, int]:
    created = skipped = 0
    bureau = users.get(BUREAU)
    late_filing = _late_filing(users)
    for index, (year, month) in enumerate(_last_months(today)):
        before = set(
            MonthlyReport.objects.filter(year=year, month=month).values_list("agency_id", flat=True)
        )
        created += monthly.create_drafts(year, month, today)
        skipped += len(before)
        if bureau is not None:
            _move_preparers(year, month, index, before, users, bureau)
        new_drafts = MonthlyReport.objects.filter(year=year, month=month).exclude(
            agency_id__in=before
        )
        for report in new_drafts:
            backdate_monthly(report, today, late=(report.agency_id, index) in late_filing)
    return created, skipped


def _late_filing(users: dict[str, User]) -> set[tuple[int | None, int]]:
    username, index = LATE_FILING
    preparer = users.get(username)
    return {(preparer.agency_id, index)} if preparer is not None else set()


def _move_preparers(
    year: int, month: int, index: int, before: set[int], users: dict[str, User], bureau: User
) -> None:
    """Take each demo preparer's new report of the month to its end state in ``STATES``."""
    for username, states in STATES.items():
        preparer = users.get(username)
        if preparer is None or preparer.agency_id is None or preparer.agency_id in before:
            continue
        report = MonthlyReport.objects.get(agency_id=preparer.agency_id, year=year, month=month)
        _move(report, states[index], preparer, bureau)


def _load_annual(today: datetime.date, users: dict[str, User]) -> tuple[int, int]:
    year = today.year - 1
    created = skipped = 0
    for username in (*PUBLISHED_ANNUAL, *DRAFT_ANNUAL):
        preparer = users.get(username)
        if preparer is None or preparer.agency_id is None:
            continue
        if AnnualReport.objects.filter(agency_id=preparer.agency_id, year=year).exists():
            skipped += 1
            continue
        report = annual.compile_annual(preparer, preparer.agency_id, year, today)
        if username in PUBLISHED_ANNUAL:
            annual.save_annual_notes(preparer, report, f"{year}年度执法数据由系统按办案记录汇总。")
            annual.publish_annual(preparer, report)
        report.refresh_from_db()
        backdate_annual(report, today)
        created += 1
    return created, skipped


def load(today: datetime.date) -> dict[str, int]:
    """Add this app's demo rows once; return counts by kind, ``skipped`` for rows already there."""
    users = {user.username: user for user in User.objects.filter(username__in=(*PREPARERS, BUREAU))}
    monthly_created, monthly_skipped = _load_monthly(today, users)
    annual_created, annual_skipped = _load_annual(today, users)
    logger.info("reports demo: %s monthly, %s annual reports", monthly_created, annual_created)
    return {
        "执法数据月报": monthly_created,
        "年度执法数据": annual_created,
        "skipped": monthly_skipped + annual_skipped,
    }
