"""The case list as an Excel workbook (.xlsx) that prints cleanly on A4 landscape.

The workbook is built in memory with at most ``EXPORT_ROW_LIMIT`` rows. A larger selection is
cut there, and a Chinese notice above the header says so and asks for a narrower filter.
"""

import datetime
import io
import logging
from collections.abc import Iterable

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.cases.models import Case
from zhifa.core import chinese_dates

logger = logging.getLogger(__name__)

EXPORT_ROW_LIMIT = 5000
# Column headers and widths in characters (a Chinese character is about two).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("案号", 26),
    ("案件类型", 18),
    ("案由", 32),
    ("执法主体", 22),
    ("承办部门", 16),
    ("当事人", 24),
    ("承办人员", 18),
    ("当前阶段", 10),
    ("状态", 8),
    ("立案日期", 15),
    ("结案日期", 15),
)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def chinese_date(day: datetime.date | None) -> str:
    """Return a date as 2026年12月4日, or an empty string."""
    return chinese_dates.chinese_date(day) if day else ""


def case_row(index: int, case: Case) -> list[str | int]:
    return [
        index,
        case.number,
        case.get_kind_display(),
        case.title,
        case.agency.name,
        case.department.name,
        "、".join(party.name for party in case.parties.all()),
        "、".join(officer.full_name for officer in case.officers.all()),
        case.get_stage_display(),
        case.get_status_display(),
        chinese_date(case.opened_on),
        chinese_date(case.closed_on),
    ]


def _write_rows(sheet: Worksheet, rows: Iterable[list[str | int]], first_row: int) -> int:
    count = 0
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=first_row + offset, column=column, value=value)
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        count += 1
    return count


def build_case_workbook(queryset: QuerySet[Case], *, exported_on: datetime.date) -> bytes:
    """Return the .xlsx bytes of the cases in ``queryset``, cut at ``EXPORT_ROW_LIMIT`` rows."""
    total = queryset.count()
    workbook = Workbook()
    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("a new openpyxl workbook should start with one worksheet")
    sheet.title = "执法案件"

    title = f"执法案件清单（导出日期：{chinese_date(exported_on)}，共{total}件）"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    header_row = 2
    if total > EXPORT_ROW_LIMIT:
        notice = (
            f"符合条件的案件共{total}件，超过单次导出上限{EXPORT_ROW_LIMIT}件，"
            f"本表只列出前{EXPORT_ROW_LIMIT}件，请缩小筛选范围后分批导出。"
        )
        cell = sheet.cell(row=2, column=1, value=notice)
        cell.font = Font(bold=True, color="B91C1C")
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
        header_row = 3
        logger.warning("case export cut at %s of %s rows", EXPORT_ROW_LIMIT, total)

    for column, (label, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=column, value=label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width

    cases = queryset[:EXPORT_ROW_LIMIT]
    _write_rows(
        sheet,
        (case_row(index, case) for index, case in enumerate(cases, start=1)),
        header_row + 1,
    )

    # Keep the header and the number columns in view while scrolling.
    sheet.freeze_panes = f"C{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"  # type: ignore[union-attr]

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
