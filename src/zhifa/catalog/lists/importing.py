"""Reading an ex-ante list (事前公开清单) from an Excel workbook, and its import template.

The data is on the sheet named after the list (for example 行政裁量基准), or on the first sheet
if no sheet has that name. Row 1 contains the Chinese column names from the list's schema:
the code and title columns, the fields, then 对应权责事项编码, 生效日期 and 变更原因. The columns
may come in any order, optional columns may be left out, and extra columns are ignored.
Row 2 of the template is an example whose code starts with 示例; such rows are skipped.
Control characters, which Excel stores escaped (``_x0007_``), are removed from every cell as
in the forms (see ``content.plain_text``).
Parsing checks every row and collects every problem, so the user can fix the whole file in one
pass. ``zhifa.catalog.lists.actions.import_list_entries`` writes nothing unless the whole file
is clean.
"""

import datetime
import io
import logging
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape

from zhifa.catalog.lists.content import (
    MAX_TITLE_LENGTH,
    ListEntryContent,
    field_problem,
    parse_date,
    plain_text,
)
from zhifa.catalog.lists.schemas import MAX_LINE_LENGTH, ListSchema

logger = logging.getLogger(__name__)

COLUMN_POWER_ITEM = "对应权责事项编码"
COLUMN_EFFECTIVE = "生效日期"
COLUMN_REASON = "变更原因"

# Lengths of ListEntry.code and ListEntryVersion.change_reason.
MAX_CODE_LENGTH = 60
MAX_REASON_LENGTH = 200

GUIDE_SHEET_TITLE = "填写说明"
FORMULA_PROBLEM = "单元格是公式，请改为直接填写内容（粘贴为数值）。"
# A row whose code starts with this word is an example, like row 2 of the template, and is
# skipped. Real codes are numbers or letters, so none starts with it.
EXAMPLE_MARKER = "示例"
EXAMPLE_CODE = f"{EXAMPLE_MARKER}（本行不导入）"
EXAMPLE_DATE = "2026-01-01"


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
    """The workbook as a whole cannot be read; ``errors`` lists why."""

    def __init__(self, errors: list[RowError]):
        super().__init__("；".join(str(error) for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class ListRow:
    """One clean row of the workbook; ``content`` is already normalised like a form's."""

    line: int
    code_column: str
    code: str
    content: ListEntryContent
    effective_from: datetime.date
    change_reason: str


@dataclass(frozen=True)
class WorkbookRows:
    """The parsed data sheet: clean rows, problems of the other rows, example rows skipped."""

    rows: list[ListRow]
    errors: list[RowError]
    skipped_examples: int


@dataclass(frozen=True)
class Column:
    """One column of a list's workbook and how its cells are checked."""

    label: str
    key: str
    required: bool
    max_length: int
    is_date: bool = False
    note: str = ""
    multiline: bool = False


def columns_of(schema: ListSchema) -> list[Column]:
    """Return the workbook's columns for ``schema``, in template order."""
    columns = [
        Column(schema.code_label, "code", True, MAX_CODE_LENGTH, note="本单位该清单内唯一"),
        Column(schema.title_label, "title", True, MAX_TITLE_LENGTH),
    ]
    for list_field in schema.fields:
        note = "可在单元格内换行（Alt+Enter）" if list_field.multiline else ""
        columns.append(
            Column(
                list_field.label,
                list_field.key,
                list_field.required,
                list_field.max_length,
                list_field.is_date,
                note,
                list_field.multiline,
            )
        )
    columns += [
        Column(
            COLUMN_POWER_ITEM,
            "power_item_code",
            False,
            MAX_LINE_LENGTH,
            note="本单位权责清单中对应事项的事项编码",
        ),
        Column(
            COLUMN_EFFECTIVE,
            "effective_from",
            True,
            MAX_LINE_LENGTH,
            is_date=True,
            note="变更的生效日期须晚于该条目最新版本的生效日期",
        ),
        Column(
            COLUMN_REASON,
            "change_reason",
            False,
            MAX_REASON_LENGTH,
            note="变更已有条目时填写，如所依据的法律修改或职能调整",
        ),
    ]
    return columns


def _column_note(column: Column) -> str:
    parts = ["必填" if column.required else "可空"]
    if column.is_date:
        parts.append(
            "日期，写成 2026-01-01（也可写 2026/1/1 或 2026年1月1日），或设为日期格式的单元格"
        )
    else:
        parts.append(f"最长{column.max_length}个字")
    if column.note:
        parts.append(column.note)
    return "；".join(parts)


def template_workbook(schema: ListSchema) -> bytes:
    """Return the import template of one list as xlsx bytes.

    The data sheet has the header row and one example row, whose code marks it as an example
    so that the import skips it even if the user leaves it in. The 填写说明 sheet explains each
    column.
    """
    columns = columns_of(schema)
    workbook = Workbook()
    data_sheet = workbook.active
    assert data_sheet is not None  # noqa: S101 - a new workbook always has one sheet
    data_sheet.title = schema.label
    data_sheet.append([column.label for column in columns])
    data_sheet.append([_example_value(column) for column in columns])
    for index, column in enumerate(columns, start=1):
        width = 40 if column.max_length > MAX_LINE_LENGTH else 18
        data_sheet.column_dimensions[get_column_letter(index)].width = width

    guide = workbook.create_sheet(GUIDE_SHEET_TITLE)
    guide.append([f"在“{schema.label}”工作表中，从第2行起每行填写一条，不要改动第1行的列名。"])
    guide.append(["单元格请直接填写内容，不要使用公式；从其他表格复制时请“粘贴为数值”。"])
    guide.append(["编码已有的行视为对该条目的变更；内容未变的行不会新增版本。"])
    guide.append([f"编码以“{EXAMPLE_MARKER}”开头的行是示例，导入时跳过，可以删除或直接改写。"])
    guide.append([])
    guide.append(["列名", "填写要求"])
    for column in columns:
        guide.append([column.label, _column_note(column)])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 70

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example_value(column: Column) -> str:
    if column.key == "code":
        return EXAMPLE_CODE
    if column.is_date:
        return EXAMPLE_DATE
    requirement = "必填" if column.required else "可空"
    return f"（{column.label}，{requirement}）"


def _load_rows(schema: ListSchema, file: IO[bytes]) -> tuple[list[tuple[Any, ...]], list[set[int]]]:
    """Return the data sheet's cell values and, per row, the indexes of formula cells."""
    # data_only=False keeps formulas as formulas, so a formula cell is reported as such
    # instead of as its cached result, which is missing in files no spreadsheet recalculated.
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        logger.info("list workbook rejected: %s", error)
        problem = "文件不是有效的 Excel（.xlsx）文件，请用模板另存为 .xlsx 后重新上传。"
        raise WorkbookRejected([RowError(0, "", problem)]) from error

    sheet = next(
        (each for each in workbook.worksheets if each.title == schema.label),
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
    return rows, formula_cells


def read_workbook(schema: ListSchema, file: IO[bytes]) -> WorkbookRows:
    """Parse the data sheet into its clean rows and the problems of the other rows.

    Example rows (code starting with 示例) are counted and skipped. A problem with the file as
    a whole (not xlsx, a required column missing, no data) raises ``WorkbookRejected`` at once.
    """
    rows, formula_cells = _load_rows(schema, file)
    if not rows:
        raise WorkbookRejected([RowError(0, "", "文件是空的，请按模板填写后重新上传。")])

    columns = columns_of(schema)
    positions = _header_positions(columns, rows[0])
    parsed: list[ListRow] = []
    errors: list[RowError] = []
    first_line_of_code: dict[str, int] = {}
    skipped_examples = 0
    for line, cells in enumerate(rows[1:], start=2):
        values = {
            column.key: _text(cells, positions[column.key], column.multiline)
            for column in columns
            if column.key in positions
        }
        if not any(values.values()):
            continue
        if values.get("code", "").startswith(EXAMPLE_MARKER):
            skipped_examples += 1
            continue
        formulas = [key for key, index in positions.items() if index in formula_cells[line - 1]]
        row_errors = [RowError(line, _label(columns, key), FORMULA_PROBLEM) for key in formulas]
        for key in formulas:
            values[key] = ""
        row_errors += _cell_problems(line, columns, values, formulas)
        row_errors += _duplicate_problem(line, schema, values.get("code", ""), first_line_of_code)
        errors += row_errors
        if not row_errors:
            parsed.append(_row_of(line, schema, values))

    if not parsed and not errors:
        problem = "文件中没有数据行，请从第2行起每行填写一条。"
        if skipped_examples:
            problem = f"文件中只有示例行（编码以“{EXAMPLE_MARKER}”开头），请填写要导入的条目。"
        raise WorkbookRejected([RowError(0, "", problem)])
    return WorkbookRows(parsed, errors, skipped_examples)


def _label(columns: list[Column], key: str) -> str:
    return next(column.label for column in columns if column.key == key)


def _header_positions(columns: list[Column], header: tuple[Any, ...]) -> dict[str, int]:
    """Map each column key to its index in the header row; raise if a required one is missing."""
    by_label = {column.label: column for column in columns}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = str(cell).strip() if cell is not None else ""
        column = by_label.get(name)
        if column is not None and column.key not in positions:
            positions[column.key] = index
    missing = [
        column.label for column in columns if column.required and column.key not in positions
    ]
    if missing:
        expected = "、".join(column.label for column in columns)
        problem = f"第1行缺少列：{'、'.join(missing)}。请下载模板，第1行依次写 {expected}。"
        raise WorkbookRejected([RowError(0, "", problem)])
    return positions


def _text(cells: tuple[Any, ...], index: int, multiline: bool) -> str:
    if index >= len(cells) or cells[index] is None:
        return ""
    value = cells[index]
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    # Excel stores a control character in a cell as an OOXML escape such as _x0007_. openpyxl
    # returns the escape as text, so it is decoded here for plain_text to remove.
    return plain_text(unescape(str(value)), multiline=multiline)


def _cell_problems(
    line: int, columns: list[Column], values: dict[str, str], formulas: list[str]
) -> list[RowError]:
    errors = []
    for column in columns:
        if column.key in formulas:
            continue
        problem = field_problem(
            values.get(column.key, ""),
            required=column.required,
            max_length=column.max_length,
            is_date=column.is_date,
        )
        if problem:
            errors.append(RowError(line, column.label, problem))
    return errors


def _duplicate_problem(
    line: int, schema: ListSchema, code: str, first_line_of_code: dict[str, int]
) -> list[RowError]:
    if not code:
        return []
    if code in first_line_of_code:
        problem = f"编码“{code}”与第{first_line_of_code[code]}行重复，同一文件中每条只能出现一次。"
        return [RowError(line, schema.code_label, problem)]
    first_line_of_code[code] = line
    return []


def _row_of(line: int, schema: ListSchema, values: dict[str, str]) -> ListRow:
    fields = {}
    for list_field in schema.fields:
        value = values.get(list_field.key, "")
        day = parse_date(value) if list_field.is_date and value else None
        fields[list_field.key] = day.isoformat() if day else value
    effective_from = parse_date(values["effective_from"])
    assert effective_from is not None  # noqa: S101 - _cell_problems checked the date
    return ListRow(
        line=line,
        code_column=schema.code_label,
        code=values["code"],
        content=ListEntryContent(values["title"], fields, values.get("power_item_code", "")),
        effective_from=effective_from,
        change_reason=values.get("change_reason", ""),
    )
