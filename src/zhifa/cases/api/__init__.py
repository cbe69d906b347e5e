"""JSON endpoints for cases, their steps and documents, parties and the exchange import.

Reads need the back-office capability and pass every queryset through
``zhifa.accounts.scope.restrict``, so an object outside the caller's scope returns 404 like
one that does not exist. Writes call the same actions as the pages (``open_case``,
``record_step`` and the step actions, ``import_records``), which check the capability and the
legal rules. Their refusals come back as JSON errors with the Chinese reason (403, 400 or 409).
Resident ID numbers of parties are always masked here.
"""

import datetime
import logging
from typing import Annotated, Any, Literal

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from ninja import Body, Query, Router, Schema, Status
from pydantic import Field, PlainValidator

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases import actions, plugins, stages
from zhifa.cases.api.step_fields import (
    FIELDS_DESCRIPTION,
    FIELDS_UNION,
    SPECIAL_STEPS,
    parse_fields,
)
from zhifa.cases.documents.serving import document_file_response
from zhifa.cases.exchange import import_records
from zhifa.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    CaseStep,
    Document,
    Party,
    PartyKind,
    Stage,
)
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.identifiers import mask_id_number

logger = logging.getLogger(__name__)

router = Router(tags=["案件"])

MAX_PAGE_SIZE = 100


# --- Schemas -----------------------------------------------------------------------------------


class NamedRef(Schema):
    id: int
    name: str


class PartyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    id_number: str = Field(description="居民身份证号，始终部分隐藏")
    uscc: str
    legal_representative: str
    address: str


class CaseOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    kind_label: str
    stage: str
    stage_label: str
    status: str
    status_label: str
    agency: NamedRef
    department: NamedRef
    opened_on: datetime.date
    closed_on: datetime.date | None
    source: str = Field(description="native 表示在本平台办理，其他值为外部系统代码")
    party_names: list[str]
    officer_names: list[str]


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CaseOut]


class OfficerRef(Schema):
    id: int
    name: str
    credential_number: str | None


class StepSummary(Schema):
    count: int
    by_stage: dict[str, int]
    last_step: str | None
    last_step_label: str | None
    last_occurred_at: datetime.datetime | None
    missing_before_closing: list[str] = Field(description="当前阶段结束前尚须记录的环节")


class DocumentOut(Schema):
    id: int
    doc_type: str
    title: str
    number: str
    version: int
    status: str
    status_label: str
    finalised_at: datetime.datetime | None
    has_docx: bool
    has_pdf: bool
    originals: int


class CaseDetailOut(CaseOut):
    violation_date: datetime.date | None
    flags: list[str]
    legal_review_state: str
    legal_review_state_label: str
    parties: list[PartyOut]
    officers: list[OfficerRef]
    power_items: list[str]
    steps: StepSummary
    documents: list[DocumentOut]
    warnings: list[str]


class CaseFilters(Schema):
    agency: int | None = Field(None, description="执法主体 id")
    department: int | None = Field(None, description="承办部门 id")
    kind: str | None = Field(None, description="penalty_summary、penalty_ordinary 或 inspection")
    stage: str | None = Field(None, description="阶段代码，例如 investigation")
    status: str | None = Field(None, description="open 或 closed")
    officer: int | None = Field(None, description="承办执法人员 id")
    party: int | None = Field(None, description="当事人 id")
    opened_from: datetime.date | None = Field(None, description="立案日期不早于")
    opened_to: datetime.date | None = Field(None, description="立案日期不晚于")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class PartyIn(Schema):
    kind: str = Field(
        description="natural_person、legal_person、other_organization 或 individual_business"
    )
    name: str
    id_number: str = ""
    uscc: str = ""
    legal_representative: str = ""
    address: str = ""
    phone: str = ""


class CaseIn(Schema):
    kind: str
    title: str
    department_id: int
    opened_on: datetime.date
    officer_ids: list[int]
    party_ids: list[int] = Field(default_factory=list, description="已登记当事人的 id")
    parties: list[PartyIn] = Field(
        default_factory=list, description="按身份证号或统一社会信用代码查找或登记的当事人"
    )
    power_item_ids: list[int] = Field(default_factory=list)
    violation_date: datetime.date | None = None
    flags: list[str] = Field(default_factory=list)


class CaseCreatedOut(CaseDetailOut):
    party_differences: list[str] = Field(description="填写的当事人信息与登记信息不一致之处")


class StepOut(Schema):
    id: int
    sequence: int
    stage: str
    stage_label: str
    step: str
    step_label: str
    occurred_at: datetime.datetime
    place: str
    summary: str
    details: dict[str, Any]
    officers: list[NamedRef]
    on_site: bool
    corrects_id: int | None
    correction_reason: str
    recorded_by: str
    recorded_at: datetime.datetime


def _fields_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("fields 格式无效，应为 JSON 对象。")
    return value


class StepIn(Schema):
    step: str = Field(description="环节代码，例如 inquiry_record、prior_notice、penalty_decision")
    occurred_at: datetime.datetime = Field(description="发生时间，须带时区")
    summary: str
    place: str = ""
    officer_ids: list[int] = Field(default_factory=list)
    credential_shown: bool | None = None
    uniform_worn: bool | None = None
    uniform_exemption: str = ""
    grounds_told: bool | None = None
    basis_told: bool | None = None
    rights_told: bool | None = None
    # The document shows the union of the step schemas, but the body keeps the raw object
    # because create_step validates it against the schema that the step code selects.
    fields: Annotated[
        dict[str, Any], PlainValidator(_fields_object, json_schema_input_type=FIELDS_UNION)
    ] = Field(default_factory=dict, description=FIELDS_DESCRIPTION)


class PartyDetailOut(PartyOut):
    cases: list[CaseOut]


class PartyPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PartyOut]


class ImportOut(Schema):
    batch: int
    status: str
    records: int
    created: int
    updated: int
    unchanged: int


class RecordErrorOut(Schema):
    code: str
    message: str
    errors: list[dict[str, Any]]


# --- Helpers -----------------------------------------------------------------------------------


def _require_backoffice(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.can(Capability.VIEW_BACKOFFICE):
        raise NotPermitted("您的角色没有“进入工作台”权限，不能查询案件。")
    return user


def _cases(user: Any) -> QuerySet[Case]:
    return restrict(
        Case.objects.select_related("agency", "department").prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("pk")),
            Prefetch("officers"),
        ),
        user,
    )


def _scoped_case(user: Any, case_id: int) -> Case:
    case = _cases(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("案件不存在或不在您的查看范围内。")
    return case


def _party_out(party: Party) -> dict[str, Any]:
    return {
        "id": party.pk,
        "kind": party.kind,
        "kind_label": party.get_kind_display(),
        "name": party.name,
        "id_number": mask_id_number(party.id_number) if party.id_number else "",
        "uscc": party.uscc,
        "legal_representative": party.legal_representative,
        # A natural person's address is personal data, while organisations' addresses are public.
        "address": "" if party.kind == PartyKind.NATURAL_PERSON else party.address,
    }


def _case_out(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "kind": case.kind,
        "kind_label": case.get_kind_display(),
        "stage": case.stage,
        "stage_label": case.get_stage_display(),
        "status": case.status,
        "status_label": case.get_status_display(),
        "agency": {"id": case.agency_id, "name": case.agency.name},
        "department": {"id": case.department_id, "name": case.department.name},
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "source": case.source,
        "party_names": [party.name for party in case.parties.all()],
        "officer_names": [officer.full_name for officer in case.officers.all()],
    }


def _step_label(case: Case, code: str) -> str:
    spec = stages.procedure_for(case.kind).step(code)
    return spec.label if spec else code


def _step_summary(case: Case) -> dict[str, Any]:
    by_stage = {
        row["stage"]: row["total"]
        for row in case.steps.order_by().values("stage").annotate(total=Count("pk"))
    }
    last = case.steps.order_by("-sequence").first()
    missing = [] if case.status == CaseStatus.CLOSED else actions.missing_before_closing(case)
    return {
        "count": sum(by_stage.values()),
        "by_stage": by_stage,
        "last_step": last.step if last else None,
        "last_step_label": _step_label(case, last.step) if last else None,
        "last_occurred_at": last.occurred_at if last else None,
        "missing_before_closing": missing,
    }


def _document_out(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "doc_type": document.doc_type,
        "title": document.title,
        "number": document.number,
        "version": document.version,
        "status": document.status,
        "status_label": document.get_status_display(),
        "finalised_at": document.finalised_at,
        "has_docx": bool(document.docx_file),
        "has_pdf": bool(document.pdf_file),
        "originals": getattr(document, "original_count", 0),
    }


def _documents(case: Case) -> list[dict[str, Any]]:
    rows = case.documents.annotate(original_count=Count("originals")).order_by(
        "doc_type", "version"
    )
    return [_document_out(document) for document in rows]


def _case_detail(case: Case) -> dict[str, Any]:
    officers = []
    for officer in case.officers.all():
        credential = officer.current_credential()
        officers.append(
            {
                "id": officer.pk,
                "name": officer.full_name,
                "credential_number": credential.number if credential else None,
            }
        )
    return {
        **_case_out(case),
        "violation_date": case.violation_date,
        "flags": list(case.flags),
        "legal_review_state": case.legal_review_state,
        "legal_review_state_label": case.get_legal_review_state_display(),
        "parties": [_party_out(party) for party in case.parties.all()],
        "officers": officers,
        "power_items": [item.code for item in case.power_items.order_by("code")],
        "steps": _step_summary(case),
        "documents": _documents(case),
        "warnings": actions.case_warnings(case),
    }


def _check_choice(value: str | None, choices: list[str], label: str, field: str) -> None:
    if value and value not in choices:
        allowed = "、".join(choices)
        raise ValidationFailed(f"{label}“{value}”不存在，可用值为 {allowed}。", field=field)


def _filter_cases(queryset: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    _check_choice(filters.kind, CaseKind.values, "案件类型", "kind")
    _check_choice(filters.stage, Stage.values, "阶段", "stage")
    _check_choice(filters.status, CaseStatus.values, "状态", "status")
    if filters.opened_from and filters.opened_to and filters.opened_from > filters.opened_to:
        raise ValidationFailed(
            "“立案日期不早于”晚于“立案日期不晚于”，请调换。", field="opened_from"
        )

    lookups = {
        "agency_id": filters.agency,
        "department_id": filters.department,
        "kind": filters.kind,
        "stage": filters.stage,
        "status": filters.status,
        "officers": filters.officer,
        "parties": filters.party,
        "opened_on__gte": filters.opened_from,
        "opened_on__lte": filters.opened_to,
    }
    # Unique constraints on the case-party and case-officer links keep these joins duplicate-free.
    return queryset.filter(**{key: value for key, value in lookups.items() if value})


# --- Cases -------------------------------------------------------------------------------------


@router.get("/cases", response=CasePage, summary="案件列表（分页）")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    user = _require_backoffice(request)
    queryset = _filter_cases(_cases(user), filters).order_by("-opened_on", "-pk")
    paginator = Paginator(queryset, filters.page_size)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_case_out(case) for case in page.object_list],
    }


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="案件详情")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = _require_backoffice(request)
    return _case_detail(_scoped_case(user, case_id))


@router.post("/cases", response={201: CaseCreatedOut}, summary="立案（启动案件）")
def create_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    user: Any = request.user
    procedure = stages.PROCEDURES.get(payload.kind)
    if procedure is not None and procedure.opened_on_page:
        raise ValidationFailed(
            f"“{CaseKind(payload.kind).label}”案件请在“{procedure.opened_on_page}”页面登记。",
            field="kind",
        )
    party_ids = list(payload.party_ids)
    differences: list[str] = []
    for index, party in enumerate(payload.parties):
        try:
            registration = actions.find_or_register_party(user, actions.PartyInput(**party.dict()))
        except ValidationFailed as error:
            raise ValidationFailed(error.message, field=f"parties.{index}.{error.field}") from None
        party_ids.append(registration.party.pk)
        differences += registration.differences

    case = actions.open_case(
        user,
        actions.CaseInput(
            kind=payload.kind,
            title=payload.title,
            department_id=payload.department_id,
            opened_on=payload.opened_on,
            party_ids=list(dict.fromkeys(party_ids)),
            officer_ids=payload.officer_ids,
            power_item_ids=payload.power_item_ids,
            violation_date=payload.violation_date,
            flags=payload.flags,
        ),
    )
    detail = _case_detail(_scoped_case(user, case.pk))
    return Status(201, {**detail, "party_differences": differences})


# --- Steps -------------------------------------------------------------------------------------


def _step_out(case: Case, step: CaseStep) -> dict[str, Any]:
    recorder = step.recorded_by
    return {
        "id": step.pk,
        "sequence": step.sequence,
        "stage": step.stage,
        "stage_label": step.get_stage_display(),
        "step": step.step,
        "step_label": _step_label(case, step.step),
        "occurred_at": step.occurred_at,
        "place": step.place,
        "summary": step.summary,
        "details": step.details,
        "officers": [{"id": o.pk, "name": o.full_name} for o in step.officers.all()],
        "on_site": step.on_site,
        "corrects_id": step.corrects_id,
        "correction_reason": step.correction_reason,
        "recorded_by": (recorder.full_name or recorder.username) if recorder else "",
        "recorded_at": step.recorded_at,
    }


def _steps(case: Case) -> QuerySet[CaseStep]:
    return (
        case.steps.select_related("recorded_by").prefetch_related("officers").order_by("sequence")
    )


@router.get("/cases/{case_id}/steps", response=list[StepOut], summary="案件办案环节记录")
def list_steps(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    user = _require_backoffice(request)
    case = _scoped_case(user, case_id)
    return [_step_out(case, step) for step in _steps(case)]


@router.post("/cases/{case_id}/steps", response={201: StepOut}, summary="记录办案环节")
def create_step(request: HttpRequest, case_id: int, payload: StepIn) -> Status[dict[str, Any]]:
    """Record a step: generic steps go to ``record_step``, the others to their own action."""
    user: Any = request.user
    if not user.can(Capability.MANAGE_CASES):
        raise NotPermitted(f"您的角色没有“{Capability.MANAGE_CASES.label}”权限。")
    case = _scoped_case(user, case_id)
    step = actions.StepInput(
        step=payload.step,
        occurred_at=payload.occurred_at,
        summary=payload.summary,
        place=payload.place,
        officer_ids=payload.officer_ids,
        credential_shown=payload.credential_shown,
        uniform_worn=payload.uniform_worn,
        uniform_exemption=payload.uniform_exemption,
        grounds_told=payload.grounds_told,
        basis_told=payload.basis_told,
        rights_told=payload.rights_told,
    )
    plugin = plugins.step_plugin(payload.step)
    special = SPECIAL_STEPS.get(payload.step)
    if plugin is not None:
        labels = {name: str(field.label or name) for name, field in plugin.fields.items()}
        values = parse_fields(plugin.schema, payload.fields, labels).model_dump()
        row = plugin.perform(user, case, step, values)
    elif special is None:
        if payload.fields:
            raise ValidationFailed(
                f"“{payload.step}”环节没有需要单独填写的内容，请删除 fields。", field="fields"
            )
        row = actions.record_step(user, case, step)
    else:
        schema, call = special
        row = call(user, case, step, parse_fields(schema, payload.fields))
    logger.info("case %s step %s recorded through the API", case.pk, row.pk)
    saved = _steps(case).get(pk=row.pk)
    return Status(201, _step_out(case, saved))


# --- Documents ---------------------------------------------------------------------------------


@router.get("/cases/{case_id}/documents", response=list[DocumentOut], summary="案件执法文书")
def list_documents(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    user = _require_backoffice(request)
    return _documents(_scoped_case(user, case_id))


@router.get("/documents/{document_id}/file", summary="下载执法文书文件（pdf、docx 或原件扫描件）")
def document_file(
    request: HttpRequest, document_id: int, which: Literal["pdf", "docx", "original"] = "pdf"
) -> FileResponse:
    user = _require_backoffice(request)
    document = restrict(Document.objects.all(), user).filter(pk=document_id).first()
    if document is None:
        raise NotFound("执法文书不存在或不在您的查看范围内。")
    try:
        return document_file_response(request, document, which)
    except Http404 as error:
        raise NotFound(str(error) or "文书文件不存在。") from None


# --- Parties -----------------------------------------------------------------------------------


class PartyFilters(Schema):
    q: str = Field("", description="完整的身份证号或统一社会信用代码，或姓名、名称的一部分")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


@router.get("/parties", response=PartyPage, summary="当事人查询（分页）")
def list_parties(request: HttpRequest, filters: Query[PartyFilters]) -> dict[str, Any]:
    user = _require_backoffice(request)
    queryset = restrict(Party.objects.all(), user)
    query = filters.q.strip()
    if query:
        number = query.upper()
        # Numbers match only in full, so a fragment of an ID number matches no party.
        queryset = queryset.filter(Q(id_number=number) | Q(uscc=number) | Q(name__icontains=query))
    paginator = Paginator(queryset.order_by("name", "pk"), filters.page_size)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_party_out(party) for party in page.object_list],
    }


@router.get("/parties/{party_id}", response=PartyDetailOut, summary="当事人详情及其案件")
def get_party(request: HttpRequest, party_id: int) -> dict[str, Any]:
    user = _require_backoffice(request)
    party = restrict(Party.objects.all(), user).filter(pk=party_id).first()
    if party is None:
        raise NotFound("当事人不存在或不在您的查看范围内。")
    cases = _cases(user).filter(parties=party).order_by("-opened_on", "-pk")
    return {**_party_out(party), "cases": [_case_out(case) for case in cases]}


# --- Exchange ----------------------------------------------------------------------------------


@router.post(
    "/exchange/{source_code}/records",
    response={200: ImportOut, 422: RecordErrorOut},
    summary="导入外部系统案件记录",
    tags=["数据交换"],
)
def import_exchange_records(
    request: HttpRequest,
    source_code: str,
    records: list[dict[str, Any]] = Body(...),  # noqa: B008 - ninja declares bodies this way
) -> Status[dict[str, Any]]:
    """Import a batch all or nothing. A rejected batch returns 422 with every problem."""
    user: Any = request.user
    report = import_records(user, source_code, records)
    result = report.as_dict()
    if not report.ok:
        return Status(
            422,
            {
                "code": "records_rejected",
                "message": (
                    f"批次中有{len(report.errors)}处错误，全部记录均未导入，请修改后重新提交。"
                ),
                "errors": result["errors"],
            },
        )
    return Status(200, {key: value for key, value in result.items() if key != "errors"})
