"""Power item API (/api/power-items): the scoped list and one item with all its versions."""

import datetime
import logging

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.catalog.models import PowerCategory, PowerItem, PowerItemVersion
from zhifa.catalog.queries import search, with_current_version
from zhifa.core.errors import NotFound, NotPermitted

logger = logging.getLogger(__name__)

router = Router(tags=["权责清单"])

# The list endpoint returns at most this many items per page.
PAGE_SIZE = 100


class VersionOut(Schema):
    number: int
    name: str
    category: str
    category_label: str
    legal_basis: str
    domain: str | None
    effective_from: datetime.date
    effective_to: datetime.date | None
    change_reason: str


class PowerItemOut(Schema):
    id: int
    code: str
    agency_id: int
    agency_name: str
    current: VersionOut | None


class PowerItemDetailOut(PowerItemOut):
    versions: list[VersionOut]


class PowerItemPage(Schema):
    count: int
    page: int
    items: list[PowerItemOut]


class PowerItemFilter(Schema):
    agency: int | None = None
    category: PowerCategory | None = None
    q: str | None = None
    page: int = 1


def _version_out(version: PowerItemVersion | None) -> VersionOut | None:
    if version is None:
        return None
    return VersionOut(
        number=version.number,
        name=version.name,
        category=version.category,
        category_label=version.get_category_display(),
        legal_basis=version.legal_basis,
        domain=version.domain.name if version.domain else None,
        effective_from=version.effective_from,
        effective_to=version.effective_to,
        change_reason=version.change_reason,
    )


def _in_force(versions: list[PowerItemVersion], day: datetime.date) -> PowerItemVersion | None:
    candidates = [
        version
        for version in versions
        if version.effective_from <= day
        and (version.effective_to is None or version.effective_to >= day)
    ]
    return max(candidates, key=lambda version: version.effective_from, default=None)


def _require_view(request: HttpRequest) -> None:
    if not request.user.can(Capability.VIEW_BACKOFFICE):  # type: ignore[union-attr]
        raise NotPermitted("您的角色不能查看权责清单。")


@router.get("", response=PowerItemPage, summary="权责事项列表（今天施行的版本）")
def list_power_items(request: HttpRequest, filters: Query[PowerItemFilter]) -> PowerItemPage:
    _require_view(request)
    today = timezone.localdate()
    scoped = restrict(PowerItem.objects.select_related("agency"), request.user)
    items = with_current_version(scoped, today)
    if filters.agency:
        items = items.filter(agency_id=filters.agency)
    if filters.category:
        items = items.filter(current_category=filters.category)
    if filters.q:
        items = search(items, filters.q)
    items = items.order_by("agency__name", "code")

    page = max(filters.page, 1)
    start = (page - 1) * PAGE_SIZE
    page_items = items.prefetch_related("versions__domain")[start : start + PAGE_SIZE]
    rows = [
        PowerItemOut(
            id=item.pk,
            code=item.code,
            agency_id=item.agency_id,
            agency_name=item.agency.name,
            current=_version_out(_in_force(list(item.versions.all()), today)),
        )
        for item in page_items
    ]
    return PowerItemPage(count=items.count(), page=page, items=rows)


@router.get("/{item_id}", response=PowerItemDetailOut, summary="权责事项及其全部版本")
def get_power_item(request: HttpRequest, item_id: int) -> PowerItemDetailOut:
    _require_view(request)
    item = (
        restrict(PowerItem.objects.select_related("agency"), request.user)
        .prefetch_related("versions__domain")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound("权责事项不存在或不在您的查看范围内。", field="item_id")
    versions = sorted(item.versions.all(), key=lambda version: version.number)
    return PowerItemDetailOut(
        id=item.pk,
        code=item.code,
        agency_id=item.agency_id,
        agency_name=item.agency.name,
        current=_version_out(_in_force(versions, timezone.localdate())),
        versions=[out for out in map(_version_out, versions) if out is not None],
    )
