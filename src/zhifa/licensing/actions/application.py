"""Application, acceptance and review of a licence (行政许可法 Art. 29-45)."""

import datetime
import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    append_step,
    raise_if_refused,
    require,
    required_date,
    required_text,
)
from zhifa.cases.compliance import facts_for
from zhifa.cases.models import Case, CaseKind, CaseStep, Party
from zhifa.cases.rules.common import show
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.workdays import shanghai_date
from zhifa.licensing import facts as licensing_facts
from zhifa.licensing import rules
from zhifa.licensing.actions._support import (
    check_not_before,
    check_step_time,
    lock_kind,
    unless_uncovered,
    with_code,
)

logger = logging.getLogger(__name__)

LICENSING = CaseKind.LICENSING
ACCEPTANCE_OUTCOMES = {"accepted": "受理", "rejected": "不予受理"}


def license_item(case: Case, day: datetime.date) -> tuple[PowerItem, str]:
    """Return the case's licence item (a power item of category license) and its name."""
    for item in case.power_items.order_by("pk"):
        version = item.version_on(day)
        if version is not None and version.category == PowerCategory.LICENSE:
            return item, version.name
    raise ValidationFailed(
        "本案未关联“行政许可”类别的执法事项，请在立案时选择申请的许可事项。",
        field="power_item_ids",
    )


def record_application(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    received_on: datetime.date | None,
    materials: str,
    commitment_based: bool | None,
    applicant_id: int | None = None,
) -> CaseStep:
    """Record the receipt of the application materials (申请材料接收).

    ``commitment_based`` marks an application on the applicant's written commitment (告知承诺),
    which is checked by a follow-up inspection after the grant. ``applicant_id`` names the
    case party who applied; it may be left out only when the case has one party.
    """
    require(user, Capability.MANAGE_CASES)
    received = required_date(received_on, "received_on", "收到申请材料日期")
    listed = required_text(materials, "materials", "申请材料清单", 3000)
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        if licensing_facts.received_on(facts_for(locked)) is not None:
            raise InvalidTransition("本案已记录申请材料接收。", field="step")
        _, item_name = license_item(locked, received)
        applicant = _applicant(locked, applicant_id)
        check_step_time(step, received, "收到申请材料日期")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "license_application",
                received_on=received,
                materials=listed,
                commitment_based=bool(commitment_based),
                applicant_id=applicant.pk,
                applicant_name=applicant.name,
                license_item=item_name,
                supplement_deadline=unless_uncovered(
                    lambda: rules.supplement_request_deadline(received, CALENDAR), None
                ),
            ),
            audit_action="license_application_recorded",
        )
    logger.info("licensing case %s application recorded", locked.pk)
    return row


def _applicant(locked: Case, applicant_id: int | None) -> Party:
    """Return the case party who applied: the one chosen, or the only party of the case."""
    parties = list(locked.parties.order_by("pk"))
    if applicant_id is None:
        if len(parties) == 1:
            return parties[0]
        if not parties:
            raise InvalidTransition("本案没有登记当事人，请先登记申请人。", field="applicant_id")
        raise ValidationFailed("本案有多个当事人，请选择“申请人”。", field="applicant_id")
    chosen = next((party for party in parties if party.pk == applicant_id), None)
    if chosen is None:
        raise ValidationFailed(
            "所选“申请人”不是本案当事人，请从本案当事人中选择。", field="applicant_id"
        )
    return chosen


def _received_on_or_raise(locked: Case) -> datetime.date:
    received = licensing_facts.received_on(facts_for(locked))
    if received is None:
        raise InvalidTransition("请先记录“申请材料接收”。", field="step")
    return received


def request_supplement(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    requested_on: datetime.date | None,
    missing_materials: str,
) -> CaseStep:
    """Record the one-time request for every missing material (一次性告知补正, Art. 32).

    A request after the 5 working days is still recorded, with the consequence the law gives
    it: the application counts as accepted on the day the materials were received.
    """
    require(user, Capability.MANAGE_CASES)
    requested = required_date(requested_on, "requested_on", "告知补正日期")
    missing = [line.strip() for line in (missing_materials or "").splitlines() if line.strip()]
    if not missing:
        raise ValidationFailed("请逐行填写“需要补正的全部材料”。", field="missing_materials")
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        received = _received_on_or_raise(locked)
        check_not_before(requested, "告知补正日期", received, "收到申请材料日期", "requested_on")
        check_step_time(step, received, "收到申请材料日期")
        if licensing_facts.acceptance(facts_for(locked)) is not None:
            raise InvalidTransition("已作出受理决定，不能再告知补正。", field="step")
        deadline = unless_uncovered(
            lambda: rules.supplement_request_deadline(received, CALENDAR), None, requested
        )
        late = deadline is not None and requested > deadline
        details: dict[str, object] = {
            "requested_on": requested,
            "missing_materials": missing,
            "deadline": deadline,
            "late": late,
        }
        if late:
            details["deemed_accepted_on"] = received
        row = append_step(
            user,
            locked,
            with_code(step, "supplement_request", **details),
            audit_action="license_supplement_requested",
        )
    if late:
        logger.warning("licensing case %s supplement request after %s", locked.pk, deadline)
    return row


def decide_acceptance(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    outcome: str,
    decided_on: datetime.date | None,
    reasons: str,
    remedy_channels: str,
) -> CaseStep:
    """Record the decision to accept the application or not (受理 / 不予受理, Art. 32).

    A refusal states its reasons and the remedy channels. It is refused itself when a late
    request for missing materials has already made the application accepted.
    """
    require(user, Capability.MANAGE_CASES)
    if outcome not in ACCEPTANCE_OUTCOMES:
        raise ValidationFailed("请选择“受理决定”（受理或不予受理）。", field="outcome")
    decided = required_date(decided_on, "decided_on", "决定日期")
    details: dict[str, object] = {
        "outcome": outcome,
        "outcome_label": ACCEPTANCE_OUTCOMES[outcome],
        "decided_on": decided,
    }
    if outcome == "rejected":
        details["reasons"] = required_text(reasons, "reasons", "不予受理的理由", 2000)
        details["remedy_channels"] = required_text(
            remedy_channels, "remedy_channels", "申请行政复议或者提起行政诉讼的途径", 1000
        )
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        received = _received_on_or_raise(locked)
        check_not_before(decided, "决定日期", received, "收到申请材料日期", "decided_on")
        check_step_time(step, received, "收到申请材料日期")
        facts = facts_for(locked)
        if licensing_facts.acceptance(facts) is not None:
            raise InvalidTransition("本案已作出受理决定；如需更正请使用更正功能。", field="step")
        if outcome == "rejected" and licensing_facts.late_supplement_request(facts) is not None:
            raise InvalidTransition(
                f"补正告知超过五个工作日，申请自{show(received)}收到材料之日起即视为受理，"
                "不能再作出不予受理决定。",
                field="outcome",
            )
        row = append_step(
            user,
            locked,
            with_code(step, "acceptance_decision", **details),
            audit_action="license_acceptance_decided",
        )
    return row


def _accepted_on_or_raise(locked: Case) -> datetime.date:
    accepted = licensing_facts.accepted_on(facts_for(locked))
    if accepted is None:
        raise InvalidTransition("申请尚未受理，请先记录“受理决定”。", field="step")
    return accepted


def record_review(user: User, case: Case | int, step: StepInput, *, opinion: str) -> CaseStep:
    """Record the review of the application (审查, Art. 34); the step's officers reviewed it."""
    require(user, Capability.MANAGE_CASES)
    text = required_text(opinion, "opinion", "审查意见", 3000)
    if not step.officer_ids:
        raise ValidationFailed("请选择参加审查的工作人员。", field="officer_ids")
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        accepted = _accepted_on_or_raise(locked)
        check_step_time(step, accepted, "受理日期")
        row = append_step(
            user,
            locked,
            with_code(step, "license_review", opinion=text),
            audit_action="license_reviewed",
        )
    return row


def record_excluded_period(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    excluded_kind: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    told_on: datetime.date | None,
) -> CaseStep:
    """Record time excluded from the decision period and notified in writing (Art. 45)."""
    require(user, Capability.MANAGE_CASES)
    start = required_date(period_start, "period_start", "开始日期")
    end = required_date(period_end, "period_end", "结束日期")
    period = rules.ExcludedPeriod(excluded_kind, start, end)
    raise_if_refused(rules.check_excluded_period(period, told_on), "excluded_kind")
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        accepted = _accepted_on_or_raise(locked)
        check_not_before(start, "开始日期", accepted, "受理日期", "period_start")
        # Informational only: the decision deadline counts the periods again when read.
        days = unless_uncovered(lambda: rules.working_days_between(start, end, CALENDAR), None)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "excluded_period",
                excluded_kind=excluded_kind,
                excluded_label=rules.EXCLUDED_KINDS[excluded_kind],
                period_start=start,
                period_end=end,
                told_on=told_on,
                working_days=days,
            ),
            audit_action="license_period_excluded",
        )
    return row


def extend_decision_period(
    user: User, case: Case | int, step: StepInput, *, reason: str
) -> CaseStep:
    """Approve the one extension of 10 working days (Art. 42), within the 20 working days.

    The approving user is the agency head, so the approval capability is needed.
    """
    require(user, Capability.APPROVE_CASE_STEPS)
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        accepted = _accepted_on_or_raise(locked)
        check_step_time(step, accepted, "受理日期")
        facts = facts_for(locked)
        raise_if_refused(
            rules.check_extension(licensing_facts.extension_count(facts), reason), "reason"
        )
        day = shanghai_date(step.occurred_at)
        deadline = unless_uncovered(
            lambda: licensing_facts.decision_deadline(facts, CALENDAR), None, day
        )
        if deadline is not None and day > deadline:
            raise ValidationFailed(
                f"决定期限已于{show(deadline)}届满，届满后不能再批准延长。", field="occurred_at"
            )
        row = append_step(
            user,
            locked,
            with_code(step, "license_extension", days=rules.EXTENSION_DAYS, reason=reason.strip()),
            audit_action="license_period_extended",
        )
    return row
