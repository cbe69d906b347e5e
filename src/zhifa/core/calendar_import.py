"""Loading a year's holiday schedule from a small CSV file (节假日安排导入).

The file has a header ``date,kind,festival`` (or ``日期,类型,节日``) and one row per day that
differs from the weekday rule, the same layout as the State Council notice turned into rows.
``kind`` is ``holiday`` (also ``public_holiday``, 放假 or 休) or ``makeup_working_day`` (also
调休上班 or 班). Every holiday row names its festival, and every year in the file must list
days off for all seven statutory festivals. A file with any problem loads nothing. A year that
is already loaded is replaced only when the caller confirms it.
"""

import csv
import datetime
import io
import logging
from dataclasses import dataclass, field

from django.db import transaction

from zhifa.core import workdays
from zhifa.core.errors import ValidationFailed
from zhifa.core.models import CalendarDay, CalendarYear, DayKind
from zhifa.core.rules import missing_statutory_festivals

logger = logging.getLogger(__name__)

# Header names, English or Chinese, mapped to the column they name.
COLUMN_ALIASES = {
    "date": "date",
    "日期": "date",
    "kind": "kind",
    "类型": "kind",
    "festival": "festival",
    "节日": "festival",
}
COLUMN_LABELS = {"date": "日期（date）", "kind": "类型（kind）", "festival": "节日（festival）"}

KIND_ALIASES = {
    "holiday": DayKind.PUBLIC_HOLIDAY,
    "public_holiday": DayKind.PUBLIC_HOLIDAY,
    "放假": DayKind.PUBLIC_HOLIDAY,
    "休": DayKind.PUBLIC_HOLIDAY,
    "makeup_working_day": DayKind.MAKEUP_WORKING_DAY,
    "调休上班": DayKind.MAKEUP_WORKING_DAY,
    "班": DayKind.MAKEUP_WORKING_DAY,
}
KIND_SHORT_LABELS = {DayKind.PUBLIC_HOLIDAY: "放假", DayKind.MAKEUP_WORKING_DAY: "调休上班"}

# Length of CalendarDay.festival.
MAX_FESTIVAL_LENGTH = 32


@dataclass(frozen=True)
class ScheduleRow:
    date: datetime.date
    kind: str
    festival: str


@dataclass(frozen=True)
class YearChange:
    """Result of loading one year: a first import, or a replacement and its differences."""

    year: int
    replaced: bool
    added: list[datetime.date] = field(default_factory=list)
    removed: list[datetime.date] = field(default_factory=list)
    # Days listed before and after whose kind differs, each with its new kind.
    changed_kind: list[tuple[datetime.date, str]] = field(default_factory=list)

    def summary(self) -> str:
        """Describe the change in Chinese, e.g. "2027 年：新增 2月9日；删除 2月20日"."""
        if not self.replaced:
            return f"{self.year} 年：首次导入"
        parts = []
        if self.added:
            parts.append("新增 " + "、".join(_month_day(day) for day in self.added))
        if self.removed:
            parts.append("删除 " + "、".join(_month_day(day) for day in self.removed))
        if self.changed_kind:
            changes = (
                f"{_month_day(day)}（改为{KIND_SHORT_LABELS[DayKind(kind)]}）"
                for day, kind in self.changed_kind
            )
            parts.append("类型改变 " + "、".join(changes))
        if not parts:
            return f"{self.year} 年：已替换，放假和调休日期没有变化"
        return f"{self.year} 年：已替换，" + "；".join(parts)

    def as_detail(self) -> dict[str, list[str]]:
        """Return the differences as ISO dates, for the audit entry."""
        return {
            "added": [day.isoformat() for day in self.added],
            "removed": [day.isoformat() for day in self.removed],
            "changed_kind": [f"{day.isoformat()} {kind}" for day, kind in self.changed_kind],
        }


class YearsAlreadyLoaded(ValidationFailed):
    """The file covers years that are loaded already, and the caller did not confirm replacing."""

    code = "calendar_years_already_loaded"

    def __init__(self, years: list[int]):
        listed = "、".join(str(year) for year in years)
        super().__init__(
            f"{listed} 年的节假日安排已经导入过。如确需用本文件替换，"
            "请勾选“替换已导入的年份”后重新上传。",
            field="replace",
        )
        self.years = years


def _month_day(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日"


def parse_schedule(text: str) -> list[ScheduleRow]:
    """Parse the CSV text, raising ``ValidationFailed`` that lists every problem.

    The problems are joined with "；", one per bad row or incomplete year.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, [])
    positions = _column_positions(header)

    rows: list[ScheduleRow] = []
    errors: list[str] = []
    seen: set[datetime.date] = set()
    for line_number, cells in enumerate(reader, start=2):
        record = {
            column: cells[index].strip() if index < len(cells) else ""
            for column, index in positions.items()
        }
        row, error = _parse_row(record, seen)
        if error:
            errors.append(f"第{line_number}行：{error}")
        elif row:
            rows.append(row)
            seen.add(row.date)

    if errors:
        raise ValidationFailed("；".join(errors), field="file")
    if not rows:
        raise ValidationFailed("文件中没有任何日期行", field="file")
    incomplete = incomplete_years(rows)
    if incomplete:
        raise ValidationFailed("；".join(incomplete), field="file")
    return rows


def _column_positions(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        column = COLUMN_ALIASES.get(name.strip().lower())
        if column and column not in positions:
            positions[column] = index
    missing = [label for column, label in COLUMN_LABELS.items() if column not in positions]
    if missing:
        raise ValidationFailed(
            f"文件缺少列：{'、'.join(missing)}。第一行应为 date,kind,festival 或 日期,类型,节日",
            field="file",
        )
    return positions


def _parse_row(record: dict[str, str], seen: set[datetime.date]) -> tuple[ScheduleRow | None, str]:
    raw_date = record["date"]
    raw_kind = record["kind"]
    festival = record["festival"]
    if not raw_date and not raw_kind and not festival:
        return None, ""
    try:
        day = datetime.date.fromisoformat(raw_date)
    except ValueError:
        return None, f"日期“{raw_date}”无效，应写成 YYYY-MM-DD"
    kind = KIND_ALIASES.get(raw_kind.lower())
    if kind is None:
        return None, (
            f"类型“{raw_kind}”无效，应为 holiday（放假）或 makeup_working_day（调休上班）"
        )
    if day in seen:
        return None, f"日期 {day.isoformat()} 重复"
    if kind == DayKind.MAKEUP_WORKING_DAY and day.weekday() < 5:
        return None, f"{day.isoformat()} 是周一至周五，不能作为调休工作日"
    if kind == DayKind.PUBLIC_HOLIDAY and not festival:
        return None, f"{day.isoformat()} 是放假日，请在“节日”列写明节日名称，例如 春节"
    if len(festival) > MAX_FESTIVAL_LENGTH:
        return None, f"节日名称超过 {MAX_FESTIVAL_LENGTH} 个字，请缩短"
    return ScheduleRow(day, kind, festival), ""


def incomplete_years(rows: list[ScheduleRow]) -> list[str]:
    """Return one problem for each year whose holiday rows miss a statutory festival."""
    festivals_by_year: dict[int, list[str]] = {}
    for row in rows:
        texts = festivals_by_year.setdefault(row.date.year, [])
        if row.kind == DayKind.PUBLIC_HOLIDAY:
            texts.append(row.festival)

    problems = []
    for year, texts in sorted(festivals_by_year.items()):
        missing = missing_statutory_festivals(texts)
        if missing:
            problems.append(
                f"{year} 年不完整，缺少以下节日的放假日：{'、'.join(missing)}。"
                "文件中每个年度都须列出元旦、春节、清明节、劳动节、端午节、中秋节、国庆节的放假日"
            )
    return problems


@transaction.atomic
def load_schedule(
    rows: list[ScheduleRow], *, source: str, user: object | None = None, replace: bool = False
) -> list[YearChange]:
    """Write the schedule of every year the rows cover, and return what changed in each.

    Raise ``YearsAlreadyLoaded`` before writing anything if a year is loaded already and
    ``replace`` is false.
    """
    years = sorted({row.date.year for row in rows})
    loaded = set(
        CalendarYear.objects.select_for_update()
        .filter(year__in=years)
        .values_list("year", flat=True)
    )
    if loaded and not replace:
        raise YearsAlreadyLoaded(sorted(loaded))

    changes = []
    for year in years:
        year_rows = [row for row in rows if row.date.year == year]
        previous = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
        changes.append(_year_change(year, year in loaded, previous, year_rows))

        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(date=row.date, kind=row.kind, festival=row.festival, source=source)
            for row in year_rows
        )
        CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source, "loaded_by": user}
        )
    workdays.forget_shared_years()
    logger.info("calendar schedule loaded for years %s from %s", years, source)
    return changes


def _year_change(
    year: int, replaced: bool, previous: dict[datetime.date, str], rows: list[ScheduleRow]
) -> YearChange:
    new = {row.date: row.kind for row in rows}
    return YearChange(
        year=year,
        replaced=replaced,
        added=sorted(set(new) - set(previous)),
        removed=sorted(set(previous) - set(new)),
        changed_kind=sorted(
            (day, kind) for day, kind in new.items() if day in previous and previous[day] != kind
        ),
    )
