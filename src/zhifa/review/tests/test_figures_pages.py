"""The figures page, its Excel export and the figures API, with who may see what."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, JudicialOffice
from zhifa.review.tests.test_figures import seed


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def seeded(
    agency_a: Agency, agency_b: Agency, judicial_office: JudicialOffice, supervisor_user: User
) -> Agency:
    return seed(agency_a, agency_b, judicial_office, supervisor_user)


def test_figures_page_shows_every_agency(seeded: Agency, supervisor_user: User) -> None:
    response = client_for(supervisor_user).get(reverse("review:figures"), {"year": "2026"})

    assert response.status_code == 200
    text = response.content.decode()
    for name in ("上海市青浦区朱家角镇人民政府", "上海市青浦区市场监督管理局", "全区合计"):
        assert name in text
    assert "从未报备" in text
    assert "事实和证据" in text


def test_figures_page_agency_head_own_agency(seeded: Agency, agency_head_user: User) -> None:
    response = client_for(agency_head_user).get(reverse("review:figures"), {"year": "2026"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "上海市青浦区朱家角镇人民政府" in text
    assert "上海市青浦区市场监督管理局" not in text


def test_figures_page_rejects_officer(seeded: Agency, officer_user: User) -> None:
    response = client_for(officer_user).get(reverse("review:figures"))

    assert response.status_code == 403


def test_figures_page_invalid_year_falls_back(seeded: Agency, supervisor_user: User) -> None:
    response = client_for(supervisor_user).get(reverse("review:figures"), {"year": "1999"})

    assert response.status_code == 200
    assert "超出可查询范围" in response.content.decode()


def test_figures_export_opens_with_headers(seeded: Agency, supervisor_user: User) -> None:
    response = client_for(supervisor_user).get(reverse("review:figures_export"), {"year": "2026"})

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "按决定类型", "按审核要点"]
    summary = book["汇总"]
    header = [cell.value for cell in summary[2]]
    assert header[:3] == ["执法主体", "审核件数", "送审轮次"]
    assert "配比达标" in header
    assert summary.freeze_panes == "B3"
    assert summary.column_dimensions["A"].width == 30
    last = [cell.value for cell in summary[summary.max_row]]
    assert last[0] == "全区合计"
    assert last[1] == 3
    assert last[2] == 4
    items = book["按审核要点"]
    assert [cell.value for cell in items[2]] == ["执法主体", "事实和证据", "法律依据", "合计"]
    assert [cell.value for cell in items[items.max_row]] == ["全区合计", 2, 1, 3]


def test_figures_export_rejects_officer(seeded: Agency, officer_user: User) -> None:
    response = client_for(officer_user).get(reverse("review:figures_export"))

    assert response.status_code == 403


def test_figures_api_returns_rows_and_total(seeded: Agency, supervisor_user: User) -> None:
    response = client_for(supervisor_user).get("/api/review/figures", {"year": "2026"})

    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["year"] == 2026
    assert len(body["rows"]) == 3
    assert body["total"]["agency_id"] is None
    assert body["total"]["reviews"] == 3
    assert body["total"]["mean_working_days"] == "5.7"
    assert body["total"]["issues_by_item"] == {"evidence": 2, "legal_basis": 1}
    town = next(row for row in body["rows"] if row["agency"] == "上海市青浦区朱家角镇人民政府")
    assert town["catalog"]["label"] == "现行第1版，第2版待备案审查"
    assert town["qualification_compliant"] is False


def test_figures_api_rejects_bad_year(seeded: Agency, supervisor_user: User) -> None:
    response = client_for(supervisor_user).get("/api/review/figures", {"year": "abc"})

    assert response.status_code == 400
    assert response.json()["field"] == "year"


def test_figures_api_rejects_officer(seeded: Agency, officer_user: User) -> None:
    response = client_for(officer_user).get("/api/review/figures")

    assert response.status_code == 403
