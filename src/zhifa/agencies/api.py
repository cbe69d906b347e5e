"""JSON endpoints for agencies and officers, scoped like the back-office pages.

Every queryset passes through ``zhifa.accounts.scope.restrict``, so an object outside the
caller's scope returns 404 exactly like one that does not exist. ID numbers are masked
unless the caller belongs to the officer's agency and may see full numbers.
"""

import datetime
import logging
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies import compliance
from zhifa.agencies.models import Agency, Credential, CredentialStatus, Officer
from zhifa.agencies.privacy import displayed_id_number
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)

router = Router(tags=["执法主体与执法人员"])

MAX_PAGE_SIZE = 100
LIVE_STATUSES = [CredentialStatus.APPLIED, CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED]


class DepartmentOut(Schema):
    id: int
    name: str
    is_legal_department: bool
    handled_kinds: list[str]


class ReviewerRatioOut(Schema):
    reviewers: int
    credentialed_officers: int
    minimum: str
    ratio: str | None = Field(description="小数形式的配比；无持证人员时为 null")
    compliant: bool | None


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    uscc: str
    uscc_problem: str


class AgencyDetailOut(AgencyOut):
    abbreviation: str
    legal_basis: str
    address: str
    phone: str
    website: str
    review_body: DepartmentOut | None
    review_body_problem: str
    departments: list[DepartmentOut]
    reviewer_ratio: ReviewerRatioOut
    entrusting_agency_id: int | None
    entrustment_document: str
    entrustment_scope: str
    entrustment_starts_on: datetime.date | None
    entrustment_ends_on: datetime.date | None


class CredentialOut(Schema):
    number: str | None
    status: str
    status_label: str
    validity_label: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    issuing_authority: str


class OfficerOut(Schema):
    id: int
    agency_id: int
    agency_name: str
    department: str | None
    full_name: str
    gender: str
    id_number: str = Field(description="完整号码仅对本单位有权限的用户返回，其他情况下部分隐藏")
    post: str
    is_active: bool
    legal_qualification: bool
    credential: CredentialOut | None


class OfficerDetailOut(OfficerOut):
    domains: list[str]
    legal_qualification_number: str
    training_hours_this_year: str


class OfficerPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[OfficerOut]


class OfficerFilters(Schema):
    q: str = Field("", description="姓名或执法证号的一部分")
    agency_id: int | None = None
    department_id: int | None = None
    credential_status: str | None = Field(
        None, description="applied、active、suspended、revoked，或 none 表示未申领"
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(30, ge=1, le=MAX_PAGE_SIZE)


def _require_backoffice(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.can(Capability.VIEW_BACKOFFICE):
        raise NotPermitted("您的角色没有“进入工作台”权限，不能查询执法主体和执法人员。")
    return user


def _department_out(department: Any) -> DepartmentOut:
    return DepartmentOut(
        id=department.pk,
        name=department.name,
        is_legal_department=department.is_legal_department,
        handled_kinds=department.handled_kinds,
    )


def _agency_out(agency: Agency) -> dict[str, Any]:
    return {
        "id": agency.pk,
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "kind_label": agency.get_kind_display(),
        "uscc": agency.uscc,
        "uscc_problem": agency.uscc_problem,
    }


def _credential_out(credential: Credential | None, today: datetime.date) -> CredentialOut | None:
    if credential is None:
        return None
    return CredentialOut(
        number=credential.number,
        status=credential.status,
        status_label=credential.get_status_display(),
        validity_label=credential.validity_label(today),
        valid_from=credential.valid_from,
        valid_until=credential.valid_until,
        issuing_authority=credential.issuing_authority,
    )


def _latest_credential(officer: Officer) -> Credential | None:
    # The prefetch orders credentials newest first, and at most one is not revoked.
    credentials = list(officer.credentials.all())
    live = [credential for credential in credentials if credential.status in LIVE_STATUSES]
    if live:
        return live[0]
    return credentials[0] if credentials else None


def _officer_out(user: Any, officer: Officer, today: datetime.date) -> dict[str, Any]:
    return {
        "id": officer.pk,
        "agency_id": officer.agency_id,
        "agency_name": officer.agency.name,
        "department": officer.department.name if officer.department else None,
        "full_name": officer.full_name,
        "gender": officer.gender,
        "id_number": displayed_id_number(user, officer),
        "post": officer.post,
        "is_active": officer.is_active,
        "legal_qualification": officer.legal_qualification,
        "credential": _credential_out(_latest_credential(officer), today),
    }


def _officers(user: Any) -> QuerySet[Officer]:
    return restrict(
        Officer.objects.select_related("agency", "department").prefetch_related(
            Prefetch("credentials", queryset=Credential.objects.order_by("-pk"))
        ),
        user,
    )


@router.get("/agencies", response=list[AgencyOut], summary="执法主体列表")
def list_agencies(request: HttpRequest) -> list[dict[str, Any]]:
    user = _require_backoffice(request)
    return [_agency_out(agency) for agency in restrict(Agency.objects.all(), user)]


@router.get("/agencies/{agency_id}", response=AgencyDetailOut, summary="执法主体详情")
def get_agency(request: HttpRequest, agency_id: int) -> dict[str, Any]:
    user = _require_backoffice(request)
    agency = (
        restrict(Agency.objects.select_related("review_body"), user).filter(pk=agency_id).first()
    )
    if agency is None:
        raise NotFound("执法主体不存在或不在您的查看范围内。")
    ratio = compliance.reviewer_ratio_for(agency, timezone.localdate())
    return {
        **_agency_out(agency),
        "abbreviation": agency.abbreviation,
        "legal_basis": agency.legal_basis,
        "address": agency.address,
        "phone": agency.phone,
        "website": agency.website,
        "review_body": _department_out(agency.review_body) if agency.review_body else None,
        "review_body_problem": compliance.review_body_problem(agency),
        "departments": [_department_out(department) for department in agency.departments.all()],
        "reviewer_ratio": ReviewerRatioOut(
            reviewers=ratio.reviewers,
            credentialed_officers=ratio.credentialed_officers,
            minimum=str(ratio.minimum),
            ratio=None if ratio.ratio is None else f"{ratio.ratio:.4f}",
            compliant=ratio.compliant,
        ),
        "entrusting_agency_id": agency.entrusting_agency_id,
        "entrustment_document": agency.entrustment_document,
        "entrustment_scope": agency.entrustment_scope,
        "entrustment_starts_on": agency.entrustment_starts_on,
        "entrustment_ends_on": agency.entrustment_ends_on,
    }


def _filter_officers(queryset: QuerySet[Officer], filters: OfficerFilters) -> QuerySet[Officer]:
    query = filters.q.strip()
    if query:
        queryset = queryset.filter(
            Q(full_name__icontains=query) | Q(credentials__number__icontains=query)
        ).distinct()
    if filters.agency_id is not None:
        queryset = queryset.filter(agency_id=filters.agency_id)
    if filters.department_id is not None:
        queryset = queryset.filter(department_id=filters.department_id)

    status = filters.credential_status
    if status == "none":
        queryset = queryset.filter(credentials__isnull=True)
    elif status == CredentialStatus.REVOKED:
        live = Credential.objects.filter(status__in=LIVE_STATUSES).values("officer")
        queryset = queryset.filter(credentials__status=status).exclude(pk__in=live).distinct()
    elif status in CredentialStatus.values:
        queryset = queryset.filter(credentials__status=status).distinct()
    elif status:
        raise ValidationFailed(
            f"证件状态“{status}”不存在，可用值为 applied、active、suspended、revoked、none。"
        )
    return queryset


@router.get("/officers", response=OfficerPage, summary="执法人员列表（分页）")
def list_officers(request: HttpRequest, filters: Query[OfficerFilters]) -> dict[str, Any]:
    user = _require_backoffice(request)
    queryset = _filter_officers(_officers(user), filters).order_by("agency", "full_name", "pk")
    paginator = Paginator(queryset, filters.page_size)
    page = paginator.get_page(filters.page)
    today = timezone.localdate()
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_officer_out(user, officer, today) for officer in page.object_list],
    }


@router.get("/officers/{officer_id}", response=OfficerDetailOut, summary="执法人员详情")
def get_officer(request: HttpRequest, officer_id: int) -> dict[str, Any]:
    user = _require_backoffice(request)
    officer = _officers(user).filter(pk=officer_id).first()
    if officer is None:
        raise NotFound("执法人员不存在或不在您的查看范围内。")
    today = timezone.localdate()
    hours = officer.trainings.filter(attended_on__year=today.year).aggregate(total=Sum("hours"))[
        "total"
    ] or Decimal(0)
    return {
        **_officer_out(user, officer, today),
        "domains": [domain.name for domain in officer.domains.all()],
        "legal_qualification_number": officer.legal_qualification_number,
        "training_hours_this_year": str(hours),
    }
