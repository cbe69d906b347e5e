"""Changes to the masking policy: the supervisor's district defaults and agencies' overrides.

The supervisor (维护公示范围、期限和脱敏规则) sets the district defaults. An agency head or a
publication approver (审核发布公示信息) sets the overrides of an agency in their scope, and
may remove them to return to the default. Each change is audited as ``masking_policy_changed``.
"""

import logging
from dataclasses import dataclass

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.publicity.models.policies import MaskingMethod, MaskingPolicy
from zhifa.publicity.redaction.defaults import (
    ANY_PARTY,
    FIELD_LABELS,
    FULL,
    KEEP,
    NAME_FIELDS,
    PARTIAL,
    PARTY_INDEPENDENT_FIELDS,
    PARTY_KIND_LABELS,
    PARTY_KINDS,
    REMOVE,
    SURNAME,
)
from zhifa.publicity.redaction.policy import policy_for

logger = logging.getLogger(__name__)

SOURCE_MAX_LENGTH = 300
# Methods from the least to the most protective. An agency's override may publish less than
# the district default but not more, unless the supervisor sets it.
STRICTNESS = (KEEP, SURNAME, PARTIAL, FULL, REMOVE)


@dataclass(frozen=True)
class MethodChange:
    """One requested setting: ``agency_id`` None means the district default."""

    agency_id: int | None
    party_kind: str
    field: str
    method: str
    source: str = ""


def _require(user: User, capability: str) -> None:
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")


def _check_agency(user: User, agency_id: int | None) -> None:
    if agency_id is None:
        _require(user, Capability.MANAGE_PUBLICATION_RULES)
        return
    _require(user, Capability.PUBLISH_DECISIONS)
    if not restrict(Agency.objects.filter(pk=agency_id), user).exists():
        raise NotFound("执法主体不存在或不在您的管理范围内。", field="agency")


def _validate(change: MethodChange) -> str:
    """Check the kind, field and method; return the stripped source."""
    if change.field not in FIELD_LABELS:
        raise ValidationFailed("请选择要设置的“字段”。", field="field")
    kinds = (ANY_PARTY,) if change.field in PARTY_INDEPENDENT_FIELDS else PARTY_KINDS
    if change.party_kind not in kinds:
        allowed = "、".join(PARTY_KIND_LABELS[kind] for kind in kinds)
        raise ValidationFailed(
            f"“{FIELD_LABELS[change.field]}”的“当事人类型”应为：{allowed}。", field="party_kind"
        )
    if change.method not in MaskingMethod.values:
        raise ValidationFailed("请选择“处理方式”。", field="method")
    if change.method == SURNAME and change.field not in NAME_FIELDS:
        raise ValidationFailed(
            f"“保留姓氏”只适用于姓名，不适用于“{FIELD_LABELS[change.field]}”，请选择其他处理方式。",
            field="method",
        )

    source = change.source.strip()
    if change.agency_id is None and not source:
        raise ValidationFailed("请填写区默认规则的“依据”，例如法规名称和条款。", field="source")
    if len(source) > SOURCE_MAX_LENGTH:
        raise ValidationFailed(
            f"“依据”不能超过{SOURCE_MAX_LENGTH}字，当前为{len(source)}字。", field="source"
        )
    return source


def _check_not_looser(user: User, change: MethodChange) -> None:
    """Reject an agency override that publishes more than the district default.

    Only the supervisor (维护公示范围、期限和脱敏规则) may set a looser override.
    """
    if change.agency_id is None or user.can(Capability.MANAGE_PUBLICATION_RULES):
        return
    default = policy_for(None).method(change.party_kind, change.field)
    if STRICTNESS.index(change.method) >= STRICTNESS.index(default):
        return
    raise NotPermitted(
        f"本单位规则不能比区默认规则宽松：{PARTY_KIND_LABELS[change.party_kind]}的"
        f"“{FIELD_LABELS[change.field]}”区默认为“{MaskingMethod(default).label}”，"
        f"不能设为“{MaskingMethod(change.method).label}”。"
        "请选择同样或更严格的处理方式；确需放宽的，请联系区级监督人员修改区默认规则。",
        field="method",
    )


def set_masking_method(user: User, change: MethodChange) -> MaskingPolicy:
    """Set the method of one (party kind, field), creating the row if needed.

    Raise NotPermitted when an agency's override would be looser than the district default
    and the user is not the supervisor.
    """
    _check_agency(user, change.agency_id)
    source = _validate(change)

    with transaction.atomic():
        _check_not_looser(user, change)
        rows = MaskingPolicy.objects.select_for_update(of=("self",)).filter(
            party_kind=change.party_kind, field=change.field
        )
        if change.agency_id is None:
            row = rows.filter(agency__isnull=True).first()
        else:
            row = rows.filter(agency_id=change.agency_id).first()
        before = {"method": row.method, "source": row.source} if row else None
        if row is None:
            row = MaskingPolicy(
                agency_id=change.agency_id, party_kind=change.party_kind, field=change.field
            )
        row.method = change.method
        row.source = source
        row.save()
        detail = {
            "party_kind": change.party_kind,
            "field": change.field,
            "before": before,
            "after": {"method": row.method, "source": row.source},
        }
        audit.record(
            "masking_policy_changed",
            actor=user,
            target=row,
            agency_id=change.agency_id,
            detail=detail,
        )
    logger.info(
        "masking policy %s/%s of agency %s set to %s by %s",
        change.party_kind,
        change.field,
        change.agency_id,
        change.method,
        user.username,
    )
    return row


def remove_override(user: User, row_id: int) -> int:
    """Delete an agency's override, so that the district default applies again.

    Return the id of the agency whose override was removed.

    District defaults cannot be deleted: without one, a field would fall back to full masking
    unnoticed.
    """
    with transaction.atomic():
        row = MaskingPolicy.objects.select_for_update(of=("self",)).filter(pk=row_id).first()
        if row is None or row.agency_id is None:
            raise NotFound(
                "该单位脱敏规则不存在，或为区默认规则（不能删除，只能修改）。", field="row"
            )
        _check_agency(user, row.agency_id)
        detail = {
            "party_kind": row.party_kind,
            "field": row.field,
            "before": {"method": row.method, "source": row.source},
            "after": None,
        }
        audit.record(
            "masking_policy_changed", actor=user, target=row, agency_id=row.agency_id, detail=detail
        )
        agency_id: int = row.agency_id
        row.delete()
    logger.info("masking override %s removed by %s", row_id, user.username)
    return agency_id
