"""Fixtures for the ex-ante list tests: entries made through the actions, and workbooks."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.catalog.lists.actions import ListEntryContent, create_list_entry
from zhifa.catalog.lists.importing import columns_of
from zhifa.catalog.lists.schemas import schema_for
from zhifa.catalog.models import ListEntry, ListKind

BENCHMARK = ListKind.DISCRETION_BENCHMARK

BENCHMARK_FIELDS = {
    "legal_provision": "《中华人民共和国食品安全法》第三十五条第一款",
    "penalty_provision": "《中华人民共和国食品安全法》第一百二十二条第一款",
    "circumstance": "初次违法，货值金额不足一万元",
    "benchmark": "没收违法所得和违法生产经营的食品，并处五万元以上七万元以下罚款",
}


def benchmark_content(**changes: str) -> ListEntryContent:
    fields = {**BENCHMARK_FIELDS, **changes}
    title = fields.pop("title", "未取得食品经营许可从事食品经营活动")
    return ListEntryContent(title, fields)


@pytest.fixture
def benchmark_entry(agency_head_user: User, agency_a: Agency) -> ListEntry:
    return create_list_entry(
        agency_head_user,
        agency_a,
        BENCHMARK,
        "CL-001",
        benchmark_content(),
        effective_from=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def other_entry(other_agency_user: User, agency_b: Agency) -> ListEntry:
    return create_list_entry(
        other_agency_user,
        agency_b,
        BENCHMARK,
        "SJ-CL-001",
        benchmark_content(title="经营超过保质期的食品"),
        effective_from=datetime.date(2025, 1, 1),
    )


def benchmark_row(code: str, **changes: Any) -> list[Any]:
    """Return the cells of one discretion benchmark row, in template column order."""
    values: dict[str, Any] = {
        "code": code,
        "title": "未取得食品经营许可从事食品经营活动",
        **BENCHMARK_FIELDS,
        "note": "",
        "power_item_code": "",
        "effective_from": "2026-01-01",
        "change_reason": "",
        **changes,
    }
    return [values[column.key] for column in columns_of(schema_for(BENCHMARK))]


@pytest.fixture
def make_workbook() -> Callable[..., io.BytesIO]:
    """Build an xlsx file in memory: a header row (the benchmark template's) and rows."""

    def make(rows: list[list[Any]], header: list[str] | None = None) -> io.BytesIO:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        columns = columns_of(schema_for(BENCHMARK))
        sheet.append(header if header is not None else [column.label for column in columns])
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        buffer.name = "benchmarks.xlsx"
        return buffer

    return make
