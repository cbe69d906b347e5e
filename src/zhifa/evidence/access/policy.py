"""Access rules for AV records (调阅权限).

A record is visible to the users whose scope covers its agency. A record marked as containing
trade secrets or private data also needs a valid access request approved by someone else.
``approved_request`` returns that request, or raises ``NotPermitted`` with what to do.
Content classified as a state secret (国家秘密) never belongs in this non-classified system, so
any marking or request that names it is rejected by ``reject_state_secret``.
"""

from decimal import Decimal

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.core import rules
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.models import AccessRequest, AccessRequestStatus, AvRecord, Sensitivity

STATE_SECRET = "state_secret"  # noqa: S105 - a marking value, not a password
# The message shown wherever a state-secret marking is attempted.
STATE_SECRET_MESSAGE = "涉及国家秘密的内容不得在本系统存储或调阅，请通过涉密渠道办理。"  # noqa: S105
# Values a client might send for a state-secret marking, in code or in Chinese.
_STATE_SECRET_VALUES = frozenset({STATE_SECRET, "state-secret", "国家秘密", "涉密", "涉及国家秘密"})
# Phrases of a purpose that call the content itself a state secret. Merely naming a case about
# secret carriers (涉密载体) is an honest purpose and stays allowed.
_STATE_SECRET_WORDS = ("涉及国家秘密", "属于国家秘密", "国家秘密内容")

# Rule parameter with the longest validity an approver may grant, in hours.
MAX_HOURS_PARAMETER = "evidence_access_max_hours"


def reject_state_secret(value: str | None, *, field: str = "sensitivity") -> None:
    """Raise ``ValidationFailed`` when ``value`` marks content as a state secret."""
    if value is not None and value.strip().lower() in _STATE_SECRET_VALUES:
        raise ValidationFailed(STATE_SECRET_MESSAGE, field=field, code="state_secret")


def reject_state_secret_purpose(text: str) -> None:
    """Raise ``ValidationFailed`` when a purpose (调阅事由) names a state secret anywhere in it."""
    if any(word in text for word in _STATE_SECRET_WORDS):
        raise ValidationFailed(STATE_SECRET_MESSAGE, field="purpose", code="state_secret")


def needs_request(record: AvRecord) -> bool:
    return record.sensitivity != Sensitivity.NORMAL


def scoped_record(user: User, pk: int) -> AvRecord:
    """Return the record ``pk`` if it lies in the user's scope; otherwise raise ``NotFound``."""
    found = restrict(AvRecord.objects.select_related("agency", "content"), user).filter(pk=pk)
    record = found.first()
    if record is None:
        raise NotFound("音像记录不存在或不在您的查看范围内。", field="record")
    return record


def valid_request(user: User, record: AvRecord) -> AccessRequest | None:
    """Return the user's approved, unexpired request for ``record``, if any."""
    return (
        AccessRequest.objects.filter(
            record=record,
            requester=user,
            status=AccessRequestStatus.APPROVED,
            valid_until__gt=timezone.now(),
        )
        .exclude(decided_by=user)
        .order_by("-valid_until")
        .first()
    )


def approved_request(user: User, record: AvRecord) -> AccessRequest | None:
    """Return the request that lets ``user`` open ``record`` (None when none is needed)."""
    if not needs_request(record):
        return None
    found = valid_request(user, record)
    if found is None:
        raise NotPermitted(
            f"该音像记录{record.get_sensitivity_display()}，须先提出调阅申请并经他人批准，"
            "在批准的有效期内方可查看。",
            field="record",
        )
    return found


def can_decide(user: User, access_request: AccessRequest) -> bool:
    """Check that ``user`` may decide the request: an approver in its scope, not its requester."""
    return (
        user.can(Capability.APPROVE_EVIDENCE_ACCESS)
        and scope_for(user).includes(access_request.record.agency_id)
        and access_request.requester_id != user.pk
    )


def max_validity_hours() -> int:
    """Return the longest validity an approver may grant (rule parameter, 72 hours when seeded)."""
    value: Decimal = rules.parameter(MAX_HOURS_PARAMETER)
    return int(value)
