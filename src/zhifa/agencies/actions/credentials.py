"""Actions on credentials (执法证件) through their life."""

import datetime
import logging
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies import rules
from zhifa.agencies.actions._common import (
    _domains,
    _lock_in_scope,
    _not_in_future,
    _optional_text,
    _require,
    _required_text,
)
from zhifa.agencies.models import (
    Credential,
    CredentialEvent,
    CredentialEventKind,
    CredentialStatus,
    Officer,
)
from zhifa.core.errors import InvalidTransition, ValidationFailed

logger = logging.getLogger(__name__)


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


def _checked_validity(data: CredentialEventInput) -> tuple[datetime.date, datetime.date]:
    """Return the validity period of a card issued or renewed on the event date."""
    valid_from = data.valid_from or data.occurred_on
    if data.valid_until is None:
        raise ValidationFailed("请填写“有效期至”。", field="valid_until")
    outcome = rules.check_validity_period(data.occurred_on, valid_from, data.valid_until)
    if not outcome.allowed:
        raise ValidationFailed(outcome.reason, field="valid_until")
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
        credential.valid_from, credential.valid_until = _checked_validity(data)
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
    outcome = rules.check_annual_review_date(
        data.occurred_on, credential.valid_from, credential.valid_until
    )
    if not outcome.allowed:
        raise ValidationFailed(outcome.reason, field="occurred_on")
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
    valid_from, valid_until = _checked_validity(data)
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


def _latest_event_date(officer: Officer, credential: Credential | None) -> datetime.date | None:
    """Return the date of the latest event of ``credential``.

    Without a live credential, a new application follows the officer's earlier (revoked)
    credentials, so their latest event counts instead.
    """
    if credential is not None:
        events = credential.events.all()
    else:
        events = CredentialEvent.objects.filter(credential__officer=officer)
    latest: datetime.date | None = events.aggregate(latest=Max("occurred_on"))["latest"]
    return latest


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
        order = rules.check_event_date_order(
            data.occurred_on, _latest_event_date(officer, credential)
        )
        if not order.allowed:
            raise ValidationFailed(order.reason, field="occurred_on")
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
