"""Excel export of the case list: headers, rows of the filter, dates, print layout, row cap."""

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.accounts.roles import Role
from zhifa.cases import export
from zhifa.cases.models import Case
from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World, advance_to_decision, open_ordinary

world = pages_support.world
world_b = pages_support.world_b

HEADERS = [
    "序号",
    "案号",
    "案件类型",
    "案由",
    "执法主体",
    "承办部门",
    "当事人",
    "承办人员",
    "当前阶段",
    "状态",
    "立案日期",
    "结案日期",
]


def sheet_of(response: Any) -> Worksheet:
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def rows_after(sheet: Worksheet, header_row: int) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)]


@pytest.fixture
def cases(world: World) -> list[Case]:
    first = open_ordinary(world)
    advance_to_decision(world, first)
    second = open_ordinary(world, title="占道经营案", opened_on=datetime.date(2026, 12, 4))
    return [first, second]


def test_export_headers_and_rows(world: World, cases: list[Case], world_b: World) -> None:
    open_ordinary(world_b, title="乙单位的案件")
    response = client_for(world.officer_user).get(reverse("cases:case_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = sheet_of(response)
    assert "执法案件清单" in str(sheet["A1"].value)
    assert [cell.value for cell in sheet[2]] == HEADERS
    assert all(cell.font.bold for cell in sheet[2])
    rows = rows_after(sheet, 2)
    assert len(rows) == 2
    newest = rows[0]
    assert newest[1] == cases[1].number
    assert newest[2] == "行政处罚（普通程序）"
    assert newest[3] == "占道经营案"
    assert newest[6] == "张三"
    assert set(newest[7].split("、")) == {"执法甲", "执法乙"}
    assert newest[10] == "2026年12月4日"
    assert rows[1][8] == "审核"
    assert "乙单位的案件" not in [row[3] for row in rows]


def test_export_follows_filter(world: World, cases: list[Case]) -> None:
    response = client_for(world.officer_user).get(reverse("cases:case_export"), {"stage": "review"})
    rows = rows_after(sheet_of(response), 2)
    assert [row[1] for row in rows] == [cases[0].number]


def test_export_print_layout(world: World, cases: list[Case]) -> None:
    sheet = sheet_of(client_for(world.officer_user).get(reverse("cases:case_export")))

    assert sheet.freeze_panes == "C3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["B"].width == 26
    assert sheet.column_dimensions["D"].width == 32


def test_export_row_cap_notice(
    world: World, cases: list[Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "EXPORT_ROW_LIMIT", 1)
    sheet = sheet_of(client_for(world.officer_user).get(reverse("cases:case_export")))

    assert "超过单次导出上限1件" in str(sheet["A2"].value)
    assert [cell.value for cell in sheet[3]] == HEADERS
    assert len(rows_after(sheet, 3)) == 1
    assert sheet.print_title_rows == "$3:$3"


def test_export_refuses_without_backoffice(make_user: Any) -> None:
    client: Client = client_for(make_user("auditor_x", Role.AUDIT_ADMIN))
    assert client.get(reverse("cases:case_export")).status_code == 403


def test_chinese_date() -> None:
    assert export.chinese_date(datetime.date(2026, 12, 4)) == "2026年12月4日"
    assert export.chinese_date(None) == ""
