"""API of review catalogs, mounted at ``/api/review/catalogs``.

Reads go through ``zhifa.accounts.scope.restrict``, so a version outside the caller's scope
returns 404 like a missing one. Changes go through the same actions as the pages.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import NotFound, NotPermitted
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.review.actions import catalogs as actions
from zhifa.review.catalogs import in_force
from zhifa.review.models import ReviewCatalog, ReviewCatalogEntry

router = Router()


class EntryIn(Schema):
    decision_kind: str = Field(description="决定类型代码，例如 penalty")
    description: str = Field(description="审核事项")
    power_item_code: str = Field("", description="本单位权责清单中的事项编码；留空表示所有")
    domain_code: str = Field("", description="执法领域代码；留空表示所有")
    min_amount: Decimal | None = Field(None, description="金额下限（元）；留空表示不限")
    penalty_types: list[str] = Field(default_factory=list, description="处罚种类代码")
    other_criteria: str = ""
    legal_source: str = ""
    sort_order: int = Field(0, description="排序，0至9999")
    applies_to_all: bool = Field(
        False, description="没有任何条件时须为 true，确认本类决定一律须经法制审核"
    )


class CatalogIn(Schema):
    effective_from: datetime.date = Field(description="施行日期")
    change_note: str = Field("", description="修订说明")
    copy_from: int | None = Field(
        None, ge=1, le=MAX_ROW_ID, description="要复制审核事项的版本 id：本单位的或已备案的"
    )


class DecisionIn(Schema):
    comments: str = Field("", description="区司法局意见；退回时必填")


class EntryOut(Schema):
    id: int
    decision_kind: str
    decision_kind_label: str
    description: str
    power_item_code: str
    domain_code: str
    min_amount: Decimal | None
    penalty_types: list[str]
    other_criteria: str
    legal_source: str
    sort_order: int


class CatalogOut(Schema):
    id: int
    agency_id: int
    agency_name: str
    version: int
    effective_from: datetime.date
    state: str
    state_label: str
    standing: str = Field(description="状态，已备案的为现行有效、已被取代或待施行")
    change_note: str
    filed_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    bureau_comments: str


class CatalogDetailOut(CatalogOut):
    entries: list[EntryOut]


class CatalogFilters(Schema):
    agency: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="执法主体 id")
    state: str | None = Field(None, description="draft、filed、accepted 或 returned")


def _user(request: HttpRequest, capability: str) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")
    return user


def _visible(user: User, catalog_id: int) -> ReviewCatalog:
    # An id beyond the column's range is as missing as any other; SQLite would overflow.
    if not 0 < catalog_id <= MAX_ROW_ID:
        raise NotFound("法制审核目录清单不存在或不在您的查看范围内。")
    catalog = (
        restrict(ReviewCatalog.objects.select_related("agency"), user).filter(pk=catalog_id).first()
    )
    if catalog is None:
        raise NotFound("法制审核目录清单不存在或不在您的查看范围内。")
    return catalog


def _entry_out(entry: ReviewCatalogEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "decision_kind": entry.decision_kind,
        "decision_kind_label": entry.get_decision_kind_display(),
        "description": entry.description,
        "power_item_code": entry.power_item_code,
        "domain_code": entry.domain_code,
        "min_amount": entry.min_amount,
        "penalty_types": list(entry.penalty_types),
        "other_criteria": entry.other_criteria,
        "legal_source": entry.legal_source,
        "sort_order": entry.sort_order,
    }


def _catalog_out(catalog: ReviewCatalog, *, with_entries: bool = False) -> dict[str, Any]:
    day = timezone.localdate()
    current = in_force(catalog.agency_id, day)
    body: dict[str, Any] = {
        "id": catalog.pk,
        "agency_id": catalog.agency_id,
        "agency_name": catalog.agency.name,
        "version": catalog.version,
        "effective_from": catalog.effective_from,
        "state": catalog.state,
        "state_label": catalog.get_state_display(),
        "standing": actions.standing(catalog, day, current),
        "change_note": catalog.change_note,
        "filed_at": catalog.filed_at,
        "decided_at": catalog.decided_at,
        "bureau_comments": catalog.bureau_comments,
    }
    if with_entries:
        body["entries"] = [_entry_out(entry) for entry in catalog.entries.all()]
    return body


def _detail(user: User, catalog_id: int) -> dict[str, Any]:
    return _catalog_out(_visible(user, catalog_id), with_entries=True)


@router.get("", response=list[CatalogOut], summary="法制审核目录清单列表")
def list_catalogs(request: HttpRequest, filters: Query[CatalogFilters]) -> list[dict[str, Any]]:
    user = _user(request, Capability.VIEW_BACKOFFICE)
    rows = restrict(ReviewCatalog.objects.select_related("agency"), user)
    if filters.agency:
        rows = rows.filter(agency_id=filters.agency)
    if filters.state:
        rows = rows.filter(state=filters.state)
    return [_catalog_out(row) for row in rows.order_by("agency_id", "-version")[:500]]


@router.get("/{catalog_id}", response=CatalogDetailOut, summary="法制审核目录清单")
def get_catalog(request: HttpRequest, catalog_id: int) -> dict[str, Any]:
    return _detail(_user(request, Capability.VIEW_BACKOFFICE), catalog_id)


@router.post("", response={201: CatalogDetailOut}, summary="编制新版本目录清单")
def create_catalog(request: HttpRequest, payload: CatalogIn) -> Status[dict[str, Any]]:
    user = _user(request, Capability.MANAGE_REVIEW_CATALOG)
    if user.agency_id is None:
        raise NotPermitted("您的账号未关联执法主体，不能编制目录清单。")
    catalog = actions.create_catalog(
        user,
        user.agency_id,
        effective_from=payload.effective_from,
        change_note=payload.change_note,
        copy_from_id=payload.copy_from,
        request=request,
    )
    return Status(201, _detail(user, catalog.pk))


@router.post("/{catalog_id}/entries", response={201: CatalogDetailOut}, summary="添加目录审核事项")
def add_entry(request: HttpRequest, catalog_id: int, payload: EntryIn) -> Status[dict[str, Any]]:
    user = _user(request, Capability.MANAGE_REVIEW_CATALOG)
    _visible(user, catalog_id)
    actions.add_entry(user, catalog_id, actions.EntryInput(**payload.dict()), request=request)
    return Status(201, _detail(user, catalog_id))


@router.delete(
    "/{catalog_id}/entries/{entry_id}", response=CatalogDetailOut, summary="删除目录审核事项"
)
def delete_entry(request: HttpRequest, catalog_id: int, entry_id: int) -> dict[str, Any]:
    user = _user(request, Capability.MANAGE_REVIEW_CATALOG)
    catalog = _visible(user, catalog_id)
    in_range = 0 < entry_id <= MAX_ROW_ID
    if not in_range or not catalog.entries.filter(pk=entry_id).exists():
        raise NotFound("该目录清单中没有这个审核事项。")
    actions.remove_entry(user, entry_id, request=request)
    return _detail(user, catalog_id)


@router.post("/{catalog_id}/file", response=CatalogDetailOut, summary="报送区司法局备案")
def file_catalog(request: HttpRequest, catalog_id: int) -> dict[str, Any]:
    user = _user(request, Capability.MANAGE_REVIEW_CATALOG)
    _visible(user, catalog_id)
    actions.file_catalog(user, catalog_id, request=request)
    return _detail(user, catalog_id)


@router.post("/{catalog_id}/accept", response=CatalogDetailOut, summary="备案通过")
def accept_catalog(request: HttpRequest, catalog_id: int, payload: DecisionIn) -> dict[str, Any]:
    user = _user(request, Capability.ACCEPT_REVIEW_CATALOGS)
    _visible(user, catalog_id)
    actions.accept_catalog(user, catalog_id, comments=payload.comments, request=request)
    return _detail(user, catalog_id)


@router.post("/{catalog_id}/return", response=CatalogDetailOut, summary="退回目录清单")
def return_catalog(request: HttpRequest, catalog_id: int, payload: DecisionIn) -> dict[str, Any]:
    user = _user(request, Capability.ACCEPT_REVIEW_CATALOGS)
    _visible(user, catalog_id)
    actions.return_catalog(user, catalog_id, comments=payload.comments, request=request)
    return _detail(user, catalog_id)
