"""API of the evidence app: access requests (调阅申请) and the access log (调阅日志).

Mounted at ``/api/evidence/access``. Requests and decisions go through the same actions as the
pages; records and requests outside the caller's scope return 404 like missing ones.
"""

import datetime
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.evidence.access import policy, queries
from zhifa.evidence.access.requests import decide_request, request_access
from zhifa.evidence.models import AccessAction, AccessLog, AccessRequest

MAX_PAGE_SIZE = 100

router = Router()


class AccessRequestIn(Schema):
    record_id: int
    purpose: str = Field(description="调阅事由，至少4个字")
    classification: str | None = Field(
        None, description="内容密级标记；state_secret（国家秘密）一律拒绝，请通过涉密渠道办理"
    )


class DecisionIn(Schema):
    approve: bool
    hours: int | None = Field(None, description="批准时的有效时长（小时），不超过规则参数上限")
    note: str = Field("", description="审批意见；不予批准时必填")


class AccessRequestOut(Schema):
    id: int
    record_id: int
    agency_id: int
    requester: str
    purpose: str
    requested_at: datetime.datetime
    status: str
    status_label: str
    decided_by: str | None
    decided_at: datetime.datetime | None
    decision_note: str
    valid_until: datetime.datetime | None


class AccessLogOut(Schema):
    """One access; ``record_id`` for an AV record, ``case_file_id`` for an archived case file."""

    id: int
    at: datetime.datetime
    record_id: int | None
    case_file_id: int | None
    agency_id: int
    user: str
    action: str
    action_label: str
    purpose: str
    request_id: int | None
    ip_address: str | None


class AccessLogPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AccessLogOut]


class AccessLogFilters(Schema):
    agency: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="执法主体 id")
    user: str | None = Field(None, description="调阅人账号")
    record: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="音像记录 id")
    action: str | None = Field(None, description="view、stream、download 或 export")
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def _user(request: HttpRequest, capability: str) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")
    return user


def _request_out(row: AccessRequest) -> dict[str, Any]:
    return {
        "id": row.pk,
        "record_id": row.record_id,
        "agency_id": row.record.agency_id,
        "requester": row.requester.username,
        "purpose": row.purpose,
        "requested_at": row.requested_at,
        "status": row.status,
        "status_label": row.get_status_display(),
        "decided_by": row.decided_by.username if row.decided_by else None,
        "decided_at": row.decided_at,
        "decision_note": row.decision_note,
        "valid_until": row.valid_until,
    }


def _log_out(entry: AccessLog) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": entry.at,
        "record_id": entry.record_id,
        "case_file_id": entry.case_file_id,
        "agency_id": (entry.record or entry.case_file).agency_id,  # type: ignore[union-attr]
        "user": entry.user.username,
        "action": entry.action,
        "action_label": entry.get_action_display(),
        "purpose": entry.purpose,
        "request_id": entry.request_id,
        "ip_address": entry.ip_address,
    }


def _visible_request(user: User, pk: int) -> AccessRequest:
    rows = AccessRequest.objects.select_related("record", "requester", "decided_by")
    row = restrict(rows, user).filter(pk=pk).first()
    if row is None or (
        row.requester_id != user.pk and not user.can(Capability.APPROVE_EVIDENCE_ACCESS)
    ):
        raise NotFound("调阅申请不存在或不在您的查看范围内。")
    return row


@router.post("/requests", response={201: AccessRequestOut}, summary="提出调阅申请")
def create_request(request: HttpRequest, payload: AccessRequestIn) -> Status[dict[str, Any]]:
    user = _user(request, Capability.VIEW_BACKOFFICE)
    record = policy.scoped_record(user, payload.record_id)
    row = request_access(
        user, record, payload.purpose, classification=payload.classification, request=request
    )
    return Status(201, _request_out(_visible_request(user, row.pk)))


@router.get("/requests", response=list[AccessRequestOut], summary="我的调阅申请或待我审批的申请")
def list_requests(
    request: HttpRequest, view: Literal["mine", "queue"] = "mine"
) -> list[dict[str, Any]]:
    if view == "queue":
        user = _user(request, Capability.APPROVE_EVIDENCE_ACCESS)
        rows = queries.approval_queue(user)
    else:
        user = _user(request, Capability.VIEW_BACKOFFICE)
        rows = queries.requests_of(user)
    return [_request_out(row) for row in rows.select_related("requester", "decided_by")[:200]]


@router.get("/requests/{request_id}", response=AccessRequestOut, summary="调阅申请")
def get_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    user = _user(request, Capability.VIEW_BACKOFFICE)
    return _request_out(_visible_request(user, request_id))


@router.post("/requests/{request_id}/decision", response=AccessRequestOut, summary="审批调阅申请")
def decide(request: HttpRequest, request_id: int, payload: DecisionIn) -> dict[str, Any]:
    user = _user(request, Capability.APPROVE_EVIDENCE_ACCESS)
    row = decide_request(
        user,
        request_id,
        approve=payload.approve,
        hours=payload.hours,
        note=payload.note,
        request=request,
    )
    return _request_out(_visible_request(user, row.pk))


@router.get("/log", response=AccessLogPage, summary="调阅日志")
def access_log(request: HttpRequest, filters: Query[AccessLogFilters]) -> dict[str, Any]:
    user = _user(request, Capability.READ_ACCESS_LOG)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationFailed(
            "“起始日期”晚于“截止日期”，请调换或改正后重新查询。", field="date_from"
        )
    if filters.action and filters.action not in AccessAction.values:
        raise ValidationFailed("“方式”应为 view、stream、download 或 export。", field="action")
    rows = queries.access_log(user, filters.dict())
    paginator = Paginator(rows, filters.page_size)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_log_out(entry) for entry in page.object_list],
    }
