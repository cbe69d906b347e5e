"""Excel workbooks of an agency's monthly report and of the district report, ready to print.

Each sheet has a title, the reporting unit and period, header rows that repeat on every
printed page and stay frozen on screen, landscape pages fitted to one page wide, and number
formats for counts and amounts. The district sheets end with a total row that is the sum of
the agency rows, written as plain values.
"""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.accounts.models import User
from zhifa.evidence.access.export import exporter_line
from zhifa.supervision.reports import display
from zhifa.supervision.reports.district import DistrictReport
from zhifa.supervision.reports.figures import Figures, from_json
from zhifa.supervision.reports.metrics import SECTIONS, Metric, metrics_in
from zhifa.supervision.reports.models import MonthlyReport

COUNT_FORMAT = "#,##0"
AMOUNT_FORMAT = "#,##0.00"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _number_format(metric: Metric) -> str:
    return AMOUNT_FORMAT if metric.is_amount else COUNT_FORMAT


def _page_setup(sheet: Worksheet, header_rows: str, columns: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    properties = sheet.sheet_properties.pageSetUpPr
    if properties is not None:
        properties.fitToPage = True
    sheet.print_title_rows = header_rows
    sheet.print_options.horizontalCentered = True
    footer = sheet.oddFooter
    if footer is not None and footer.center is not None:
        footer.center.text = "第 &P 页，共 &N 页"
    last = get_column_letter(columns)
    sheet.merge_cells(f"A1:{last}1")
    sheet.merge_cells(f"A2:{last}2")


def _heading(sheet: Worksheet, title: str, subtitle: str) -> None:
    sheet["A1"] = title
    sheet["A1"].font = TITLE
    sheet["A1"].alignment = CENTER
    sheet["A2"] = subtitle
    sheet.row_dimensions[1].height = 28


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def monthly_workbook(user: User, report: MonthlyReport) -> bytes:
    """Build the workbook of one agency's report: one line per figure, by section."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet(f"{report.year}年{report.month}月")
    status = report.get_status_display()
    _heading(sheet, f"{report.year}年{report.month}月行政执法数据月报", "")
    sheet["A2"] = (
        f"填报单位：{report.agency.name}    统计期间：{report.year}年{report.month}月1日至月末"
        f"    状态：{status}"
    )
    header = ["类别", "项目", "单位", "数值"]
    sheet.append(header)
    for column, _ in enumerate(header, start=1):
        cell = sheet.cell(row=3, column=column)
        cell.font = BOLD
        cell.alignment = CENTER
        cell.border = BOX

    figures = from_json(report.figures)
    for section in SECTIONS:
        for metric in metrics_in(section):
            sheet.append([section, metric.label, metric.unit, figures[metric.code]])
            row = sheet.max_row
            sheet.cell(row=row, column=4).number_format = _number_format(metric)
            for column in range(1, 5):
                sheet.cell(row=row, column=column).border = BOX
    for rate in display.rates(figures):
        value = "—" if rate.percent is None else f"{rate.percent}%"
        sheet.append(["比率", rate.label, "%", value])

    if report.notes:
        sheet.append([])
        sheet.append(["说明", report.notes])
    sheet.append([])
    sheet.append([exporter_line(user, timezone.now())])

    for letter, width in zip("ABCD", (12, 40, 8, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    _page_setup(sheet, "3:3", 4)
    return _save(workbook)


def _district_header(sheet: Worksheet, metrics: list[Metric]) -> None:
    labels = ["执法主体", "报送状态", *(f"{metric.label}（{metric.unit}）" for metric in metrics)]
    sheet.append(labels)
    for index in range(1, len(labels) + 1):
        cell = sheet.cell(row=3, column=index)
        cell.font = BOLD
        cell.alignment = CENTER
        cell.border = BOX
    sheet.row_dimensions[3].height = 48


def _district_line(
    sheet: Worksheet, name: str, status: str, figures: Figures | None, metrics: list[Metric]
) -> None:
    values = [figures[metric.code] if figures is not None else None for metric in metrics]
    sheet.append([name, status, *values])
    row = sheet.max_row
    for index, metric in enumerate(metrics, start=3):
        sheet.cell(row=row, column=index).number_format = _number_format(metric)
    for index in range(1, len(metrics) + 3):
        sheet.cell(row=row, column=index).border = BOX


def _district_sheet(sheet: Worksheet, user: User, report: DistrictReport, section: str) -> None:
    metrics = metrics_in(section)
    _heading(sheet, f"{report.year}年{report.month}月全区行政执法数据汇总表（{section}）", "")
    sheet["A2"] = (
        f"统计期间：{report.year}年{report.month}月    已报送{report.filed_count}个单位，"
        f"未报送{len(report.not_filed)}个单位（未报送单位不计入合计）"
    )
    _district_header(sheet, metrics)
    for row in report.rows:
        _district_line(sheet, row.agency.name, row.status_label, row.figures, metrics)
    _district_line(sheet, "全区合计", f"{report.filed_count}个单位", report.total, metrics)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD

    sheet.append([])
    sheet.append([exporter_line(user, timezone.now())])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 10
    for index in range(3, len(metrics) + 3):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = "C4"
    _page_setup(sheet, "3:3", len(metrics) + 2)


def district_workbook(user: User, report: DistrictReport) -> bytes:
    """Build the district workbook, one sheet per section so that each prints one page wide.

    Each sheet has one row per agency, then the total of the filed rows.
    """
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for section in SECTIONS:
        _district_sheet(workbook.create_sheet(section), user, report, section)
    return _save(workbook)
