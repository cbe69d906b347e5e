"""Pages of review catalogs, review procedures and the configurable lists."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.review.models import (
    CatalogState,
    ChecklistItem,
    MaterialRequirement,
    ReviewCatalog,
    ReviewCatalogEntry,
    ReviewProcedure,
)
from zhifa.review.tests.scope_support import catalog_objects

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def filed_catalog(head: Client, today: datetime.date) -> ReviewCatalog:
    created = head.post(
        reverse("review:catalog_create"), {"effective_from": today.isoformat(), "change_note": ""}
    )
    assert created.status_code == 302
    catalog = ReviewCatalog.objects.get()
    added = head.post(
        reverse("review:catalog_entry_add", args=[catalog.pk]),
        {"decision_kind": "penalty", "description": "较大数额罚款", "min_amount": "10000"},
    )
    assert added.status_code == 302
    filed = head.post(reverse("review:catalog_file", args=[catalog.pk]))
    assert filed.status_code == 302
    catalog.refresh_from_db()
    return catalog


def test_agency_drafts_and_files(agency_head_user: User, today: datetime.date) -> None:
    head = client_for(agency_head_user)
    catalog = filed_catalog(head, today)

    assert catalog.state == CatalogState.FILED
    listing = head.get(reverse("review:catalog_list")).content.decode()
    assert "已报送备案" in listing
    detail = head.get(reverse("review:catalog_detail", args=[catalog.pk])).content.decode()
    assert "较大数额罚款" in detail
    assert "报送区司法局备案</button>" not in detail


def test_entry_form_shows_field_error(agency_head_user: User, today: datetime.date) -> None:
    head = client_for(agency_head_user)
    head.post(reverse("review:catalog_create"), {"effective_from": today.isoformat()})
    catalog = ReviewCatalog.objects.get()

    response = head.post(
        reverse("review:catalog_entry_add", args=[catalog.pk]),
        {"decision_kind": "penalty", "description": "罚款", "power_item_code": "NOPE-1"},
    )

    assert response.status_code == 400
    assert "不在朱家角镇的权责清单中" in response.content.decode()
    assert not catalog.entries.exists()


def test_bureau_overview_and_accept(
    agency_head_user: User, supervisor_user: User, agency_b: Agency, today: datetime.date
) -> None:
    catalog = filed_catalog(client_for(agency_head_user), today)
    bureau = client_for(supervisor_user)

    overview = bureau.get(reverse("review:catalog_list")).content.decode()
    assert "待审查的备案" in overview
    assert "镇人民政府和街道办事处" in overview
    assert "从未报送备案" in overview

    bureau.post(reverse("review:catalog_accept", args=[catalog.pk]), {"comments": ""})
    catalog.refresh_from_db()
    assert catalog.state == CatalogState.ACCEPTED
    detail = bureau.get(reverse("review:catalog_detail", args=[catalog.pk])).content.decode()
    assert "现行有效" in detail


def test_return_without_comments_refused(
    agency_head_user: User, supervisor_user: User, today: datetime.date
) -> None:
    catalog = filed_catalog(client_for(agency_head_user), today)
    bureau = client_for(supervisor_user)

    response = bureau.post(
        reverse("review:catalog_return", args=[catalog.pk]), {"comments": ""}, follow=True
    )
    catalog.refresh_from_db()

    assert catalog.state == CatalogState.FILED
    assert "请填写“退回意见”" in response.content.decode()


def test_agency_cannot_accept(agency_head_user: User, today: datetime.date) -> None:
    head = client_for(agency_head_user)
    catalog = filed_catalog(head, today)

    response = head.post(reverse("review:catalog_accept", args=[catalog.pk]))

    assert response.status_code == 403
    catalog.refresh_from_db()
    assert catalog.state == CatalogState.FILED


def test_other_agency_gets_404(
    agency_head_user: User, other_agency_user: User, today: datetime.date
) -> None:
    catalog = filed_catalog(client_for(agency_head_user), today)
    other = client_for(other_agency_user)

    assert other.get(reverse("review:catalog_detail", args=[catalog.pk])).status_code == 404
    assert other.post(reverse("review:catalog_file", args=[catalog.pk])).status_code == 404
    entry = catalog.entries.get()
    assert other.get(reverse("review:catalog_entry_edit", args=[entry.pk])).status_code == 404


def test_officer_cannot_create(officer_user: User, today: datetime.date) -> None:
    response = client_for(officer_user).post(
        reverse("review:catalog_create"), {"effective_from": today.isoformat()}
    )

    assert response.status_code == 403
    assert not ReviewCatalog.objects.exists()


def test_procedure_pages(
    agency_head_user: User, other_agency_user: User, today: datetime.date
) -> None:
    head = client_for(agency_head_user)
    response = head.post(
        reverse("review:procedure_create"),
        {
            "effective_from": today.isoformat(),
            "materials": "送审报告、代拟稿、证据",
            "method": "书面审核",
            "time_limits": "五个工作日",
            "responsibilities": "各负其责",
            "objections": "报单位负责人决定",
            "review_working_days": "7",
        },
    )
    procedure = ReviewProcedure.objects.get()

    assert response.status_code == 302
    assert procedure.review_working_days == 7
    listing = head.get(reverse("review:procedure_list")).content.decode()
    assert "现行有效" in listing
    detail_url = reverse("review:procedure_detail", args=[procedure.pk])
    assert "7个工作日" in head.get(detail_url).content.decode()
    assert client_for(other_agency_user).get(detail_url).status_code == 404


def test_agency_adds_own_material(
    agency_head_user: User, other_agency_user: User, agency_a: Agency
) -> None:
    head = client_for(agency_head_user)
    response = head.post(
        reverse("review:material_create"),
        {"decision_kind": "penalty", "code": "site_photos", "name": "现场照片", "required": "on"},
    )
    row = MaterialRequirement.objects.get(code="site_photos")

    assert response.status_code == 302
    assert row.agency == agency_a
    other_listing = client_for(other_agency_user).get(reverse("review:material_list"))
    assert "现场照片" not in other_listing.content.decode()
    assert (
        client_for(other_agency_user)
        .get(reverse("review:material_edit", args=[row.pk]))
        .status_code
        == 404
    )


def test_agency_cannot_edit_district_material(agency_head_user: User) -> None:
    district = MaterialRequirement.objects.get(decision_kind="penalty", code="draft_decision")
    head = client_for(agency_head_user)

    assert head.get(reverse("review:material_edit", args=[district.pk])).status_code == 403
    head.post(reverse("review:material_toggle", args=[district.pk]), {"active": "0"})
    district.refresh_from_db()
    assert district.active


def test_supervisor_edits_checklist(supervisor_user: User, agency_head_user: User) -> None:
    bureau = client_for(supervisor_user)
    response = bureau.post(
        reverse("review:checklist_create"),
        {
            "group": "kind",
            "decision_kind": "penalty",
            "code": "confiscated_items",
            "label": "没收物品",
        },
    )
    item = ChecklistItem.objects.get(code="confiscated_items")

    assert response.status_code == 302
    bureau.post(reverse("review:checklist_toggle", args=[item.pk]), {"active": "0"})
    item.refresh_from_db()
    assert not item.active
    head = client_for(agency_head_user)
    assert head.get(reverse("review:checklist_list")).status_code == 200
    assert head.get(reverse("review:checklist_create")).status_code == 403


# Each pk page of this area, with the status agency A's user must get for agency B's object.
PK_PAGES = {
    "review:catalog_detail": (ReviewCatalog, 404),
    "review:catalog_update": (ReviewCatalog, 404),
    "review:catalog_entry_add": (ReviewCatalog, 404),
    "review:catalog_file": (ReviewCatalog, 404),
    "review:catalog_accept": (ReviewCatalog, 403),
    "review:catalog_return": (ReviewCatalog, 403),
    "review:catalog_entry_edit": (ReviewCatalogEntry, 404),
    "review:catalog_entry_delete": (ReviewCatalogEntry, 404),
    "review:procedure_detail": (ReviewProcedure, 404),
    "review:material_edit": (MaterialRequirement, 404),
    "review:material_toggle": (MaterialRequirement, 404),
    "review:checklist_edit": (ChecklistItem, 403),
    "review:checklist_toggle": (ChecklistItem, 403),
}


def test_other_agency_objects_hidden(make_user: Any, agency_a: Agency, agency_b: Agency) -> None:
    objects = catalog_objects(agency_b)
    user = make_user("a_walk", Role.OFFICER, Role.REVIEWER, Role.AGENCY_HEAD, agency=agency_a)
    client = client_for(user)

    for name, (model, status) in PK_PAGES.items():
        url = reverse(name, kwargs={"pk": objects[model].pk})
        assert client.get(url).status_code in {status, 405}, name
        posted = client.post(url, {"active": "0", "comments": "x"})
        assert posted.status_code in {status, 405}, name

    assert ReviewCatalog.objects.get().state == CatalogState.DRAFT
    assert ReviewCatalogEntry.objects.count() == 1
    assert MaterialRequirement.objects.get(code="b-only").active
    for name in ("review:catalog_list", "review:procedure_list", "review:material_list"):
        body = client.get(reverse(name)).content.decode()
        assert "乙单位" not in body, name


def test_form_pages_open(
    agency_head_user: User, supervisor_user: User, today: datetime.date
) -> None:
    head = client_for(agency_head_user)
    catalog = filed_catalog(head, today)
    entry = catalog.entries.get()
    own_material = MaterialRequirement.objects.create(
        agency=agency_head_user.agency, code="maps", name="测绘图"
    )
    head_pages = [
        reverse("review:catalog_create"),
        reverse("review:catalog_update", args=[catalog.pk]),
        reverse("review:catalog_entry_add", args=[catalog.pk]),
        reverse("review:catalog_entry_edit", args=[entry.pk]),
        reverse("review:procedure_create"),
        reverse("review:material_create"),
        reverse("review:material_edit", args=[own_material.pk]),
    ]
    for url in head_pages:
        assert head.get(url).status_code == 200, url

    bureau = client_for(supervisor_user)
    item = ChecklistItem.objects.get(code="crime_referral")
    assert bureau.get(reverse("review:checklist_create")).status_code == 200
    edit_page = bureau.get(reverse("review:checklist_edit", args=[item.pk])).content.decode()
    assert "涉嫌犯罪移送" in edit_page
    assert bureau.get(reverse("review:checklist_edit", args=[10**9])).status_code == 404
    assert bureau.get(reverse("review:catalog_create")).status_code == 403


def _draft(head: Client, today: datetime.date) -> ReviewCatalog:
    head.post(reverse("review:catalog_create"), {"effective_from": today.isoformat()})
    return ReviewCatalog.objects.get()


def test_entry_without_criterion_needs_confirmation(
    agency_head_user: User, today: datetime.date
) -> None:
    head = client_for(agency_head_user)
    catalog = _draft(head, today)
    url = reverse("review:catalog_entry_add", args=[catalog.pk])
    entry = {"decision_kind": "license_annulment", "description": "拟撤销行政许可的"}

    refused = head.post(url, {**entry, "other_criteria": "涉及重大公共利益的"})
    assert refused.status_code == 400
    assert "勾选“本类决定一律须经法制审核”" in refused.content.decode()
    assert not catalog.entries.exists()

    confirmed = head.post(url, {**entry, "applies_to_all": "on"})
    assert confirmed.status_code == 302
    detail = head.get(reverse("review:catalog_detail", args=[catalog.pk])).content.decode()
    assert "没有限定条件：本类决定一律须经法制审核" in detail
    assert "“其他情形”只向审核人员展示，不参与自动判定" in detail


def test_entry_form_explains_other_criteria(agency_head_user: User, today: datetime.date) -> None:
    head = client_for(agency_head_user)
    catalog = _draft(head, today)
    form = head.get(reverse("review:catalog_entry_add", args=[catalog.pk])).content.decode()
    assert "供审核人员参考，不参与自动判定" in form
    assert "本类决定一律须经法制审核" in form


def test_entry_sort_order_too_large(agency_head_user: User, today: datetime.date) -> None:
    head = client_for(agency_head_user)
    catalog = _draft(head, today)
    response = head.post(
        reverse("review:catalog_entry_add", args=[catalog.pk]),
        {
            "decision_kind": "penalty",
            "description": "罚款",
            "min_amount": "1",
            "sort_order": "9" * 20,
        },
    )
    assert response.status_code == 400
    assert not catalog.entries.exists()


def test_entry_domain_shown_by_name(agency_head_user: User, today: datetime.date) -> None:
    EnforcementDomain.objects.get_or_create(code="market", defaults={"name": "市场监管"})
    head = client_for(agency_head_user)
    catalog = _draft(head, today)
    url = reverse("review:catalog_entry_add", args=[catalog.pk])

    unknown = head.post(
        url, {"decision_kind": "penalty", "description": "罚款", "domain_code": "x"}
    )
    added = head.post(
        url, {"decision_kind": "penalty", "description": "罚款", "domain_code": "market"}
    )

    assert unknown.status_code == 400
    assert added.status_code == 302
    detail = head.get(reverse("review:catalog_detail", args=[catalog.pk])).content.decode()
    assert "市场监管（market）" in detail
