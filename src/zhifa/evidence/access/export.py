"""Excel export of the access log (调阅日志导出).

The first row and the printed page header and footer name who exported the log and when, so a
printed or forwarded copy shows where it came from. Rows are written in write-only mode, so
openpyxl keeps no cell objects per row. The finished file is built in memory.
"""

import datetime
import io
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.evidence.models import AccessLog

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = [
    "时间",
    "执法主体",
    "调阅人",
    "账号",
    "方式",
    "调阅对象编号",
    "调阅对象",
    "调阅事由",
    "依据的调阅申请",
    "IP 地址",
]


def exporter_line(user: User, at: datetime.datetime) -> str:
    local = at.astimezone(SHANGHAI)
    name = user.full_name or user.username
    return (
        f"导出人：{name}（{user.username}） "
        f"导出时间：{local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}"
    )


def _subject(entry: AccessLog) -> tuple[Agency, str, str]:
    """Return the agency, number and name of what was opened: an AV record or a case file."""
    if entry.record is not None:
        return entry.record.agency, str(entry.record_id), entry.record.filename
    case_file = entry.case_file
    if case_file is None:  # The database requires one of the two.
        raise ValueError(f"access log row {entry.pk} names neither a record nor a case file")
    return case_file.agency, f"案卷 {case_file.pk}", f"案卷 {case_file}"


def _row(entry: AccessLog) -> list[object]:
    agency, number, name = _subject(entry)
    return [
        entry.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
        agency.short_name or agency.name,
        entry.user.full_name or entry.user.username,
        entry.user.username,
        entry.get_action_display(),
        number,
        name,
        entry.purpose,
        entry.request_id or "",
        entry.ip_address or "",
    ]


def access_log_workbook(user: User, rows: Iterable[AccessLog]) -> bytes:
    """Return the .xlsx bytes of ``rows``, headed by the exporter and the export time."""
    line = exporter_line(user, timezone.now())
    book = Workbook(write_only=True)
    sheet = book.create_sheet("调阅日志")
    sheet.oddHeader.center.text = "调阅日志 " + line
    sheet.oddFooter.center.text = line + " 第 &P 页，共 &N 页"

    title = WriteOnlyCell(sheet, value="调阅日志导出 " + line)
    title.font = Font(bold=True)
    sheet.append([title])
    sheet.append(COLUMNS)
    for entry in rows:
        sheet.append(_row(entry))

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
