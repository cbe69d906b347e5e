"""Ex-post publications (事后公示) under ``/api/publicity/publications``.

Reads need 进入工作台 and see only the caller's scope, so an item of another agency returns 404
like a missing one. Every change goes through the same actions as the pages
(``zhifa.publicity.drafting.drafts`` and ``zhifa.publicity.publishing.approval``), which check
the capability, the state and the input and raise the errors the central handler renders.
The unmasked original is returned only by the preview, to callers who may approve.
"""

import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictInt, StrictStr

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.publicity.drafting import drafts
from zhifa.publicity.drafting.deadlines import is_overdue, refresh_pending_due_dates
from zhifa.publicity.drafting.external import ManualInput, PartyInput
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationKind,
    PublicationStatus,
    PublicationVersion,
)
from zhifa.publicity.publishing import approval
from zhifa.publicity.publishing.masking import Preview
from zhifa.publicity.publishing.numbers import enter_document_number
from zhifa.publicity.watch.deadlines import due_soon_horizon

router = Router(tags=["行政执法公示"])

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
# The same bound as POST /api/publicity/redact: the preview runs the text scanner over it.
MAX_TEXT_CHARACTERS = 100_000
MAX_PARTIES = 50
MAX_MASK_STRINGS = 50

DueFilter = Literal["overdue", "soon", "pending"]


# --- Schemas ----------------------------------------------------------------------------------


class PublicationFilters(Schema):
    status: PublicationStatus | None = Field(
        None, description="状态：draft、excluded、published、withdrawn、expired 或 repaired"
    )
    kind: PublicationKind | None = Field(None, description="公示类别代码，例如 penalty、license")
    agency: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="执法主体 id")
    due: DueFilter | None = Field(
        None,
        description=(
            "待发布事项的期限：overdue 已超期，soon 今天至其后第2个工作日内到期，"
            "pending 应公示日期待定（工作日历尚未导入该年度）"
        ),
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每次返回的条数，1至500")
    offset: int = Field(0, ge=0, description="跳过的条数，用于分页")


class PublicationOut(Schema):
    id: int
    agency_id: int
    agency_name: str
    kind: str
    kind_label: str
    source: str
    source_label: str = Field(description="来源：本平台办理、外部系统报送或手工录入")
    case_id: int | None
    title: str
    document_number: str
    decided_on: datetime.date
    due_on: datetime.date | None = Field(description="应公示日期；为空表示待定")
    overdue: bool = Field(description="待发布且已过应公示日期")
    status: str
    status_label: str
    exclusion_reason: str = Field(description="不予公示理由")
    exclusion_source: str = Field(description="不予公示依据；由审核人员排除的为空")
    published_at: datetime.datetime | None = Field(description="首次发布时间")
    starts_on: datetime.date | None = Field(description="公示开始日")
    min_end_on: datetime.date | None = Field(description="最短公示期截止日")
    ends_on: datetime.date | None = Field(description="公示截止期")
    has_pending_change: bool = Field(description="是否有待审核的更新或更正")


class VersionOut(Schema):
    number: int = Field(description="版本号")
    change: str
    change_label: str = Field(description="变动类型")
    reason: str = Field(description="更新、更正或撤回的理由")
    fields: dict[str, str] = Field(description="脱敏后的公示字段，键为双公示字段代码")
    text: str = Field(description="脱敏后的公示文本")
    approved_by: str = Field(description="发布审核人")
    created_at: datetime.datetime = Field(description="发布时间")


class PendingChangeOut(Schema):
    change: str
    change_label: str = Field(description="更新或更正")
    reason: str
    requested_at: str = Field(description="提交时间（ISO 8601）")


class PublicationDetailOut(PublicationOut):
    pending_change: PendingChangeOut | None
    versions: list[VersionOut]


class FieldRowOut(Schema):
    code: str = Field(description="双公示字段代码")
    label: str
    original: str = Field(description="原始值")
    masked: str = Field(description="脱敏后的值")
    public: bool = Field(description="是否在公示平台显示；否的只报送信用平台")


class MaskOut(Schema):
    start: int = Field(description="在原文中的起始位置（字符）")
    end: int = Field(description="在原文中的结束位置（不含）")
    kind: str = Field(description="遮蔽类型，例如 name、id_number、manual")
    replacement: str
    source: str


class PreviewOut(Schema):
    publication_id: int
    change: str = Field(description="待审核内容：initial 首次发布，update 更新，correction 更正")
    fields: list[FieldRowOut]
    original_text: str = Field(description="决定书原文")
    masked_text: str = Field(description="将要公示的脱敏文本")
    masks: list[MaskOut]
    added: list[str] = Field(description="审核人员增加遮蔽的词句")
    removed: list[str] = Field(description="审核人员取消遮蔽、保持可见的词句")


class PartyIn(Schema):
    kind: str = Field(description="当事人类型代码，例如 natural_person、legal_person")
    name: str = Field(max_length=200, description="姓名或名称")
    id_number: str = Field("", max_length=40, description="身份证号")
    uscc: str = Field("", max_length=18, description="统一社会信用代码")
    legal_representative: str = Field("", max_length=60, description="法定代表人或负责人")
    address: str = Field("", max_length=200, description="住所或地址")
    phone: str = Field("", max_length=40, description="联系电话")


class ManualIn(Schema):
    agency_id: int = Field(ge=1, le=MAX_ROW_ID, description="作出决定的执法主体 id")
    kind: str = Field(description="公示类别代码，例如 penalty、license")
    document_number: str = Field(max_length=100, description="决定书文号")
    decided_on: datetime.date = Field(description="决定日期，不能晚于今天")
    text: str = Field(description="决定书全文")
    parties: list[PartyIn] = Field(description="当事人，至少一个")
    title: str = Field("", max_length=300, description="标题；留空时按执法主体和类别生成")
    fields: dict[str, str] = Field(
        default_factory=dict, description="公示字段，键为本类别的双公示字段代码"
    )
    procedure: str = Field("", description="行政处罚的程序：ordinary 普通程序，summary 简易程序")
    penalty_types: list[str] = Field(default_factory=list, description="处罚种类代码")
    # Text or a whole number, never a JSON float: 1e5 or 0.1 would arrive already rounded.
    fine: StrictStr | StrictInt | None = Field(
        None, description='罚款金额（元），最多两位小数，例如 "2000" 或 "1500.50"'
    )
    domain_code: str = Field(
        "", max_length=50, description="执法领域代码，须为已登记的执法领域，例如 market"
    )
    state_secret: bool = Field(False, description="是否涉及国家秘密")


class DocumentNumberIn(Schema):
    document_number: str = Field(max_length=200, description="决定书文号，最多100个字")


class MasksIn(Schema):
    add: list[str] = Field(default_factory=list, description="要增加遮蔽的词句，须出现在原文中")
    remove: list[str] = Field(default_factory=list, description="要取消遮蔽、保持可见的词句")


class ExcludeIn(Schema):
    reason: str = Field(description="不予公示理由，写明依据的法律规定")


class ChangeIn(Schema):
    change: Literal["update", "correction"] = Field(description="update 更新，correction 更正")
    reason: str = Field(description="更新或更正的理由")
    fields: dict[str, str] = Field(
        default_factory=dict, description="要修改的原始字段；值为空字符串表示删除该字段"
    )
    text: str | None = Field(None, description="修改后的决定书全文；不修改全文时省略")


# --- Helpers ----------------------------------------------------------------------------------


def _user(request: HttpRequest, capability: Capability) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{capability.label}”权限。")
    return user


def _visible(user: User, publication_id: int) -> Publication:
    # An id beyond the column's range is reported as missing, because SQLite raises an
    # OverflowError for it.
    if not 0 < publication_id <= MAX_ROW_ID:
        raise NotFound("公示事项不存在或不在您的管理范围内。")
    return approval.visible(user, publication_id)


def _text_within_limit(text: str | None, field: str) -> None:
    if text is not None and len(text) > MAX_TEXT_CHARACTERS:
        raise ValidationFailed(
            f"“决定书全文”有{len(text)}个字符，超过{MAX_TEXT_CHARACTERS}个字符的上限，"
            "请只提交决定书本身。",
            field=field,
        )


def _summary(publication: Publication, today: datetime.date) -> dict[str, Any]:
    return {
        "id": publication.pk,
        "agency_id": publication.agency_id,
        "agency_name": publication.agency.name,
        "kind": publication.kind,
        "kind_label": publication.get_kind_display(),
        "source": publication.source,
        "source_label": publication.get_source_display(),
        "case_id": publication.case_id,
        "title": publication.title,
        "document_number": publication.document_number,
        "decided_on": publication.decided_on,
        "due_on": publication.due_on,
        "overdue": is_overdue(publication, today),
        "status": publication.status,
        "status_label": publication.get_status_display(),
        "exclusion_reason": publication.exclusion_reason,
        "exclusion_source": publication.exclusion_source,
        "published_at": publication.published_at,
        "starts_on": publication.starts_on,
        "min_end_on": publication.min_end_on,
        "ends_on": publication.ends_on,
        "has_pending_change": bool(publication.pending_change),
    }


def _version_out(version: PublicationVersion) -> dict[str, Any]:
    approver = version.approved_by
    return {
        "number": version.number,
        "change": version.change,
        "change_label": version.get_change_display(),
        "reason": version.reason,
        "fields": {code: str(value) for code, value in (version.fields or {}).items()},
        "text": version.text,
        "approved_by": str(approver) if approver is not None else "",
        "created_at": version.created_at,
    }


def _pending_out(publication: Publication) -> dict[str, Any] | None:
    pending = publication.pending_change or {}
    if not pending:
        return None
    change = ChangeKind(pending["change"])
    return {
        "change": change.value,
        "change_label": change.label,
        "reason": pending.get("reason", ""),
        "requested_at": pending.get("requested_at", ""),
    }


def _detail(user: User, publication_id: int) -> dict[str, Any]:
    publication = _visible(user, publication_id)
    versions = publication.versions.select_related("approved_by").order_by("number")
    return {
        **_summary(publication, timezone.localdate()),
        "pending_change": _pending_out(publication),
        "versions": [_version_out(version) for version in versions],
    }


def _preview_out(publication: Publication, preview: Preview) -> dict[str, Any]:
    edits = approval.pending_edits(publication)
    pending = publication.pending_change or {}
    return {
        "publication_id": publication.pk,
        "change": pending.get("change", ChangeKind.INITIAL.value),
        "fields": [
            {
                "code": row.code,
                "label": row.label,
                "original": row.original,
                "masked": row.masked,
                "public": row.public,
            }
            for row in preview.rows
        ],
        "original_text": preview.original_text,
        "masked_text": preview.masked_text,
        "masks": preview.masks,
        "added": list(edits.get("added", [])),
        "removed": list(edits.get("removed", [])),
    }


def _filtered(
    queryset: QuerySet[Publication], filters: PublicationFilters, today: datetime.date
) -> QuerySet[Publication]:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.agency:
        queryset = queryset.filter(agency_id=filters.agency)
    if filters.due is None:
        return queryset

    drafts_only = queryset.filter(status=PublicationStatus.DRAFT)
    if filters.due == "overdue":
        return drafts_only.filter(due_on__lt=today)
    if filters.due == "pending":
        return drafts_only.filter(due_on__isnull=True)
    # Without next year's calendar the horizon is unknown. The deadline board then counts
    # every draft due by the end of this year as due soon, and this filter does the same.
    horizon = due_soon_horizon(today) or datetime.date(today.year, 12, 31)
    return drafts_only.filter(due_on__gte=today, due_on__lte=horizon)


def _manual_input(payload: ManualIn) -> ManualInput:
    if len(payload.parties) > MAX_PARTIES:
        raise ValidationFailed(
            f"当事人最多{MAX_PARTIES}个，本次提交了{len(payload.parties)}个，请核对当事人名单。",
            field="parties",
        )
    _text_within_limit(payload.text, "text")
    return ManualInput(
        agency_id=payload.agency_id,
        kind=payload.kind,
        document_number=payload.document_number,
        decided_on=payload.decided_on,
        text=payload.text,
        parties=[PartyInput(**party.dict()) for party in payload.parties],
        title=payload.title,
        fields=dict(payload.fields),
        procedure=payload.procedure,
        penalty_types=list(payload.penalty_types),
        fine=payload.fine,
        domain_code=payload.domain_code,
        state_secret=payload.state_secret,
    )


# --- Routes -----------------------------------------------------------------------------------


@router.get("/publications", response=list[PublicationOut], summary="公示事项列表")
def list_publications(
    request: HttpRequest, filters: Query[PublicationFilters]
) -> list[dict[str, Any]]:
    """List publications in scope: drafts first, the earliest due date first."""
    user = _user(request, Capability.VIEW_BACKOFFICE)
    # A calendar year imported since the last call fills the due dates still pending.
    refresh_pending_due_dates()
    today = timezone.localdate()
    rows = _filtered(
        restrict(Publication.objects.select_related("agency"), user), filters, today
    ).order_by("status", "due_on", "-decided_on", "-pk")
    page = rows[filters.offset : filters.offset + filters.limit]
    return [_summary(row, today) for row in page]


@router.get("/publications/{publication_id}", response=PublicationDetailOut, summary="公示事项详情")
def get_publication(request: HttpRequest, publication_id: int) -> dict[str, Any]:
    return _detail(_user(request, Capability.VIEW_BACKOFFICE), publication_id)


@router.post(
    "/publications", response={201: PublicationDetailOut}, summary="手工录入其他系统作出的决定"
)
def create_publication(request: HttpRequest, payload: ManualIn) -> Status[dict[str, Any]]:
    user = _user(request, Capability.MANAGE_PUBLICATIONS)
    publication = drafts.enter_manually(user, _manual_input(payload))
    return Status(201, _detail(user, publication.pk))


@router.get(
    "/publications/{publication_id}/preview",
    response=PreviewOut,
    summary="发布审核预览：原文、脱敏文本和遮蔽",
)
def preview_publication(request: HttpRequest, publication_id: int) -> dict[str, Any]:
    """Return what approval would publish now, beside the original it is masked from."""
    user = _user(request, Capability.PUBLISH_DECISIONS)
    publication = _visible(user, publication_id)
    # A case draft reads its decision again first, as approval does.
    drafts.refresh(publication)
    return _preview_out(publication, approval.preview(publication))


@router.post("/publications/{publication_id}/masks", response=PreviewOut, summary="增加或取消遮蔽")
def edit_masks(request: HttpRequest, publication_id: int, payload: MasksIn) -> dict[str, Any]:
    user = _user(request, Capability.PUBLISH_DECISIONS)
    _visible(user, publication_id)
    if len(payload.add) + len(payload.remove) > MAX_MASK_STRINGS:
        raise ValidationFailed(f"一次最多调整{MAX_MASK_STRINGS}处遮蔽，请分批提交。", field="add")
    publication = approval.edit_masks(user, publication_id, add=payload.add, remove=payload.remove)
    return _preview_out(publication, approval.preview(publication))


@router.post(
    "/publications/{publication_id}/approve",
    response=PublicationDetailOut,
    summary="审核通过并发布（含待审核的更新或更正）",
)
def approve_publication(request: HttpRequest, publication_id: int) -> dict[str, Any]:
    user = _user(request, Capability.PUBLISH_DECISIONS)
    _visible(user, publication_id)
    approval.approve(user, publication_id)
    return _detail(user, publication_id)


@router.post(
    "/publications/{publication_id}/exclude",
    response=PublicationDetailOut,
    summary="决定不予公示并记录理由",
)
def exclude_publication(
    request: HttpRequest, publication_id: int, payload: ExcludeIn
) -> dict[str, Any]:
    user = _user(request, Capability.PUBLISH_DECISIONS)
    _visible(user, publication_id)
    approval.exclude(user, publication_id, payload.reason)
    return _detail(user, publication_id)


@router.post(
    "/publications/{publication_id}/changes",
    response=PublicationDetailOut,
    summary="提交公示信息的更新或更正，待发布审核",
)
def prepare_change(request: HttpRequest, publication_id: int, payload: ChangeIn) -> dict[str, Any]:
    user = _user(request, Capability.MANAGE_PUBLICATIONS)
    _visible(user, publication_id)
    _text_within_limit(payload.text, "text")
    approval.prepare_change(
        user,
        publication_id,
        change=payload.change,
        reason=payload.reason,
        fields=dict(payload.fields),
        text=payload.text,
    )
    return _detail(user, publication_id)


@router.post(
    "/publications/{publication_id}/document-number",
    response=PublicationDetailOut,
    summary="补录决定书文号（公示中的事项作为更正提交审核）",
)
def enter_number(
    request: HttpRequest, publication_id: int, payload: DocumentNumberIn
) -> dict[str, Any]:
    user = _user(request, Capability.MANAGE_PUBLICATIONS)
    _visible(user, publication_id)
    enter_document_number(user, publication_id, payload.document_number)
    return _detail(user, publication_id)
