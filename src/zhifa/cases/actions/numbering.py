"""Setting an agency's case and document number patterns (案号、文号格式)."""

import logging

from django.db import transaction
from django.http import HttpRequest

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.cases.actions._common import require
from zhifa.cases.models import NumberPattern
from zhifa.cases.numbering import check_pattern, default_pattern, number_keys
from zhifa.core.errors import NotFound, ValidationFailed

logger = logging.getLogger(__name__)

PATTERN_MAX_LENGTH = NumberPattern._meta.get_field("pattern").max_length or 100


def set_number_pattern(
    user: User,
    agency: Agency | int,
    key: str,
    pattern: str,
    *,
    request: HttpRequest | None = None,
) -> NumberPattern | None:
    """Store the agency's pattern for one number key and return it.

    An empty pattern, or one equal to the default, removes the agency's own pattern so the
    default applies again; the function then returns None. Numbers already taken keep their
    text, and the counter is unchanged. Raises ``NotPermitted`` without ``manage_agency``,
    ``NotFound`` for an agency outside the user's scope and ``ValidationFailed`` naming the
    field for an unknown key or an invalid pattern.
    """
    require(user, Capability.MANAGE_AGENCY)
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    found = restrict(Agency.objects.filter(pk=agency_id), user).first()
    if found is None:
        raise NotFound("执法主体不存在或不在您的管理范围内。")
    if key not in number_keys():
        raise ValidationFailed(f"编号类别“{key}”不存在，请从列表中选择。", field="key")

    text = (pattern or "").strip()
    if len(text) > PATTERN_MAX_LENGTH:
        raise ValidationFailed(f"编号格式不能超过{PATTERN_MAX_LENGTH}个字。", field="pattern")
    reset = not text or text == default_pattern(key)
    if not reset:
        check_pattern(text)

    with transaction.atomic():
        existing = NumberPattern.objects.select_for_update().filter(agency=found, key=key).first()
        previous = existing.pattern if existing is not None else ""
        stored: NumberPattern | None
        if reset:
            if existing is None:
                return None
            existing.delete()
            stored = None
        elif existing is None:
            stored = NumberPattern.objects.create(agency=found, key=key, pattern=text)
        else:
            existing.pattern = text
            existing.save(update_fields=["pattern"])
            stored = existing
        audit.record(
            "number_pattern_set",
            actor=user,
            target=stored if stored is not None else found,
            agency_id=found.pk,
            request=request,
            detail={"key": key, "previous": previous, "pattern": "" if reset else text},
        )
    logger.info("number pattern %s of agency %s set by %s", key, found.pk, user.username)
    return stored
