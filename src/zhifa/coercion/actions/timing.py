"""The night and holiday ban on enforcement (行政强制法 Art. 43), read from the rule parameters.

The law names no hours for "夜间" and does not say whether weekend rest days count as
"法定节假日", so both are rule parameters the legal office confirms (seeded by this app's
migration ``0002``).
"""

import datetime

from zhifa.cases.rules.common import RuleOutcome
from zhifa.coercion import rules
from zhifa.core.models import CalendarDay, DayKind
from zhifa.core.rules import parameter
from zhifa.core.workdays import is_working_day, shanghai_date

NIGHT_STARTS = "coercion_night_starts_hour"
NIGHT_ENDS = "coercion_night_ends_hour"
REST_DAYS_BARRED = "coercion_rest_days_barred"


def barred_days(days: set[datetime.date]) -> set[datetime.date]:
    """Return the days among ``days`` on which enforcement is barred without an emergency."""
    holidays = set(
        CalendarDay.objects.filter(date__in=days, kind=DayKind.PUBLIC_HOLIDAY).values_list(
            "date", flat=True
        )
    )
    if parameter(REST_DAYS_BARRED) == 0:
        return holidays
    return holidays | {day for day in days if not is_working_day(day)}


def check_time(
    starts_at: datetime.datetime, ends_at: datetime.datetime, emergency_reason: str
) -> RuleOutcome:
    days = {shanghai_date(starts_at), shanghai_date(ends_at)}
    return rules.check_enforcement_time(
        rules.EnforcementTime(
            starts_at=starts_at,
            ends_at=ends_at,
            rest_days_barred=barred_days(days),
            night_starts_hour=int(parameter(NIGHT_STARTS)),
            night_ends_hour=int(parameter(NIGHT_ENDS)),
        ),
        emergency_reason,
    )
