"""The dashboard's period filter: a year and a range of its months."""

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from zhifa.core.errors import ValidationFailed
from zhifa.review.figures import FIRST_YEAR


@dataclass(frozen=True)
class Period:
    year: int
    month_from: int
    month_to: int

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, self.month_from, 1)

    @property
    def ends_on(self) -> datetime.date:
        last = calendar.monthrange(self.year, self.month_to)[1]
        return datetime.date(self.year, self.month_to, last)

    @property
    def months(self) -> list[int]:
        return list(range(self.month_from, self.month_to + 1))

    @property
    def label(self) -> str:
        if self.month_from == self.month_to:
            return f"{self.year}年{self.month_from}月"
        return f"{self.year}年{self.month_from}月至{self.month_to}月"


def _number(value: Any, field: str, label: str, example: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationFailed(
            f"“{label}”{value}无效，请填写数字，例如{example}。", field=field
        ) from None


def parse_period(data: Any, today: datetime.date) -> Period:
    """Read ``year``, ``month_from`` and ``month_to``; default to this year up to this month.

    Raises ValidationFailed naming the field when a value is not a number, out of range, or
    the months are in the wrong order.
    """
    year = _number(data.get("year"), "year", "年度", today.year) or today.year
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationFailed(
            f"“年度”{year}超出可查询范围，请选择{FIRST_YEAR}年至{today.year}年之间的年份。",
            field="year",
        )
    last_month = today.month if year == today.year else 12
    month_from = _number(data.get("month_from"), "month_from", "起始月份", 1) or 1
    month_to = _number(data.get("month_to"), "month_to", "截止月份", last_month) or last_month
    for value, field, label in (
        (month_from, "month_from", "起始月份"),
        (month_to, "month_to", "截止月份"),
    ):
        if not 1 <= value <= 12:
            raise ValidationFailed(f"“{label}”{value}无效，请选择1至12月。", field=field)
    if month_from > month_to:
        raise ValidationFailed(
            f"“起始月份”{month_from}月晚于“截止月份”{month_to}月，请重新选择。",
            field="month_from",
        )
    return Period(year, month_from, month_to)
