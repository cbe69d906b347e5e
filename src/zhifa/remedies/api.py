"""JSON endpoints of the remedies register: ``GET /remedies`` and ``GET /remedies/{id}``.

Reads need the back-office capability and go through ``zhifa.accounts.scope.restrict``, so a
remedy outside the caller's scope returns 404 like one that does not exist. Remedies are
recorded through the case steps (``POST /cases/{id}/steps`` with ``remedy_filed`` or
``remedy_concluded``), not here.
"""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import NotFound, NotPermitted
from zhifa.remedies.finality import decision_final_on
from zhifa.remedies.models import Remedy

MAX_PAGE_SIZE = 100


class RemedyOut(Schema):
    id: int
    case_id: int
    case_number: str
    agency_id: int
    agency_name: str
    kind: str
    kind_label: str
    reference: str
    body: str
    applicant: str
    decision_step_id: int
    follows_id: int | None
    filed_on: datetime.date
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    is_correction: bool
    concluded_on: datetime.date | None
    withdraw_by: datetime.date | None = Field(description="已公示决定的撤回截止日期")
    has_outcome_document: bool
    outcome_digest: str
    note: str


class RemedyDetailOut(RemedyOut):
    decision_final_on: datetime.date | None = Field(
        description="决定可申请人民法院强制执行的首日；未送达、复议或诉讼未结束等情形为 null"
    )


class RemedyPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RemedyOut]


class RemedyFilters(Schema):
    agency: int | None = Field(None, description="执法主体 id")
    case: int | None = Field(None, description="案件 id")
    kind: str | None = Field(None, description="reconsideration 或 litigation")
    status: str | None = Field(None, description="pending 或 concluded")
    outcome: str | None = Field(None, description="结果代码，例如 revoked")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _require_backoffice(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.can(Capability.VIEW_BACKOFFICE):
        raise NotPermitted("您的角色没有“进入工作台”权限，不能查询复议和诉讼。")
    return user


def _remedies(user: Any) -> QuerySet[Remedy]:
    return restrict(Remedy.objects.select_related("case", "case__agency", "applicant"), user)


def _remedy_out(remedy: Remedy) -> dict[str, Any]:
    return {
        "id": remedy.pk,
        "case_id": remedy.case_id,
        "case_number": remedy.case.number,
        "agency_id": remedy.case.agency_id,
        "agency_name": remedy.case.agency.name,
        "kind": remedy.kind,
        "kind_label": remedy.get_kind_display(),
        "reference": remedy.reference,
        "body": remedy.body,
        "applicant": remedy.applicant.name,
        "decision_step_id": remedy.decision_step_id,
        "follows_id": remedy.follows_id,
        "filed_on": remedy.filed_on,
        "status": remedy.status,
        "status_label": remedy.get_status_display(),
        "outcome": remedy.outcome,
        "outcome_label": remedy.get_outcome_display() if remedy.outcome else "",
        "is_correction": remedy.is_correction,
        "concluded_on": remedy.concluded_on,
        "withdraw_by": remedy.withdraw_by,
        "has_outcome_document": bool(remedy.outcome_file),
        "outcome_digest": remedy.outcome_digest,
        "note": remedy.note,
    }


def build_router() -> Router:
    """Return a new router with the remedy endpoints (tests mount their own copy)."""
    router = Router(tags=["行政复议与行政诉讼"])

    @router.get("/remedies", response=RemedyPage, summary="行政复议和行政诉讼列表")
    def list_remedies(request: HttpRequest, filters: Query[RemedyFilters]) -> dict[str, Any]:
        user = _require_backoffice(request)
        queryset = _remedies(user)
        lookups = {
            "case__agency_id": filters.agency,
            "case_id": filters.case,
            "kind": filters.kind,
            "status": filters.status,
            "outcome": filters.outcome,
        }
        queryset = queryset.filter(**{key: value for key, value in lookups.items() if value})
        paginator = Paginator(queryset.order_by("-filed_on", "-pk"), filters.page_size)
        page = paginator.get_page(filters.page)
        return {
            "count": paginator.count,
            "page": page.number,
            "page_size": filters.page_size,
            "items": [_remedy_out(remedy) for remedy in page.object_list],
        }

    @router.get("/remedies/{remedy_id}", response=RemedyDetailOut, summary="行政复议或行政诉讼")
    def get_remedy(request: HttpRequest, remedy_id: int) -> dict[str, Any]:
        user = _require_backoffice(request)
        remedy = _remedies(user).filter(pk=remedy_id).first()
        if remedy is None:
            raise NotFound("复议或诉讼记录不存在或不在您的查看范围内。")
        return {**_remedy_out(remedy), "decision_final_on": decision_final_on(remedy.case)}

    return router


router = build_router()
