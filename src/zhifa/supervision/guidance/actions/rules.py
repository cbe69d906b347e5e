"""Registering the rules an agency adopted, and the bureau's edits of the rule types."""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency
from zhifa.cases.actions._common import require, required_date, required_text
from zhifa.cases.documents import storage
from zhifa.core.errors import NotFound, ValidationFailed
from zhifa.supervision.guidance.actions import rule_files
from zhifa.supervision.guidance.models import AgencyRule, RuleType

logger = logging.getLogger(__name__)

RULE_FOLDER = "guidance/rules/"
MAX_PASTED_CHARS = rule_files.MAX_EXTRACTED_CHARS


@dataclass
class AgencyRuleInput:
    """One adopted rule as an agency registers it: the text is pasted or comes in a file."""

    rule_type_id: int | None
    title: str
    document_number: str
    adopted_on: datetime.date | None
    filed_on: datetime.date | None = None
    text: str = ""


@dataclass
class RuleTypeInput:
    name: str
    description: str = ""
    source: str = ""
    required: bool = True
    sort_order: int = 0
    confirmed: bool = False


def _agency_in_scope(user: User, agency_id: int) -> Agency:
    if not scope_for(user).includes(agency_id):
        raise NotFound("执法主体不存在或不在您的管理范围内。")
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise NotFound("执法主体不存在或不在您的管理范围内。")
    return agency


def _check_rule(data: AgencyRuleInput, upload: UploadedFile | None) -> RuleType:
    rule_type = None
    if data.rule_type_id is not None:
        rule_type = RuleType.objects.filter(pk=data.rule_type_id).first()
    if rule_type is None:
        raise ValidationFailed("请选择“制度类型”。", field="rule_type_id")
    required_text(data.title, "title", "制度名称", 200)
    if len(data.document_number.strip()) > 80:
        raise ValidationFailed("“文号”不能超过80个字。", field="document_number")
    adopted_on = required_date(data.adopted_on, "adopted_on", "印发日期")
    if data.filed_on is not None:
        filed_on = required_date(data.filed_on, "filed_on", "报区司法局备案日期")
        if filed_on < adopted_on:
            raise ValidationFailed(
                f"“报区司法局备案日期”{filed_on.isoformat()}早于印发日期"
                f"{adopted_on.isoformat()}，请核对。",
                field="filed_on",
            )
    if len(data.text) > MAX_PASTED_CHARS:
        raise ValidationFailed(
            f"“制度全文”不能超过{MAX_PASTED_CHARS}个字，请改为上传文件。", field="text"
        )
    if upload is None and not data.text.strip():
        raise ValidationFailed("请粘贴“制度全文”或上传制度文件。", field="text")
    return rule_type


def register_agency_rule(
    user: User, agency_id: int, data: AgencyRuleInput, upload: UploadedFile | None = None
) -> AgencyRule:
    """Register a rule the agency adopted, superseding its current rule of the same type.

    A registration that repeats the current rule of its type is rejected. The file keeps the
    uploaded name, with the extension of the type its content shows. An uploaded file is
    checked and stored before the transaction and deleted again if the transaction fails, so
    the file and its row land together or not at all.
    """
    require(user, Capability.REGISTER_AGENCY_RULES)
    agency = _agency_in_scope(user, agency_id)
    rule_type = _check_rule(data, upload)

    if upload is None:
        return _save_rule(user, agency, rule_type, data, None)

    with storage.spool(
        upload.chunks(), max_bytes=rule_files.MAX_RULE_FILE_BYTES, label="制度文件"
    ) as spooled:
        if spooled.size == 0:
            raise ValidationFailed("上传的制度文件是空文件，请重新选择。", field="file")
        content = spooled.file.read()
        kind = rule_files.file_kind(spooled.head, content)
        extracted = rule_files.extract_text(kind, content)
        name = f"{RULE_FOLDER}{agency.pk}/{rule_type.code}-{uuid.uuid4().hex[:12]}.{kind}"
        stored = storage.save_spooled(spooled, name)

    download_name = rule_files.name_for_kind(upload.name or "", kind)
    upload_facts = _UploadFacts(stored, kind, download_name, extracted)
    try:
        return _save_rule(user, agency, rule_type, data, upload_facts)
    except Exception:
        storage.delete_quietly([stored.name])
        raise


@dataclass(frozen=True)
class _UploadFacts:
    stored: storage.StoredFile
    kind: str
    original_name: str
    text: str


def _save_rule(
    user: User,
    agency: Agency,
    rule_type: RuleType,
    data: AgencyRuleInput,
    upload: _UploadFacts | None,
) -> AgencyRule:
    with transaction.atomic():
        # Locking the agency row serialises two registrations of the same agency.
        Agency.objects.select_for_update().get(pk=agency.pk)
        current = AgencyRule.objects.filter(agency=agency, rule_type=rule_type, is_current=True)
        previous = current.first()
        if previous is not None:
            _reject_repeat(agency, rule_type, previous, data)
            previous.is_current = False
            previous.save(update_fields=["is_current"])

        rule = AgencyRule(
            agency=agency,
            rule_type=rule_type,
            title=data.title.strip(),
            document_number=data.document_number.strip(),
            adopted_on=required_date(data.adopted_on, "adopted_on", "印发日期"),
            filed_on=data.filed_on,
            text=data.text.strip() or (upload.text if upload else ""),
            registered_by=user,
        )
        if upload is not None:
            rule.file.name = upload.stored.name
            rule.file_name = upload.original_name
            rule.file_digest = upload.stored.digest
            rule.file_size = upload.stored.size
            rule.content_type = rule_files.CONTENT_TYPES[upload.kind]
        rule.save()
        if previous is not None:
            previous.superseded_by = rule
            previous.save(update_fields=["superseded_by"])
        audit.record(
            "agency_rule_registered",
            actor=user,
            target=rule,
            agency_id=agency.pk,
            detail={
                "rule_type": rule_type.code,
                "supersedes": previous.pk if previous else None,
                "digest": upload.stored.digest if upload else "",
            },
        )
    logger.info("agency %s registered rule %s (%s)", agency.pk, rule.pk, rule_type.code)
    return rule


def _reject_repeat(
    agency: Agency, rule_type: RuleType, current: AgencyRule, data: AgencyRuleInput
) -> None:
    """Raise ``ValidationFailed`` when ``data`` registers the current rule again.

    A rule is the same when its 文号 equals the current one's. Without a 文号, it is the same
    when its title and 印发日期 both equal the current one's.
    """
    number = data.document_number.strip()
    if number:
        if number != current.document_number:
            return
        field = "document_number"
        same = f"文号“{number}”"
    else:
        if data.title.strip() != current.title or data.adopted_on != current.adopted_on:
            return
        field = "title"
        same = "制度名称和印发日期"
    adopted_on = current.adopted_on.isoformat()
    raise ValidationFailed(
        f"{agency.short_name}现行的“{rule_type.name}”《{current.title}》（{adopted_on}印发）"
        f"与本次登记的{same}相同，无需重复登记。"
        "如制度已修订，请填写修订后的文号和印发日期。",
        field=field,
    )


def _check_rule_type(data: RuleTypeInput, exclude_pk: int) -> None:
    name = required_text(data.name, "name", "制度名称", 100)
    if RuleType.objects.filter(name=name).exclude(pk=exclude_pk).exists():
        raise ValidationFailed(f"已有名为“{name}”的制度类型，请换一个名称。", field="name")
    if len(data.source) > 300:
        raise ValidationFailed("“依据”不能超过300个字。", field="source")


def save_rule_type(user: User, rule_type_id: int | None, data: RuleTypeInput) -> RuleType:
    """Add a rule type when ``rule_type_id`` is None, or else change that rule type."""
    require(user, Capability.EDIT_RULE_PARAMETERS)
    _check_rule_type(data, rule_type_id or 0)
    with transaction.atomic():
        if rule_type_id is None:
            rule_type = RuleType(code=f"custom-{uuid.uuid4().hex[:8]}")
            action = "rule_type_created"
        else:
            found = RuleType.objects.select_for_update().filter(pk=rule_type_id).first()
            if found is None:
                raise NotFound("制度类型不存在。")
            rule_type = found
            action = "rule_type_changed"
        rule_type.name = data.name.strip()
        rule_type.description = data.description.strip()
        rule_type.source = data.source.strip()
        rule_type.required = data.required
        rule_type.sort_order = data.sort_order
        rule_type.confirmed = data.confirmed
        rule_type.save()
        audit.record(
            action,
            actor=user,
            target=rule_type,
            detail={"name": rule_type.name, "required": rule_type.required},
        )
    return rule_type
