"""Importing cases from other case systems: formats, all-or-nothing, idempotence, updates."""

import copy
import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.cases.exchange import create_exchange_source, import_file, import_records
from zhifa.cases.exchange.vocabulary import field_label
from zhifa.cases.models import (
    Case,
    CaseParty,
    CaseStep,
    ExchangeBatch,
    ExchangeBatchStatus,
    ExchangedDecision,
    ExchangeSource,
    Party,
)
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.models import PowerCategory
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.identifiers import id_check_char, org_code_check_char, uscc_check_char

SOURCE = "sh_unified"
ID_15 = "310118800101123"


def make_id_number(sequence: int, born: str = "19800101") -> str:
    first17 = f"310118{born}{sequence % 1000:03d}"
    return first17 + id_check_char(first17)


def make_uscc(sequence: int) -> str:
    organization = f"{sequence:08d}"
    first17 = f"91310118{organization}{org_code_check_char(organization)}"
    return first17 + uscc_check_char(first17)


@pytest.fixture
def source(db: None) -> ExchangeSource:
    return create_exchange_source(None, SOURCE, "上海市统一综合执法系统")


@pytest.fixture
def power_items(agency_a: Agency, agency_b: Agency) -> None:
    for agency, code in ((agency_a, "330200001"), (agency_a, "330200002"), (agency_b, "B-01")):
        content = PowerItemContent(f"事项{code}", PowerCategory.PENALTY, "《示例法》第一条", None)
        create_power_item(None, agency, code, content, effective_from=datetime.date(2020, 1, 1))


def record(source_id: str = "SH-0001", **overrides: Any) -> dict[str, Any]:
    """A valid ordinary penalty case of agency A, decided and served."""
    data: dict[str, Any] = {
        "source_id": source_id,
        "agency": "朱家角镇",
        "department": "综合行政执法队",
        "kind": "penalty_ordinary",
        "number": f"沪朱综执罚〔2026〕{source_id}号",
        "title": "擅自占用道路堆物案",
        "opened_on": "2026-03-02",
        "stage": "service",
        "status": "open",
        "parties": [
            {"type": "legal_person", "name": "上海示例贸易有限公司", "uscc": make_uscc(1)},
            {"type": "natural_person", "name": "张三", "id_number": make_id_number(11)},
        ],
        "power_items": ["330200001"],
        "decision": {
            "decided_on": "2026-04-10",
            "penalty_types": ["fine", "警告"],
            "fine_amount": "1500.00",
            "document_number": f"沪朱综执罚决〔2026〕{source_id}号",
        },
    }
    data.update(overrides)
    return data


def snapshot() -> dict[str, list[Any]]:
    """Every row an import writes, so two imports can be compared."""
    return {
        "cases": list(Case.objects.order_by("pk").values()),
        "steps": list(CaseStep.objects.order_by("pk").values()),
        "parties": list(Party.objects.order_by("pk").values()),
        "links": list(CaseParty.objects.order_by("pk").values()),
        "decisions": list(
            ExchangedDecision.objects.order_by("pk").values(
                "case_id", "decided_on", "penalty_types", "fine_amount", "document_number"
            )
        ),
        "power_items": list(
            Case.power_items.through.objects.order_by("pk").values("case_id", "poweritem_id")
        ),
    }


# --- Formats -----------------------------------------------------------------------------------


def test_json_file_creates_cases(source: ExchangeSource, power_items: None) -> None:
    content = json.dumps([record("SH-0001"), record("SH-0002", kind="行政处罚（普通程序）")])
    report = import_file(None, SOURCE, "cases.json", content.encode())

    assert report.ok, [str(error) for error in report.errors]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    case = Case.objects.get(source=SOURCE, source_id="SH-0001")
    assert case.number == "沪朱综执罚〔2026〕SH-0001号"
    assert case.number_year == 2026
    assert case.number_sequence == 0
    assert case.stage == "service"
    assert case.department.name == "综合行政执法队"
    assert [item.code for item in case.power_items.all()] == ["330200001"]
    assert case.parties.count() == 2
    decision = ExchangedDecision.objects.get(case=case)
    assert decision.fine_amount == Decimal("1500.00")
    assert decision.penalty_types == ["fine", "warning"]
    steps = list(case.steps.order_by("sequence"))
    assert [step.stage for step in steps] == ["initiation", "decision", "service"]
    assert all(step.details["exchanged"] is True for step in steps)
    assert steps[0].details["date"] == "2026-03-02"
    batch = report.batch
    assert batch.status == ExchangeBatchStatus.IMPORTED
    assert batch.digest.startswith("sha256:")
    assert batch.changes["created"] == ["SH-0001", "SH-0002"]
    assert AuditEntry.objects.filter(action="exchange_batch_imported").count() == 1


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = [
    "来源编号",
    "执法主体",
    "承办部门",
    "案件类型",
    "案号",
    "案由",
    "立案日期",
    "当前阶段",
    "状态",
    "结案日期",
    "当事人类型",
    "当事人名称",
    "当事人证件号码",
    "执法事项编码",
    "决定日期",
    "处罚种类",
    "罚款金额(元)",
    "决定书文号",
]


def _row(source_id: str, **cells: Any) -> list[Any]:
    values = {
        "来源编号": source_id,
        "执法主体": "上海市青浦区朱家角镇人民政府",
        "承办部门": "综合行政执法队",
        "案件类型": "行政处罚（普通程序）",
        "案号": f"沪朱综执罚〔2026〕{source_id}号",
        "案由": "无照经营案",
        # Excel stores dates as naive date-times; openpyxl returns them that way.
        "立案日期": datetime.datetime(2026, 2, 3),  # noqa: DTZ001
        "当前阶段": "结案",
        "状态": "已结案",
        "结案日期": "2026/5/6",
        "当事人类型": "法人",
        "当事人名称": "上海示例贸易有限公司",
        "当事人证件号码": make_uscc(1),
        "执法事项编码": "330200001；330200002",
        "决定日期": "2026年4月1日",
        "处罚种类": "罚款、警告",
        "罚款金额(元)": 2000.5,
        "决定书文号": f"沪朱综执罚决〔2026〕{source_id}号",
    }
    values.update(cells)
    return [values[name] for name in HEADER]


def test_xlsx_rows_grouped_by_source_id(source: ExchangeSource, power_items: None) -> None:
    continuation: list[Any] = [None] * len(HEADER)
    continuation[0] = "X-1"
    continuation[10:13] = ["自然人", "李四", make_id_number(12)]
    content = _xlsx([HEADER, _row("X-1"), continuation, _row("X-2", 当事人证件号码=make_uscc(2))])

    report = import_file(None, SOURCE, "export.xlsx", content)

    assert report.ok, [str(error) for error in report.errors]
    assert report.created == 2
    case = Case.objects.get(source_id="X-1")
    assert case.status == "closed"
    assert case.closed_on == datetime.date(2026, 5, 6)
    assert case.opened_on == datetime.date(2026, 2, 3)
    assert sorted(party.name for party in case.parties.all()) == ["上海示例贸易有限公司", "李四"]
    assert case.power_items.count() == 2
    assert case.exchanged_decision.fine_amount == Decimal("2000.50")
    assert case.steps.filter(stage="closing").get().details["date"] == "2026-05-06"


def test_xlsx_numeric_id_cell_rejected(source: ExchangeSource, power_items: None) -> None:
    row = _row("X-3", 当事人类型="自然人", 当事人名称="王五", 当事人证件号码=310118198001011234)
    report = import_file(None, SOURCE, "export.xlsx", _xlsx([HEADER, row]))
    assert not report.ok
    assert report.errors[0].field == "parties[0].identifier"
    assert "文本" in report.errors[0].message


def _csv(rows: list[list[Any]], *, bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow("" if cell is None else cell for cell in row)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom(source: ExchangeSource, power_items: None, bom: bool) -> None:
    row = _row("C-1", 立案日期="2026-02-03", 罚款金额=None)
    content = _csv([HEADER, row], bom=bom)

    report = import_file(None, SOURCE, "export.csv", content)

    assert report.ok, [str(error) for error in report.errors]
    assert report.created == 1
    case = Case.objects.get(source_id="C-1")
    assert case.exchanged_decision.fine_amount == Decimal("2000.50")


def test_csv_not_utf8_rejected(source: ExchangeSource) -> None:
    content = ",".join(HEADER).encode("gbk")
    report = import_file(None, SOURCE, "export.csv", content)
    assert not report.ok
    assert "UTF-8" in report.errors[0].message
    assert report.batch.status == ExchangeBatchStatus.REJECTED


def test_unknown_extension_rejected(source: ExchangeSource) -> None:
    report = import_file(None, SOURCE, "export.xls", b"whatever")
    assert not report.ok
    assert ".xls" in report.errors[0].message


def test_missing_columns_listed(source: ExchangeSource) -> None:
    report = import_file(None, SOURCE, "export.csv", _csv([["来源编号", "案由"]], bom=True))
    assert not report.ok
    assert "执法主体" in report.errors[0].message


# --- All or nothing ----------------------------------------------------------------------------


def test_bad_records_all_listed_nothing_written(source: ExchangeSource, power_items: None) -> None:
    bad_party = record("SH-0002")
    bad_party["parties"] = [
        {"type": "legal_person", "name": "坏公司", "uscc": "91310118ABCDEFGH12"}
    ]
    records = [
        record("SH-0001"),
        bad_party,
        record("SH-0003", agency="不存在的局", title=""),
        record("SH-0004", power_items=["NOPE-1"], decision={"decided_on": "2026-13-01"}),
        record("SH-0001"),
    ]

    report = import_records(None, SOURCE, records)

    assert not report.ok
    found = {(error.location, error.source_id, error.field) for error in report.errors}
    assert ("第2条记录", "SH-0002", "parties[0].uscc") in found
    assert ("第3条记录", "SH-0003", "agency") in found
    assert ("第3条记录", "SH-0003", "title") in found
    assert ("第4条记录", "SH-0004", "power_items") in found
    assert ("第4条记录", "SH-0004", "decision.decided_on") in found
    assert ("第4条记录", "SH-0004", "decision.penalty_types") in found
    assert ("第5条记录", "SH-0001", "source_id") in found
    assert all(error.source_id for error in report.errors)
    assert not Case.objects.exists()
    assert not Party.objects.exists()
    batch = ExchangeBatch.objects.get()
    assert batch.status == ExchangeBatchStatus.REJECTED
    assert len(batch.errors) == len(report.errors)
    assert AuditEntry.objects.filter(action="exchange_batch_rejected").count() == 1


def test_error_text_names_record_and_field(source: ExchangeSource, power_items: None) -> None:
    bad = record("SH-0009")
    bad["parties"][1]["id_number"] = "310118198001011230"
    report = import_records(None, SOURCE, [bad])
    text = str(report.errors[0])
    assert text.startswith("第1条记录（来源编号 SH-0009）「第2个当事人的身份证号」")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "licence"}, "kind"),
        ({"stage": "initiation", "kind": "penalty_summary"}, "stage"),
        ({"status": "closed"}, "closed_on"),
        ({"status": "open", "closed_on": "2026-05-01"}, "closed_on"),
        ({"opened_on": "2099-01-01"}, "opened_on"),
        ({"department": "不存在的科"}, "department"),
        ({"parties": []}, "parties"),
        ({"extra": 1}, ""),
        (
            {
                "decision": {
                    "decided_on": "2026-04-01",
                    "penalty_types": ["warning"],
                    "fine_amount": "100",
                    "document_number": "X",
                }
            },
            "decision.fine_amount",
        ),
        ({"kind": "inspection", "stage": "decision"}, "decision"),
        ({"stage": "investigation"}, "decision"),
    ],
)
def test_invalid_field_reported(
    source: ExchangeSource, power_items: None, overrides: dict[str, Any], field: str
) -> None:
    report = import_records(None, SOURCE, [record("SH-0100", **overrides)])
    assert not report.ok
    assert field in [error.field for error in report.errors]
    assert not Case.objects.exists()


# --- Upsert ------------------------------------------------------------------------------------


def test_same_batch_twice_changes_nothing(source: ExchangeSource, power_items: None) -> None:
    records = [record("SH-0001"), record("SH-0002", decision=None, stage="investigation")]
    first = import_records(None, SOURCE, records)
    assert first.created == 2
    before = snapshot()

    second = import_records(None, SOURCE, copy.deepcopy(records))

    assert second.ok
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert snapshot() == before
    assert ExchangeBatch.objects.count() == 2


def test_changed_record_updates_copy(source: ExchangeSource, power_items: None) -> None:
    import_records(None, SOURCE, [record("SH-0001", decision=None, stage="investigation")])
    case = Case.objects.get(source_id="SH-0001")
    old_steps = list(case.steps.order_by("sequence").values())

    changed = record(
        "SH-0001",
        title="擅自占用道路堆物、乱设摊案",
        stage="closing",
        status="closed",
        closed_on="2026-05-20",
    )
    report = import_records(None, SOURCE, [changed])

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    case.refresh_from_db()
    assert case.title == "擅自占用道路堆物、乱设摊案"
    assert case.status == "closed"
    assert case.closed_on == datetime.date(2026, 5, 20)
    assert case.exchanged_decision.document_number == "沪朱综执罚决〔2026〕SH-0001号"
    steps = list(case.steps.order_by("sequence").values())
    assert steps[: len(old_steps)] == old_steps
    assert [step["stage"] for step in steps[len(old_steps) :]] == ["decision", "closing"]
    assert report.batch.changes["updated"] == ["SH-0001"]


def test_changed_decision_updates_copy(source: ExchangeSource, power_items: None) -> None:
    import_records(None, SOURCE, [record("SH-0001")])
    changed = record("SH-0001")
    changed["decision"]["fine_amount"] = "1200"
    report = import_records(None, SOURCE, [changed])
    assert report.updated == 1
    decision = ExchangedDecision.objects.get()
    assert decision.fine_amount == Decimal("1200.00")
    assert CaseStep.objects.filter(stage="decision").count() == 1


def test_fixed_fields_cannot_change(source: ExchangeSource, power_items: None) -> None:
    import_records(None, SOURCE, [record("SH-0001")])
    changed = record("SH-0001", kind="penalty_summary", stage="service", number="另一个案号")
    report = import_records(None, SOURCE, [changed])
    assert {"kind", "number"} <= {error.field for error in report.errors}


def test_number_used_by_other_case_rejected(source: ExchangeSource, power_items: None) -> None:
    import_records(None, SOURCE, [record("SH-0001")])
    clash = record("SH-0002", number="沪朱综执罚〔2026〕SH-0001号")
    report = import_records(None, SOURCE, [clash])
    assert [error.field for error in report.errors] == ["number"]


# --- Parties -----------------------------------------------------------------------------------


def test_party_shared_across_agencies(source: ExchangeSource, power_items: None) -> None:
    legacy = ID_15 + ""
    full = legacy[:6] + "19" + legacy[6:]
    full += id_check_char(full)
    person_a = {"type": "自然人", "name": "赵六", "id_number": full}
    person_b = {"type": "natural_person", "name": "赵 六", "identifier": legacy}
    records = [
        record("SH-0001", parties=[person_a]),
        record(
            "SH-0002",
            agency="区市场监管局",
            department="执法稽查科",
            power_items=["B-01"],
            parties=[person_b],
        ),
    ]

    report = import_records(None, SOURCE, records)

    assert report.ok, [str(error) for error in report.errors]
    party = Party.objects.get()
    assert party.id_number == full
    assert party.name == "赵六"
    assert {case.agency.short_name for case in party.cases.all()} == {"朱家角镇", "区市场监管局"}


def test_existing_party_reused(source: ExchangeSource, power_items: None) -> None:
    existing = Party.objects.create(kind="legal_person", name="老名称公司", uscc=make_uscc(1))
    import_records(None, SOURCE, [record("SH-0001")])
    case = Case.objects.get()
    assert existing in case.parties.all()
    assert Party.objects.filter(uscc=make_uscc(1)).count() == 1


# --- Permissions and sources -------------------------------------------------------------------


def test_import_rejected_without_capability(source: ExchangeSource, agency_head_user: User) -> None:
    with pytest.raises(NotPermitted):
        import_records(agency_head_user, SOURCE, [record()])


def test_import_by_system_admin(
    source: ExchangeSource, power_items: None, system_admin_user: User
) -> None:
    report = import_records(system_admin_user, SOURCE, [record()])
    assert report.ok
    assert Case.objects.get().created_by == system_admin_user


def test_unknown_source_not_found(db: None) -> None:
    with pytest.raises(NotFound):
        import_records(None, "nope", [record()])


@pytest.mark.parametrize("code", ["native", "A", "有中文", "x"])
def test_invalid_source_code_rejected(db: None, code: str) -> None:
    with pytest.raises(ValidationFailed):
        create_exchange_source(None, code, "某系统")


def test_field_labels() -> None:
    assert field_label("parties[1].uscc") == "第2个当事人的统一社会信用代码"
    assert field_label("decision.fine_amount") == "罚款金额（元）"
    assert field_label("power_items") == "执法事项编码"


# --- Command -----------------------------------------------------------------------------------


def test_command_imports_and_lists(
    source: ExchangeSource, power_items: None, tmp_path: Path
) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([record("SH-0001")], ensure_ascii=False), encoding="utf-8")
    output = io.StringIO()
    call_command("exchange", "import", "--source", SOURCE, str(path), stdout=output)
    assert "新增 1 个" in output.getvalue()

    listing = io.StringIO()
    call_command("exchange", "sources", stdout=listing)
    assert "上海市统一综合执法系统" in listing.getvalue()
    assert "已导入批次 1 个" in listing.getvalue()


def test_command_prints_errors(source: ExchangeSource, tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([record("SH-0001", agency="无此单位")]), encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("exchange", "import", "--source", SOURCE, str(path), stderr=errors)
    assert "未写入任何案件" in str(raised.value)
    assert "无此单位" in errors.getvalue()
    assert not Case.objects.exists()


def test_command_adds_source(db: None) -> None:
    output = io.StringIO()
    call_command("exchange", "add-source", "scjg_vertical", "市场监管垂直系统", stdout=output)
    assert ExchangeSource.objects.filter(code="scjg_vertical").exists()
