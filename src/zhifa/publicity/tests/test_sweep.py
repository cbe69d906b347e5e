"""``zhifa publicity sweep``: due dates, catch-up withdrawals, expiry and the printed counts."""

import datetime
import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.publicity.models import Publication, PublicationStatus


def sweep(date: str) -> str:
    out = io.StringIO()
    call_command("publicity", "sweep", "--date", date, stdout=out)
    return out.getvalue()


def test_sweep_expires_and_counts(make_publication: Callable[..., Publication]) -> None:
    ended = make_publication(
        published_on=datetime.date(2026, 11, 10), ends_on=datetime.date(2026, 12, 3)
    )
    make_publication(due_on=datetime.date(2026, 12, 1), document_number="超期")
    make_publication(due_on=datetime.date(2026, 12, 8), document_number="将到期")
    make_publication(due_on=None, decided_on=datetime.date(2026, 12, 3), document_number="待定")

    output = sweep("2026-12-04")

    ended.refresh_from_db()
    assert ended.status == PublicationStatus.EXPIRED
    assert "公示期满停止公示：1 件" in output
    assert "2个工作日内到期：1 件；已超期：1 件" in output
    assert "补算应公示日期：1 件" in output
    assert "朱家角镇人民政府：即将到期 1，已超期 1，待定 0" in output
    assert Publication.objects.get(document_number="待定").due_on == datetime.date(2026, 12, 14)


def test_sweep_rejects_bad_date(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("publicity", "sweep", "--date", "2026-13-01", stdout=io.StringIO())
