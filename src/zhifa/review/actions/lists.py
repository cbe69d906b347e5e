"""Changes to the configurable review lists: materials to submit and checklist items.

The supervisor (EDIT_RULE_PARAMETERS) keeps the district rows of both lists. An agency
(MANAGE_REVIEW_CATALOG) adds material rows of its own on top of the district ones, and may
not turn a material the district requires into an optional one. Rows are deactivated, never
deleted, because review rounds refer to them.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model, Q

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import scope_for
from zhifa.cases.actions._common import require, required_text
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.review.models import ChecklistGroup, ChecklistItem, DecisionKind, MaterialRequirement

logger = logging.getLogger(__name__)

CODE_PATTERN_HELP = "只能由小写字母、数字、下划线和连字符组成"


@dataclass
class MaterialInput:
    decision_kind: str
    code: str
    name: str
    required: bool = True
    legal_source: str = ""
    sort_order: int = 0


@dataclass
class ChecklistInput:
    decision_kind: str
    group: str
    code: str
    label: str
    guidance: str = ""
    legal_source: str = ""
    sort_order: int = 0


def _code(value: str) -> str:
    code = (value or "").strip()
    if not code or not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in code):
        raise ValidationFailed(f"“代码”{CODE_PATTERN_HELP}，请修改。", field="code")
    return code.lower()[:60]


def _kind(value: str) -> str:
    if value and value not in DecisionKind.values:
        raise ValidationFailed("“决定类型”无法识别，请从列表中选择。", field="decision_kind")
    return value or ""


def _material_values(data: MaterialInput) -> dict[str, Any]:
    return {
        "decision_kind": _kind(data.decision_kind),
        "code": _code(data.code),
        "name": required_text(data.name, "name", "材料名称", 200),
        "required": bool(data.required),
        "legal_source": (data.legal_source or "").strip()[:300],
        "sort_order": max(int(data.sort_order or 0), 0),
    }


def _duplicate(queryset: Any, pk: int | None, label: str) -> None:
    if queryset.exclude(pk=pk).exists():
        raise ValidationFailed(f"已有相同代码的{label}，请换一个代码。", field="code")


def _record(user: User, row: Model, change: str, agency_id: int | None, request: Any) -> None:
    audit.record(
        "review_list_changed",
        actor=user,
        target=row,
        agency_id=agency_id,
        request=request,
        detail={"list": row._meta.model_name, "change": change},
    )


def _material_for_edit(user: User, pk: int) -> MaterialRequirement:
    row = MaterialRequirement.objects.filter(pk=pk).first()
    if row is None:
        raise NotFound("送审材料要求不存在。")
    if row.agency_id is None:
        require(user, Capability.EDIT_RULE_PARAMETERS)
    elif not scope_for(user).includes(row.agency_id):
        raise NotFound("送审材料要求不存在或不在您的管理范围内。")
    else:
        require(user, Capability.MANAGE_REVIEW_CATALOG)
    return row


def save_district_material(
    user: User, pk: int | None, data: MaterialInput, *, request: Any = None
) -> MaterialRequirement:
    """Add (``pk`` None) or change a district-wide material row."""
    require(user, Capability.EDIT_RULE_PARAMETERS)
    values = _material_values(data)
    with transaction.atomic():
        row = _material_for_edit(user, pk) if pk else MaterialRequirement()
        if row.agency_id is not None:
            raise NotPermitted("这是执法主体自设的材料要求，由该单位维护。")
        same = MaterialRequirement.objects.filter(
            decision_kind=values["decision_kind"], code=values["code"], agency__isnull=True
        )
        _duplicate(same, row.pk, "全区送审材料")
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        _record(user, row, "changed" if pk else "added", None, request)
    return row


def _reject_relaxing(decision_kind: str, code: str) -> None:
    """Raise if an optional agency row would replace a material the district requires.

    ``materials_for`` replaces a district row by an agency row of the same code, for every
    decision kind the two rows share.
    """
    kinds = Q(decision_kind=decision_kind) | Q(decision_kind="") if decision_kind else Q()
    district = MaterialRequirement.objects.filter(
        kinds, code=code, agency__isnull=True, required=True, active=True
    ).first()
    if district is not None:
        raise ValidationFailed(
            f"“{district.name}”是全区规定必须提交的材料，本单位不能改为非必须。",
            field="required",
        )


def save_agency_material(
    user: User, agency_id: int, pk: int | None, data: MaterialInput, *, request: Any = None
) -> MaterialRequirement:
    """Add (``pk`` None) or change one of the agency's own material rows."""
    require(user, Capability.MANAGE_REVIEW_CATALOG)
    if not scope_for(user).includes(agency_id):
        raise NotFound("执法主体不存在或不在您的管理范围内。", field="agency")
    values = _material_values(data)
    if not values["required"]:
        _reject_relaxing(values["decision_kind"], values["code"])

    with transaction.atomic():
        row = _material_for_edit(user, pk) if pk else MaterialRequirement(agency_id=agency_id)
        if row.agency_id != agency_id:
            raise NotPermitted("只能修改本单位自设的材料要求，全区通用的由区司法局维护。")
        same = MaterialRequirement.objects.filter(
            decision_kind=values["decision_kind"], code=values["code"], agency_id=agency_id
        )
        _duplicate(same, row.pk, "本单位送审材料")
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        _record(user, row, "changed" if pk else "added", agency_id, request)
    return row


def set_material_active(
    user: User, pk: int, active: bool, *, request: Any = None
) -> MaterialRequirement:
    """Activate or deactivate a material row (district rows: supervisor; own rows: the agency)."""
    with transaction.atomic():
        row = _material_for_edit(user, pk)
        row.active = active
        row.save(update_fields=["active"])
        _record(user, row, "activated" if active else "deactivated", row.agency_id, request)
    return row


def save_checklist_item(
    user: User, pk: int | None, data: ChecklistInput, *, request: Any = None
) -> ChecklistItem:
    """Add (``pk`` None) or change a checklist item; the checklist is district-wide."""
    require(user, Capability.EDIT_RULE_PARAMETERS)
    if data.group not in ChecklistGroup.values:
        raise ValidationFailed("请选择“类别”：形式审核、实质审核或专项审核。", field="group")
    values = {
        "decision_kind": _kind(data.decision_kind),
        "group": data.group,
        "code": _code(data.code),
        "label": required_text(data.label, "label", "审核要点", 200),
        "guidance": (data.guidance or "").strip(),
        "legal_source": (data.legal_source or "").strip()[:300],
        "sort_order": max(int(data.sort_order or 0), 0),
    }
    with transaction.atomic():
        row = ChecklistItem.objects.filter(pk=pk).first() if pk else ChecklistItem()
        if row is None:
            raise NotFound("审核要点不存在。")
        _duplicate(ChecklistItem.objects.filter(code=values["code"]), row.pk, "审核要点")
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        _record(user, row, "changed" if pk else "added", None, request)
    return row


def set_checklist_active(
    user: User, pk: int, active: bool, *, request: Any = None
) -> ChecklistItem:
    """Activate or deactivate a checklist item."""
    require(user, Capability.EDIT_RULE_PARAMETERS)
    with transaction.atomic():
        row = ChecklistItem.objects.filter(pk=pk).first()
        if row is None:
            raise NotFound("审核要点不存在。")
        row.active = active
        row.save(update_fields=["active"])
        _record(user, row, "activated" if active else "deactivated", None, request)
    return row
