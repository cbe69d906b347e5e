"""List pages: scope, permissions, the forms and the import page."""

import datetime
import io
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from zhifa.accounts.models import User
from zhifa.catalog.lists.actions import change_list_entry
from zhifa.catalog.lists.tests.conftest import (
    BENCHMARK,
    BENCHMARK_FIELDS,
    benchmark_content,
    benchmark_row,
)
from zhifa.catalog.models import ListEntry

MakeWorkbook = Callable[..., io.BytesIO]


def test_home_counts_scoped_entries(
    client: Client, officer_user: User, benchmark_entry: ListEntry, other_entry: ListEntry
) -> None:
    client.force_login(officer_user)

    page = client.get(reverse("lists:list_home")).content.decode()

    assert "朱家角镇" in page
    assert "区市场监管局" not in page
    assert "随机抽查事项清单" in page


def test_list_shows_only_own_agency(
    client: Client, officer_user: User, benchmark_entry: ListEntry, other_entry: ListEntry
) -> None:
    client.force_login(officer_user)

    response = client.get(reverse("lists:entry_list", args=[BENCHMARK]))

    assert response.status_code == 200
    assert "CL-001" in response.content.decode()
    assert "SJ-CL-001" not in response.content.decode()


def test_unknown_kind_is_404(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    assert client.get(reverse("lists:entry_list", args=["nonsense"])).status_code == 404


def test_detail_of_other_agency_is_404(
    client: Client, officer_user: User, other_entry: ListEntry
) -> None:
    client.force_login(officer_user)

    response = client.get(reverse("lists:entry_detail", args=[other_entry.pk]))

    assert response.status_code == 404


def test_detail_lists_versions(
    client: Client, agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    change_list_entry(
        agency_head_user,
        benchmark_entry,
        benchmark_content(benchmark="修订后的裁量标准"),
        effective_from=datetime.date(2025, 6, 1),
        change_reason="法律修正",
    )
    client.force_login(agency_head_user)

    page = client.get(reverse("lists:entry_detail", args=[benchmark_entry.pk])).content.decode()

    assert "第1版" in page
    assert "第2版" in page
    assert "修订后的裁量标准" in page
    assert "法律修正" in page


def test_create_form_adds_entry(client: Client, agency_head_user: User) -> None:
    client.force_login(agency_head_user)
    data = {
        "agency": agency_head_user.agency_id,
        "code": "CL-100",
        "title": "未按规定公示食品经营许可证",
        **BENCHMARK_FIELDS,
        "effective_from": "2026-01-01",
    }

    response = client.post(reverse("lists:entry_create", args=[BENCHMARK]), data)

    entry = ListEntry.objects.get(code="CL-100")
    assert response.status_code == 302
    assert response["Location"] == reverse("lists:entry_detail", args=[entry.pk])


def test_create_form_names_missing_field(client: Client, agency_head_user: User) -> None:
    client.force_login(agency_head_user)
    data = {
        "agency": agency_head_user.agency_id,
        "code": "CL-100",
        "title": "未按规定公示食品经营许可证",
        "effective_from": "2026-01-01",
    }

    response = client.post(reverse("lists:entry_create", args=[BENCHMARK]), data)

    assert response.status_code == 400
    assert "「裁量标准」" in response.content.decode()
    assert not ListEntry.objects.exists()


def test_officer_cannot_open_create_form(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    response = client.get(reverse("lists:entry_create", args=[BENCHMARK]))

    assert response.status_code == 403


def test_change_form_adds_version(
    client: Client, agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    client.force_login(agency_head_user)
    url = reverse("lists:entry_change", args=[benchmark_entry.pk])
    assert "没收违法所得" in client.get(url).content.decode()
    data = {
        "title": "未取得食品经营许可从事食品经营活动",
        **BENCHMARK_FIELDS,
        "benchmark": "新的裁量标准",
        "effective_from": "2026-05-01",
        "change_reason": "《食品安全法》修正",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert benchmark_entry.versions.count() == 2


def test_withdraw_form_ends_entry(
    client: Client, agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    client.force_login(agency_head_user)
    url = reverse("lists:entry_withdraw", args=[benchmark_entry.pk])

    response = client.post(url, {"effective_to": "2026-03-31", "reason": "职能调整"})

    assert response.status_code == 302
    assert benchmark_entry.versions.get().effective_to == datetime.date(2026, 3, 31)


def test_import_page_shows_row_errors(
    client: Client, agency_head_user: User, make_workbook: MakeWorkbook
) -> None:
    client.force_login(agency_head_user)
    workbook = make_workbook([benchmark_row("CL-1"), benchmark_row("CL-2", benchmark="")])

    response = client.post(
        reverse("lists:list_import", args=[BENCHMARK]),
        {"agency": agency_head_user.agency_id, "file": workbook},
    )

    assert response.status_code == 400
    assert "第3行「裁量标准」：未填写，请补上。" in response.content.decode()
    assert not ListEntry.objects.exists()


def test_import_page_imports(
    client: Client, agency_head_user: User, make_workbook: MakeWorkbook
) -> None:
    client.force_login(agency_head_user)

    response = client.post(
        reverse("lists:list_import", args=[BENCHMARK]),
        {"agency": agency_head_user.agency_id, "file": make_workbook([benchmark_row("CL-1")])},
    )

    assert response.status_code == 200
    assert "新增 1 条" in response.content.decode()


def test_template_download(client: Client, agency_head_user: User) -> None:
    client.force_login(agency_head_user)

    response = client.get(reverse("lists:list_template", args=[BENCHMARK]))

    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_pages_label_pending_version(
    client: Client, agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    starts = timezone.localdate() + datetime.timedelta(days=30)
    change_list_entry(
        agency_head_user,
        benchmark_entry,
        benchmark_content(circumstance="再次违法"),
        effective_from=starts,
        change_reason="裁量基准修订",
    )
    client.force_login(agency_head_user)
    start_text = date_format(starts)

    detail = client.get(reverse("lists:entry_detail", args=[benchmark_entry.pk])).content.decode()
    change = client.get(reverse("lists:entry_change", args=[benchmark_entry.pk])).content.decode()
    withdraw = client.get(
        reverse("lists:entry_withdraw", args=[benchmark_entry.pk])
    ).content.decode()
    listing = client.get(reverse("lists:entry_list", args=[BENCHMARK])).content.decode()

    assert f"将于{start_text}生效" in detail
    assert f"{start_text} 至 今" not in detail
    assert f"{start_text} 起" in detail
    assert "待生效版本" in detail
    assert "现行版本（第2版" not in change
    assert f"第2版，将于{start_text}生效" in change
    assert "第2版尚未生效" in withdraw
    assert f"第2版将于 {start_text} 生效" in listing


def test_withdraw_page_ends_pending_version(
    client: Client, agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    today = timezone.localdate()
    change_list_entry(
        agency_head_user,
        benchmark_entry,
        benchmark_content(circumstance="再次违法"),
        effective_from=today + datetime.timedelta(days=30),
        change_reason="裁量基准修订",
    )
    client.force_login(agency_head_user)

    response = client.post(
        reverse("lists:entry_withdraw", args=[benchmark_entry.pk]),
        {"effective_to": (today + datetime.timedelta(days=5)).isoformat(), "reason": "职能划转"},
        follow=True,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "尚未生效的新版本不再施行" in page
    assert "未施行（条目已先行废止）" in page
