"""Power item pages: scope, permissions, the change form and the import page."""

import datetime
import io
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.catalog.actions import PowerItemContent, change_power_item
from zhifa.catalog.importing import COLUMNS
from zhifa.catalog.models import PowerCategory, PowerItem

MakeWorkbook = Callable[..., io.BytesIO]


def test_list_shows_only_own_agency(
    client: Client, officer_user: User, power_item: PowerItem, other_power_item: PowerItem
) -> None:
    client.force_login(officer_user)

    response = client.get(reverse("catalog:power_item_list"))

    assert response.status_code == 200
    assert "ZJJ-001" in response.content.decode()
    assert "SJ-001" not in response.content.decode()


def test_list_shows_version_in_force_today(
    client: Client, agency_head_user: User, power_item: PowerItem, today: datetime.date
) -> None:
    change_power_item(
        agency_head_user,
        power_item,
        PowerItemContent("将来的名称", PowerCategory.PENALTY, "新依据", None),
        effective_from=today + datetime.timedelta(days=30),
        change_reason="预先录入",
    )
    client.force_login(agency_head_user)

    page = client.get(reverse("catalog:power_item_list")).content.decode()

    assert "对无照经营的处罚" in page
    assert "将来的名称" not in page
    assert "第1版" in page


def test_list_filters_by_category_and_search(
    client: Client, supervisor_user: User, power_item: PowerItem, other_power_item: PowerItem
) -> None:
    client.force_login(supervisor_user)
    url = reverse("catalog:power_item_list")

    by_category = client.get(url, {"category": "inspection"}).content.decode()
    by_search = client.get(url, {"q": "无照"}).content.decode()
    by_agency = client.get(url, {"agency": power_item.agency_id}).content.decode()

    assert "SJ-001" in by_category
    assert "ZJJ-001" not in by_category
    assert "ZJJ-001" in by_search
    assert "SJ-001" not in by_search
    assert "ZJJ-001" in by_agency
    assert "SJ-001" not in by_agency


def test_list_refused_without_capability(client: Client, security_admin_user: User) -> None:
    client.force_login(security_admin_user)

    response = client.get(reverse("catalog:power_item_list"))

    assert response.status_code == 403


def test_detail_shows_version_history(
    client: Client, agency_head_user: User, power_item: PowerItem
) -> None:
    change_power_item(
        agency_head_user,
        power_item,
        PowerItemContent("修订后的名称", PowerCategory.PENALTY, "新依据", None),
        effective_from=datetime.date(2026, 3, 1),
        change_reason="依据修订",
    )
    client.force_login(agency_head_user)

    page = client.get(reverse("catalog:power_item_detail", args=[power_item.pk])).content.decode()

    assert "第1版" in page
    assert "第2版" in page
    assert "2025年1月1日 至 2026年2月28日" in page
    assert "依据修订" in page


def test_detail_of_other_agency_is_404(
    client: Client, officer_user: User, other_power_item: PowerItem
) -> None:
    client.force_login(officer_user)

    response = client.get(reverse("catalog:power_item_detail", args=[other_power_item.pk]))

    assert response.status_code == 404


def test_change_page_refused_without_capability(
    client: Client, officer_user: User, power_item: PowerItem
) -> None:
    client.force_login(officer_user)
    url = reverse("catalog:power_item_change", args=[power_item.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_change_page_of_other_agency_is_404(
    client: Client, agency_head_user: User, other_power_item: PowerItem
) -> None:
    client.force_login(agency_head_user)

    response = client.get(reverse("catalog:power_item_change", args=[other_power_item.pk]))

    assert response.status_code == 404


def test_change_form_saves_new_version(
    client: Client, agency_head_user: User, power_item: PowerItem, domain: EnforcementDomain
) -> None:
    client.force_login(agency_head_user)
    url = reverse("catalog:power_item_change", args=[power_item.pk])

    response = client.post(
        url,
        {
            "name": "对无照经营的处罚",
            "category": "penalty",
            "legal_basis": "《无证无照经营查处办法》第十三条",
            "domain": domain.pk,
            "effective_from": "2026-03-01",
            "change_reason": "明确执法领域",
        },
    )

    assert response.status_code == 302
    assert power_item.versions.count() == 2


def test_change_form_shows_identical_content_error(
    client: Client, agency_head_user: User, power_item: PowerItem
) -> None:
    client.force_login(agency_head_user)
    url = reverse("catalog:power_item_change", args=[power_item.pk])

    response = client.post(
        url,
        {
            "name": "对无照经营的处罚",
            "category": "penalty",
            "legal_basis": "《无证无照经营查处办法》第十三条",
            "effective_from": "2026-03-01",
            "change_reason": "试图保存相同内容",
        },
    )

    assert response.status_code == 200
    assert "变更后的内容与现行版本完全相同" in response.content.decode()
    assert power_item.versions.count() == 1


def test_import_page_refused_without_capability(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    assert client.get(reverse("catalog:power_item_import")).status_code == 403
    assert client.get(reverse("catalog:power_item_template")).status_code == 403


def test_import_page_shows_counts(
    client: Client, agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    client.force_login(agency_head_user)
    workbook = make_workbook([["QP-001", "名称", "行政处罚", "依据", "", "2026-01-01", ""]])

    response = client.post(
        reverse("catalog:power_item_import"), {"agency": agency_a.pk, "file": workbook}
    )

    assert response.status_code == 200
    assert "新增 1 项，变更 0 项，未变 0 项" in response.content.decode()


def test_import_page_shows_row_errors(
    client: Client, agency_head_user: User, agency_a: Agency, make_workbook: MakeWorkbook
) -> None:
    client.force_login(agency_head_user)
    rows = [
        ["QP-001", "", "行政处罚", "依据", "", "2026-01-01", ""],
        ["QP-002", "名称", "处罚", "依据", "", "2026-01-01", ""],
    ]

    response = client.post(
        reverse("catalog:power_item_import"), {"agency": agency_a.pk, "file": make_workbook(rows)}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "第2行「事项名称」：未填写" in page
    assert "第3行「执法类别」" in page
    assert PowerItem.objects.count() == 0


def test_import_page_offers_only_agencies_in_scope(
    client: Client, agency_head_user: User, agency_b: Agency, make_workbook: MakeWorkbook
) -> None:
    client.force_login(agency_head_user)
    workbook = make_workbook([["QP-001", "名称", "行政处罚", "依据", "", "2026-01-01", ""]])

    response = client.post(
        reverse("catalog:power_item_import"), {"agency": agency_b.pk, "file": workbook}
    )

    assert response.status_code == 400
    assert PowerItem.objects.count() == 0


def test_template_download_has_headers(client: Client, agency_head_user: User) -> None:
    client.force_login(agency_head_user)

    response = client.get(reverse("catalog:power_item_template"))

    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header == COLUMNS
