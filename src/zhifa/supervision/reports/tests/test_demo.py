"""Report demo data: varied monthly states, published annual data, one load only."""

import datetime

import pytest
from django.utils import timezone

from zhifa.core.workdays import shanghai_date
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


def test_demo_files_on_time_but_one() -> None:
    load_reference()
    load_demo(TODAY)

    demo.load(TODAY)

    filed = MonthlyReport.objects.filter(first_filed_at__isnull=False)
    late = []
    for report in filed:
        assert report.first_filed_at is not None
        assert report.due_on is not None
        if shanghai_date(report.first_filed_at) > report.due_on:
            late.append(report)
    assert filed.count() > 1
    assert len(late) == 1
    for report in filed:
        filing = report.events.get(action="monthly_report_filed")
        assert filing.occurred_at == report.first_filed_at
        assert report.created_at < report.first_filed_at
        if report.decided_at is not None:
            assert report.first_filed_at < report.decided_at <= timezone.now()


def test_demo_annual_published_in_january() -> None:
    load_reference()
    load_demo(TODAY)

    demo.load(TODAY)

    for snapshot in PublishedAnnualReport.objects.filter(year=2025):
        published_on = shanghai_date(snapshot.published_at)
        assert datetime.date(2026, 1, 1) < published_on <= datetime.date(2026, 1, 31)
        assert snapshot.report.published_at == snapshot.published_at
