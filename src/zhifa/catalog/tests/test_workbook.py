"""The import template, formula cells, example rows and the request passed to the audit."""

import datetime
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.catalog.actions import PowerItemImportRejected, import_power_items
from zhifa.catalog.importing import (
    COLUMNS,
    EXAMPLE_ROW,
    GUIDE_SHEET_TITLE,
    WorkbookRejected,
    read_workbook,
    template_workbook,
)
from zhifa.catalog.models import PowerCategory, PowerItem

MakeWorkbook = Callable[..., io.BytesIO]

GOOD_ROW: list[object] = ["QP-001", "对无照经营的处罚", "行政处罚", "依据", "", "2026-01-01", ""]


def _sheet_rows(content: bytes, title: str) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content))[title]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _saved(workbook: Workbook) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_template_data_sheet_has_header_only() -> None:
    workbook = load_workbook(io.BytesIO(template_workbook()))

    assert workbook.sheetnames == ["权责清单", GUIDE_SHEET_TITLE]
    rows = [list(row) for row in workbook["权责清单"].iter_rows(values_only=True)]
    assert rows == [COLUMNS]


def test_template_guide_lists_categories_and_example() -> None:
    rows = _sheet_rows(template_workbook(), GUIDE_SHEET_TITLE)
    first_cells = [row[0] for row in rows]

    for _, label in PowerCategory.choices:
        assert label in first_cells
    for column in COLUMNS:
        assert column in first_cells
    assert [cell or "" for cell in rows[-1]] == EXAMPLE_ROW


@pytest.mark.django_db
def test_unfilled_template_has_no_data() -> None:
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook(io.BytesIO(template_workbook()))

    assert [str(error) for error in caught.value.errors] == [
        "文件中没有数据行，请从第2行起每行填写一个事项。"
    ]


@pytest.mark.django_db
def test_data_sheet_read_when_not_first() -> None:
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "说明"
    guide.append(["随便写的说明"])
    data = workbook.create_sheet("权责清单")
    data.append(COLUMNS)
    data.append(GOOD_ROW)

    rows, errors = read_workbook(_saved(workbook))

    assert errors == []
    assert [row.code for row in rows] == ["QP-001"]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (EXAMPLE_ROW, "事项编码"),
        (["QP-009", "示例事项", "行政处罚", "依据", "", "2026-01-01", ""], "事项名称"),
    ],
)
def test_example_row_rejected(
    agency_head_user: User,
    agency_a: Agency,
    make_workbook: MakeWorkbook,
    row: list[object],
    column: str,
) -> None:
    with pytest.raises(PowerItemImportRejected) as caught:
        import_power_items(agency_head_user, agency_a, make_workbook([GOOD_ROW, row]))

    assert caught.value.errors == [
        f"第3行「{column}」：含有“示例”，这是模板中的示例行，请删除本行后重新导入。"
    ]
    assert not PowerItem.objects.exists()


def test_formula_cells_reported(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    rows = [
        GOOD_ROW,
        ["QP-002", '=CONCAT("对", "占道经营的处罚")', "行政处罚", "依据", "", "=A1", "=B2"],
    ]

    with pytest.raises(PowerItemImportRejected) as caught:
        import_power_items(agency_head_user, agency_a, make_workbook(rows))

    assert caught.value.errors == [
        "第3行「事项名称」：单元格是公式，请改为直接填写内容（粘贴为数值）。",
        "第3行「生效日期」：单元格是公式，请改为直接填写内容（粘贴为数值）。",
        "第3行「变更原因」：单元格是公式，请改为直接填写内容（粘贴为数值）。",
    ]


@pytest.mark.django_db
def test_text_starting_with_equals_is_not_formula() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(COLUMNS)
    sheet.append(GOOD_ROW)
    cell = sheet["D2"]
    cell.value = "=《无证无照经营查处办法》"
    cell.data_type = "s"

    rows, errors = read_workbook(_saved(workbook))

    assert errors == []
    assert rows[0].legal_basis == "=《无证无照经营查处办法》"


def test_date_cell_still_read(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    row = [*GOOD_ROW[:5], datetime.date(2026, 2, 1), ""]

    import_power_items(agency_head_user, agency_a, make_workbook([row]))

    version = PowerItem.objects.get(code="QP-001").versions.get()
    assert version.effective_from == datetime.date(2026, 2, 1)


def test_import_page_records_ip(
    client: Client, agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    client.force_login(agency_head_user)

    response = client.post(
        reverse("catalog:power_item_import"),
        {"agency": agency_a.pk, "file": make_workbook([GOOD_ROW])},
        REMOTE_ADDR="192.0.2.40",
    )

    assert response.status_code == 200
    assert AuditEntry.objects.get(action="power_items_imported").ip_address == "192.0.2.40"


def test_change_page_records_ip(
    client: Client, agency_head_user: User, power_item: PowerItem
) -> None:
    client.force_login(agency_head_user)

    response = client.post(
        reverse("catalog:power_item_change", args=[power_item.pk]),
        {
            "name": "对无照经营的处罚（修订）",
            "category": "penalty",
            "legal_basis": "新依据",
            "effective_from": "2026-03-01",
            "change_reason": "依据修订",
        },
        REMOTE_ADDR="192.0.2.41",
    )

    assert response.status_code == 302
    assert AuditEntry.objects.get(action="power_item_changed").ip_address == "192.0.2.41"


def test_change_page_message_uses_chinese_date(
    client: Client, agency_head_user: User, power_item: PowerItem
) -> None:
    client.force_login(agency_head_user)

    response = client.post(
        reverse("catalog:power_item_change", args=[power_item.pk]),
        {
            "name": "对无照经营的处罚（修订）",
            "category": "penalty",
            "legal_basis": "新依据",
            "effective_from": "2026-03-01",
            "change_reason": "依据修订",
        },
        follow=True,
    )

    assert "已保存第2版，自 2026年3月1日 起施行。" in response.content.decode()
