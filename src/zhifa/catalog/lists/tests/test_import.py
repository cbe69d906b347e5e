"""Importing a list from Excel: row errors, all or nothing, re-import and new versions."""

import datetime
import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.catalog.lists.actions import (
    ImportResult,
    ListImportRejected,
    import_list_entries,
    withdraw_list_entry,
)
from zhifa.catalog.lists.importing import columns_of, template_workbook
from zhifa.catalog.lists.schemas import SCHEMAS, schema_for
from zhifa.catalog.lists.tests.conftest import BENCHMARK, benchmark_row
from zhifa.catalog.models import ListEntry, ListEntryVersion
from zhifa.core.errors import NotPermitted

MakeWorkbook = Callable[..., io.BytesIO]


def _import(user: User, agency: Agency, workbook: io.BytesIO) -> ImportResult:
    return import_list_entries(user, agency, BENCHMARK, workbook)


def test_good_file_creates_entries(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    rows = [
        benchmark_row("CL-1"),
        benchmark_row(
            "CL-2", title="经营超过保质期的食品", effective_from=datetime.date(2026, 2, 1)
        ),
    ]

    result = _import(agency_head_user, agency_a, make_workbook(rows))

    assert result == ImportResult(created=2, changed=0, unchanged=0)
    second = ListEntry.objects.get(code="CL-2").versions.get()
    assert second.title == "经营超过保质期的食品"
    assert second.effective_from == datetime.date(2026, 2, 1)
    assert second.content["circumstance"] == "初次违法，货值金额不足一万元"
    audit = AuditEntry.objects.get(action="list_imported")
    assert audit.detail["created"] == 2
    assert audit.detail["kind"] == BENCHMARK


def test_row_errors_name_row_and_column(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    rows = [
        benchmark_row("CL-1"),
        benchmark_row("CL-2", benchmark=""),
        benchmark_row("CL-3", effective_from="明年"),
        benchmark_row("CL-1"),
    ]

    with pytest.raises(ListImportRejected) as caught:
        _import(agency_head_user, agency_a, make_workbook(rows))

    errors = caught.value.errors
    assert "第3行「裁量标准」：未填写，请补上。" in errors
    assert any(error.startswith("第4行「生效日期」：“明年”不是有效日期") for error in errors)
    assert any(error.startswith("第5行「基准编号」：编码“CL-1”与第2行重复") for error in errors)
    assert len(errors) == 3


def test_one_bad_row_stores_nothing(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    rows = [benchmark_row("CL-1"), benchmark_row("CL-2", circumstance="")]

    with pytest.raises(ListImportRejected):
        _import(agency_head_user, agency_a, make_workbook(rows))

    assert not ListEntry.objects.exists()
    assert not AuditEntry.objects.filter(action="list_imported").exists()


def test_reimport_of_same_rows_creates_nothing(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    rows = [benchmark_row("CL-1"), benchmark_row("CL-2")]
    _import(agency_head_user, agency_a, make_workbook(rows))

    result = _import(agency_head_user, agency_a, make_workbook(rows))

    assert result == ImportResult(created=0, changed=0, unchanged=2)
    assert ListEntryVersion.objects.count() == 2


def test_changed_row_adds_version(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    _import(agency_head_user, agency_a, make_workbook([benchmark_row("CL-1")]))
    changed = benchmark_row(
        "CL-1",
        benchmark="并处十万元以上十五万元以下罚款",
        effective_from="2026-07-01",
        change_reason="依据《食品安全法》修正调整",
    )

    result = _import(agency_head_user, agency_a, make_workbook([changed]))

    entry = ListEntry.objects.get(code="CL-1")
    assert result == ImportResult(created=0, changed=1, unchanged=0)
    assert entry.versions.get(number=1).effective_to == datetime.date(2026, 6, 30)
    second = entry.versions.get(number=2)
    assert second.content["benchmark"] == "并处十万元以上十五万元以下罚款"
    assert second.change_reason == "依据《食品安全法》修正调整"


def test_changed_row_needs_later_date(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    _import(agency_head_user, agency_a, make_workbook([benchmark_row("CL-1")]))

    with pytest.raises(ListImportRejected) as caught:
        _import(agency_head_user, agency_a, make_workbook([benchmark_row("CL-1", note="新增备注")]))

    assert caught.value.errors[0].startswith("第2行「生效日期」：内容有变更")
    assert ListEntryVersion.objects.count() == 1


def test_withdrawn_entry_row_is_rejected(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    _import(agency_head_user, agency_a, make_workbook([benchmark_row("CL-1")]))
    withdraw_list_entry(
        agency_head_user, ListEntry.objects.get(code="CL-1"), datetime.date(2026, 3, 31), "取消"
    )

    with pytest.raises(ListImportRejected) as caught:
        _import(agency_head_user, agency_a, make_workbook([benchmark_row("CL-1")]))

    assert "已废止" in caught.value.errors[0]


def test_unknown_power_item_code_is_rejected(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    rows = [benchmark_row("CL-1", power_item_code="NO-SUCH")]

    with pytest.raises(ListImportRejected) as caught:
        _import(agency_head_user, agency_a, make_workbook(rows))

    assert caught.value.errors[0].startswith("第2行「对应权责事项编码」：“NO-SUCH”不在")


def test_missing_required_column_rejects_file(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    header = ["基准编号", "违法行为", "生效日期"]

    with pytest.raises(ListImportRejected) as caught:
        _import(agency_head_user, agency_a, make_workbook([["CL-1", "x", "2026-01-01"]], header))

    assert caught.value.errors[0].startswith(
        "第1行缺少列：违反的规定、处罚依据、违法情节、裁量标准"
    )


def test_formula_cell_is_reported(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    rows = [benchmark_row("CL-1", circumstance="=A1")]

    with pytest.raises(ListImportRejected) as caught:
        _import(agency_head_user, agency_a, make_workbook(rows))

    assert caught.value.errors == [
        "第2行「违法情节」：单元格是公式，请改为直接填写内容（粘贴为数值）。"
    ]


def test_not_xlsx_is_rejected(agency_head_user: User, agency_a: Agency) -> None:
    upload = io.BytesIO(b"code,title\n1,2\n")

    with pytest.raises(ListImportRejected) as caught:
        _import(agency_head_user, agency_a, upload)

    assert "不是有效的 Excel" in caught.value.errors[0]


def test_import_of_other_agency_is_rejected(
    agency_head_user: User, agency_b: Agency, make_workbook: MakeWorkbook
) -> None:
    with pytest.raises(NotPermitted):
        _import(agency_head_user, agency_b, make_workbook([benchmark_row("CL-1")]))


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_template_has_schema_headers(kind: str) -> None:
    schema = schema_for(kind)

    workbook = load_workbook(io.BytesIO(template_workbook(schema)))

    sheet = workbook[schema.label]
    header = [cell.value for cell in sheet[1]]
    assert header == [column.label for column in columns_of(schema)]
    assert header[:2] == [schema.code_label, schema.title_label]
    assert header[-2:] == ["生效日期", "变更原因"]
    assert sheet.max_row == 2
    assert str(sheet.cell(row=2, column=1).value).startswith("示例")


def test_filled_template_imports(agency_head_user: User, agency_a: Agency) -> None:
    schema = schema_for(BENCHMARK)
    workbook = load_workbook(io.BytesIO(template_workbook(schema)))
    workbook[schema.label].append(benchmark_row("CL-1"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    result = _import(agency_head_user, agency_a, buffer)

    assert result.created == 1
    assert result.skipped == 1
    assert ListEntry.objects.get().code == "CL-1"


def test_example_rows_are_skipped(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    workbook = make_workbook(
        [
            benchmark_row("示例（本行不导入）", title="示例"),
            benchmark_row("CL-1", title="经营标签含有“示例”字样的预包装食品"),
        ]
    )

    result = _import(agency_head_user, agency_a, workbook)

    assert result == ImportResult(created=1, changed=0, unchanged=0, skipped=1)
    entry = ListEntry.objects.get()
    assert entry.code == "CL-1"
    assert ListEntryVersion.objects.get(entry=entry).title == "经营标签含有“示例”字样的预包装食品"


def test_only_example_row_is_rejected(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    with pytest.raises(ListImportRejected) as caught:
        _import(agency_head_user, agency_a, make_workbook([benchmark_row("示例-1")]))

    assert "只有示例行" in caught.value.errors[0]
    assert not ListEntry.objects.exists()


def test_import_strips_escaped_control_characters(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    workbook = make_workbook(
        [
            benchmark_row(
                "CL-1",
                title="未取得_x0007_食品经营许可",
                benchmark="第一档：_x000B_五万元\r\n第二档：_x001F_七万元",
                circumstance="初次违法\n货值较小",
            )
        ]
    )

    _import(agency_head_user, agency_a, workbook)

    version = ListEntryVersion.objects.get()
    assert version.title == "未取得食品经营许可"
    assert version.content["benchmark"] == "第一档：\n五万元\n第二档：七万元"
    assert version.content["circumstance"] == "初次违法 货值较小"


def test_template_date_columns_have_date_hint() -> None:
    schema = schema_for("monitoring_device")

    workbook = load_workbook(io.BytesIO(template_workbook(schema)))

    notes = {
        str(row[0].value): str(row[1].value) for row in workbook["填写说明"].iter_rows(min_row=6)
    }
    for label in ("法制和技术审核通过日期", "生效日期"):
        assert "2026-01-01" in notes[label], label
        assert "个字" not in notes[label], label
    assert "最长200个字" in notes["设置地点"]
