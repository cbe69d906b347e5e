"""API of the review loop: rounds (送审), opinions, objections, extensions and flags.

``router`` is mounted at ``/api/review/requests``. ``cases_router`` contains the routes that
start from a case: submitting a round, setting and clearing flags. Every route goes through
the same actions as the pages, and a round, case or flag outside the caller's scope returns
404 like a missing one.
"""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.models import Case
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.review import actions, rounds
from zhifa.review.actions.opinions import ChecklistResult, OpinionInput
from zhifa.review.actions.requests import MaterialInput, SubmissionInput, is_overdue
from zhifa.review.models import (
    MajorDecisionFlag,
    RequestState,
    ReviewObjection,
    ReviewOpinion,
    ReviewRequest,
)
from zhifa.review.views.requests import RequestListView

MAX_PAGE_SIZE = 100

router = Router()
# Served at /api/review/cases/... (mounted in zhifa.review.api).
cases_router = Router()

# The text fields default to "" so that a missing one reaches the action, whose message names
# the field in Chinese. Only a value of the wrong type gets the platform's generic 422.


class MaterialIn(Schema):
    code: str
    provided: bool = False
    note: str = ""
    document_id: int | None = None


class SubmissionIn(Schema):
    summary: str = Field("", description="送审说明")
    materials: list[MaterialIn] = Field(default_factory=list, description="送审材料")
    correction_summary: str = Field("", description="修改情况说明；重新送审时必填")
    decision: str | None = Field(None, description="拟作出决定的环节代码；留空按案件判定")


class ChecklistIn(Schema):
    code: str
    result: str = Field("", description="pass（符合）、fail（不符合）或 na（不适用）")
    note: str = ""


class OpinionIn(Schema):
    conclusion: str = Field("", description="approved、revise_and_resubmit 或 disapproved")
    legality: str = Field("", description="合法性审核意见")
    reasonableness: str = Field("", description="合理性审核意见")
    checklist: list[ChecklistIn] = Field(default_factory=list)
    corrections: str = Field("", description="修改意见；结论不是同意时必填")
    participant_ids: list[int] = Field(default_factory=list, description="参与的法律顾问、公职律师")
    participant_note: str = ""


class ReasonIn(Schema):
    reasons: str = Field("", description="理由")


class ObjectionDecisionIn(Schema):
    decision: str = Field("", description="accept_opinion（采纳审核意见）或 new_review（重新审核）")
    reasons: str = Field("", description="决定理由")


class FlagIn(Schema):
    code: str = Field("", description="情形代码")
    reason: str = Field("", description="理由")


class FlagClearIn(Schema):
    reason: str = Field("", description="撤销理由")


class RequestFilters(Schema):
    state: str | None = Field(None, description="状态代码")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class OpinionOut(Schema):
    conclusion: str
    conclusion_label: str
    reviewer: str
    legality: str
    reasonableness: str
    corrections: str
    checklist: list[dict[str, Any]]
    participants: list[str]
    participant_note: str
    issued_at: datetime.datetime
    document_id: int | None


class ObjectionOut(Schema):
    reasons: str
    raised_at: datetime.datetime
    decision: str
    decision_label: str
    decision_reasons: str
    decided_at: datetime.datetime | None


class ChangeOut(Schema):
    label: str
    before: str
    after: str


class RequestOut(Schema):
    id: int
    case_id: int
    case_number: str
    agency_id: int
    round_number: int
    previous_id: int | None
    decision_kind: str
    state: str
    state_label: str
    body: str
    submitted_at: datetime.datetime
    materials_complete_on: datetime.date
    due_on: datetime.date | None
    overdue: bool
    extension_days: int
    summary: str
    correction_summary: str
    materials: list[dict[str, Any]]
    proposal: dict[str, Any]
    assessment: dict[str, Any]
    completed_at: datetime.datetime | None


class RequestDetailOut(RequestOut):
    opinion: OpinionOut | None
    objection: ObjectionOut | None
    changes: list[ChangeOut]


class RequestPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RequestOut]


class FlagOut(Schema):
    id: int
    case_id: int
    code: str
    code_label: str
    reason: str
    set_at: datetime.datetime
    cleared_at: datetime.datetime | None
    clear_reason: str


def _user(request: HttpRequest, capability: str) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")
    return user


def _visible_round(user: User, request_id: int) -> ReviewRequest:
    rows = ReviewRequest.objects.select_related(
        "case", "review_department__agency", "judicial_office"
    )
    row = restrict(rows, user).filter(pk=request_id).first()
    if row is None:
        raise NotFound("法制审核送审不存在或不在您的查看范围内。")
    return row


def _visible_case(user: User, case_id: int) -> Case:
    case = restrict(Case.objects.select_related("agency"), user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("案件不存在或不在您的查看范围内。")
    return case


def _round_out(row: ReviewRequest) -> dict[str, Any]:
    return {
        "id": row.pk,
        "case_id": row.case_id,
        "case_number": row.case.number,
        "agency_id": row.case.agency_id,
        "round_number": row.round_number,
        "previous_id": row.previous_id,
        "decision_kind": row.decision_kind,
        "state": row.state,
        "state_label": row.get_state_display(),
        "body": row.body_name,
        "submitted_at": row.submitted_at,
        "materials_complete_on": row.materials_complete_on,
        "due_on": row.due_on,
        "overdue": is_overdue(row, timezone.localdate()),
        "extension_days": row.extension_days,
        "summary": row.summary,
        "correction_summary": row.correction_summary,
        "materials": row.materials,
        "proposal": row.proposal,
        "assessment": row.assessment,
        "completed_at": row.completed_at,
    }


def _opinion_out(opinion: ReviewOpinion) -> dict[str, Any]:
    return {
        "conclusion": opinion.conclusion,
        "conclusion_label": opinion.get_conclusion_display(),
        "reviewer": opinion.reviewer.full_name,
        "legality": opinion.legality,
        "reasonableness": opinion.reasonableness,
        "corrections": opinion.corrections,
        "checklist": opinion.checklist,
        "participants": [person.full_name for person in opinion.participants.all()],
        "participant_note": opinion.participant_note,
        "issued_at": opinion.issued_at,
        "document_id": opinion.document_id,
    }


def _objection_out(objection: ReviewObjection) -> dict[str, Any]:
    return {
        "reasons": objection.reasons,
        "raised_at": objection.raised_at,
        "decision": objection.decision,
        "decision_label": objection.get_decision_display() if objection.decision else "",
        "decision_reasons": objection.decision_reasons,
        "decided_at": objection.decided_at,
    }


def _detail_out(user: User, request_id: int) -> dict[str, Any]:
    row = _visible_round(user, request_id)
    opinion = ReviewOpinion.objects.filter(request=row).select_related("reviewer").first()
    objection = ReviewObjection.objects.filter(request=row).first()
    return {
        **_round_out(row),
        "opinion": _opinion_out(opinion) if opinion else None,
        "objection": _objection_out(objection) if objection else None,
        "changes": [vars(change) for change in rounds.compare(row)],
    }


def _flag_out(flag: MajorDecisionFlag) -> dict[str, Any]:
    return {
        "id": flag.pk,
        "case_id": flag.case_id,
        "code": flag.code,
        "code_label": flag.get_code_display(),
        "reason": flag.reason,
        "set_at": flag.set_at,
        "cleared_at": flag.cleared_at,
        "clear_reason": flag.clear_reason,
    }


@router.get("", response=RequestPage, summary="法制审核送审列表")
def list_rounds(request: HttpRequest, filters: Query[RequestFilters]) -> dict[str, Any]:
    user = _user(request, Capability.VIEW_BACKOFFICE)
    if filters.state and filters.state not in RequestState.values:
        raise ValidationFailed(
            f"状态代码“{filters.state}”无效；可用代码：{'、'.join(RequestState.values)}。",
            field="state",
        )
    rows = restrict(ReviewRequest.objects.select_related("case", "judicial_office"), user)
    rows = rows.select_related("review_department__agency").filter(
        RequestListView.visible_rounds(user)
    )
    if filters.state:
        rows = rows.filter(state=filters.state)
    paginator = Paginator(rows.order_by("due_on", "pk"), filters.page_size)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_round_out(row) for row in page.object_list],
    }


@router.get("/{request_id}", response=RequestDetailOut, summary="一轮法制审核")
def get_round(request: HttpRequest, request_id: int) -> dict[str, Any]:
    user = _user(request, Capability.VIEW_BACKOFFICE)
    return _detail_out(user, request_id)


@router.post("/{request_id}/opinion", response=RequestDetailOut, summary="出具法制审核意见")
def issue_opinion(request: HttpRequest, request_id: int, payload: OpinionIn) -> dict[str, Any]:
    user = _user(request, Capability.REVIEW_DECISIONS)
    row = _visible_round(user, request_id)
    actions.issue_opinion(
        user,
        row,
        OpinionInput(
            conclusion=payload.conclusion,
            legality=payload.legality,
            reasonableness=payload.reasonableness,
            checklist=[
                ChecklistResult(code=item.code, result=item.result, note=item.note)
                for item in payload.checklist
            ],
            corrections=payload.corrections,
            participant_ids=payload.participant_ids,
            participant_note=payload.participant_note,
        ),
    )
    return _detail_out(user, request_id)


@router.post("/{request_id}/objection", response=RequestDetailOut, summary="对审核意见提出异议")
def object_to_opinion(request: HttpRequest, request_id: int, payload: ReasonIn) -> dict[str, Any]:
    user = _user(request, Capability.MANAGE_CASES)
    actions.object_to_opinion(user, _visible_round(user, request_id), payload.reasons)
    return _detail_out(user, request_id)


@router.post(
    "/{request_id}/objection/decision", response=RequestDetailOut, summary="对异议作出决定"
)
def decide_objection(
    request: HttpRequest, request_id: int, payload: ObjectionDecisionIn
) -> dict[str, Any]:
    user = _user(request, Capability.APPROVE_AS_AGENCY_HEAD)
    row = _visible_round(user, request_id)
    actions.decide_objection(user, row, payload.decision, payload.reasons)
    return _detail_out(user, request_id)


@router.post("/{request_id}/extension", response=RequestDetailOut, summary="延长法制审核期限")
def extend(request: HttpRequest, request_id: int, payload: ReasonIn) -> dict[str, Any]:
    user = _user(request, Capability.APPROVE_REVIEW_EXTENSION)
    actions.extend(user, _visible_round(user, request_id), payload.reasons)
    return _detail_out(user, request_id)


@router.post("/{request_id}/withdraw", response=RequestDetailOut, summary="撤回送审")
def withdraw(request: HttpRequest, request_id: int, payload: ReasonIn) -> dict[str, Any]:
    user = _user(request, Capability.MANAGE_CASES)
    actions.withdraw(user, _visible_round(user, request_id), payload.reasons)
    return _detail_out(user, request_id)


@cases_router.post(
    "/{case_id}/requests", response={201: RequestDetailOut}, summary="送审或重新送审"
)
def submit(request: HttpRequest, case_id: int, payload: SubmissionIn) -> Status[dict[str, Any]]:
    user = _user(request, Capability.MANAGE_CASES)
    case = _visible_case(user, case_id)
    row = actions.submit(
        user,
        case,
        SubmissionInput(
            summary=payload.summary,
            materials=[
                MaterialInput(
                    code=item.code,
                    provided=item.provided,
                    note=item.note,
                    document_id=item.document_id,
                )
                for item in payload.materials
            ],
            decision=payload.decision,
            correction_summary=payload.correction_summary,
        ),
    )
    return Status(201, _detail_out(user, row.pk))


@cases_router.post("/{case_id}/flags", response={201: FlagOut}, summary="标记重大执法决定情形")
def set_flag(request: HttpRequest, case_id: int, payload: FlagIn) -> Status[dict[str, Any]]:
    user = _user(request, Capability.MANAGE_CASES)
    flag = actions.set_flag(user, _visible_case(user, case_id), payload.code, payload.reason)
    return Status(201, _flag_out(flag))


@cases_router.post(
    "/{case_id}/flags/{flag_id}/clear", response=FlagOut, summary="撤销重大执法决定情形"
)
def clear_flag(
    request: HttpRequest, case_id: int, flag_id: int, payload: FlagClearIn
) -> dict[str, Any]:
    user = _user(request, Capability.MANAGE_CASES)
    flags = restrict(MajorDecisionFlag.objects.filter(case_id=case_id), user)
    flag = flags.filter(pk=flag_id).first()
    if flag is None:
        raise NotFound("重大执法决定情形不存在或不在您的管理范围内。")
    return _flag_out(actions.clear_flag(user, flag, payload.reason))
