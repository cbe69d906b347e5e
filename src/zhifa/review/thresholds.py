"""The dated 较大数额 table: lookup for the rules and the prior notice, and the supervisor's edits.

A row applies on the days from ``effective_from`` to ``effective_to`` (inclusive). Among the
rows in force, a row of the case's enforcement domain beats an all-domain row, and a row of the
legal basis's level beats one for any level. An equally specific row with the later
``effective_from`` wins.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import EnforcementDomain
from zhifa.cases.actions._common import money, require, required_text
from zhifa.cases.models import Case
from zhifa.cases.rules.penalty import is_citizen
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.workdays import shanghai_date
from zhifa.review.models import BasisLevel, HearingThreshold, Measure, PartyClass
from zhifa.review.proposals import check_day, unknown_domain_message

logger = logging.getLogger(__name__)


def _in_force(day: datetime.date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def threshold_for(
    measure: str, party_class: str, domain_code: str, basis_level: str, day: datetime.date
) -> HearingThreshold | None:
    """Return the most specific row in force on ``day``, or None when no row applies.

    A row bound to a basis level applies only when the proposal names that level, so a
    proposal of unknown level gets the all-level figure.
    """
    rows = HearingThreshold.objects.filter(
        _in_force(day),
        measure=measure,
        party_class=party_class,
        domain_code__in={"", domain_code},
        basis_level__in={"", basis_level},
    )

    def rank(row: HearingThreshold) -> tuple[bool, bool, datetime.date, int]:
        domain_match = bool(row.domain_code) and row.domain_code == domain_code
        basis_match = bool(row.basis_level) and row.basis_level == basis_level
        return (domain_match, basis_match, row.effective_from, row.pk)

    return max(rows, key=rank, default=None)


def domain_of_case(case: Case, day: datetime.date) -> tuple[str, str]:
    """Return the power item code and enforcement domain code of the case's first power item."""
    item = case.power_items.order_by("pk").first()
    if item is None:
        return "", ""
    version = item.version_on(day) or item.latest_version()
    domain = "" if version is None or version.domain is None else version.domain.code
    return item.code, domain


def hearing_threshold_source(
    case: Case, party_kind: str, measure: str, day: datetime.date
) -> Decimal | None:
    """Give the prior notice the same figure the major-decision check uses.

    The case does not record the level of its legal basis, so only all-level rows apply.
    """
    party_class = PartyClass.CITIZEN if is_citizen(party_kind) else PartyClass.ORGANIZATION
    _, domain = domain_of_case(case, day)
    row = threshold_for(measure, party_class, domain, BasisLevel.ANY, day)
    return None if row is None else row.amount


# --- The supervisor's edits --------------------------------------------------------------------


@dataclass
class ThresholdInput:
    """A row of the table as the form or API gives it; amounts in yuan."""

    party_class: str
    measure: str
    amount: Decimal | str | int
    effective_from: datetime.date | None
    legal_source: str
    domain_code: str = ""
    basis_level: str = ""
    effective_to: datetime.date | None = None
    confirmed: bool = False
    note: str = ""


def _choice(value: str, choices: list[str], field: str, label: str) -> str:
    if value not in choices:
        raise ValidationFailed(f"请选择“{label}”。", field=field)
    return value


def _domain(code: str) -> str:
    code = code.strip()
    if code and not EnforcementDomain.objects.filter(code=code).exists():
        raise ValidationFailed(unknown_domain_message(code, "执法领域"), field="domain_code")
    return code


def _apply(row: HearingThreshold, data: ThresholdInput) -> None:
    row.party_class = _choice(data.party_class, PartyClass.values, "party_class", "当事人类型")
    row.measure = _choice(data.measure, Measure.values, "measure", "处罚种类")
    row.basis_level = _choice(data.basis_level, BasisLevel.values, "basis_level", "依据层级")
    row.domain_code = _domain(data.domain_code)
    row.amount = money(data.amount, "amount", "较大数额")
    if row.amount <= 0:
        raise ValidationFailed("“较大数额”应大于0元。", field="amount")
    # A new rule may be entered before it takes effect, so a future date is allowed here.
    if data.effective_from is None:
        raise ValidationFailed("请填写“施行日期”。", field="effective_from")
    row.effective_from = check_day(data.effective_from, "effective_from", "施行日期")
    if data.effective_to is not None and data.effective_to < row.effective_from:
        raise ValidationFailed("“废止日期”不能早于“施行日期”。", field="effective_to")
    row.effective_to = data.effective_to
    row.legal_source = required_text(data.legal_source, "legal_source", "依据", 300)
    row.confirmed = data.confirmed
    row.note = data.note.strip()[:500]


def _refuse_duplicate(row: HearingThreshold) -> None:
    """Reject a second row with the same scope and effective date.

    The lookup ranks equally specific rows by effective date, so it could not choose between them.
    """
    twin = (
        HearingThreshold.objects.filter(
            domain_code=row.domain_code,
            basis_level=row.basis_level,
            party_class=row.party_class,
            measure=row.measure,
            effective_from=row.effective_from,
        )
        .exclude(pk=row.pk)
        .first()
    )
    if twin is not None:
        raise ValidationFailed(
            f"已有同一执法领域、依据层级、当事人类型和处罚种类、同日施行的标准"
            f"（较大数额{twin.amount}元）；请修改那一行，或改用其他施行日期。",
            field="effective_from",
        )


def _snapshot(row: HearingThreshold) -> dict[str, str]:
    return {
        "amount": str(row.amount),
        "effective_from": row.effective_from.isoformat(),
        "effective_to": row.effective_to.isoformat() if row.effective_to else "",
        "confirmed": str(row.confirmed),
        "legal_source": row.legal_source,
    }


def create_threshold(user: User, data: ThresholdInput) -> HearingThreshold:
    """Add a row to the table (audit ``hearing_threshold_created``)."""
    require(user, Capability.EDIT_RULE_PARAMETERS)
    row = HearingThreshold(created_by=user)
    _apply(row, data)
    with transaction.atomic():
        _refuse_duplicate(row)
        row.save()
        audit.record("hearing_threshold_created", actor=user, target=row, detail=_snapshot(row))
    logger.info("hearing threshold %s created by %s", row.pk, user.username)
    return row


def update_threshold(user: User, row: HearingThreshold, data: ThresholdInput) -> HearingThreshold:
    """Correct a row (audit ``hearing_threshold_updated`` with the values before and after)."""
    require(user, Capability.EDIT_RULE_PARAMETERS)
    with transaction.atomic():
        locked = HearingThreshold.objects.select_for_update().get(pk=row.pk)
        before = _snapshot(locked)
        _apply(locked, data)
        _refuse_duplicate(locked)
        locked.save()
        detail = {"before": before, "after": _snapshot(locked)}
        audit.record("hearing_threshold_updated", actor=user, target=locked, detail=detail)
    logger.info("hearing threshold %s updated by %s", locked.pk, user.username)
    return locked


def end_threshold(
    user: User, row: HearingThreshold, last_day: datetime.date | None = None
) -> HearingThreshold:
    """End a row on ``last_day`` (default today), e.g. when a new rule replaces it.

    A row that has not started yet is ended on a day not before its effective date.
    """
    require(user, Capability.EDIT_RULE_PARAMETERS)
    last_day = last_day or shanghai_date(timezone.now())
    with transaction.atomic():
        locked = HearingThreshold.objects.select_for_update().get(pk=row.pk)
        if locked.effective_to is not None:
            raise InvalidTransition("该标准已设置废止日期。", field="effective_to")
        if last_day < locked.effective_from:
            raise ValidationFailed(
                f"“废止日期”不能早于“施行日期”{locked.effective_from.isoformat()}，"
                "请选择施行日期当天或以后的日期。",
                field="effective_to",
            )
        check_day(last_day, "effective_to", "废止日期")
        before = _snapshot(locked)
        locked.effective_to = last_day
        locked.save(update_fields=["effective_to", "updated_at"])
        detail = {"before": before, "after": _snapshot(locked)}
        audit.record("hearing_threshold_updated", actor=user, target=locked, detail=detail)
    return locked
