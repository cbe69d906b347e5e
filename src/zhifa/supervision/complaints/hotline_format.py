"""Reading a file of 12345 hotline tickets (12345市民服务热线工单): JSON, Excel or CSV.

Excel and CSV files have one header row with the Chinese column names of ``COLUMNS``, in any
order, and one ticket per row. JSON is an array of objects with the English keys. Reading only
reshapes the data into ``TicketRow``; ``zhifa.supervision.complaints.actions.hotline`` checks it.
"""

import csv
import datetime
import io
import json
import logging
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook

from zhifa.core.workdays import SHANGHAI

logger = logging.getLogger(__name__)

# NOTE: a guessed bound on one file, large enough for several days of tickets.
MAX_TICKETS = 5000

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


class FileUnreadable(Exception):
    """The file as a whole cannot be read; ``message`` is shown to the importer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TicketRow:
    """One ticket as read; ``location`` is e.g. “第3行” or “第2条记录”."""

    location: str
    data: dict[str, Any]


def read_tickets(file_name: str, content: bytes) -> list[TicketRow]:
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".json":
        return _read_json(content)
    if suffix == ".xlsx":
        return _read_table(_xlsx_rows(content))
    if suffix == ".csv":
        return _read_table(_csv_rows(content))
    raise FileUnreadable(
        f"不支持的文件类型“{suffix or file_name}”，请提供 .json、.xlsx 或 .csv 文件。"
    )


def _read_json(content: bytes) -> list[TicketRow]:
    try:
        loaded = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FileUnreadable(f"文件不是有效的 UTF-8 JSON：{error}。") from error
    if not isinstance(loaded, list) or not loaded:
        raise FileUnreadable("JSON 文件的最外层应为非空数组，每个元素是一张工单。")
    _check_size(len(loaded))
    return [
        TicketRow(f"第{index}条记录", item if isinstance(item, dict) else {"_not_an_object": item})
        for index, item in enumerate(loaded, start=1)
    ]


def _xlsx_rows(content: bytes) -> list[tuple[Any, ...]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        logger.info("hotline workbook unreadable: %s", error)
        raise FileUnreadable(
            "文件不是有效的 Excel（.xlsx）文件，请另存为 .xlsx 后重试。"
        ) from error
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def _csv_rows(content: bytes) -> list[tuple[Any, ...]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileUnreadable(
            "CSV 文件不是 UTF-8 编码，请另存为“CSV UTF-8（逗号分隔）”后重试。"
        ) from error
    return [tuple(row) for row in csv.reader(io.StringIO(text))]


def _folded(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _read_table(rows: list[tuple[Any, ...]]) -> list[TicketRow]:
    if not rows:
        raise FileUnreadable("文件是空的：第1行应为列名，第2行起每行一张工单。")
    headers = [_folded(cell) for cell in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in headers]
    if missing:
        raise FileUnreadable(f"第1行缺少列：{'、'.join(missing)}。")
    positions = {index: COLUMNS[name] for index, name in enumerate(headers) if name in COLUMNS}

    tickets = []
    for line, cells in enumerate(rows[1:], start=2):
        data = {key: _cell(cells[index]) for index, key in positions.items() if index < len(cells)}
        if any(value is not None for value in data.values()):
            tickets.append(TicketRow(f"第{line}行", data))
    if not tickets:
        raise FileUnreadable("文件中没有工单：第2行起每行填写一张工单。")
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


def _check_size(count: int) -> None:
    if count > MAX_TICKETS:
        raise FileUnreadable(f"一个文件最多{MAX_TICKETS}张工单，请拆分后分批导入。")


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
    else:
        raise ValueError("未填写受理时间")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment
