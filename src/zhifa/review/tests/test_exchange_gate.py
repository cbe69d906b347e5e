"""Decisions reported through the exchange pass the same review gate as decisions made here."""

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from zhifa.cases.exchange import import_file, import_records
from zhifa.cases.models import ExchangedDecision, ExchangeSource
from zhifa.cases.tests.test_exchange import SOURCE, power_items, record, source

__all__ = ["power_items", "source"]  # fixtures used by name

pytestmark = pytest.mark.django_db

# A fine of 60,000 yuan on a legal person reaches the all-domain 较大数额 of 50,000 yuan.
MAJOR_FINE = "60000.00"


def major_record(source_id: str, **review: Any) -> dict[str, Any]:
    data = record(source_id)
    data["parties"] = data["parties"][:1]
    data["decision"] = {**data["decision"], "fine_amount": MAJOR_FINE, **review}
    return data


def test_major_decision_without_review_is_refused(
    source: ExchangeSource, power_items: None
) -> None:
    report = import_records(None, SOURCE, [major_record("SH-0900")])

    assert not report.ok
    (error,) = report.errors
    assert error.field == "decision.legal_review_conclusion"
    assert "重大执法决定" in error.message
    assert "50000" in error.message
    assert not ExchangedDecision.objects.exists()


def test_major_decision_with_approved_review_is_recorded(
    source: ExchangeSource, power_items: None
) -> None:
    review = {
        "legal_review_conclusion": "同意",
        "legal_review_date": "2026-04-08",
        "legal_review_body": "朱家角司法所",
    }
    report = import_records(None, SOURCE, [major_record("SH-0901", **review)])

    assert report.ok, [str(error) for error in report.errors]
    decision = ExchangedDecision.objects.get()
    assert decision.review_conclusion == "approved"
    assert decision.reviewed_on == datetime.date(2026, 4, 8)
    assert decision.review_body == "朱家角司法所"


@pytest.mark.parametrize(
    ("review", "field", "words"),
    [
        (
            {
                "legal_review_conclusion": "不同意",
                "legal_review_date": "2026-04-08",
                "legal_review_body": "朱家角司法所",
            },
            "decision.legal_review_conclusion",
            "不是“同意”",
        ),
        (
            {
                "legal_review_conclusion": "同意",
                "legal_review_date": "2026-04-11",
                "legal_review_body": "朱家角司法所",
            },
            "decision.legal_review_date",
            "晚于决定日期",
        ),
        (
            {"legal_review_conclusion": "通过", "legal_review_date": "2026-04-08"},
            "decision.legal_review_conclusion",
            "无效",
        ),
    ],
)
def test_bad_review_is_refused(
    source: ExchangeSource, power_items: None, review: dict[str, str], field: str, words: str
) -> None:
    report = import_records(None, SOURCE, [major_record("SH-0902", **review)])

    assert not report.ok
    assert any(error.field == field and words in error.message for error in report.errors)
    assert not ExchangedDecision.objects.exists()


def test_ordinary_decision_needs_no_review(source: ExchangeSource, power_items: None) -> None:
    report = import_records(None, SOURCE, [record("SH-0903")])

    assert report.ok, [str(error) for error in report.errors]


def test_review_columns_in_excel(source: ExchangeSource, power_items: None) -> None:
    data = major_record("SH-0904")
    party = data["parties"][0]
    header = [
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
        "执法事项编码",
        "决定日期",
        "处罚种类",
        "罚款金额（元）",
        "决定书文号",
        "法制审核结论",
        "法制审核日期",
        "法制审核机构",
    ]
    row = [
        data["source_id"],
        data["agency"],
        data["department"],
        data["kind"],
        data["number"],
        data["title"],
        data["opened_on"],
        data["stage"],
        data["status"],
        party["type"],
        party["name"],
        party["uscc"],
        "330200001",
        "2026-04-10",
        "罚款",
        MAJOR_FINE,
        data["decision"]["document_number"],
        "同意",
        "2026-04-09",
        "朱家角司法所",
    ]
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(header)
    sheet.append(row)
    path = io.BytesIO()
    book.save(path)

    report = import_file(None, SOURCE, "cases.xlsx", path.getvalue())

    assert report.ok, [str(error) for error in report.errors]
    assert ExchangedDecision.objects.get().review_body == "朱家角司法所"
