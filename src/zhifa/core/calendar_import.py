"""Loading a year's holiday schedule from a small CSV file (节假日安排导入).

The file has a header ``date,kind,festival`` and one row per day that differs from the weekday
rule, the same layout as the State Council notice turned into rows. ``kind`` is
``holiday`` (or ``public_holiday``, 休) or ``makeup_working_day`` (班). A file with any bad row
loads nothing; a year that is loaded again replaces that year's rows.
"""

import csv
import datetime
import io
import logging
from dataclasses import dataclass

from django.db import transaction

from zhifa.core.errors import ValidationFailed
from zhifa.core.models import CalendarDay, CalendarYear, DayKind

logger = logging.getLogger(__name__)

KIND_ALIASES = {
    "holiday": DayKind.PUBLIC_HOLIDAY,
    "public_holiday": DayKind.PUBLIC_HOLIDAY,
    "休": DayKind.PUBLIC_HOLIDAY,
    "makeup_working_day": DayKind.MAKEUP_WORKING_DAY,
    "班": DayKind.MAKEUP_WORKING_DAY,
}


@dataclass(frozen=True)
class ScheduleRow:
    date: datetime.date
    kind: str
    festival: str


def parse_schedule(text: str) -> list[ScheduleRow]:
    """Parse the CSV text, raising ``ValidationFailed`` that lists every bad row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"date", "kind"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationFailed(
            f"文件缺少列：{'、'.join(sorted(missing))}。第一行应为 date,kind,festival", field="file"
        )

    rows: list[ScheduleRow] = []
    errors: list[str] = []
    seen: set[datetime.date] = set()
    for line_number, record in enumerate(reader, start=2):
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
    return rows


def _parse_row(record: dict[str, str], seen: set[datetime.date]) -> tuple[ScheduleRow | None, str]:
    raw_date = (record.get("date") or "").strip()
    raw_kind = (record.get("kind") or "").strip()
    if not raw_date and not raw_kind:
        return None, ""
    try:
        day = datetime.date.fromisoformat(raw_date)
    except ValueError:
        return None, f"日期“{raw_date}”无效，应写成 YYYY-MM-DD"
    kind = KIND_ALIASES.get(raw_kind)
    if kind is None:
        return None, f"类型“{raw_kind}”无效，应为 holiday 或 makeup_working_day"
    if day in seen:
        return None, f"日期 {day.isoformat()} 重复"
    if kind == DayKind.MAKEUP_WORKING_DAY and day.weekday() < 5:
        return None, f"{day.isoformat()} 是周一至周五，不能作为调休工作日"
    return ScheduleRow(day, kind, (record.get("festival") or "").strip()), ""


@transaction.atomic
def load_schedule(rows: list[ScheduleRow], *, source: str, user: object | None = None) -> list[int]:
    """Replace the schedule of every year the rows cover; return those years."""
    years = sorted({row.date.year for row in rows})
    for year in years:
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(date=row.date, kind=row.kind, festival=row.festival, source=source)
            for row in rows
            if row.date.year == year
        )
        CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source, "loaded_by": user}
        )
    logger.info("calendar schedule loaded for years %s from %s", years, source)
    return years
