"""Actions on officers (执法人员) and their photos."""

import datetime
import logging
import re
import uuid
import warnings
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies import rules
from zhifa.agencies.actions._common import (
    MAX_PHOTO_BYTES,
    MIN_PHOTO_SIDE,
    PHOTO_FORMATS,
    _department_of,
    _domains,
    _lock_in_scope,
    _optional_text,
    _require,
    _required_text,
    _today,
)
from zhifa.agencies.models import (
    Agency,
    Gender,
    Officer,
)
from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import check_id_number, convert_legacy_id

logger = logging.getLogger(__name__)


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


def _checked_id_number(officer_pk: int | None, data: OfficerInput, entry_day: datetime.date) -> str:
    """Validate, normalise and de-duplicate the ID number, and match gender and age against it.

    ``entry_day`` is the day the officer was (or is being) entered; the person must be of age
    on that day.
    """
    result = check_id_number(data.id_number or "")
    if not result.valid:
        raise ValidationFailed(f"身份证号无效：{result.reason}。", field="id_number")
    number = convert_legacy_id(result.normalized) if result.legacy else result.normalized
    if result.birth_date is not None:
        age = rules.check_officer_age(result.birth_date, entry_day)
        if not age.allowed:
            raise ValidationFailed(age.reason, field="id_number")

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


def _photo_too_large(dimensions: tuple[int, int] | None, detail: str = "") -> ValidationFailed:
    """Build the error for an image whose pixel count Pillow treats as a decompression bomb."""
    if dimensions is not None:
        size = f"所选照片为{dimensions[0]}×{dimensions[1]}像素"
    else:
        # Pillow 13's DecompressionBombError message gives only the pixel count, "(N pixels)".
        match = re.search(r"\((\d+) pixels\)", detail)
        size = f"所选照片约{match.group(1)}像素" if match else "无法读取所选照片的像素尺寸"
    logger.info("officer photo upload rejected as too large: %s", dimensions or detail)
    return ValidationFailed(
        f"图片尺寸过大：{size}，超过可安全处理的上限；请缩小照片后重新上传。",
        field="photo",
    )


def _checked_photo(upload: UploadedFile) -> str:
    """Return the extension to store a valid photo under, or raise for a bad upload."""
    size = upload.size or 0
    if size > MAX_PHOTO_BYTES:
        raise ValidationFailed(
            f"照片不能超过5MB，所选文件为{size / 1024 / 1024:.1f}MB。", field="photo"
        )
    try:
        upload.seek(0)
        # Pillow warns (DecompressionBombWarning) above MAX_IMAGE_PIXELS and raises above twice
        # that. The warning is recorded rather than shown so that the size can be reported.
        # NOTE: catch_warnings swaps process-wide filters, so it is not thread-safe.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                dimensions = image.size
                image_format = image.format or ""
                if any(issubclass(w.category, Image.DecompressionBombWarning) for w in caught):
                    raise _photo_too_large(dimensions)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _photo_too_large(None, str(error)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
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
    width, height = dimensions
    if width < MIN_PHOTO_SIDE or height < MIN_PHOTO_SIDE:
        raise ValidationFailed(
            f"照片尺寸过小：应至少为{MIN_PHOTO_SIDE}×{MIN_PHOTO_SIDE}像素，"
            f"所选照片为{width}×{height}像素。",
            field="photo",
        )
    return extension


def _clean_officer(agency: Agency, officer: Officer | None, data: OfficerInput) -> dict[str, Any]:
    officer_pk = officer.pk if officer is not None else None
    entry_day = timezone.localdate(officer.created_at) if officer is not None else _today()
    values: dict[str, Any] = {
        "full_name": _required_text(data.full_name, "full_name", "姓名", 40),
        "id_number": _checked_id_number(officer_pk, data, entry_day),
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
        values = _clean_officer(officer.agency, officer, data)
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
