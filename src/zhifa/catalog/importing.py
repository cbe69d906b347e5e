"""Reading a power item list (权责清单) from an Excel workbook.

The data is on the sheet named 权责清单, or on the first sheet if no sheet has that name.
Row 1 contains the Chinese column names. The columns may come in any order, and extra columns
are ignored. Parsing checks every row and collects every problem, so the user can fix the whole
file in one pass. ``zhifa.catalog.actions.import_power_items`` writes nothing unless the whole
file is clean.
"""

import datetime
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook, load_workbook

from zhifa.agencies.models import EnforcementDomain
from zhifa.catalog.models import PowerCategory

logger = logging.getLogger(__name__)

COLUMN_CODE = "事项编码"
COLUMN_NAME = "事项名称"
COLUMN_CATEGORY = "执法类别"
COLUMN_BASIS = "实施依据"
COLUMN_DOMAIN = "执法领域"
COLUMN_EFFECTIVE = "生效日期"
COLUMN_REASON = "变更原因"

COLUMNS = [
    COLUMN_CODE,
    COLUMN_NAME,
    COLUMN_CATEGORY,
    COLUMN_BASIS,
    COLUMN_DOMAIN,
    COLUMN_EFFECTIVE,
    COLUMN_REASON,
]
REQUIRED_COLUMNS = [COLUMN_CODE, COLUMN_NAME, COLUMN_CATEGORY, COLUMN_BASIS, COLUMN_EFFECTIVE]

CATEGORY_BY_LABEL = {str(label): str(value) for value, label in PowerCategory.choices}

# Field lengths of PowerItem / PowerItemVersion.
MAX_CODE_LENGTH = 60
MAX_NAME_LENGTH = 200
MAX_REASON_LENGTH = 200

FORMULA_PROBLEM = "单元格是公式，请改为直接填写内容（粘贴为数值）。"

# Dates written as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日.
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class PowerItemRow:
    """One clean row of the workbook."""

    line: int
    code: str
    name: str
    category: str
    legal_basis: str
    domain: EnforcementDomain | None
    effective_from: datetime.date
    change_reason: str


@dataclass(frozen=True)
class RowError:
    """One problem in one cell, or in the whole file when ``line`` is 0."""

    line: int
    column: str
    problem: str

    def __str__(self) -> str:
        if self.line == 0:
            return self.problem
        return f"第{self.line}行「{self.column}」：{self.problem}"


class WorkbookRejected(Exception):
    """The workbook has problems; ``errors`` lists each of them."""

    def __init__(self, errors: list[RowError]):
        super().__init__("；".join(str(error) for error in errors))
        self.errors = errors


DATA_SHEET_TITLE = "权责清单"
GUIDE_SHEET_TITLE = "填写说明"

# A code or name containing this word comes from the example on the guide sheet.
EXAMPLE_MARKER = "示例"

EXAMPLE_ROW = [
    "示例-0001",
    "对未取得许可擅自从事经营活动的处罚（示例）",
    "行政处罚",
    "《中华人民共和国行政许可法》第八十一条",
    "",
    "2026-01-01",
    "",
]

COLUMN_NOTES = {
    COLUMN_CODE: "必填。本单位清单内唯一，最长60个字符；编码已有的行视为对该事项的变更",
    COLUMN_NAME: "必填。最长200个字",
    COLUMN_CATEGORY: "必填。只能填写下方“执法类别可填写的值”之一",
    COLUMN_BASIS: "必填。法律、法规、规章的名称和条款",
    COLUMN_DOMAIN: "可空。须与平台中已设置的执法领域名称完全一致",
    COLUMN_EFFECTIVE: "必填。写成 2026-01-01，或设为日期格式的单元格；变更的生效日期须晚于现行版本",
    COLUMN_REASON: "可空。变更已有事项时填写，最长200个字",
}


def template_workbook() -> bytes:
    """Return the import template as xlsx bytes.

    The 权责清单 sheet has only the header row, so a template filled in from row 2 contains no
    example data. The 填写说明 sheet explains each column, lists the allowed 执法类别 values and
    shows an example row.
    """
    workbook = Workbook()
    data_sheet = workbook.active
    assert data_sheet is not None  # noqa: S101 - a new workbook always has one sheet
    data_sheet.title = DATA_SHEET_TITLE
    data_sheet.append(COLUMNS)
    for column, width in zip("ABCDEFG", (16, 40, 12, 50, 14, 14, 24), strict=True):
        data_sheet.column_dimensions[column].width = width

    guide = workbook.create_sheet(GUIDE_SHEET_TITLE)
    guide.append(["在“权责清单”工作表中，从第2行起每行填写一个事项，不要改动第1行的列名。"])
    guide.append(["单元格请直接填写内容，不要使用公式；从其他表格复制时请“粘贴为数值”。"])
    guide.append([])
    guide.append(["列名", "填写要求"])
    for column in COLUMNS:
        guide.append([column, COLUMN_NOTES[column]])
    guide.append([])
    guide.append(["执法类别可填写的值"])
    for label in CATEGORY_BY_LABEL:
        guide.append([label])
    guide.append([])
    guide.append(["示例（仅供参考，不要复制到“权责清单”工作表）"])
    guide.append(COLUMNS)
    guide.append(EXAMPLE_ROW)
    for column, width in zip("ABCDEFG", (20, 70, 12, 40, 14, 14, 24), strict=True):
        guide.column_dimensions[column].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_workbook(file: IO[bytes]) -> tuple[list[PowerItemRow], list[RowError]]:
    """Parse the data sheet into its clean rows and the problems of the other rows.

    A problem with the file as a whole (not xlsx, no header, no data) raises
    ``WorkbookRejected`` at once.
    """
    # data_only=False keeps formulas as formulas, so a formula cell is reported as such
    # instead of as its cached result, which is missing in files that no spreadsheet
    # program has recalculated.
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        logger.info("power item workbook rejected: %s", error)
        problem = "文件不是有效的 Excel（.xlsx）文件，请用模板另存为 .xlsx 后重新上传。"
        raise WorkbookRejected([RowError(0, "", problem)]) from error

    sheet = next(
        (each for each in workbook.worksheets if each.title == DATA_SHEET_TITLE),
        workbook.worksheets[0],
    )
    rows: list[tuple[Any, ...]] = []
    formula_cells: list[set[int]] = []
    for row_cells in sheet.iter_rows():
        rows.append(tuple(cell.value for cell in row_cells))
        formula_cells.append(
            {index for index, cell in enumerate(row_cells) if cell.data_type == "f"}
        )
    workbook.close()
    if not rows:
        raise WorkbookRejected([RowError(0, "", "文件是空的，请按模板填写后重新上传。")])

    positions = _header_positions(rows[0])
    domains = {domain.name: domain for domain in EnforcementDomain.objects.all()}
    parsed: list[PowerItemRow] = []
    errors: list[RowError] = []
    first_line_of_code: dict[str, int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        values = {column: _text(cells, index) for column, index in positions.items()}
        if not any(values.values()):
            continue
        formulas = [
            column for column, index in positions.items() if index in formula_cells[line - 1]
        ]
        for column in formulas:
            values[column] = ""
        row, row_errors = _parse_row(line, values, cells, positions, domains, formulas)
        code = values[COLUMN_CODE]
        if code and code in first_line_of_code:
            row_errors.append(
                RowError(
                    line,
                    COLUMN_CODE,
                    f"编码“{code}”与第{first_line_of_code[code]}行重复，同一文件中每个事项只能出现一次。",
                )
            )
        elif code:
            first_line_of_code[code] = line
        errors += row_errors
        if row is not None and not row_errors:
            parsed.append(row)

    if not parsed and not errors:
        raise WorkbookRejected([RowError(0, "", "文件中没有数据行，请从第2行起每行填写一个事项。")])
    return parsed, errors


def _header_positions(header: tuple[Any, ...]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = str(cell).strip() if cell is not None else ""
        if name in COLUMNS and name not in positions:
            positions[name] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        raise WorkbookRejected(
            [
                RowError(
                    0,
                    "",
                    f"第1行缺少列：{'、'.join(missing)}。请下载模板，"
                    f"第1行依次写 {'、'.join(COLUMNS)}。",
                )
            ]
        )
    return positions


def _text(cells: tuple[Any, ...], index: int) -> str:
    if index >= len(cells) or cells[index] is None:
        return ""
    value = cells[index]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _parse_row(
    line: int,
    values: dict[str, str],
    cells: tuple[Any, ...],
    positions: dict[str, int],
    domains: dict[str, EnforcementDomain],
    formulas: list[str],
) -> tuple[PowerItemRow | None, list[RowError]]:
    """Check one row. ``formulas`` names the columns whose cell is a formula, left blank."""
    errors = [RowError(line, column, FORMULA_PROBLEM) for column in formulas]

    for column in REQUIRED_COLUMNS:
        if not values.get(column) and column not in formulas:
            errors.append(RowError(line, column, "未填写，请补上。"))

    for column in (COLUMN_CODE, COLUMN_NAME):
        if EXAMPLE_MARKER in values.get(column, ""):
            errors.append(
                RowError(
                    line,
                    column,
                    f"含有“{EXAMPLE_MARKER}”，这是模板中的示例行，请删除本行后重新导入。",
                )
            )
            break

    code = values.get(COLUMN_CODE, "")
    if len(code) > MAX_CODE_LENGTH:
        errors.append(RowError(line, COLUMN_CODE, f"超过{MAX_CODE_LENGTH}个字符，请缩短。"))
    name = values.get(COLUMN_NAME, "")
    if len(name) > MAX_NAME_LENGTH:
        errors.append(RowError(line, COLUMN_NAME, f"超过{MAX_NAME_LENGTH}个字符，请缩短。"))
    reason = values.get(COLUMN_REASON, "")
    if len(reason) > MAX_REASON_LENGTH:
        errors.append(RowError(line, COLUMN_REASON, f"超过{MAX_REASON_LENGTH}个字符，请缩短。"))

    category = ""
    label = values.get(COLUMN_CATEGORY, "")
    if label:
        category = CATEGORY_BY_LABEL.get(label, "")
        if not category:
            errors.append(
                RowError(
                    line,
                    COLUMN_CATEGORY,
                    f"“{label}”不是执法类别，应为以下之一：{'、'.join(CATEGORY_BY_LABEL)}。",
                )
            )

    domain = None
    domain_name = values.get(COLUMN_DOMAIN, "")
    if domain_name:
        domain = domains.get(domain_name)
        if domain is None:
            known = "、".join(domains) or "（平台尚未设置执法领域）"
            errors.append(
                RowError(
                    line,
                    COLUMN_DOMAIN,
                    f"“{domain_name}”不是平台中的执法领域，请改为以下之一或留空：{known}。",
                )
            )

    effective_from = None
    if values.get(COLUMN_EFFECTIVE):
        effective_from = _parse_date(cells[positions[COLUMN_EFFECTIVE]])
        if effective_from is None:
            errors.append(
                RowError(
                    line,
                    COLUMN_EFFECTIVE,
                    f"“{values[COLUMN_EFFECTIVE]}”不是有效日期，请写成 2026-01-01 的形式。",
                )
            )

    if errors or effective_from is None:
        return None, errors
    row = PowerItemRow(
        line=line,
        code=code,
        name=name,
        category=category,
        legal_basis=values[COLUMN_BASIS],
        domain=domain,
        effective_from=effective_from,
        change_reason=reason,
    )
    return row, errors


def _parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_PATTERN.match(str(value).strip())
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
