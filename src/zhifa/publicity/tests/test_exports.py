"""Dual-publicity export: header rows, BOM, formulas, control characters, exact amounts, targets."""

import csv
import datetime
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.core.errors import NotPermitted
from zhifa.publicity import fields as field_codes
from zhifa.publicity.changes.withdrawal import withdraw
from zhifa.publicity.exports.cells import csv_cell, xlsx_text, yuan_to_wan
from zhifa.publicity.exports.dual_publicity import ExportFilter, export
from zhifa.publicity.models import Publication
from zhifa.publicity.tests.conftest import PARTY_ID_NUMBER, PENALTY_MASKED_FIELDS

NOV = datetime.date(2026, 11, 10)
ALL_NOVEMBER: dict[str, Any] = {
    "date_from": datetime.date(2026, 11, 1),
    "date_to": datetime.date(2026, 11, 30),
}


@pytest.fixture
def approver(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("approver_a", "publication_approver", agency=agency_a)


def csv_rows(user: User | None, **options: Any) -> tuple[str, list[list[str]]]:
    stream = io.StringIO()
    export(user, ExportFilter(kind="penalty", **{**ALL_NOVEMBER, **options}), "csv", stream)
    text = stream.getvalue()
    return text, list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def column(rows: list[list[str]], code: str) -> list[str]:
    index = rows[0].index(code)
    return [row[index] for row in rows[2:]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+8613800000000", "'+8613800000000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ('  \t=HYPERLINK("x")', '\'  \t=HYPERLINK("x")'),
        ("\x00=cmd", "'=cmd"),
        ("罚款=2000元", "罚款=2000元"),
        ("第一行\x0b第二行", "第一行第二行"),
        ("a\x07b\x1fc\x7fd\x9fe", "abcde"),
        ("第一行\r\n第二行\n第三行", "第一行 第二行 第三行"),
        ("", ""),
    ],
)
def test_csv_cell_values(value: str, expected: str) -> None:
    assert csv_cell(value) == expected


def test_xlsx_text_keeps_line_feeds_and_formulas() -> None:
    assert xlsx_text("甲\r\n乙\u2028丙") == "甲\n乙\n丙"
    assert xlsx_text("\n=1") == "\n=1"
    assert xlsx_text("+青市监罚〔2026〕920号\x07") == "+青市监罚〔2026〕920号"


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        ("123456789012.34", "12345678.901234"),
        ("2000", "0.200000"),
        ("0.01", "0.000001"),
        ("999999999999.99", "99999999.999999"),
        ("1E+2", "0.010000"),
        (None, ""),
        ("abc", ""),
    ],
)
def test_yuan_to_wan_exact(yuan: str | None, wan: str) -> None:
    assert yuan_to_wan(yuan) == wan


def test_csv_header_rows_bom_and_columns(
    officer_user: User, make_publication: Callable[..., Publication], agency_a: Agency
) -> None:
    Agency.objects.filter(pk=agency_a.pk).update(uscc="11310118MB2F12345X")
    make_publication(published_on=NOV, ends_on=datetime.date(2029, 11, 5))

    text, rows = csv_rows(officer_user)

    assert text.startswith("\ufeffCF_XDR_MC,")
    assert rows[0] == [field.code for field in field_codes.PENALTY_FIELDS]
    assert rows[1] == [field.label for field in field_codes.PENALTY_FIELDS]
    assert len(rows) == 3
    assert column(rows, "CF_XDR_MC") == ["张某"]
    assert column(rows, "CF_JDRQ") == ["2026/11/05"]
    assert column(rows, "CF_GSJZQ") == ["2029/11/05"]
    assert column(rows, "CF_NR_FK") == ["0.200000"]
    assert column(rows, "CF_CFJGDM") == ["11310118MB2F12345X"]
    assert column(rows, "CF_SJLY") == [agency_a.name]
    # The publicity target never carries the ID columns, masked or not.
    assert column(rows, "CF_XDR_ZJHM") == [""]
    assert column(rows, "CF_XDR_ZJLX") == [""]
    entry = AuditEntry.objects.get(action="publications_exported")
    assert entry.detail["count"] == 1
    assert entry.detail["target"] == "publicity"


def test_long_term_and_huge_amount(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    make_publication(
        published_on=NOV,
        facts={"fine_amount": "123456789012.34", "confiscation_amount": "0.5"},
    )

    _, rows = csv_rows(officer_user)

    assert column(rows, "CF_GSJZQ") == ["2099/12/31"]
    assert column(rows, "CF_NR_FK") == ["12345678.901234"]
    assert column(rows, "CF_NR_WFFF") == ["0.000050"]


def test_formula_and_control_characters_in_fields(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    # PostgreSQL cannot store NUL in text or JSON at all, so only SQLite rows can carry it.
    nul = "\x00" if connection.vendor == "sqlite" else "\x07"
    masked = {
        **PENALTY_MASKED_FIELDS,
        "CF_WFXW": '=HYPERLINK("http://example.invalid")',
        "CF_SY": f"第一段\x0b第二段\r\n第三段{nul}",
        "CF_YJ": " -1+2",
    }
    make_publication(published_on=NOV, masked_fields=masked)

    _, rows = csv_rows(officer_user)

    assert column(rows, "CF_WFXW") == ['\'=HYPERLINK("http://example.invalid")']
    assert column(rows, "CF_SY") == ["第一段第二段 第三段"]
    assert column(rows, "CF_YJ") == ["' -1+2"]


def test_credit_target_carries_unmasked_id(
    approver: User, officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    make_publication(published_on=NOV)

    _, rows = csv_rows(approver, target="credit")

    assert column(rows, "CF_XDR_ZJHM") == [PARTY_ID_NUMBER]
    assert column(rows, "CF_XDR_MC") == ["张三"]
    with pytest.raises(NotPermitted):
        csv_rows(officer_user, target="credit")


def test_withdrawn_only_when_flagged(
    approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=NOV)
    make_publication(document_number="草稿号")
    withdraw(approver, publication, "该决定已被依法撤销。", datetime.date(2026, 11, 20))

    _, without = csv_rows(approver)
    _, flagged = csv_rows(approver, include_withdrawn=True)

    assert len(without) == 2
    assert column(flagged, "BZ") == ["已撤回：该决定已被依法撤销。"]


def test_scope_date_range_and_kind(
    officer_user: User,
    other_agency_user: User,
    agency_b: Agency,
    make_publication: Callable[..., Publication],
) -> None:
    make_publication(published_on=NOV)
    make_publication(published_on=datetime.date(2026, 10, 31), document_number="十月")
    make_publication(agency=agency_b, published_on=NOV, document_number="乙")
    make_publication(kind="license", published_on=NOV, document_number="许可")

    _, own = csv_rows(officer_user)
    _, other = csv_rows(other_agency_user)
    _, district = csv_rows(None)

    assert column(own, "CF_WSH") == [PENALTY_MASKED_FIELDS["CF_WSH"]]
    assert column(other, "CF_WSH") == [PENALTY_MASKED_FIELDS["CF_WSH"]]
    assert len(district) == 4


XLSX_FORMULA_LIKE = {
    "CF_WSH": "+青市监罚〔2026〕920号",
    "CF_WFXW": "=1+1",
    "CF_YJ": '  =HYPERLINK("http://example.invalid")',
    "CF_CFLB": "-罚款",
    "CF_NR": "@SUM(A1)",
}


def test_xlsx_cells_are_text(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    masked = {**PENALTY_MASKED_FIELDS, **XLSX_FORMULA_LIKE, "CF_SY": "甲\x0b乙\n丙"}
    make_publication(
        published_on=NOV, masked_fields=masked, facts={"fine_amount": "123456789012.34"}
    )
    stream = io.BytesIO()

    export(officer_user, ExportFilter(kind="penalty", **ALL_NOVEMBER), "xlsx", stream)

    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    codes = rows[0]
    data = rows[2]
    assert rows[1][0] == "行政相对人名称"
    assert data[codes.index("CF_NR_FK")] == "12345678.901234"
    assert data[codes.index("CF_SY")] == "甲乙\n丙"
    for code, value in XLSX_FORMULA_LIKE.items():
        assert data[codes.index(code)] == value, code
    assert all(cell.data_type == "s" for cell in sheet[3] if cell.value is not None)


def test_xlsx_sheet_has_no_formula(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    masked = {**PENALTY_MASKED_FIELDS, **XLSX_FORMULA_LIKE}
    make_publication(published_on=NOV, masked_fields=masked)
    stream = io.BytesIO()

    export(officer_user, ExportFilter(kind="penalty", **ALL_NOVEMBER), "xlsx", stream)

    with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as package:
        sheets = [name for name in package.namelist() if name.startswith("xl/worksheets/")]
        xml = "".join(package.read(name).decode() for name in sheets)
    assert sheets
    assert "<f>" not in xml
    assert "<f " not in xml
    assert 't="inlineStr"' in xml


def test_csv_quotes_formula_like_values(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    masked = {**PENALTY_MASKED_FIELDS, **XLSX_FORMULA_LIKE}
    make_publication(published_on=NOV, masked_fields=masked)

    _, rows = csv_rows(officer_user)

    assert column(rows, "CF_WSH") == ["'+青市监罚〔2026〕920号"]
    assert column(rows, "CF_WFXW") == ["'=1+1"]


def test_export_page_and_command(
    officer_user: User, make_publication: Callable[..., Publication], tmp_path: Any
) -> None:
    from django.core.management import call_command

    make_publication(published_on=NOV)
    client = Client()
    client.force_login(officer_user)
    response = client.post(
        reverse("publicity:export"),
        {
            "kind": "penalty",
            "date_from": "2026-11-01",
            "date_to": "2026-11-30",
            "target": "publicity",
            "file_format": "csv",
        },
    )
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    # An officer is not offered the credit target, so the form comes back instead of a file.
    credit_form = client.post(
        reverse("publicity:export"),
        {
            "kind": "penalty",
            "date_from": "2026-11-01",
            "date_to": "2026-11-30",
            "target": "credit",
            "file_format": "csv",
        },
    )
    assert credit_form["Content-Type"].startswith("text/html")

    out = io.StringIO()
    call_command(
        "publicity",
        "export",
        "--kind",
        "penalty",
        "--format",
        "csv",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--output",
        "-",
        stdout=out,
    )
    assert out.getvalue().startswith("\ufeffCF_XDR_MC,")
    target = tmp_path / "out.xlsx"
    call_command(
        "publicity",
        "export",
        "--kind",
        "penalty",
        "--format",
        "xlsx",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    assert load_workbook(target).active is not None
