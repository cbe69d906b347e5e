"""API of the evidence app: AV records, mounted at ``/api/evidence/records``.

Reads need the back-office capability and go through ``zhifa.accounts.scope.restrict``, so a
record outside the caller's scope returns 404 like a missing one. Reading one record counts as
a view, as on the record page: it is logged, and a record marked as sensitive needs an approved
access request. Links are set through the same action as the page.
"""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import NotFound, NotPermitted
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.evidence import sessions
from zhifa.evidence.access.logging import open_record
from zhifa.evidence.models import AccessAction, AvRecord
from zhifa.evidence.records import links

MAX_PAGE_SIZE = 100
API_PURPOSE = "通过接口查看记录信息"

router = Router()


class RecordOut(Schema):
    id: int
    agency_id: int
    case_id: int | None
    case_number: str | None
    party_id: int | None
    step_id: int | None
    scene: str = Field(description="场景代码")
    scene_name: str
    session_id: int | None
    device_serial: str | None
    officer_ids: list[int]
    media_kind: str
    filename: str
    mime_type: str
    size: int
    duration_seconds: float | None
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    time_source: str
    place: str
    party_informed: bool
    recorder_kind: str
    third_party_name: str
    sensitivity: str
    digest: str = Field(description="存证内容摘要值，如 sm3:…")


class GapOut(Schema):
    previous_id: int
    resumed_id: int
    started_at: datetime.datetime
    ended_at: datetime.datetime
    seconds: float
    explained: bool


class RecordDetailOut(RecordOut):
    gaps: list[GapOut] = Field(description="所在录制过程中的中断")


class RecordPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RecordOut]


class RecordFilters(Schema):
    case: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="案件 id")
    scene: str | None = Field(None, description="场景代码")
    device: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="执法记录仪 id")
    unlinked: bool = Field(False, description="仅未关联案件的记录")
    started_from: datetime.date | None = None
    started_to: datetime.date | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class LinkIn(Schema):
    case_id: int = Field(ge=1, le=MAX_ROW_ID)
    party_id: int | None = Field(None, ge=1, le=MAX_ROW_ID)
    step_id: int | None = Field(None, ge=1, le=MAX_ROW_ID)


def _user(request: HttpRequest) -> User:
    user: Any = request.user
    if not user.can(Capability.VIEW_BACKOFFICE):
        raise NotPermitted("您的角色没有“进入工作台”权限，不能查询音像记录。")
    return user


def _records(user: User) -> QuerySet[AvRecord]:
    queryset = AvRecord.objects.select_related("case", "scene", "device")
    return restrict(queryset.prefetch_related("officers"), user)


def _out(record: AvRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "agency_id": record.agency_id,
        "case_id": record.case_id,
        "case_number": record.case.number if record.case else None,
        "party_id": record.party_id,
        "step_id": record.step_id,
        "scene": record.scene.code,
        "scene_name": record.scene.name,
        "session_id": record.session_id,
        "device_serial": record.device.serial_number if record.device else None,
        "officer_ids": sorted(officer.pk for officer in record.officers.all()),
        "media_kind": record.media_kind,
        "filename": record.filename,
        "mime_type": record.mime_type,
        "size": record.size,
        "duration_seconds": record.duration_seconds,
        "started_at": record.started_at,
        "ended_at": record.ended_at,
        "time_source": record.time_source,
        "place": record.place,
        "party_informed": record.party_informed,
        "recorder_kind": record.recorder_kind,
        "third_party_name": record.third_party_name,
        "sensitivity": record.sensitivity,
        "digest": record.content_id,
    }


def _find(user: User, record_id: int) -> AvRecord:
    record = _records(user).filter(pk=record_id).first()
    if record is None:
        raise NotFound("音像记录不存在或不在您的查看范围内。", field="record")
    return record


@router.get("", response=RecordPage, summary="音像记录列表")
def list_records(request: HttpRequest, filters: Query[RecordFilters]) -> dict[str, Any]:
    queryset = _records(_user(request))
    if filters.case is not None:
        queryset = queryset.filter(case_id=filters.case)
    if filters.scene:
        queryset = queryset.filter(scene__code=filters.scene)
    if filters.device is not None:
        queryset = queryset.filter(device_id=filters.device)
    if filters.unlinked:
        queryset = queryset.filter(case__isnull=True)
    if filters.started_from:
        queryset = queryset.filter(started_at__date__gte=filters.started_from)
    if filters.started_to:
        queryset = queryset.filter(started_at__date__lte=filters.started_to)
    page = Paginator(queryset, filters.page_size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_out(record) for record in page],
    }


@router.get("/{record_id}", response=RecordDetailOut, summary="音像记录详情（记入调阅日志）")
def get_record(request: HttpRequest, record_id: int, purpose: str = API_PURPOSE) -> dict[str, Any]:
    user = _user(request)
    record = _find(user, record_id)
    open_record(user, record, AccessAction.VIEW, purpose, http_request=request)
    gaps = sessions.gaps(record.session) if record.session else []
    return {
        **_out(record),
        "gaps": [
            {
                "previous_id": gap.previous.pk,
                "resumed_id": gap.resumed.pk,
                "started_at": gap.started_at,
                "ended_at": gap.ended_at,
                "seconds": gap.seconds,
                "explained": gap.explained,
            }
            for gap in gaps
        ],
    }


@router.post("/{record_id}/link", response=RecordOut, summary="关联案件、当事人和办案环节")
def link(request: HttpRequest, record_id: int, data: LinkIn) -> dict[str, Any]:
    user = _user(request)
    record = _find(user, record_id)
    links.link_record(
        user, record, case_id=data.case_id, party_id=data.party_id, step_id=data.step_id
    )
    return _out(_find(user, record_id))
