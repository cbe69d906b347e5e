"""Penalty and licensing exports in the national dual-publicity (双公示) format.

Layout: the first row contains the field codes (``CF_*`` or ``XK_*``, from
``zhifa.publicity.fields``) and the second the Chinese labels. Then comes one row per
publication, in the standard's field order.
Dates are YYYY/MM/DD, an item without an end date gets 2099/12/31 (长期), amounts are 万元 with
six decimals as text, and the agency's 统一社会信用代码 fills the agency code columns.

Two targets share the layout:

- ``publicity`` (the city's publicity platform): only public fields, masked as published; the
  non-public columns (ID type and number) stay empty.
- ``credit`` (the credit information platform): the unmasked fields the decision was drafted
  from, including the natural person's ID number (CF_XDR_ZJHM), which that platform requires.
  It needs the publication approver's capability. Neither the feed nor the portal carries
  these fields.

Only published items are exported, and withdrawn ones when asked, with the withdrawal noted in
备注 (BZ). The date range applies to the first publication date (Shanghai time).
"""

import csv
import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import require
from zhifa.core.errors import ValidationFailed
from zhifa.core.workdays import SHANGHAI
from zhifa.publicity import fields as field_codes
from zhifa.publicity.changes.periods import facts_of
from zhifa.publicity.exports.cells import (
    LONG_TERM,
    csv_cell,
    standard_date,
    xlsx_text,
    yuan_to_wan,
)
from zhifa.publicity.models import (
    Publication,
    PublicationKind,
    PublicationStatus,
    PublicationVersion,
)

logger = logging.getLogger(__name__)

KINDS: dict[str, str] = {PublicationKind.PENALTY: "行政处罚", PublicationKind.LICENSE: "行政许可"}
TARGETS = {
    "publicity": "公示平台（仅公开字段，已脱敏）",
    "credit": "信用信息平台（含证件号码等非公开字段，未脱敏）",
}
FORMATS = ("xlsx", "csv")
DATE_CODES = frozenset({"CF_JDRQ", "CF_YXQ", "CF_GSJZQ", "XK_JDRQ", "XK_YXQZ", "XK_YXQZI"})
# Agency name and code columns: (name code, USCC code) pairs filled from the agency when empty.
AGENCY_CODES: dict[str, tuple[tuple[str, str], ...]] = {
    PublicationKind.PENALTY: (("CF_CFJG", "CF_CFJGDM"), ("CF_SJLY", "CF_SJLYDM")),
    PublicationKind.LICENSE: (("XK_XKJG", "XK_XKJGDM"), ("XK_LYDW", "XK_LYDWDM")),
}
DECISION_CODES: dict[str, tuple[str, str]] = {
    PublicationKind.PENALTY: ("CF_WSH", "CF_JDRQ"),
    PublicationKind.LICENSE: ("XK_WSH", "XK_JDRQ"),
}


@dataclass
class ExportFilter:
    kind: str
    date_from: datetime.date
    date_to: datetime.date
    agency_id: int | None = None
    include_withdrawn: bool = False
    target: str = "publicity"


def check_filter(options: ExportFilter) -> None:
    if options.kind not in KINDS:
        raise ValidationFailed(
            "“公示类别”只能是 penalty（行政处罚）或 license（行政许可）。", field="kind"
        )
    if options.target not in TARGETS:
        raise ValidationFailed("“导出对象”只能是 publicity 或 credit。", field="target")
    if options.date_to < options.date_from:
        raise ValidationFailed("“截止日期”不能早于“起始日期”。", field="date_to")


def header_rows(kind: str) -> list[list[str]]:
    columns = field_codes.fields_for(kind)
    return [[field.code for field in columns], [field.label for field in columns]]


def publications(user: User | None, options: ExportFilter) -> QuerySet[Publication]:
    """Return the items to export; ``user`` None (the command line) exports every agency."""
    statuses = [PublicationStatus.PUBLISHED]
    if options.include_withdrawn:
        statuses.append(PublicationStatus.WITHDRAWN)
    start = datetime.datetime.combine(options.date_from, datetime.time.min, tzinfo=SHANGHAI)
    end = datetime.datetime.combine(
        options.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=SHANGHAI
    )
    queryset = Publication.objects.filter(
        kind=options.kind, status__in=statuses, published_at__gte=start, published_at__lt=end
    )
    if options.agency_id is not None:
        queryset = queryset.filter(agency_id=options.agency_id)
    if user is not None:
        queryset = restrict(queryset, user)
    newest_first = PublicationVersion.objects.order_by("-number")
    return (
        queryset.select_related("agency")
        .prefetch_related(Prefetch("versions", queryset=newest_first))
        .order_by("published_at", "pk")
    )


def _values(publication: Publication, target: str) -> dict[str, Any]:
    versions = list(publication.versions.all())
    version = versions[0] if versions else None
    masked = dict(version.fields) if version is not None else {}
    public = {field.code for field in field_codes.fields_for(publication.kind) if field.public}
    values = {code: value for code, value in masked.items() if code in public}
    if target == "credit":
        source = (
            version.original if version is not None and version.original else publication.original
        )
        unmasked = (source or {}).get("fields") or {}
        values.update({code: value for code, value in unmasked.items() if value not in (None, "")})
    return values


def _fill(publication: Publication, values: dict[str, Any]) -> None:
    """Fill the dates, amounts, end date and agency columns from the publication and its agency."""
    kind = publication.kind
    number_code, date_code = DECISION_CODES[kind]
    if not values.get(number_code):
        values[number_code] = publication.document_number
    values[date_code] = publication.decided_on
    for name_code, uscc_code in AGENCY_CODES[kind]:
        if not values.get(name_code):
            values[name_code] = publication.agency.name
        if not values.get(uscc_code):
            values[uscc_code] = publication.agency.uscc
    if kind == PublicationKind.PENALTY:
        values["CF_GSJZQ"] = publication.ends_on or LONG_TERM
        facts = facts_of(publication)
        if facts.get("fine_amount") not in (None, ""):
            values["CF_NR_FK"] = yuan_to_wan(facts["fine_amount"])
        if facts.get("confiscation_amount") not in (None, ""):
            values["CF_NR_WFFF"] = yuan_to_wan(facts["confiscation_amount"])
    if publication.status == PublicationStatus.WITHDRAWN:
        reason = _withdrawal_reason(publication)
        note = str(values.get("BZ") or "")
        values["BZ"] = "；".join(part for part in (note, f"已撤回：{reason}") if part)


def _withdrawal_reason(publication: Publication) -> str:
    versions = list(publication.versions.all())
    return versions[0].reason if versions else ""


def rows(user: User | None, options: ExportFilter) -> Iterator[list[str]]:
    """Yield one row of raw cell text per publication, in the column order of the kind."""
    columns = field_codes.fields_for(options.kind)
    for publication in publications(user, options).iterator(chunk_size=500):
        values = _values(publication, options.target)
        _fill(publication, values)
        row = []
        for field in columns:
            value = values.get(field.code, "")
            row.append(standard_date(value) if field.code in DATE_CODES else str(value or ""))
        yield row


def write_csv(stream: TextIO, kind: str, data: Iterator[list[str]]) -> int:
    """Write UTF-8 text with a byte order mark, so that Excel detects the encoding.

    Cells that a spreadsheet would run as formulas get a leading quote (see ``csv_cell``).
    """
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    for header in header_rows(kind):
        writer.writerow(header)
    count = 0
    for row in data:
        writer.writerow([csv_cell(cell) for cell in row])
        count += 1
    return count


def write_xlsx(stream: BinaryIO, kind: str, data: Iterator[list[str]]) -> int:
    """Write a workbook whose cells are all text, so that amounts and codes keep every digit.

    Every value is a text cell exactly as exported, with no quote in front: a text cell never
    runs as a formula, even when it starts with ``=``.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=KINDS[kind])

    def text_row(values: list[str]) -> list[Any]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=xlsx_text(value))
            # openpyxl types text starting with "=" as a formula; force the text type back.
            cell.data_type = "s"
            cell.number_format = "@"
            cells.append(cell)
        return cells

    for header in header_rows(kind):
        sheet.append(text_row(header))
    count = 0
    for row in data:
        sheet.append(text_row(row))
        count += 1
    workbook.save(stream)
    return count


def export(user: User | None, options: ExportFilter, file_format: str, stream: Any) -> int:
    """Write the export to ``stream`` (text for CSV, binary for Excel); return the row count.

    ``user`` None is the command line, which exports every agency. The audit entry records the
    filter, the target and the count.
    """
    check_filter(options)
    if file_format not in FORMATS:
        raise ValidationFailed("“文件格式”只能是 xlsx 或 csv。", field="format")
    if user is not None:
        require(user, Capability.VIEW_BACKOFFICE)
        if options.target == "credit":
            require(user, Capability.PUBLISH_DECISIONS)

    data = rows(user, options)
    if file_format == "csv":
        count = write_csv(stream, options.kind, data)
    else:
        count = write_xlsx(stream, options.kind, data)
    audit.record(
        "publications_exported",
        actor=user,
        username="" if user is not None else "命令行",
        agency_id=options.agency_id,
        detail={
            "kind": options.kind,
            "target": options.target,
            "format": file_format,
            "from": options.date_from.isoformat(),
            "to": options.date_to.isoformat(),
            "include_withdrawn": options.include_withdrawn,
            "count": count,
        },
    )
    logger.info(
        "exported %s %s publications as %s (%s)", count, options.kind, file_format, options.target
    )
    return count
