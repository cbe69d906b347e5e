"""Ex-ante list API (/api/lists): scoped entries of a list, one entry with its versions,
and the actions that add, change, withdraw and import entries."""

import datetime
import io
import logging
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.catalog.lists import actions, queries
from zhifa.catalog.lists.content import ListEntryContent
from zhifa.catalog.lists.forms import MAX_WORKBOOK_BYTES
from zhifa.catalog.models import ListEntry, ListEntryVersion, ListKind
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)

router = Router(tags=["事前公开清单"])

# The list endpoint returns at most this many entries per page.
PAGE_SIZE = 100


class VersionOut(Schema):
    number: int
    title: str
    content: dict[str, str]
    power_item_code: str | None
    effective_from: datetime.date
    effective_to: datetime.date | None
    change_reason: str
    withdrawal_reason: str
    state: str = Field(
        description="今天的状态：in_force 现行；pending 尚未生效；ended 已失效；"
        "never_in_force 未施行（条目在其生效前已废止）"
    )


class EntryOut(Schema):
    id: int
    kind: str
    kind_label: str
    code: str
    agency_id: int
    agency_name: str
    current: VersionOut | None


class EntryDetailOut(EntryOut):
    versions: list[VersionOut]


class EntryPage(Schema):
    count: int
    page: int
    items: list[EntryOut]


class EntryFilter(Schema):
    agency: int | None = None
    q: str | None = None
    page: int = 1


class ContentIn(Schema):
    title: str
    fields: dict[str, str] = Field(default_factory=dict, description="按清单字段的 key 填写")
    power_item_code: str = ""


class EntryIn(ContentIn):
    agency_id: int
    code: str
    effective_from: datetime.date


class ChangeIn(ContentIn):
    effective_from: datetime.date
    change_reason: str


class WithdrawIn(Schema):
    effective_to: datetime.date
    reason: str


class ImportOut(Schema):
    created: int
    changed: int
    unchanged: int
    skipped: int = Field(description="跳过的示例行（编码以“示例”开头）")


def _version_out(version: ListEntryVersion | None) -> VersionOut | None:
    if version is None:
        return None
    return VersionOut(
        number=version.number,
        title=version.title,
        content={str(key): str(value) for key, value in (version.content or {}).items()},
        power_item_code=version.power_item.code if version.power_item else None,
        effective_from=version.effective_from,
        effective_to=version.effective_to,
        change_reason=version.change_reason,
        withdrawal_reason=version.withdrawal_reason,
        state=queries.version_state(version, timezone.localdate()).code,
    )


def _in_force(versions: list[ListEntryVersion], day: datetime.date) -> ListEntryVersion | None:
    candidates = [
        version
        for version in versions
        if version.effective_from <= day
        and (version.effective_to is None or version.effective_to >= day)
    ]
    return max(candidates, key=lambda version: version.effective_from, default=None)


def _entry_detail(entry: ListEntry) -> EntryDetailOut:
    versions = sorted(entry.versions.select_related("power_item"), key=lambda each: each.number)
    return EntryDetailOut(
        id=entry.pk,
        kind=entry.kind,
        kind_label=entry.get_kind_display(),
        code=entry.code,
        agency_id=entry.agency_id,
        agency_name=entry.agency.name,
        current=_version_out(_in_force(versions, timezone.localdate())),
        versions=[out for out in map(_version_out, versions) if out is not None],
    )


def _require_view(request: HttpRequest) -> None:
    if not request.user.can(Capability.VIEW_BACKOFFICE):  # type: ignore[union-attr]
        raise NotPermitted("您的角色不能查看事前公开清单。")


def _scoped_entry(request: HttpRequest, entry_id: int) -> ListEntry:
    entry = (
        restrict(ListEntry.objects.select_related("agency"), request.user)
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFound("清单条目不存在或不在您的查看范围内。", field="entry_id")
    return entry


def _scoped_agency(request: HttpRequest, agency_id: int) -> Agency:
    agency = restrict(Agency.objects.all(), request.user).filter(pk=agency_id).first()
    if agency is None:
        raise NotFound("执法主体不存在或不在您的管理范围内。", field="agency_id")
    return agency


def _content(payload: ContentIn) -> ListEntryContent:
    return ListEntryContent(payload.title, dict(payload.fields), payload.power_item_code)


@router.get("/entries/{entry_id}", response=EntryDetailOut, summary="清单条目及其全部版本")
def get_entry(request: HttpRequest, entry_id: int) -> EntryDetailOut:
    _require_view(request)
    return _entry_detail(_scoped_entry(request, entry_id))


@router.post(
    "/entries/{entry_id}/change", response=EntryDetailOut, summary="变更清单条目（新增版本）"
)
def change_entry(request: HttpRequest, entry_id: int, payload: ChangeIn) -> EntryDetailOut:
    entry = _scoped_entry(request, entry_id)
    actions.change_list_entry(
        request.user,  # type: ignore[arg-type]
        entry,
        _content(payload),
        effective_from=payload.effective_from,
        change_reason=payload.change_reason,
        request=request,
    )
    return _entry_detail(entry)


@router.post("/entries/{entry_id}/withdraw", response=EntryDetailOut, summary="废止清单条目")
def withdraw_entry(request: HttpRequest, entry_id: int, payload: WithdrawIn) -> EntryDetailOut:
    entry = _scoped_entry(request, entry_id)
    actions.withdraw_list_entry(
        request.user,  # type: ignore[arg-type]
        entry,
        payload.effective_to,
        payload.reason,
        request=request,
    )
    return _entry_detail(entry)


@router.get("/{kind}", response=EntryPage, summary="某一清单的条目（今天施行的版本）")
def list_entries(request: HttpRequest, kind: ListKind, filters: Query[EntryFilter]) -> EntryPage:
    _require_view(request)
    today = timezone.localdate()
    scoped = restrict(ListEntry.objects.filter(kind=kind).select_related("agency"), request.user)
    entries = queries.not_withdrawn_before(queries.with_versions(scoped, today), today)
    if filters.agency:
        entries = entries.filter(agency_id=filters.agency)
    if filters.q:
        entries = queries.search(entries, filters.q)
    entries = entries.order_by("agency__name", "code").prefetch_related("versions__power_item")

    paginator = Paginator(entries, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    rows = [
        EntryOut(
            id=entry.pk,
            kind=entry.kind,
            kind_label=entry.get_kind_display(),
            code=entry.code,
            agency_id=entry.agency_id,
            agency_name=entry.agency.name,
            current=_version_out(_in_force(list(entry.versions.all()), today)),
        )
        for entry in page.object_list
    ]
    return EntryPage(count=paginator.count, page=page.number, items=rows)


@router.post("/{kind}", response={201: EntryDetailOut}, summary="新增清单条目")
def create_entry(request: HttpRequest, kind: ListKind, payload: EntryIn) -> Status[Any]:
    agency = _scoped_agency(request, payload.agency_id)
    entry = actions.create_list_entry(
        request.user,  # type: ignore[arg-type]
        agency,
        kind,
        payload.code,
        _content(payload),
        effective_from=payload.effective_from,
        request=request,
    )
    return Status(201, _entry_detail(entry))


@router.post(
    "/{kind}/import", response=ImportOut, summary="从 Excel 导入清单（全部成功或全部不导入）"
)
def import_entries(
    request: HttpRequest,
    kind: ListKind,
    agency_id: Form[int],
    file: File[UploadedFile],
) -> ImportOut:
    """Import an xlsx workbook; a rejected file returns 400 with every row's problem listed."""
    agency = _scoped_agency(request, agency_id)
    if (file.size or 0) > MAX_WORKBOOK_BYTES:
        raise ValidationFailed("文件超过 5 MB，请拆分后分批导入。", field="file")
    content = io.BytesIO(file.read())
    content.name = file.name or ""
    result = actions.import_list_entries(
        request.user,  # type: ignore[arg-type]
        agency,
        kind,
        content,
        request=request,
    )
    return ImportOut(
        created=result.created,
        changed=result.changed,
        unchanged=result.unchanged,
        skipped=result.skipped,
    )
