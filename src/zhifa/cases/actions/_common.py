"""What the case actions share: permission and scope checks, and appending a step.

Every step of a case is written by ``append_step``: it places the step in the stage order
(``zhifa.cases.stages``), applies the on-site officer and disclosure rules, writes the
``CaseStep`` with its officers, moves the case to the new stage and appends the audit entry.
The callers run it inside ``transaction.atomic`` after their own checks.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Max
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Officer
from zhifa.cases import hooks, stages
from zhifa.cases.models import Case, CaseStatus, CaseStep, SingleOfficerException
from zhifa.cases.rules import officers as officer_rules
from zhifa.cases.rules.common import OfficialCalendar, show
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.core.workdays import shanghai_date

logger = logging.getLogger(__name__)

CALENDAR = OfficialCalendar()


def require(user: User, capability: str) -> None:
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")


def lock_case(user: User, case: Case | int, *, allow_closed: bool = False) -> Case:
    """Return the case locked for update, or raise ``NotFound`` when it is outside the scope.

    A closed case is refused unless ``allow_closed`` is set, which only the steps of
    ``stages.AFTER_CLOSING_STEPS`` (remedies) use.
    """
    pk = case.pk if isinstance(case, Case) else case
    if not restrict(Case.objects.filter(pk=pk), user).exists():
        raise NotFound("案件不存在或不在您的管理范围内。")
    locked = Case.objects.select_for_update().get(pk=pk)
    if locked.status == CaseStatus.CLOSED and not allow_closed:
        raise InvalidTransition(f"案件{locked.number}已结案，不能再记录办案环节。")
    return locked


def today() -> datetime.date:
    return timezone.localdate()


def required_text(value: str, field_name: str, label: str, max_length: int = 5000) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"请填写“{label}”。", field=field_name)
    if len(text) > max_length:
        raise ValidationFailed(f"“{label}”不能超过{max_length}个字。", field=field_name)
    return text


def required_date(value: datetime.date | None, field_name: str, label: str) -> datetime.date:
    if value is None:
        raise ValidationFailed(f"请填写“{label}”。", field=field_name)
    if value > today():
        raise ValidationFailed(
            f"“{label}”{value.isoformat()}晚于今天，请填写已经发生的日期。", field=field_name
        )
    return value


# The largest amount the money columns hold (14 digits, 2 after the point).
MAX_AMOUNT = Decimal("999999999999.99")


def money(value: Decimal | str | int | None, field_name: str, label: str) -> Decimal:
    """Return a non-negative amount in yuan with at most two decimals, as a plain number.

    Exponent forms such as 1E+2 are normalised, and amounts beyond the columns are refused
    rather than failing in ``quantize``.
    """
    try:
        amount = Decimal(str(value if value is not None else "0"))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ValidationFailed(f"“{label}”应为金额，例如 200 或 200.50。", field=field_name)
    if abs(amount) > MAX_AMOUNT:
        raise ValidationFailed(
            f"“{label}”超出可登记的范围（最大 999999999999.99 元），请核对金额。", field=field_name
        )
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationFailed(f"“{label}”应为不小于零、最多两位小数的金额。", field=field_name)
    # A finite amount has an integer exponent; a positive one (1E+2) is written out in full.
    exponent = amount.as_tuple().exponent
    return (
        amount.quantize(Decimal("0.01")) if isinstance(exponent, int) and exponent > 0 else amount
    )


def raise_if_refused(outcome: Any, field_name: str) -> None:
    if not outcome.allowed:
        raise ValidationFailed(outcome.reason, field=field_name)


@dataclass
class StepInput:
    """One step as the officer records it.

    The disclosure fields apply to on-site steps (行政处罚法 Art. 55; 行政强制法 Art. 18): the
    credential was shown, the uniform and insignia were worn where required (or
    ``uniform_exemption`` says why not), and the party was told the grounds, the basis and
    its rights.
    """

    step: str
    occurred_at: datetime.datetime
    summary: str
    place: str = ""
    officer_ids: list[int] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    credential_shown: bool | None = None
    uniform_worn: bool | None = None
    uniform_exemption: str = ""
    grounds_told: bool | None = None
    basis_told: bool | None = None
    rights_told: bool | None = None


def recorded_codes(case: Case) -> list[str]:
    return list(case.steps.values_list("step", flat=True))


def steps_of(case: Case, code: str) -> list[CaseStep]:
    """Return the steps with ``code``, oldest first, leaving out the ones later corrected."""
    rows = list(case.steps.filter(step=code).order_by("sequence"))
    corrected = {row.corrects_id for row in rows if row.corrects_id}
    return [row for row in rows if row.pk not in corrected]


def latest_step(case: Case, code: str) -> CaseStep | None:
    rows = steps_of(case, code)
    return rows[-1] if rows else None


def case_domains(case: Case, day: datetime.date) -> dict[int, str]:
    """Return the enforcement domains of the case's power items in force on ``day``."""
    domains: dict[int, str] = {}
    for item in case.power_items.all():
        version = item.version_on(day)
        if version is not None and version.domain is not None:
            domains[version.domain.pk] = version.domain.name
    return domains


def officer_facts(officer: Officer, day: datetime.date) -> officer_rules.OfficerFacts:
    credential = officer.current_credential()
    if credential is None:
        return officer_rules.OfficerFacts(officer.full_name, "", False, frozenset())
    domains = list(credential.domains.all())
    return officer_rules.OfficerFacts(
        name=officer.full_name,
        credential_number=credential.number or "",
        credential_valid=credential.is_valid_on(day),
        credential_domain_ids=frozenset(domain.pk for domain in domains),
        credential_domain_names=tuple(domain.name for domain in domains),
    )


def officers_of_agency(case: Case, officer_ids: list[int], field_name: str) -> list[Officer]:
    officers = list(
        Officer.objects.filter(pk__in=officer_ids, agency_id=case.agency_id, is_active=True)
    )
    if len(officers) != len(set(officer_ids)):
        raise ValidationFailed("所选执法人员不是本单位在岗执法人员，请重新选择。", field=field_name)
    return officers


def single_officer_exception(
    step: str, domain_ids: list[int]
) -> officer_rules.ExceptionFacts | None:
    rows = [
        officer_rules.ExceptionFacts(row.step, row.domain_id, row.description, row.legal_source)
        for row in SingleOfficerException.objects.filter(active=True)
    ]
    return officer_rules.applicable_exception(rows, step, domain_ids)


def _check_on_site(
    case: Case, data: StepInput, officers: list[Officer], day: datetime.date
) -> dict[str, Any]:
    """Apply the officer and disclosure rules of an on-site step; return details to store."""
    domains = case_domains(case, day)
    exception = single_officer_exception(data.step, list(domains))
    facts = [officer_facts(officer, day) for officer in officers]
    raise_if_refused(
        officer_rules.check_on_site_officers(facts, day, domains, exception), "officer_ids"
    )

    if data.credential_shown is not True:
        raise ValidationFailed(
            "现场执法应主动出示执法证件，请确认“出示执法证件”。", field="credential_shown"
        )
    if data.uniform_worn is not True and not data.uniform_exemption.strip():
        raise ValidationFailed(
            "请确认“按规定着装、佩戴标志”，或填写无需着装的依据。", field="uniform_worn"
        )
    for value, field_name, label in (
        (data.grounds_told, "grounds_told", "告知事由"),
        (data.basis_told, "basis_told", "告知依据"),
        (data.rights_told, "rights_told", "告知权利"),
    ):
        if value is not True:
            raise ValidationFailed(
                f"现场执法应告知当事人执法事由、依据和权利，请确认“{label}”。", field=field_name
            )

    extra: dict[str, Any] = {}
    if data.uniform_exemption.strip():
        extra["uniform_exemption"] = data.uniform_exemption.strip()
    if exception is not None:
        extra["single_officer_exception"] = f"{exception.description}（{exception.legal_source}）"
    return extra


def append_step(
    user: User,
    case: Case,
    data: StepInput,
    *,
    audit_action: str = "case_step_recorded",
    corrects: CaseStep | None = None,
    correction_reason: str = "",
) -> CaseStep:
    """Write one step of a locked case, after the stage-order, officer and disclosure checks.

    Call inside ``transaction.atomic`` with the case from ``lock_case``. Approval steps need
    the approval capability, and the approving user is stored in ``details["approved_by"]``.
    """
    procedure = stages.procedure_for(case.kind)
    spec = procedure.step(data.step)
    if spec is None:
        raise ValidationFailed(
            f"“{case.get_kind_display()}”案件没有“{data.step}”这一办案环节。", field="step"
        )
    if spec.needs_approval:
        require(user, Capability.APPROVE_CASE_STEPS)
    if spec.head_approval:
        require(user, Capability.APPROVE_AS_AGENCY_HEAD)
    if data.occurred_at is None or timezone.is_naive(data.occurred_at):
        raise ValidationFailed("请填写带时区的“发生时间”。", field="occurred_at")
    if data.occurred_at > timezone.now():
        raise ValidationFailed("“发生时间”晚于现在，请填写已经发生的时间。", field="occurred_at")
    day = shanghai_date(data.occurred_at)
    if corrects is None and day < case.opened_on:
        raise ValidationFailed(
            f"“发生时间”{show(day)}早于本案立案日期{show(case.opened_on)}，请核对日期。",
            field="occurred_at",
        )
    summary = required_text(data.summary, "summary", "内容")
    place = (data.place or "").strip()[:200]

    if corrects is None:
        placement = stages.place_step(case.kind, case.stage, data.step, recorded_codes(case))
        if not placement.allowed:
            raise InvalidTransition(placement.reason, field="step")
        stage, moves_to = placement.stage, placement.moves_to
    else:
        stage, moves_to = corrects.stage, ""

    officers = officers_of_agency(case, data.officer_ids, "officer_ids")
    details = dict(data.details)
    if spec.on_site:
        if not place:
            raise ValidationFailed("现场执法环节请填写“地点”。", field="place")
        details.update(_check_on_site(case, data, officers, day))
    if spec.needs_approval:
        details["approved_by"] = user.full_name or user.username
        details["approved_by_user_id"] = user.pk

    sequence = (case.steps.aggregate(last=Max("sequence"))["last"] or 0) + 1
    step = CaseStep.objects.create(
        case=case,
        sequence=sequence,
        stage=stage,
        step=data.step,
        occurred_at=data.occurred_at,
        place=place,
        summary=summary,
        details=details,
        on_site=spec.on_site,
        credential_shown=data.credential_shown if spec.on_site else None,
        uniform_worn=data.uniform_worn if spec.on_site else None,
        grounds_told=data.grounds_told if spec.on_site else None,
        basis_told=data.basis_told if spec.on_site else None,
        rights_told=data.rights_told if spec.on_site else None,
        corrects=corrects,
        correction_reason=correction_reason,
        recorded_by=user,
    )
    if officers:
        step.officers.set(officers)

    if moves_to:
        old_stage = case.stage
        case.stage = moves_to
        case.save(update_fields=["stage"])
        logger.info("case %s moved from %s to %s", case.pk, old_stage, moves_to)

    audit.record(
        audit_action,
        actor=user,
        target=case,
        agency_id=case.agency_id,
        detail={"step": data.step, "sequence": sequence, "stage": stage, "moved_to": moves_to},
    )
    hooks.step_recorded(step)
    return step
