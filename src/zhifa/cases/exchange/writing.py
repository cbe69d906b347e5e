"""Writing a validated batch: create new copies, update changed ones, append stage steps.

Steps are append-only, so an exchanged case gets one step per stage the source has reported:
the first stage of its kind when it is created, the decision stage when a decision arrives,
and the reported current stage. A stage that already has an exchanged step gets no second one.
"""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.exchange import hooks as exchange_hooks
from zhifa.cases.exchange.parties import find_or_register_party
from zhifa.cases.exchange.validation import DecisionData, ValidRecord
from zhifa.cases.models import (
    Case,
    CaseParty,
    CaseStep,
    ExchangedDecision,
    ExchangeSource,
    Stage,
)
from zhifa.cases.stages import procedure_for

logger = logging.getLogger(__name__)

EXCHANGE_STEP = "exchange_report"
# Case fields that a later batch may change; agency, kind and number are fixed at creation.
MUTABLE_FIELDS = ("title", "stage", "status", "closed_on")


@dataclass
class WriteResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def write_records(
    user: User | None, source: ExchangeSource, batch_id: int, records: list[ValidRecord]
) -> WriteResult:
    """Upsert every record by (source, source_id); call inside the batch's transaction."""
    result = WriteResult()
    for record in records:
        if record.existing is None:
            _create(user, source, batch_id, record)
            result.created.append(record.source_id)
        elif _update(source, batch_id, record, record.existing):
            result.updated.append(record.source_id)
        else:
            result.unchanged.append(record.source_id)
    return result


def _create(user: User | None, source: ExchangeSource, batch_id: int, record: ValidRecord) -> Case:
    case = Case.objects.create(
        agency=record.agency,
        department=record.department,
        kind=record.kind,
        # The source system's number is kept; the platform's own numbering is not used.
        number=record.number,
        number_year=record.opened_on.year,
        number_sequence=0,
        title=record.title,
        stage=record.stage,
        status=record.status,
        opened_on=record.opened_on,
        closed_on=record.closed_on,
        source=source.code,
        source_id=record.source_id,
        created_by=user,
    )
    for identity in record.parties:
        party, _ = find_or_register_party(identity)
        CaseParty.objects.create(case=case, party=party)
    case.power_items.set(record.power_items)
    if record.decision is not None:
        _store_decision(case, record.decision)
    _append_steps(case, source, batch_id, record)
    return case


def _update(source: ExchangeSource, batch_id: int, record: ValidRecord, case: Case) -> bool:
    """Apply the changed mutable fields and a changed decision; return whether anything changed."""
    changed = [name for name in MUTABLE_FIELDS if getattr(case, name) != getattr(record, name)]
    for name in changed:
        setattr(case, name, getattr(record, name))
    if changed:
        case.save(update_fields=changed)

    decision_changed = False
    if record.decision is not None:
        decision_changed = _store_decision(case, record.decision)
    steps_added = _append_steps(case, source, batch_id, record)
    if changed or decision_changed:
        logger.info(
            "exchanged case %s updated from %s: %s",
            case.pk,
            source.code,
            ", ".join(changed + (["decision"] if decision_changed else [])),
        )
    return bool(changed or decision_changed or steps_added)


def _store_decision(case: Case, decision: DecisionData) -> bool:
    """Create or update the reported decision; return whether it changed."""
    values = {
        "decided_on": decision.decided_on,
        "penalty_types": decision.penalty_types,
        "fine_amount": decision.fine_amount,
        "document_number": decision.document_number,
        "review_conclusion": decision.review.conclusion if decision.review else "",
        "reviewed_on": decision.review.reviewed_on if decision.review else None,
        "review_body": decision.review.body if decision.review else "",
    }
    current = ExchangedDecision.objects.filter(case=case).first()
    if current is None:
        created = ExchangedDecision.objects.create(case=case, **values)
        exchange_hooks.decision_stored(created, True)
        return True
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, values[name])
    if changed:
        current.save(update_fields=[*changed, "updated_at"])
        exchange_hooks.decision_stored(current, False)
    return bool(changed)


def _stage_dates(record: ValidRecord) -> dict[str, datetime.date | None]:
    """Return the stages the record reports, each with its date when the record gives one."""
    first = procedure_for(record.kind).first_stage
    stages: dict[str, datetime.date | None] = {first: record.opened_on}
    if record.decision is not None:
        stages.setdefault(Stage.DECISION, record.decision.decided_on)
    reported_date = record.closed_on if record.stage == Stage.CLOSING else None
    stages.setdefault(record.stage, reported_date)
    return stages


def _append_steps(case: Case, source: ExchangeSource, batch_id: int, record: ValidRecord) -> int:
    """Add a step for each reported stage that has no exchanged step yet; return how many."""
    recorded = set(
        CaseStep.objects.filter(case=case, step=EXCHANGE_STEP).values_list("stage", flat=True)
    )
    new_stages = [
        (stage, day) for stage, day in _stage_dates(record).items() if stage not in recorded
    ]
    if not new_stages:
        return 0
    last = CaseStep.objects.filter(case=case).aggregate(last=Max("sequence"))["last"] or 0
    now = timezone.now()
    for offset, (stage, day) in enumerate(new_stages, start=1):
        details: dict[str, Any] = {"exchanged": True, "source": source.code, "batch": batch_id}
        if day is not None:
            details["date"] = day.isoformat()
        CaseStep.objects.create(
            case=case,
            sequence=last + offset,
            stage=stage,
            step=EXCHANGE_STEP,
            occurred_at=_start_of_day(day) if day is not None else now,
            summary=f"{source.name}报送：案件处于“{Stage(stage).label}”阶段。",
            details=details,
        )
    return len(new_stages)


def _start_of_day(day: datetime.date) -> datetime.datetime:
    """Return midnight of ``day`` in the platform's time zone; sources report dates only."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
