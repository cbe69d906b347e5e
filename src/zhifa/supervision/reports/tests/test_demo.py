"""Report demo data: varied monthly states, published annual data, one load only."""

import datetime

import pytest

from zhifa.demo.people import load_demo
from zhifa.demo.reference import load_reference
from zhifa.supervision.reports import demo
from zhifa.supervision.reports.models import AnnualReport, MonthlyReport, PublishedAnnualReport

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 12)


def test_demo_loads_once() -> None:
    load_reference()
    load_demo(TODAY)

    first = demo.load(TODAY)
    second = demo.load(TODAY)

    assert first["执法数据月报"] > 0
    assert second["执法数据月报"] == 0
    assert second["年度执法数据"] == 0
    assert second["skipped"] == first["执法数据月报"] + first["年度执法数据"]
    statuses = set(MonthlyReport.objects.values_list("status", flat=True))
    assert {"draft", "checked", "filed", "accepted", "returned"} <= statuses
    assert PublishedAnnualReport.objects.filter(year=2025).count() == 2
    assert AnnualReport.objects.filter(year=2025, status="draft").count() == 1
