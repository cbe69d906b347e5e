"""Reading a batch of exchanged cases from Excel (.xlsx), CSV or JSON.

Excel and CSV files have one header row of Chinese column names, in any order. A case with
several parties takes one row per party: the rows share the 来源编号, and the case columns of
the later rows are either left empty or repeat the first row. Lists (执法事项编码, 处罚种类)
are separated by commas, semicolons, 、 or spaces. JSON is a list of objects with the English
keys of ``docs/exchange.md``. Reading only reshapes the data; ``validation`` checks it.
"""

import csv
import datetime
import io
import json
import logging
import re
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook

from zhifa.cases.exchange.records import BatchUnreadable, RawRecord, RecordError

logger = logging.getLogger(__name__)

# NOTE: a guessed bound that keeps one batch's validation in memory; larger exports are split.
MAX_RECORDS = 20000

CASE_COLUMNS = {
    "来源编号": "source_id",
    "执法主体": "agency",
    "承办部门": "department",
    "案件类型": "kind",
    "案号": "number",
    "案由": "title",
    "立案日期": "opened_on",
    "当前阶段": "stage",
    "状态": "status",
    "结案日期": "closed_on",
    "执法事项编码": "power_items",
}
PARTY_COLUMNS = {
    "当事人类型": "type",
    "当事人名称": "name",
    "当事人证件号码": "identifier",
}
DECISION_COLUMNS = {
    "决定日期": "decided_on",
    "处罚种类": "penalty_types",
    "罚款金额（元）": "fine_amount",
    "罚款金额": "fine_amount",
    "决定书文号": "document_number",
    "法制审核结论": "legal_review_conclusion",
    "法制审核日期": "legal_review_date",
    "法制审核机构": "legal_review_body",
}
REQUIRED_COLUMNS = [
    "来源编号",
    "执法主体",
    "承办部门",
    "案件类型",
    "案号",
    "案由",
    "立案日期",
    "当前阶段",
    "状态",
    "当事人类型",
    "当事人名称",
    "当事人证件号码",
]
LIST_KEYS = {"power_items", "penalty_types"}
LIST_SEPARATORS = re.compile(r"[,，;；、\s]+")


def _folded(text: str) -> str:
    """Fold full-width forms, so “罚款金额（元）” and “罚款金额(元)” are the same header."""
    return unicodedata.normalize("NFKC", text).strip()


_HEADERS: dict[str, tuple[str, str]] = {
    **{_folded(name): ("case", key) for name, key in CASE_COLUMNS.items()},
    **{_folded(name): ("party", key) for name, key in PARTY_COLUMNS.items()},
    **{_folded(name): ("decision", key) for name, key in DECISION_COLUMNS.items()},
}


def read_batch(file_name: str, content: bytes) -> tuple[list[RawRecord], list[RecordError]]:
    """Read a file by its extension; raise ``BatchUnreadable`` when it cannot be read at all."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".xlsx":
        return read_tabular(xlsx_rows(content))
    if suffix == ".csv":
        return read_tabular(csv_rows(content))
    if suffix == ".json":
        return read_json(content), []
    raise BatchUnreadable(
        f"不支持的文件类型“{suffix or file_name}”，请提供 .xlsx、.csv 或 .json 文件。"
    )


def xlsx_rows(content: bytes) -> list[tuple[Any, ...]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        logger.info("exchange workbook unreadable: %s", error)
        raise BatchUnreadable(
            "文件不是有效的 Excel（.xlsx）文件，请另存为 .xlsx 后重试。"
        ) from error
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def csv_rows(content: bytes) -> list[tuple[Any, ...]]:
    try:
        # utf-8-sig reads files with and without the byte order mark that Excel writes.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BatchUnreadable(
            "CSV 文件不是 UTF-8 编码，请在另存为时选择“CSV UTF-8（逗号分隔）”后重试。"
        ) from error
    return [tuple(row) for row in csv.reader(io.StringIO(text))]


def _cell(value: Any) -> Any:
    """Return a cell as text, a date or a number; empty cells become ``None``."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        return text or None
    return value


def _header_positions(header: tuple[Any, ...]) -> dict[int, tuple[str, str]]:
    positions: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = _folded(str(cell)) if cell is not None else ""
        if name in _HEADERS and name not in seen:
            positions[index] = _HEADERS[name]
            seen.add(name)
    missing = [name for name in REQUIRED_COLUMNS if _folded(name) not in seen]
    if missing:
        raise BatchUnreadable(
            f"第1行缺少列：{'、'.join(missing)}。列名见数据交换说明（docs/exchange.md）。"
        )
    return positions


def _split_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part for part in LIST_SEPARATORS.split(value) if part]
    return value


def read_tabular(rows: list[tuple[Any, ...]]) -> tuple[list[RawRecord], list[RecordError]]:
    """Group the data rows into records by 来源编号; rows without one are errors."""
    if not rows:
        raise BatchUnreadable("文件是空的，第1行应为列名，第2行起每行一个当事人。")
    positions = _header_positions(rows[0])

    groups: dict[str, dict[str, Any]] = {}
    errors: list[RecordError] = []
    for line, cells in enumerate(rows[1:], start=2):
        values: dict[str, dict[str, Any]] = {"case": {}, "party": {}, "decision": {}}
        for index, (group, key) in positions.items():
            value = _cell(cells[index]) if index < len(cells) else None
            if value is not None:
                values[group][key] = _split_list(value) if key in LIST_KEYS else value
        if not any(values.values()):
            continue
        source_id = values["case"].get("source_id")
        if source_id is None:
            errors.append(RecordError(f"第{line}行", "", "source_id", "未填写来源编号。"))
            continue
        key = str(source_id).strip()
        if key not in groups:
            groups[key] = {"lines": [], "case": {}, "parties": [], "decision": {}}
        errors += _merge_row(groups[key], line, key, values)

    if len(groups) > MAX_RECORDS:
        raise BatchUnreadable(f"一个文件最多{MAX_RECORDS}个案件，请拆分后分批导入。")
    if not groups and not errors:
        raise BatchUnreadable("文件中没有数据行，第2行起每行填写一个当事人。")
    return [_tabular_record(group) for group in groups.values()], errors


def _merge_row(
    group: dict[str, Any], line: int, source_id: str, values: dict[str, dict[str, Any]]
) -> list[RecordError]:
    """Add one row to its record, reporting case columns that contradict the first row."""
    errors = []
    first_line = group["lines"][0] if group["lines"] else line
    group["lines"].append(line)
    for section in ("case", "decision"):
        for key, value in values[section].items():
            known = group[section].get(key)
            if known is None:
                group[section][key] = value
            elif known != value:
                errors.append(
                    RecordError(
                        f"第{line}行",
                        source_id,
                        key if section == "case" else f"decision.{key}",
                        f"与第{first_line}行不一致；同一案件的各行只能留空或填写相同内容。",
                    )
                )
    if values["party"]:
        group["parties"].append(values["party"])
    return errors


def _tabular_record(group: dict[str, Any]) -> RawRecord:
    lines: list[int] = group["lines"]
    location = f"第{lines[0]}行" if len(lines) == 1 else f"第{'、'.join(map(str, lines))}行"
    data = dict(group["case"])
    data["parties"] = group["parties"]
    data.setdefault("power_items", [])
    if group["decision"]:
        data["decision"] = group["decision"]
    return RawRecord(location, data)


def read_json(content: bytes) -> list[RawRecord]:
    """Read a JSON list of records; decimals stay exact (no binary floats)."""
    try:
        loaded = json.loads(content.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        logger.info("exchange JSON unreadable: %s", error)
        raise BatchUnreadable(f"文件不是有效的 UTF-8 JSON：{error}。") from error
    if not isinstance(loaded, list):
        raise BatchUnreadable("JSON 文件的最外层应为数组，每个元素是一个案件。")
    if not loaded:
        raise BatchUnreadable("JSON 数组是空的，没有可导入的案件。")
    if len(loaded) > MAX_RECORDS:
        raise BatchUnreadable(f"一个文件最多{MAX_RECORDS}个案件，请拆分后分批导入。")
    return records_from_objects(loaded)


def records_from_objects(objects: list[Any]) -> list[RawRecord]:
    """Wrap API or JSON objects as records located “第N条记录” (counting from 1)."""
    records = []
    for index, item in enumerate(objects, start=1):
        data = item if isinstance(item, dict) else {"_not_an_object": item}
        records.append(RawRecord(f"第{index}条记录", data))
    return records
