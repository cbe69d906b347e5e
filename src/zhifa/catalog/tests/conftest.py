"""Fixtures for the power item tests: a domain, an item made through the action, workbooks."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.importing import COLUMNS
from zhifa.catalog.models import PowerCategory, PowerItem


@pytest.fixture
def domain(db: None) -> EnforcementDomain:
    return EnforcementDomain.objects.create(code="market", name="市场监管")


@pytest.fixture
def power_item(agency_head_user: User, agency_a: Agency) -> PowerItem:
    content = PowerItemContent(
        "对无照经营的处罚", PowerCategory.PENALTY, "《无证无照经营查处办法》第十三条", None
    )
    return create_power_item(
        agency_head_user,
        agency_a,
        "ZJJ-001",
        content,
        effective_from=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def other_power_item(other_agency_user: User, agency_b: Agency) -> PowerItem:
    content = PowerItemContent("对食品经营的检查", PowerCategory.INSPECTION, "《食品安全法》", None)
    return create_power_item(
        other_agency_user,
        agency_b,
        "SJ-001",
        content,
        effective_from=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def make_workbook() -> Callable[..., io.BytesIO]:
    """Build an xlsx file in memory from rows of cell values under a header row."""

    def make(rows: list[list[Any]], header: list[str] | None = None) -> io.BytesIO:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(header if header is not None else COLUMNS)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        buffer.name = "powers.xlsx"
        return buffer

    return make
