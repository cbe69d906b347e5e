"""Importing power items from Excel: validation of the whole file, versions and counts."""

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.catalog.actions import ImportResult, PowerItemImportRejected, import_power_items
from zhifa.catalog.models import PowerItem, PowerItemVersion
from zhifa.core.errors import NotPermitted

MakeWorkbook = Callable[..., io.BytesIO]

GOOD_ROWS: list[list[object]] = [
    [
        "QP-001",
        "对无照经营的处罚",
        "行政处罚",
        "《无证无照经营查处办法》",
        "市场监管",
        "2026-01-01",
        "",
    ],
    [
        "QP-002",
        "食品经营许可",
        "行政许可",
        "《食品安全法》第三十五条",
        "",
        datetime.date(2026, 1, 1),
        "",
    ],
    ["QP-003", "对生产场所的检查", "行政检查", "《安全生产法》", None, "2026/1/1", None],
]


def test_good_file_creates_items(
    agency_head_user: User, agency_a: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook
) -> None:
    result = import_power_items(agency_head_user, agency_a, make_workbook(GOOD_ROWS))

    assert result == ImportResult(created=3, changed=0, unchanged=0)
    item = PowerItem.objects.get(agency=agency_a, code="QP-001")
    version = item.versions.get()
    assert version.name == "对无照经营的处罚"
    assert version.category == "penalty"
    assert version.domain == domain
    assert version.effective_from == datetime.date(2026, 1, 1)
    assert PowerItem.objects.get(code="QP-003").versions.get().effective_from == datetime.date(
        2026, 1, 1
    )


def test_import_is_audited_with_counts(
    agency_head_user: User, agency_a: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook
) -> None:
    import_power_items(agency_head_user, agency_a, make_workbook(GOOD_ROWS))

    entry = AuditEntry.objects.get(action="power_items_imported")
    assert entry.actor == agency_head_user
    assert entry.agency_id == agency_a.pk
    assert entry.detail["created"] == 3
    assert entry.detail["changed"] == 0
    assert entry.detail["unchanged"] == 0


def test_reimport_reports_unchanged(
    agency_head_user: User, agency_a: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook
) -> None:
    import_power_items(agency_head_user, agency_a, make_workbook(GOOD_ROWS))

    result = import_power_items(agency_head_user, agency_a, make_workbook(GOOD_ROWS))

    assert result == ImportResult(created=0, changed=0, unchanged=3)
    assert PowerItemVersion.objects.count() == 3


def test_changed_row_adds_version(
    agency_head_user: User, agency_a: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook
) -> None:
    import_power_items(agency_head_user, agency_a, make_workbook(GOOD_ROWS))
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][3] = "《无证无照经营查处办法》第十三条"
    rows[0][5] = "2026-07-01"
    rows[0][6] = "明确条款"

    result = import_power_items(agency_head_user, agency_a, make_workbook(rows))

    assert result == ImportResult(created=0, changed=1, unchanged=2)
    item = PowerItem.objects.get(code="QP-001")
    first, second = item.versions.order_by("number")
    assert first.effective_to == datetime.date(2026, 6, 30)
    assert second.legal_basis == "《无证无照经营查处办法》第十三条"
    assert second.change_reason == "明确条款"


def test_bad_file_writes_nothing_and_reports_every_row(
    agency_head_user: User, agency_a: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook
) -> None:
    rows = [
        ["QP-001", "对无照经营的处罚", "行政处罚", "依据", "", "2026-01-01", ""],
        ["QP-002", "", "行政许可", "依据", "", "2026-01-01", ""],
        ["QP-003", "名称", "行政罚款", "依据", "", "2026-01-01", ""],
        ["QP-004", "名称", "行政检查", "依据", "城市管理", "2026-01-01", ""],
        ["QP-005", "名称", "行政检查", "依据", "", "2026-02-30", ""],
        ["QP-001", "重复的事项", "行政处罚", "依据", "", "2026-01-01", ""],
        ["QP-007", "名称", "行政检查", "依据", "", "下月", ""],
    ]

    with pytest.raises(PowerItemImportRejected) as caught:
        import_power_items(agency_head_user, agency_a, make_workbook(rows))

    errors = caught.value.errors
    assert len(errors) == 6
    assert errors[0].startswith("第3行「事项名称」：未填写")
    assert errors[1].startswith("第4行「执法类别」：“行政罚款”不是执法类别")
    assert errors[2].startswith("第5行「执法领域」：“城市管理”不是平台中的执法领域")
    assert errors[3].startswith("第6行「生效日期」：“2026-02-30”不是有效日期")
    assert errors[4].startswith("第7行「事项编码」：编码“QP-001”与第2行重复")
    assert errors[5].startswith("第8行「生效日期」：“下月”不是有效日期")
    assert PowerItem.objects.count() == 0
    assert not AuditEntry.objects.filter(action="power_items_imported").exists()


def test_earlier_effective_date_rejected(
    agency_head_user: User, agency_a: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook
) -> None:
    import_power_items(agency_head_user, agency_a, make_workbook(GOOD_ROWS))
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][1] = "食品经营许可（含告知承诺）"
    rows[1][5] = "2025-12-01"
    rows.append(["QP-004", "新事项", "行政征收", "依据", "", "2026-01-01", ""])

    with pytest.raises(PowerItemImportRejected) as caught:
        import_power_items(agency_head_user, agency_a, make_workbook(rows))

    assert caught.value.errors == [
        "第3行「生效日期」：内容有变更，但生效日期 2025-12-01 不晚于现行版本的生效日期 "
        "2026-01-01，请改为之后的日期。"
    ]
    assert PowerItemVersion.objects.count() == 3
    assert not PowerItem.objects.filter(code="QP-004").exists()


def test_file_not_xlsx_rejected(agency_head_user: User, agency_a: Agency) -> None:
    with pytest.raises(PowerItemImportRejected) as caught:
        import_power_items(agency_head_user, agency_a, io.BytesIO(b"code,name\n1,2\n"))

    assert caught.value.errors == [
        "文件不是有效的 Excel（.xlsx）文件，请用模板另存为 .xlsx 后重新上传。"
    ]


def test_missing_headers_rejected(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    workbook = make_workbook([["QP-001", "名称"]], header=["事项编码", "事项名称", "备注"])

    with pytest.raises(PowerItemImportRejected) as caught:
        import_power_items(agency_head_user, agency_a, workbook)

    assert "第1行缺少列：执法类别、实施依据、生效日期" in caught.value.errors[0]


@pytest.mark.parametrize(
    "header", [[], ["事项编码", "事项名称", "执法类别", "实施依据", "生效日期"]]
)
def test_empty_file_rejected(
    agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook, header: list[str]
) -> None:
    with pytest.raises(PowerItemImportRejected) as caught:
        import_power_items(agency_head_user, agency_a, make_workbook([], header=header))

    assert "空" in caught.value.errors[0] or "没有数据行" in caught.value.errors[0]


def test_import_by_officer_refused(
    officer_user: User, agency_a: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook
) -> None:
    with pytest.raises(NotPermitted):
        import_power_items(officer_user, agency_a, make_workbook(GOOD_ROWS))


def test_import_into_other_agency_refused(
    agency_head_user: User, agency_b: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook
) -> None:
    with pytest.raises(NotPermitted):
        import_power_items(agency_head_user, agency_b, make_workbook(GOOD_ROWS))
    assert PowerItem.objects.count() == 0


def test_command_prints_counts(
    agency_a: Agency, domain: EnforcementDomain, make_workbook: MakeWorkbook, tmp_path: Path
) -> None:
    path = tmp_path / "powers.xlsx"
    path.write_bytes(make_workbook(GOOD_ROWS).getvalue())
    output = io.StringIO()

    call_command("powers", "import", agency_a.short_name, str(path), stdout=output)

    assert output.getvalue().strip() == f"{agency_a.name}：新增 3 项，变更 0 项，未变 0 项"
    assert AuditEntry.objects.get(action="power_items_imported").actor is None


def test_command_prints_row_errors(
    agency_a: Agency, make_workbook: MakeWorkbook, tmp_path: Path
) -> None:
    path = tmp_path / "powers.xlsx"
    rows = [["QP-001", "", "行政处罚", "依据", "", "2026-01-01", ""]]
    path.write_bytes(make_workbook(rows).getvalue())
    errors = io.StringIO()

    with pytest.raises(CommandError, match="共 1 处错误"):
        call_command("powers", "import", str(agency_a.pk), str(path), stderr=errors)

    assert "第2行「事项名称」：未填写，请补上。" in errors.getvalue()
    assert PowerItem.objects.count() == 0


def test_command_unknown_agency(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="找不到执法主体"):
        call_command("powers", "import", "不存在的局", str(tmp_path / "x.xlsx"))
