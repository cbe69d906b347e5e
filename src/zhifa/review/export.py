"""Excel export of the legal review figures (法制审核统计表), ready to print.

Each sheet has a title row, a frozen header row that repeats on every printed page, set
column widths, landscape pages fitted to one page wide, and a district total row last.
"""

import io
from collections.abc import Sequence

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.accounts.models import User
from zhifa.evidence.access.export import exporter_line
from zhifa.review.figures import FiguresReport, ReviewFigures
from zhifa.review.models import DecisionKind

SUMMARY_COLUMNS: list[tuple[str, int]] = [
    ("执法主体", 30),
    ("审核件数", 10),
    ("送审轮次", 10),
    ("平均轮次", 10),
    ("最多轮次", 10),
    ("平均用时（工作日）", 18),
    ("无法计时轮次", 12),
    ("当前超期未完成", 14),
    ("超期完成", 10),
    ("发现问题", 10),
    ("目录清单备案情况", 30),
    ("持证执法人员", 12),
    ("法制审核人员（计入配比）", 22),
    ("配比", 10),
    ("配比达标", 10),
    ("在岗审核人员", 12),
    ("不符合资格要求人员", 18),
]

BOLD = Font(bold=True)


def _text(value: object) -> object:
    return "—" if value is None else value


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "无法计算"
    return "是" if value else "否"


def _summary_row(row: ReviewFigures, name: str) -> list[object]:
    ratio = row.ratio
    return [
        name,
        row.reviews,
        row.rounds,
        _text(row.mean_rounds),
        row.max_rounds,
        _text(row.mean_working_days),
        row.untimed_rounds,
        row.open_overdue,
        row.completed_late,
        row.issues,
        row.catalog.label if row.catalog is not None else "—",
        ratio.credentialed_officers if ratio else 0,
        ratio.reviewers if ratio else 0,
        ratio.percent_label if ratio else "无法计算",
        _yes_no(ratio.compliant if ratio else None),
        row.active_reviewers,
        row.unqualified_reviewers,
    ]


def _sheet(
    book: Workbook,
    title: str,
    heading: str,
    columns: Sequence[tuple[str, int]],
    rows: list[list[object]],
) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append([heading])
    sheet["A1"].font = BOLD
    sheet.append([name for name, _ in columns])
    for cell in sheet[2]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    for values in rows:
        sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    sheet.freeze_panes = "B3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _name(row: ReviewFigures) -> str:
    return row.agency.name if row.agency is not None else "全区合计"


def figures_workbook(user: User, report: FiguresReport) -> bytes:
    """Return the .xlsx bytes of ``report``: summary, reviews by kind and issues by item."""
    line = exporter_line(user, timezone.now())
    heading = f"{report.year}年度法制审核统计（截至{report.reference_day:%Y-%m-%d}） {line}"
    book = Workbook()
    for empty in list(book.worksheets):
        book.remove(empty)
    everyone = [*report.rows, report.total]

    summary = [_summary_row(row, _name(row)) for row in everyone]
    _sheet(book, "汇总", heading, SUMMARY_COLUMNS, summary)

    kinds = [(kind.value, kind.label) for kind in DecisionKind]
    kind_columns = [("执法主体", 30), *((label, 14) for _, label in kinds), ("合计", 10)]
    kind_rows = [
        [_name(row), *(row.reviews_by_kind[code] for code, _ in kinds), row.reviews]
        for row in everyone
    ]
    _sheet(book, "按决定类型", heading, kind_columns, kind_rows)

    codes = sorted(report.item_labels, key=lambda code: report.item_labels[code])
    item_columns = [
        ("执法主体", 30),
        *((report.item_labels[code], 16) for code in codes),
        ("合计", 10),
    ]
    item_rows = [
        [_name(row), *(row.issues_by_item[code] for code in codes), row.issues] for row in everyone
    ]
    _sheet(book, "按审核要点", heading, item_columns, item_rows)

    for sheet in book.worksheets:
        footer = sheet.oddFooter
        if footer is not None and footer.center is not None:
            footer.center.text = line + " 第 &P 页，共 &N 页"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
