"""Reading a file of 12345 hotline tickets (12345市民服务热线工单): JSON, Excel or CSV.

Excel and CSV files have one header row with the Chinese column names of ``COLUMNS``, in any
order, and one ticket per row. JSON is an array of objects with the English keys. Reading only
reshapes the data into ``TicketRow``; ``zhifa.supervision.complaints.actions.hotline`` checks it.
"""

import datetime
import json
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from openpyxl.utils.datetime import from_excel

# The case exchange's readers turn a file into rows of cells, or raise ``BatchUnreadable``
# with a message for the importer. Tickets reuse them because only the columns differ.
from zhifa.cases.exchange.formats import csv_rows, xlsx_rows
from zhifa.cases.exchange.records import BatchUnreadable
from zhifa.core.workdays import SHANGHAI

logger = logging.getLogger(__name__)

# NOTE: a guessed bound on one file, large enough for several days of tickets.
MAX_TICKETS = 5000
# Excel serial day numbers of 1900-01-01 and 9999-12-31, the dates a worksheet can hold.
EXCEL_SERIAL_RANGE = (1, 2958465)

COLUMNS = {
    "工单编号": "ticket_id",
    "类别": "kind",
    "受理时间": "received_at",
    "承办单位": "agency",
    "是否匿名": "anonymous",
    "诉求人": "name",
    "联系电话": "phone",
    "诉求内容": "content",
    "相关决定书文号": "decision_number",
}
REQUIRED_COLUMNS = ("工单编号", "类别", "受理时间", "诉求内容")
FIELD_LABELS = {key: name for name, key in COLUMNS.items()}


@dataclass(frozen=True)
class TicketRow:
    """One ticket as read; ``location`` is e.g. “第3行” or “第2条记录”."""

    location: str
    data: dict[str, Any]


def read_tickets(file_name: str, content: bytes) -> list[TicketRow]:
    """Read a file by its extension; raise ``BatchUnreadable`` when it cannot be read at all."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".json":
        return _read_json(content)
    if suffix == ".xlsx":
        return _read_table(xlsx_rows(content))
    if suffix == ".csv":
        return _read_table(csv_rows(content))
    raise BatchUnreadable(
        f"不支持的文件类型“{suffix or file_name}”，请提供 .json、.xlsx 或 .csv 文件。"
    )


def _read_json(content: bytes) -> list[TicketRow]:
    try:
        loaded = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BatchUnreadable(f"文件不是有效的 UTF-8 JSON：{error}。") from error
    if not isinstance(loaded, list) or not loaded:
        raise BatchUnreadable("JSON 文件的最外层应为非空数组，每个元素是一张工单。")
    _check_size(len(loaded))
    return [
        TicketRow(f"第{index}条记录", item if isinstance(item, dict) else {"_not_an_object": item})
        for index, item in enumerate(loaded, start=1)
    ]


def _folded(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _read_table(rows: list[tuple[Any, ...]]) -> list[TicketRow]:
    if not rows:
        raise BatchUnreadable("文件是空的：第1行应为列名，第2行起每行一张工单。")
    headers = [_folded(cell) for cell in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in headers]
    if missing:
        raise BatchUnreadable(f"第1行缺少列：{'、'.join(missing)}。")
    positions = {index: COLUMNS[name] for index, name in enumerate(headers) if name in COLUMNS}

    tickets = []
    for line, cells in enumerate(rows[1:], start=2):
        data = {
            key: _received_cell(cells[index]) if key == "received_at" else _cell(cells[index])
            for index, key in positions.items()
            if index < len(cells)
        }
        if any(value is not None for value in data.values()):
            tickets.append(TicketRow(f"第{line}行", data))
    if not tickets:
        raise BatchUnreadable("文件中没有工单：第2行起每行填写一张工单。")
    _check_size(len(tickets))
    return tickets


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        # Excel stores a ticket number typed as a number as a float.
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _received_cell(value: Any) -> Any:
    """Return a 受理时间 cell, reading a number as an Excel date.

    A worksheet stores a date as the number of days since 1900 and marks it as a date only by
    its number format. openpyxl 3.1.5 lists no East Asian built-in formats (ids 27 to 36 and
    50 to 58, such as “2026年12月1日”), so such cells arrive as numbers, e.g. 45995.5 for
    2025-12-04 12:00, and so do dates typed into General cells.
    NOTE: workbooks in the 1904 date system (old Mac Excel) would be read four years early.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1]:
            return from_excel(value)
        return value
    return _cell(value)


def _check_size(count: int) -> None:
    if count > MAX_TICKETS:
        raise BatchUnreadable(f"一个文件最多{MAX_TICKETS}张工单，请拆分后分批导入。")


def parse_received_at(value: Any) -> datetime.datetime:
    """Return an aware instant; a value without an offset is taken as Shanghai time.

    Raises ``ValueError`` with a Chinese message for anything else.
    """
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(9, 0))
    elif isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value.strip())
        except ValueError as error:
            raise ValueError(
                f"“{value}”不是有效的时间，应写成 2026-12-01 09:30 或 2026-12-01T09:30:00+08:00"
            ) from error
    elif value is None:
        raise ValueError("未填写受理时间")
    else:
        raise ValueError(f"“{value}”不是有效的时间，应写成 2026-12-01 09:30")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment
