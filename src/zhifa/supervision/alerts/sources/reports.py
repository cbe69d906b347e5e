"""Monthly reports past their filing deadline, and annual reports not published by 31 January."""

import datetime

from zhifa.core.chinese_dates import chinese_date
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind
from zhifa.supervision.alerts.sources import register
from zhifa.supervision.reports import filings


def check_monthly(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    in_scope = set(agency_ids)
    return [
        AlertFact(
            kind=AlertKind.MONTHLY_REPORT_OVERDUE,
            agency_id=item.agency_id,
            target_key=f"monthly_report:{item.agency_id}:{item.year}-{item.month:02d}",
            message=(
                f"{item.year}年{item.month}月执法数据月报应于{chinese_date(item.due_on)}前报送，"
                "尚未报送。"
            ),
            url=item.url,
        )
        for item in filings.overdue_filings(today)
        if item.agency_id in in_scope
    ]


def check_annual(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    """Report annual reports not published by 31 January of the following year."""
    in_scope = set(agency_ids)
    return [
        AlertFact(
            kind=AlertKind.ANNUAL_REPORT_OVERDUE,
            agency_id=item.agency_id,
            target_key=f"annual_report:{item.agency_id}:{item.year}",
            message=f"{item.year}年度执法数据应于{chinese_date(item.due_on)}前公开，尚未公开。",
            url=item.url,
        )
        for item in filings.overdue_annual_reports(today)
        if item.agency_id in in_scope
    ]


register("monthly_reports", {AlertKind.MONTHLY_REPORT_OVERDUE}, check_monthly)
register("annual_reports", {AlertKind.ANNUAL_REPORT_OVERDUE}, check_annual)
