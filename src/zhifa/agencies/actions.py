"""Every change to agencies, officers, credentials, training and reviewers.

Each action checks the user's capability and then the user's scope. An object outside the
scope raises ``NotFound``, so its existence does not leak. The action then validates the
input with Chinese messages naming the field, writes inside one transaction and appends the
audit entry in that same transaction.
"""

import datetime
import logging
import secrets
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies import rules
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    Credential,
    CredentialEvent,
    CredentialEventKind,
    CredentialStatus,
    Department,
    EnforcementDomain,
    Gender,
    Officer,
    Reviewer,
    ReviewerKind,
    TrainingRecord,
)
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.core.identifiers import check_id_number, check_uscc, convert_legacy_id

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=Model)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Pillow format name to the file extension the photo is stored under.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_FOLDER = "officers/photos/"


# --- Shared checks -----------------------------------------------------------------------------


def _require(user: User, capability: str) -> None:
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")


def _lock_in_scope(user: User, model: type[ModelT], pk: Any, label: str) -> ModelT:
    """Return the row locked for update, or raise ``NotFound`` when it is outside the scope."""
    manager = model._default_manager
    if not restrict(manager.filter(pk=pk), user).exists():
        raise NotFound(f"{label}不存在或不在您的管理范围内。")
    return manager.select_for_update().get(pk=pk)


def _today() -> datetime.date:
    return timezone.localdate()


def _required_text(value: str, field_name: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"请填写“{label}”。", field=field_name)
    if len(text) > max_length:
        raise ValidationFailed(f"“{label}”不能超过{max_length}个字。", field=field_name)
    return text


def _optional_text(value: str, field_name: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValidationFailed(f"“{label}”不能超过{max_length}个字。", field=field_name)
    return text


def _not_in_future(day: datetime.date, field_name: str, label: str) -> None:
    if day > _today():
        raise ValidationFailed(
            f"“{label}”{day.isoformat()}晚于今天，请填写已经发生的日期。", field=field_name
        )


def _department_of(agency: Agency, department_id: int | None, field_name: str) -> Department | None:
    if department_id is None:
        return None
    department = Department.objects.filter(pk=department_id, agency=agency).first()
    if department is None:
        raise ValidationFailed(f"所选部门不是“{agency.short_name}”的内设部门。", field=field_name)
    return department


def _domains(domain_ids: list[int]) -> list[EnforcementDomain]:
    domains = list(EnforcementDomain.objects.filter(pk__in=domain_ids))
    if len(domains) != len(set(domain_ids)):
        raise ValidationFailed("所选执法领域不存在，请重新选择。", field="domains")
    return domains


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
        data.phone = _optional_text(data.phone, "phone", "联系电话", 40)
        data.website = (data.website or "").strip()
        if data.kind not in AgencyKind.values:
            raise ValidationFailed("请从列表中选择“主体类型”。", field="kind")
        if Agency.objects.filter(name=data.name).exclude(pk=agency.pk).exists():
            raise ValidationFailed(f"名称“{data.name}”已被其他执法主体使用。", field="name")

        if data.uscc.strip():
            result = check_uscc(data.uscc)
            if not result.valid:
                raise ValidationFailed(f"统一社会信用代码无效：{result.reason}。", field="uscc")
            data.uscc = result.normalized
        else:
            data.uscc = ""

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


# --- Officers ----------------------------------------------------------------------------------


@dataclass
class OfficerInput:
    """The editable information of an officer; ``photo`` replaces the stored photo when given."""

    full_name: str
    gender: str
    id_number: str
    department_id: int | None = None
    post: str = ""
    domain_ids: list[int] = field(default_factory=list)
    legal_qualification: bool = False
    legal_qualification_number: str = ""
    is_active: bool = True
    photo: UploadedFile | None = None
    remove_photo: bool = False


def _checked_id_number(officer_pk: int | None, data: OfficerInput) -> str:
    """Validate, normalise and de-duplicate the ID number, and match the gender against it."""
    result = check_id_number(data.id_number or "")
    if not result.valid:
        raise ValidationFailed(f"身份证号无效：{result.reason}。", field="id_number")
    number = convert_legacy_id(result.normalized) if result.legacy else result.normalized

    if data.gender not in Gender.values:
        raise ValidationFailed("请选择“性别”。", field="gender")
    if data.gender != result.gender:
        # GB 11643: the 17th character (15th in the old 15-digit form) is odd for men.
        raise ValidationFailed(
            f"性别与身份证号不符：身份证号的顺序码表示“{Gender(result.gender).label}”，"
            f"请核对“性别”或身份证号。",
            field="gender",
        )

    duplicates = Officer.objects.filter(id_number=number)
    if officer_pk is not None:
        duplicates = duplicates.exclude(pk=officer_pk)
    if duplicates.exists():
        raise ValidationFailed("该身份证号已登记为执法人员，请勿重复录入。", field="id_number")
    return number


def _checked_photo(upload: UploadedFile) -> str:
    """Return the extension to store a valid photo under, or raise for a bad upload."""
    size = upload.size or 0
    if size > MAX_PHOTO_BYTES:
        raise ValidationFailed(
            f"照片不能超过5MB，所选文件为{size / 1024 / 1024:.1f}MB。", field="photo"
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            image_format = image.format or ""
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        logger.info("officer photo upload rejected: not a readable image")
        raise ValidationFailed(
            "照片无法识别为图片，请上传JPEG、PNG或WebP格式的照片。", field="photo"
        ) from None
    finally:
        upload.seek(0)
    extension = PHOTO_FORMATS.get(image_format)
    if extension is None:
        raise ValidationFailed(
            f"照片格式{image_format}不受支持，请上传JPEG、PNG或WebP格式的照片。", field="photo"
        )
    return extension


def _clean_officer(agency: Agency, officer_pk: int | None, data: OfficerInput) -> dict[str, Any]:
    values: dict[str, Any] = {
        "full_name": _required_text(data.full_name, "full_name", "姓名", 40),
        "id_number": _checked_id_number(officer_pk, data),
        "gender": data.gender,
        "department": _department_of(agency, data.department_id, "department"),
        "post": _optional_text(data.post, "post", "职务岗位", 60),
        "legal_qualification": data.legal_qualification,
        "legal_qualification_number": _optional_text(
            data.legal_qualification_number,
            "legal_qualification_number",
            "法律职业资格证书编号",
            40,
        ),
        "is_active": data.is_active,
    }
    if data.legal_qualification and not values["legal_qualification_number"]:
        raise ValidationFailed(
            "已取得法律职业资格的，请填写“法律职业资格证书编号”。",
            field="legal_qualification_number",
        )
    if not data.legal_qualification:
        values["legal_qualification_number"] = ""
    return values


def _store_photo(officer: Officer, upload: UploadedFile, extension: str) -> None:
    # A random name keeps the uploader's file name (often the person's name) out of storage.
    officer.photo.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)


def _delete_file_after_commit(officer: Officer, name: str) -> None:
    storage = officer.photo.storage
    transaction.on_commit(lambda: storage.delete(name))


def create_officer(
    user: User, agency: Agency, data: OfficerInput, *, request: HttpRequest | None = None
) -> Officer:
    """Register an officer of ``agency`` (执法人员), with an optional photo."""
    _require(user, Capability.MANAGE_OFFICERS)
    with transaction.atomic():
        agency = _lock_in_scope(user, Agency, agency.pk, "执法主体")
        values = _clean_officer(agency, None, data)
        domains = _domains(data.domain_ids)
        extension = _checked_photo(data.photo) if data.photo else ""

        officer = Officer(agency=agency, **values)
        if data.photo:
            _store_photo(officer, data.photo, extension)
            # NOTE: a photo saved here stays in storage if the transaction rolls back.
        officer.save()
        officer.domains.set(domains)
        audit.record(
            "officer_created",
            actor=user,
            target=officer,
            agency_id=agency.pk,
            request=request,
            detail={"department": str(values["department"] or "")},
        )
    logger.info("officer %s created in agency %s", officer.pk, agency.pk)
    return officer


def update_officer(
    user: User, officer: Officer, data: OfficerInput, *, request: HttpRequest | None = None
) -> Officer:
    """Change an officer's information; a new photo replaces the old one, which is deleted."""
    _require(user, Capability.MANAGE_OFFICERS)
    with transaction.atomic():
        officer = _lock_in_scope(user, Officer, officer.pk, "执法人员")
        values = _clean_officer(officer.agency, officer.pk, data)
        domains = _domains(data.domain_ids)
        extension = _checked_photo(data.photo) if data.photo else ""

        changed = [name for name, value in values.items() if getattr(officer, name) != value]
        for name in changed:
            setattr(officer, name, values[name])
        old_photo = officer.photo.name or ""
        if data.photo:
            _store_photo(officer, data.photo, extension)
            changed.append("photo")
        elif data.remove_photo and old_photo:
            officer.photo = None
            changed.append("photo")
        domains_changed = set(officer.domains.values_list("pk", flat=True)) != {
            domain.pk for domain in domains
        }
        if not changed and not domains_changed:
            return officer

        if changed:
            officer.save(update_fields=changed)
        if domains_changed:
            officer.domains.set(domains)
            changed.append("domains")
        if "photo" in changed and old_photo:
            _delete_file_after_commit(officer, old_photo)
        # The ID number itself stays out of the audit log; only the fact that it changed.
        audit.record(
            "officer_updated",
            actor=user,
            target=officer,
            agency_id=officer.agency_id,
            request=request,
            detail={"changed": changed},
        )
    logger.info("officer %s updated: %s", officer.pk, ", ".join(changed))
    return officer


# --- Credentials -------------------------------------------------------------------------------


@dataclass
class CredentialEventInput:
    """One credential event; which of the optional fields are needed depends on ``kind``."""

    kind: str
    occurred_on: datetime.date
    reason: str = ""
    review_year: int | None = None
    number: str = ""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    issuing_authority: str = ""
    domain_ids: list[int] = field(default_factory=list)


def _checked_number(number: str, credential: Credential) -> str:
    text = _required_text(number, "number", "执法证号", 40)
    if Credential.objects.filter(number=text).exclude(pk=credential.pk).exists():
        raise ValidationFailed(f"执法证号“{text}”已被其他证件使用。", field="number")
    return text


def _checked_validity(
    data: CredentialEventInput, default_from: datetime.date
) -> tuple[datetime.date, datetime.date]:
    valid_from = data.valid_from or default_from
    if data.valid_until is None:
        raise ValidationFailed("请填写“有效期至”。", field="valid_until")
    if data.valid_until <= valid_from:
        raise ValidationFailed(
            f"“有效期至”{data.valid_until.isoformat()}应晚于“有效期自”{valid_from.isoformat()}。",
            field="valid_until",
        )
    return valid_from, data.valid_until


def _apply_event(officer: Officer, credential: Credential, data: CredentialEventInput) -> list[str]:
    """Set the credential fields that the event changes and return their names."""
    kind = data.kind
    if kind == CredentialEventKind.EXAM_PASSED:
        if credential.exam_passed_on or credential.exam_exempt_reason:
            raise ValidationFailed("该申领已登记考试通过或免考，无需重复办理。", field="kind")
        credential.exam_passed_on = data.occurred_on
        return ["exam_passed_on"]

    if kind == CredentialEventKind.EXAM_EXEMPTED:
        if not officer.legal_qualification:
            raise ValidationFailed(
                f"{officer.full_name}未登记法律职业资格，不能免于公共法律知识考试。", field="kind"
            )
        if credential.exam_passed_on or credential.exam_exempt_reason:
            raise ValidationFailed("该申领已登记考试通过或免考，无需重复办理。", field="kind")
        credential.exam_exempt_reason = data.reason[:200]
        return ["exam_exempt_reason"]

    if kind == CredentialEventKind.ISSUED:
        if not (credential.exam_passed_on or credential.exam_exempt_reason):
            raise ValidationFailed(
                "尚未登记通过公共法律知识考试或免考，不能核发证件。", field="kind"
            )
        credential.number = _checked_number(data.number, credential)
        credential.valid_from, credential.valid_until = _checked_validity(data, data.occurred_on)
        credential.issued_on = data.occurred_on
        fields = ["number", "valid_from", "valid_until", "issued_on"]
        authority = _optional_text(data.issuing_authority, "issuing_authority", "发证机关", 60)
        if authority:
            credential.issuing_authority = authority
            fields.append("issuing_authority")
        return fields

    if kind in (CredentialEventKind.ANNUAL_REVIEW_PASSED, CredentialEventKind.ANNUAL_REVIEW_FAILED):
        _check_review_year(credential, data)
        return []

    if kind == CredentialEventKind.RENEWED:
        return _renew(credential, data)

    # Suspension, reinstatement and revocation change only the status.
    return []


def _check_review_year(credential: Credential, data: CredentialEventInput) -> None:
    year = data.review_year
    if year is None:
        raise ValidationFailed("请填写“审验年度”。", field="review_year")
    earliest = credential.valid_from.year if credential.valid_from else 2000
    if not earliest <= year <= data.occurred_on.year:
        raise ValidationFailed(
            f"“审验年度”应在{earliest}年至{data.occurred_on.year}年之间，实际为{year}年。",
            field="review_year",
        )
    already = credential.events.filter(
        kind__in=[
            CredentialEventKind.ANNUAL_REVIEW_PASSED,
            CredentialEventKind.ANNUAL_REVIEW_FAILED,
        ],
        review_year=year,
    ).exists()
    if already:
        raise ValidationFailed(f"{year}年度的审验已经登记。", field="review_year")


def _renew(credential: Credential, data: CredentialEventInput) -> list[str]:
    valid_from, valid_until = _checked_validity(data, data.occurred_on)
    if credential.valid_until and valid_until <= credential.valid_until:
        raise ValidationFailed(
            f"换发后的“有效期至”应晚于原有效期{credential.valid_until.isoformat()}。",
            field="valid_until",
        )
    credential.valid_from, credential.valid_until = valid_from, valid_until
    fields = ["valid_from", "valid_until"]
    if data.number.strip() and data.number.strip() != credential.number:
        credential.number = _checked_number(data.number, credential)
        # A new card is printed, so the old card's QR code must stop verifying.
        credential.verify_token = secrets.token_urlsafe(24)
        fields += ["number", "verify_token"]
    return fields


def record_credential_event(
    user: User, officer: Officer, data: CredentialEventInput, *, request: HttpRequest | None = None
) -> CredentialEvent:
    """Record one step in the life of the officer's credential and move its status.

    ``applied`` starts a new credential; every other event acts on the officer's credential
    that is not revoked. Allowed steps are listed in ``rules.CREDENTIAL_EVENT_EFFECTS``.
    """
    _require(user, Capability.MANAGE_CREDENTIALS)
    with transaction.atomic():
        officer = _lock_in_scope(user, Officer, officer.pk, "执法人员")
        credential = (
            Credential.objects.select_for_update()
            .filter(officer=officer)
            .exclude(status=CredentialStatus.REVOKED)
            .first()
        )
        from_status = credential.status if credential else None

        outcome = rules.check_credential_event(data.kind, from_status)
        if not outcome.allowed:
            raise InvalidTransition(outcome.reason, field="kind")
        _not_in_future(data.occurred_on, "occurred_on", "日期")
        data.reason = (data.reason or "").strip()
        if data.kind in rules.EVENTS_REQUIRING_REASON and not data.reason:
            label = CredentialEventKind(data.kind).label
            raise ValidationFailed(f"办理“{label}”须填写“理由或说明”。", field="reason")

        if credential is None:
            credential = Credential.objects.create(officer=officer)
            domains = _domains(data.domain_ids) if data.domain_ids else officer.domains.all()
            credential.domains.set(domains)
            fields: list[str] = []
        else:
            fields = _apply_event(officer, credential, data)

        to_status = rules.CREDENTIAL_EVENT_EFFECTS[data.kind].to_status
        if credential.status != to_status:
            credential.status = to_status
            fields.append("status")
        if fields:
            credential.save(update_fields=fields)

        event = CredentialEvent.objects.create(
            credential=credential,
            kind=data.kind,
            occurred_on=data.occurred_on,
            reason=data.reason,
            review_year=data.review_year
            if data.kind
            in (CredentialEventKind.ANNUAL_REVIEW_PASSED, CredentialEventKind.ANNUAL_REVIEW_FAILED)
            else None,
            recorded_by=user,
        )
        audit.record(
            "credential_event",
            actor=user,
            target=credential,
            agency_id=officer.agency_id,
            request=request,
            detail={"kind": data.kind, "from": from_status or "", "to": to_status},
        )
    logger.info(
        "credential %s of officer %s: %s (%s -> %s)",
        credential.pk,
        officer.pk,
        data.kind,
        from_status,
        to_status,
    )
    return event


# --- Training ----------------------------------------------------------------------------------


@dataclass
class TrainingInput:
    attended_on: datetime.date
    course: str
    hours: Decimal
    provider: str = ""


MAX_TRAINING_HOURS = Decimal("1000")


def record_training(
    user: User, officer: Officer, data: TrainingInput, *, request: HttpRequest | None = None
) -> TrainingRecord:
    """Record hours of enforcement training that an officer attended."""
    _require(user, Capability.MANAGE_OFFICERS)
    with transaction.atomic():
        officer = _lock_in_scope(user, Officer, officer.pk, "执法人员")
        course = _required_text(data.course, "course", "培训内容", 100)
        provider = _optional_text(data.provider, "provider", "组织单位", 100)
        _not_in_future(data.attended_on, "attended_on", "培训日期")
        hours = data.hours
        if hours is None or not Decimal(0) < hours < MAX_TRAINING_HOURS:
            raise ValidationFailed(
                f"“学时”应大于0且小于{MAX_TRAINING_HOURS}，实际为{hours}。", field="hours"
            )
        if hours != hours.quantize(Decimal("0.1")):
            raise ValidationFailed("“学时”最多保留一位小数。", field="hours")

        record = TrainingRecord.objects.create(
            officer=officer,
            attended_on=data.attended_on,
            course=course,
            hours=hours,
            provider=provider,
        )
        audit.record(
            "training_recorded",
            actor=user,
            target=record,
            agency_id=officer.agency_id,
            request=request,
            detail={"officer": officer.pk, "hours": str(hours)},
        )
    logger.info("training of %s hours recorded for officer %s", hours, officer.pk)
    return record


# --- Reviewers ---------------------------------------------------------------------------------


@dataclass
class ReviewerInput:
    """A person to assign to legal review; ``officer_id`` links an officer of the same agency."""

    started_on: datetime.date
    kind: str = ReviewerKind.STAFF
    full_name: str = ""
    officer_id: int | None = None
    legal_qualification: bool = False
    legal_qualification_number: str = ""


def _reviewer_officer(agency: Agency, data: ReviewerInput) -> Officer | None:
    if data.officer_id is None:
        return None
    officer = Officer.objects.filter(pk=data.officer_id, agency=agency).first()
    if officer is None:
        raise ValidationFailed(
            f"所选执法人员不属于“{agency.short_name}”，请重新选择。", field="officer"
        )
    already = Reviewer.objects.filter(agency=agency, officer=officer, ended_on__isnull=True)
    if already.exists():
        raise ValidationFailed(f"{officer.full_name}已是本单位的法制审核人员。", field="officer")
    return officer


def assign_reviewer(
    user: User, agency: Agency, data: ReviewerInput, *, request: HttpRequest | None = None
) -> Reviewer:
    """Assign a person to the agency's legal review, enforcing the qualification rule."""
    _require(user, Capability.MANAGE_REVIEWERS)
    with transaction.atomic():
        agency = _lock_in_scope(user, Agency, agency.pk, "执法主体")
        if data.kind not in ReviewerKind.values:
            raise ValidationFailed("请从列表中选择“类别”。", field="kind")
        officer = _reviewer_officer(agency, data)

        full_name = data.full_name.strip() or (officer.full_name if officer else "")
        full_name = _required_text(full_name, "full_name", "姓名", 40)
        qualified = data.legal_qualification or bool(officer and officer.legal_qualification)
        number = data.legal_qualification_number.strip() or (
            officer.legal_qualification_number if officer else ""
        )
        number = _optional_text(number, "legal_qualification_number", "法律职业资格证书编号", 40)
        if qualified and not number:
            raise ValidationFailed(
                "已取得法律职业资格的，请填写“法律职业资格证书编号”。",
                field="legal_qualification_number",
            )
        _not_in_future(data.started_on, "started_on", "开始从事法制审核日期")
        outcome = rules.check_reviewer_qualification(data.started_on, qualified)
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="legal_qualification")

        reviewer = Reviewer.objects.create(
            agency=agency,
            full_name=full_name,
            kind=data.kind,
            officer=officer,
            started_on=data.started_on,
            legal_qualification=qualified,
            legal_qualification_number=number if qualified else "",
        )
        audit.record(
            "reviewer_assigned",
            actor=user,
            target=reviewer,
            agency_id=agency.pk,
            request=request,
            detail={"kind": data.kind, "started_on": data.started_on.isoformat()},
        )
    logger.info("reviewer %s assigned in agency %s", reviewer.pk, agency.pk)
    return reviewer


def end_reviewer(
    user: User,
    reviewer: Reviewer,
    ended_on: datetime.date,
    *,
    request: HttpRequest | None = None,
) -> Reviewer:
    """Record the last day a person does legal review for the agency."""
    _require(user, Capability.MANAGE_REVIEWERS)
    with transaction.atomic():
        reviewer = _lock_in_scope(user, Reviewer, reviewer.pk, "法制审核人员")
        if reviewer.ended_on is not None:
            raise ValidationFailed(
                f"{reviewer.full_name}已于{reviewer.ended_on.isoformat()}离岗。", field="ended_on"
            )
        if ended_on < reviewer.started_on:
            raise ValidationFailed(
                f"“结束日期”不能早于开始日期{reviewer.started_on.isoformat()}。", field="ended_on"
            )
        reviewer.ended_on = ended_on
        reviewer.save(update_fields=["ended_on"])
        audit.record(
            "reviewer_ended",
            actor=user,
            target=reviewer,
            agency_id=reviewer.agency_id,
            request=request,
            detail={"ended_on": ended_on.isoformat()},
        )
    logger.info("reviewer %s ended on %s", reviewer.pk, ended_on)
    return reviewer
