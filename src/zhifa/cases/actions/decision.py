"""The decision stage: prior notice, statement and defence, hearing and the decision itself.

Each action takes a ``StepInput`` for what every step records and sets its step code itself.
Amounts are stored in step details as strings of yuan, dates as ISO 8601 strings.
"""

import dataclasses
import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Officer
from zhifa.cases import hooks, stages
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    append_step,
    latest_step,
    lock_case,
    money,
    raise_if_refused,
    require,
    required_date,
    required_text,
    steps_of,
)
from zhifa.cases.hooks import legal_review_blocker
from zhifa.cases.models import Case, CaseFlag, CaseStep, CollectiveDiscussionTrigger, PartyKind
from zhifa.cases.rules import penalty as rules
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.rules import parameter
from zhifa.core.workdays import shanghai_date

logger = logging.getLogger(__name__)


def _with_code(step: StepInput, code: str, **details: Any) -> StepInput:
    return dataclasses.replace(step, step=code, details={**step.details, **details})


@dataclass
class PenaltyInput:
    """A penalty as proposed or decided: type codes (``PENALTY_LABELS``) and amounts in yuan."""

    types: list[str]
    fine: Decimal | str | int = Decimal("0")
    confiscation: Decimal | str | int = Decimal("0")


def _penalty(data: PenaltyInput) -> rules.ProposedPenalty:
    unknown = set(data.types) - set(rules.PENALTY_LABELS)
    if unknown:
        raise ValidationFailed("“处罚种类”含有无效选项，请重新选择。", field="penalty_types")
    return rules.ProposedPenalty(
        types=frozenset(data.types),
        fine=money(data.fine, "fine", "罚款金额"),
        confiscation=money(data.confiscation, "confiscation", "没收金额或价值"),
    )


def _penalty_details(penalty: rules.ProposedPenalty) -> dict[str, Any]:
    return {
        "types": sorted(penalty.types),
        "fine": str(penalty.fine),
        "confiscation": str(penalty.confiscation),
    }


def penalty_from_details(details: dict[str, Any]) -> rules.ProposedPenalty:
    stored = details.get("penalty", {})
    return rules.ProposedPenalty(
        types=frozenset(stored.get("types", [])),
        fine=Decimal(stored.get("fine", "0")),
        confiscation=Decimal(stored.get("confiscation", "0")),
    )


# A missing 较大数额 figure: no amount reaches it, so the amount alone gives no hearing right.
NO_THRESHOLD = Decimal("Infinity")


def hearing_thresholds(case: Case, party_kind: str, day: datetime.date) -> rules.HearingThresholds:
    """Read the 较大数额 figures for one party kind from the registered threshold source."""

    def figure(measure: str) -> Decimal:
        amount = hooks.hearing_threshold(case, party_kind, measure, day)
        return NO_THRESHOLD if amount is None else amount

    fine = figure("fine")
    confiscation = figure("confiscation")
    return rules.HearingThresholds(
        fine_citizen=fine,
        fine_organization=fine,
        confiscation_citizen=confiscation,
        confiscation_organization=confiscation,
    )


def _hearing_grounds(
    case: Case, penalty: rules.ProposedPenalty, day: datetime.date | None = None
) -> list[str]:
    """Return why the penalty carries the hearing right for any party of the case, on ``day``."""
    day = day or shanghai_date(timezone.now())
    grounds: list[str] = []
    for kind in sorted({party.kind for party in case.parties.all()}):
        thresholds = hearing_thresholds(case, kind, day)
        for ground in rules.hearing_grounds(kind, penalty, thresholds):
            if ground not in grounds:
                grounds.append(ground)
    return grounds


# --- Prior notice and statements ---------------------------------------------------------------


@dataclass
class PriorNoticeInput:
    """The contents of a prior notice (行政处罚事先告知书) and the date it was served."""

    facts: str
    grounds: str
    legal_basis: str
    penalty: PenaltyInput
    served_on: datetime.date
    statement_right_told: bool = True
    recusal_right_told: bool = True
    hearing_right_told: bool = False


def give_prior_notice(
    user: User, case: Case | int, step: StepInput, data: PriorNoticeInput
) -> CaseStep:
    """Record the prior notice of the intended penalty (行政处罚法 Art. 44, 45, 63).

    Refused when the notice lacks the facts, grounds, basis, intended penalty or a right the
    party must be told of; the hearing right is required when the penalty is in the hearing
    range (thresholds from the registered source, as on the day of service).
    """
    require(user, Capability.MANAGE_CASES)
    penalty = _penalty(data.penalty)
    served_on = required_date(data.served_on, "served_on", "送达日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        grounds = _hearing_grounds(locked, penalty, served_on)
        contents = rules.PriorNoticeContents(
            facts=data.facts,
            grounds=data.grounds,
            legal_basis=data.legal_basis,
            penalty=penalty,
            statement_right_told=data.statement_right_told,
            recusal_right_told=data.recusal_right_told,
            hearing_right_told=data.hearing_right_told,
        )
        raise_if_refused(
            rules.check_prior_notice(contents, hearing_eligible=bool(grounds)), "prior_notice"
        )
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "prior_notice",
                facts=data.facts.strip(),
                grounds=data.grounds.strip(),
                legal_basis=data.legal_basis.strip(),
                penalty=_penalty_details(penalty),
                served_on=served_on.isoformat(),
                hearing_eligible=bool(grounds),
                hearing_grounds=grounds,
                hearing_right_told=data.hearing_right_told,
                statement_right_told=data.statement_right_told,
                recusal_right_told=data.recusal_right_told,
            ),
            audit_action="prior_notice_given",
        )
    return row


def _last_notice(case: Case) -> CaseStep:
    notice = latest_step(case, "prior_notice")
    if notice is None:
        raise InvalidTransition("本案尚未进行事先告知，请先记录“行政处罚事先告知”。", field="step")
    return notice


def record_statement(
    user: User, case: Case | int, step: StepInput, *, received_on: datetime.date, content: str
) -> CaseStep:
    """Record a statement or defence of the party (陈述申辩); each one needs a review."""
    require(user, Capability.MANAGE_CASES)
    received_on = required_date(received_on, "received_on", "收到日期")
    content = required_text(content, "content", "陈述申辩内容")
    with transaction.atomic():
        locked = lock_case(user, case)
        _last_notice(locked)
        row = append_step(
            user,
            locked,
            _with_code(
                step, "statement_and_defense", received_on=received_on.isoformat(), content=content
            ),
            audit_action="statement_recorded",
        )
    return row


def record_rights_waiver(
    user: User, case: Case | int, step: StepInput, *, signed_on: datetime.date
) -> CaseStep:
    """Record the party's written waiver of statement, defence and hearing (Art. 62)."""
    require(user, Capability.MANAGE_CASES)
    signed_on = required_date(signed_on, "signed_on", "签署日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        _last_notice(locked)
        row = append_step(
            user, locked, _with_code(step, "rights_waived", signed_on=signed_on.isoformat())
        )
    return row


REVIEW_CONCLUSIONS = {"accepted": "采纳", "partly_accepted": "部分采纳", "rejected": "不予采纳"}


def record_statement_review(
    user: User, case: Case | int, step: StepInput, *, conclusion: str, reasons: str
) -> CaseStep:
    """Record the review (复核) of the party's statements (行政处罚法 Art. 45)."""
    require(user, Capability.MANAGE_CASES)
    if conclusion not in REVIEW_CONCLUSIONS:
        raise ValidationFailed("请选择“复核结论”。", field="conclusion")
    reasons = required_text(reasons, "reasons", "复核理由")
    with transaction.atomic():
        locked = lock_case(user, case)
        statements = len(steps_of(locked, "statement_and_defense"))
        reviews = len(steps_of(locked, "statement_review"))
        if reviews >= statements:
            raise ValidationFailed("没有待复核的陈述申辩。", field="conclusion")
        row = append_step(
            user,
            locked,
            _with_code(step, "statement_review", conclusion=conclusion, reasons=reasons),
            audit_action="statement_reviewed",
        )
    return row


# --- Hearing -----------------------------------------------------------------------------------


def request_hearing(
    user: User, case: Case | int, step: StepInput, *, requested_on: datetime.date
) -> CaseStep:
    """Record the party's request for a hearing, within 5 working days of the notice (Art. 64)."""
    require(user, Capability.MANAGE_CASES)
    requested_on = required_date(requested_on, "requested_on", "申请日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        notice = _last_notice(locked)
        outcome = rules.check_hearing_request(
            eligible=bool(notice.details.get("hearing_eligible")),
            notice_served_on=datetime.date.fromisoformat(notice.details["served_on"]),
            requested_on=requested_on,
            calendar=CALENDAR,
        )
        raise_if_refused(outcome, "requested_on")
        row = append_step(
            user,
            locked,
            _with_code(step, "hearing_request", requested_on=requested_on.isoformat()),
            audit_action="hearing_requested",
        )
    return row


def investigator_ids(case: Case) -> set[int]:
    """Return the officers who handled the case or took part in its investigation steps."""
    ids = set(case.officers.values_list("pk", flat=True))
    ids |= set(
        Officer.objects.filter(
            case_steps__case=case, case_steps__stage="investigation"
        ).values_list("pk", flat=True)
    )
    return ids


def schedule_hearing(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    notified_on: datetime.date,
    hearing_on: datetime.date,
    hearing_place: str,
    presiding_officer_id: int,
) -> CaseStep:
    """Record the hearing notice: at least 7 working days ahead, with a presiding officer who
    did not investigate the case (行政处罚法 Art. 64 (2) and (4))."""
    require(user, Capability.MANAGE_CASES)
    notified_on = required_date(notified_on, "notified_on", "通知日期")
    hearing_place = required_text(hearing_place, "hearing_place", "听证地点", 200)
    with transaction.atomic():
        locked = lock_case(user, case)
        presiding = Officer.objects.filter(
            pk=presiding_officer_id, agency_id=locked.agency_id
        ).first()
        if presiding is None:
            raise ValidationFailed(
                "请选择本单位的执法人员担任听证主持人。", field="presiding_officer_id"
            )
        outcome = rules.check_hearing_schedule(
            notified_on=notified_on,
            hearing_on=hearing_on,
            presiding_officer_id=presiding.pk,
            investigator_ids=investigator_ids(locked),
            calendar=CALENDAR,
        )
        raise_if_refused(outcome, "hearing_on")
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "hearing_notice",
                notified_on=notified_on.isoformat(),
                hearing_on=hearing_on.isoformat(),
                hearing_place=hearing_place,
                presiding_officer_id=presiding.pk,
                presiding_officer=presiding.full_name,
            ),
            audit_action="hearing_scheduled",
        )
    return row


def record_hearing(
    user: User, case: Case | int, step: StepInput, *, party_attended: bool, absence_reason: str = ""
) -> CaseStep:
    """Record the hearing (听证笔录); a party absent without good reason waives it (Art. 64 (8))."""
    require(user, Capability.MANAGE_CASES)
    with transaction.atomic():
        locked = lock_case(user, case)
        notice = latest_step(locked, "hearing_notice")
        if notice is None:
            raise InvalidTransition("尚未通知听证，请先记录“听证通知”。", field="step")
        scheduled = datetime.date.fromisoformat(notice.details["hearing_on"])
        held_on = shanghai_date(step.occurred_at)
        if held_on < scheduled:
            raise ValidationFailed(
                f"听证应在通知的日期{scheduled.isoformat()}或之后举行。", field="occurred_at"
            )
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "hearing_record",
                party_attended=party_attended,
                absence_reason=absence_reason.strip(),
                presiding_officer_id=notice.details["presiding_officer_id"],
            ),
            audit_action="hearing_recorded",
        )
    return row


# --- The decision ------------------------------------------------------------------------------


@dataclass
class DecisionInput:
    """The contents of a penalty decision (行政处罚决定书, 行政处罚法 Art. 59)."""

    decided_on: datetime.date
    facts_and_evidence: str
    penalty: PenaltyInput
    penalty_basis: str
    performance_manner: str
    performance_deadline: datetime.date | None
    remedy_channels: str
    remedy_deadlines: str
    discretion_reasons: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def party_age_at_violation(case: Case) -> int | None:
    """Return the youngest natural-person party's age on the violation date (or opening day)."""
    day = case.violation_date or case.opened_on
    ages = [
        age
        for party in case.parties.all()
        if party.kind == PartyKind.NATURAL_PERSON and (age := party.age_on(day)) is not None
    ]
    return min(ages) if ages else None


def case_warnings(case: Case) -> list[str]:
    """Return warnings shown on the case, such as a minor party (行政处罚法 Art. 30)."""
    warning = rules.minor_warning(party_age_at_violation(case))
    return [warning] if warning else []


def _collective_reasons(case: Case, penalty: rules.ProposedPenalty) -> list[str]:
    triggers = {
        row.flag: CaseFlag(row.flag).label
        for row in CollectiveDiscussionTrigger.objects.filter(active=True)
    }
    return rules.collective_discussion_reasons(
        flags=case.flags,
        fine=penalty.fine,
        trigger_flags=triggers,
        fine_threshold=parameter("collective_discussion_fine_threshold"),
    )


def _extensions(case: Case) -> list[rules.Extension]:
    return [
        rules.Extension(
            int(row.details["days"]),
            row.details.get("approved_by", ""),
            row.details.get("reason", ""),
        )
        for row in steps_of(case, "deadline_extension")
    ]


def _decision_contents(
    case: Case, data: DecisionInput, penalty: rules.ProposedPenalty
) -> rules.DecisionContents:
    parties = list(case.parties.all())
    return rules.DecisionContents(
        party_names=[party.name for party in parties],
        party_addresses=[party.address for party in parties],
        facts_and_evidence=data.facts_and_evidence,
        penalty=penalty,
        penalty_basis=data.penalty_basis,
        performance_manner=data.performance_manner,
        performance_deadline=data.performance_deadline,
        remedy_channels=data.remedy_channels,
        remedy_deadlines=data.remedy_deadlines,
        agency_name=case.agency.name,
        decided_on=data.decided_on,
    )


def _check_procedure_before_decision(
    case: Case, data: DecisionInput, penalty: rules.ProposedPenalty
) -> None:
    notice = _last_notice(case)
    notified = penalty_from_details(notice.details)
    raise_if_refused(rules.check_not_heavier_than_notice(penalty, notified), "penalty_types")
    raise_if_refused(
        rules.check_statements_reviewed(
            len(steps_of(case, "statement_and_defense")), len(steps_of(case, "statement_review"))
        ),
        "step",
    )
    outcome = rules.check_decision_after_notice(
        notice_served_on=datetime.date.fromisoformat(notice.details["served_on"]),
        decided_on=data.decided_on,
        hearing_right_told=bool(notice.details.get("hearing_right_told")),
        hearing_requested=bool(steps_of(case, "hearing_request")),
        hearing_held=bool(steps_of(case, "hearing_record")),
        rights_waived=bool(steps_of(case, "rights_waived")),
        calendar=CALENDAR,
    )
    raise_if_refused(outcome, "decided_on")
    raise_if_refused(
        rules.check_collective_discussion(
            _collective_reasons(case, penalty), bool(steps_of(case, "collective_discussion"))
        ),
        "step",
    )
    raise_if_refused(
        rules.check_decision_deadline(case.opened_on, data.decided_on, _extensions(case), CALENDAR),
        "decided_on",
    )


def issue_decision(user: User, case: Case | int, step: StepInput, data: DecisionInput) -> CaseStep:
    """Issue the penalty decision of an ordinary-procedure case (行政处罚法 Art. 57-60).

    Each check raises with its reason. The case must be at the decision stage, and
    ``hooks.legal_review_blocker`` must not block it. Every Art. 59 content must be present
    (the error lists all missing ones), and a party under 14 at the violation is not
    penalised (Art. 30). The prior notice must exist, the penalty may not exceed it, every
    statement must be reviewed, and the hearing window must be over or a requested hearing
    held. Collective discussion is checked when required, and the 90-day period (with
    approved extensions) must not be over.
    """
    require(user, Capability.MANAGE_CASES)
    penalty = _penalty(data.penalty)
    decided_on = required_date(data.decided_on, "decided_on", "决定日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        placement = stages.place_step(
            locked.kind,
            locked.stage,
            "penalty_decision",
            locked.steps.values_list("step", flat=True),
        )
        if not placement.allowed:
            raise InvalidTransition(placement.reason, field="step")
        blocker = legal_review_blocker(locked, "penalty_decision")
        if blocker:
            raise InvalidTransition(blocker, field="legal_review_state")
        missing = rules.missing_decision_contents(_decision_contents(locked, data, penalty))
        if missing:
            raise ValidationFailed(f"处罚决定缺少：{'、'.join(missing)}。", field="decision")
        raise_if_refused(rules.check_minor(party_age_at_violation(locked)), "party_ids")
        _check_procedure_before_decision(locked, data, penalty)

        deadline = data.performance_deadline
        if deadline is None:  # missing_decision_contents already reported it
            raise ValidationFailed("请填写“履行期限”。", field="performance_deadline")
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "penalty_decision",
                decided_on=decided_on.isoformat(),
                facts_and_evidence=data.facts_and_evidence.strip(),
                penalty=_penalty_details(penalty),
                penalty_basis=data.penalty_basis.strip(),
                performance_manner=data.performance_manner.strip(),
                performance_deadline=deadline.isoformat(),
                remedy_channels=data.remedy_channels.strip(),
                remedy_deadlines=data.remedy_deadlines.strip(),
                discretion_reasons=data.discretion_reasons.strip(),
                agency_name=locked.agency.name,
                **data.extra,
            ),
            audit_action="decision_issued",
        )
    logger.info("case %s decision issued in step %s", locked.pk, row.pk)
    return row


@dataclass
class SummaryDecisionInput:
    """An on-the-spot decision under the summary procedure (行政处罚法 Art. 51-52)."""

    penalty: PenaltyInput
    facts: str
    legal_basis: str
    remedy_channels: str
    facts_certain: bool = True


def issue_summary_decision(
    user: User, case: Case | int, step: StepInput, data: SummaryDecisionInput
) -> CaseStep:
    """Record an on-the-spot decision; refused beyond the Art. 51 limits or without contents."""
    require(user, Capability.MANAGE_CASES)
    penalty = _penalty(data.penalty)
    facts = required_text(data.facts, "facts", "违法行为")
    remedy = required_text(
        data.remedy_channels, "remedy_channels", "申请行政复议、提起行政诉讼的途径和期限"
    )
    with transaction.atomic():
        locked = lock_case(user, case)
        for party in locked.parties.all():
            outcome = rules.check_summary_procedure(
                party_kind=party.kind,
                penalty_types=penalty.types,
                fine=penalty.fine,
                facts_certain=data.facts_certain,
                legal_basis=data.legal_basis,
            )
            raise_if_refused(outcome, "penalty_types")
        raise_if_refused(rules.check_minor(party_age_at_violation(locked)), "party_ids")
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "on_the_spot_decision",
                decided_on=shanghai_date(step.occurred_at).isoformat(),
                facts=facts,
                legal_basis=data.legal_basis.strip(),
                penalty=_penalty_details(penalty),
                remedy_channels=remedy,
                agency_name=locked.agency.name,
            ),
            audit_action="decision_issued",
        )
    return row
