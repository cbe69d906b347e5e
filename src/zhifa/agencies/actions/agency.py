"""Actions on agencies: basic information and the review body (法制审核机构)."""

import datetime
import logging
import re
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies import rules
from zhifa.agencies.actions._common import (
    _lock_in_scope,
    _optional_text,
    _require,
    _required_text,
)
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    Department,
)
from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import check_uscc

logger = logging.getLogger(__name__)


# --- Agencies ----------------------------------------------------------------------------------


def set_review_body(
    user: User, agency: Agency, department_id: int | None, *, request: HttpRequest | None = None
) -> Agency:
    """Name the department that performs the agency's legal review (法制审核机构)."""
    _require(user, Capability.MANAGE_AGENCY)
    with transaction.atomic():
        agency = _lock_in_scope(user, Agency, agency.pk, "执法主体")
        if department_id is None:
            raise ValidationFailed("请选择“法制审核机构”。", field="review_body")
        department = Department.objects.filter(pk=department_id).first()
        if department is None:
            raise ValidationFailed(
                "所选部门不存在，请重新选择“法制审核机构”。", field="review_body"
            )

        outcome = rules.check_review_body(
            agency.pk,
            department_agency_id=department.agency_id,
            department_name=department.name,
            is_legal_department=department.is_legal_department,
            handled_kinds=department.handled_kinds,
        )
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="review_body")

        previous = agency.review_body.name if agency.review_body else ""
        agency.review_body = department
        agency.save(update_fields=["review_body"])
        audit.record(
            "review_body_set",
            actor=user,
            target=agency,
            agency_id=agency.pk,
            request=request,
            detail={"from": previous, "to": department.name},
        )
    logger.info("review body of agency %s set to department %s", agency.pk, department.pk)
    return agency


@dataclass
class AgencyInput:
    """The editable basic information of an agency."""

    name: str
    short_name: str
    kind: str
    abbreviation: str = ""
    uscc: str = ""
    legal_basis: str = ""
    address: str = ""
    phone: str = ""
    website: str = ""
    entrusting_agency_id: int | None = None
    entrustment_document: str = ""
    entrustment_scope: str = ""
    entrustment_starts_on: datetime.date | None = None
    entrustment_ends_on: datetime.date | None = None


AGENCY_FIELDS = [
    "name",
    "short_name",
    "kind",
    "abbreviation",
    "uscc",
    "legal_basis",
    "address",
    "phone",
    "website",
    "entrusting_agency_id",
    "entrustment_document",
    "entrustment_scope",
    "entrustment_starts_on",
    "entrustment_ends_on",
]


def _clean_entrustment(agency: Agency, data: AgencyInput) -> None:
    """Check the entrustment fields (行政处罚法 Art. 20: 委托书 states matters, powers, term)."""
    has_any = any(
        [
            data.entrusting_agency_id,
            data.entrustment_document.strip(),
            data.entrustment_scope.strip(),
            data.entrustment_starts_on,
            data.entrustment_ends_on,
        ]
    )
    if data.kind != AgencyKind.ENTRUSTED:
        if has_any:
            raise ValidationFailed(
                "只有“受委托组织”填写委托信息；请清空委托机关、委托书、委托事项和委托期限，"
                "或把“主体类型”改为受委托组织。",
                field="kind",
            )
        return

    if data.entrusting_agency_id is None:
        raise ValidationFailed("受委托组织须选择“委托机关”。", field="entrusting_agency")
    if data.entrusting_agency_id == agency.pk:
        raise ValidationFailed("“委托机关”不能是本单位。", field="entrusting_agency")
    entrusting = Agency.objects.filter(pk=data.entrusting_agency_id).first()
    if entrusting is None:
        raise ValidationFailed("所选“委托机关”不存在。", field="entrusting_agency")
    if entrusting.kind == AgencyKind.ENTRUSTED:
        raise ValidationFailed(
            f"“{entrusting.name}”本身是受委托组织，不能再委托。", field="entrusting_agency"
        )
    data.entrustment_document = _required_text(
        data.entrustment_document, "entrustment_document", "委托书", 200
    )
    data.entrustment_scope = _required_text(
        data.entrustment_scope, "entrustment_scope", "委托事项和权限", 2000
    )
    if data.entrustment_starts_on is None:
        raise ValidationFailed("受委托组织须填写“委托期限自”。", field="entrustment_starts_on")
    if data.entrustment_ends_on is None:
        raise ValidationFailed("受委托组织须填写“委托期限至”。", field="entrustment_ends_on")
    if data.entrustment_ends_on < data.entrustment_starts_on:
        raise ValidationFailed("“委托期限至”不能早于“委托期限自”。", field="entrustment_ends_on")


def _checked_uscc(agency: Agency, value: str) -> str:
    """Return the normalised USCC, or "" when none is given; no two agencies share one."""
    if not (value or "").strip():
        return ""
    result = check_uscc(value)
    if not result.valid:
        raise ValidationFailed(f"统一社会信用代码无效：{result.reason}。", field="uscc")
    holder = Agency.objects.filter(uscc=result.normalized).exclude(pk=agency.pk).first()
    if holder is not None:
        raise ValidationFailed(
            f"统一社会信用代码{result.normalized}已被“{holder.name}”使用；"
            "每个执法主体的代码应各不相同，请核对。",
            field="uscc",
        )
    return result.normalized


# A telephone number: an optional leading "+" (also right after an opening parenthesis), then
# digits, spaces, hyphens and parentheses, then an optional extension after 转 or ext.
PHONE_PATTERN = re.compile(
    r"(?P<number>\(?\+?[0-9 ()\-]+?)\s*(?:(?:转|ext\.?)\s*(?P<extension>[0-9]+))?",
    re.IGNORECASE,
)
PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 20


def _checked_phone(value: str) -> str:
    """Return the phone number with full-width characters folded, or "" when none is given."""
    text = _optional_text(unicodedata.normalize("NFKC", value or ""), "phone", "联系电话", 40)
    if not text:
        return ""
    match = PHONE_PATTERN.fullmatch(text)
    if match is None:
        raise ValidationFailed(
            f"“联系电话”“{text}”格式无效：只能包含数字、空格、+、-和括号，"
            "分机号写在“转”或“ext”之后，例如“021-59721234转8001”。",
            field="phone",
        )
    digits = sum(character.isdigit() for character in text)
    if not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise ValidationFailed(
            f"“联系电话”“{text}”共有{digits}位数字，应为{PHONE_MIN_DIGITS}至"
            f"{PHONE_MAX_DIGITS}位（含区号和分机号）。",
            field="phone",
        )
    return text


def update_agency(
    user: User, agency: Agency, data: AgencyInput, *, request: HttpRequest | None = None
) -> Agency:
    """Change an agency's basic information; the USCC is checked against GB 32100."""
    _require(user, Capability.MANAGE_AGENCY)
    with transaction.atomic():
        agency = _lock_in_scope(user, Agency, agency.pk, "执法主体")

        data.name = _required_text(data.name, "name", "名称", 100)
        data.short_name = _required_text(data.short_name, "short_name", "简称", 40)
        data.abbreviation = _optional_text(data.abbreviation, "abbreviation", "文书代字", 20)
        data.address = _optional_text(data.address, "address", "地址", 200)
        data.website = (data.website or "").strip()
        if data.kind not in AgencyKind.values:
            raise ValidationFailed("请从列表中选择“主体类型”。", field="kind")
        if Agency.objects.filter(name=data.name).exclude(pk=agency.pk).exists():
            raise ValidationFailed(f"名称“{data.name}”已被其他执法主体使用。", field="name")

        data.uscc = _checked_uscc(agency, data.uscc)
        data.phone = _checked_phone(data.phone)

        _clean_entrustment(agency, data)

        changed: dict[str, list[str]] = {}
        for name in AGENCY_FIELDS:
            old, new = getattr(agency, name), getattr(data, name)
            if old != new:
                changed[name] = [str(old or ""), str(new or "")]
                setattr(agency, name, new)
        if not changed:
            return agency

        agency.save(update_fields=[name.removesuffix("_id") for name in changed])
        audit.record(
            "agency_updated",
            actor=user,
            target=agency,
            agency_id=agency.pk,
            request=request,
            detail={"changed": changed},
        )
    logger.info("agency %s updated: %s", agency.pk, ", ".join(changed))
    return agency
