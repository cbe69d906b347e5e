"""The destruction register (销毁清册): each destroyed subject, its time, actor and approver.

Each row is one destroyed appraisal entry with the ledger position of its tombstone, so that
anyone holding the register can find the entry and check it with ``zhifa ledger verify``.
"""

import datetime
import io
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.archives.disposition.models import AppraisalEntry
from zhifa.core.chinese_dates import chinese_date, chinese_datetime

COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("立档单位", 20),
    ("销毁对象", 14),
    ("档号或文件名", 30),
    ("案号", 24),
    ("题名", 32),
    ("鉴定理由", 40),
    ("批准人", 12),
    ("批准时间", 22),
    ("销毁时间", 22),
    ("销毁经办人", 12),
    ("监销人", 18),
    ("账本序号", 10),
)


def destroyed_entries(queryset: QuerySet[AppraisalEntry]) -> QuerySet[AppraisalEntry]:
    return (
        queryset.filter(destroyed_at__isnull=False)
        .select_related(
            "appraisal__agency",
            "appraisal__decided_by",
            "case_file__case",
            "av_record",
            "destroyed_by",
        )
        .order_by("-destroyed_at", "-pk")
    )


def _name(user: Any) -> str:
    return (user.full_name or user.username) if user is not None else ""


def register_row(index: int, entry: AppraisalEntry) -> list[Any]:
    appraisal = entry.appraisal
    if entry.case_file is not None:
        kind, code = "案卷", entry.case_file.archive_code
        number, title = entry.case_file.case.number, entry.case_file.title
    elif entry.av_record is not None:
        kind, code = "音像记录", entry.av_record.filename
        number, title = "", f"{entry.av_record.place}（{entry.av_record.get_media_kind_display()}）"
    else:
        raise ValueError(f"appraisal entry {entry.pk} has neither a case file nor an AV record")
    decided = appraisal.decided_at
    destroyed = entry.destroyed_at
    return [
        index,
        appraisal.agency.name,
        kind,
        code,
        number,
        title,
        entry.reason,
        _name(appraisal.decided_by),
        chinese_datetime(decided) if decided else "",
        chinese_datetime(destroyed) if destroyed else "",
        _name(entry.destroyed_by),
        entry.witnesses,
        entry.tombstone_position,
    ]


def build_register_workbook(
    queryset: QuerySet[AppraisalEntry], *, exported_on: datetime.date
) -> bytes:
    """Return the .xlsx bytes of the destruction register of ``queryset``."""
    entries = destroyed_entries(queryset)
    workbook = Workbook()
    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("a new openpyxl workbook should start with one worksheet")
    sheet.title = "销毁清册"
    title = f"档案销毁清册（导出日期：{chinese_date(exported_on)}，共{entries.count()}项）"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    for column, (label, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=2, column=column, value=label).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, entry in enumerate(entries.iterator(chunk_size=500), start=1):
        for column, value in enumerate(register_row(offset, entry), start=1):
            cell = sheet.cell(row=2 + offset, column=column, value=value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
