"""Closing the decision stage without a penalty: the other outcomes of 行政处罚法 Art. 57.

``conclude_without_penalty`` records one of ``stages.NO_PENALTY_OUTCOMES``. None of them
needs a prior notice, a served penalty decision or a payment, so the case may close next.
"""

import dataclasses
import datetime
import logging
from dataclasses import dataclass

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases import stages
from zhifa.cases.actions._common import (
    StepInput,
    append_step,
    lock_case,
    raise_if_refused,
    require,
    required_date,
)
from zhifa.cases.actions.decision import party_age_at_violation
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.rules import outcomes as rules
from zhifa.core.errors import InvalidTransition, ValidationFailed

logger = logging.getLogger(__name__)


@dataclass
class OutcomeInput:
    """The contents of a no-penalty decision or of a transfer to the judiciary.

    ``decided_on`` is the date of the decision, or of the transfer for
    ``transfer_to_judiciary``. Fields an outcome does not use stay empty.
    """

    decided_on: datetime.date | None
    facts: str = ""
    legal_basis: str = ""
    education: str = ""
    corrected: bool = False
    no_harm: bool = False
    first_violation: bool = False
    discretion_reasons: str = ""
    no_fault_evidence: str = ""
    guardian_discipline: str = ""
    not_established_reasons: str = ""
    receiving_organ: str = ""
    suspected_crime: str = ""


# Text fields stored in the step details when filled: their label and maximum length.
_TEXT_FIELDS = {
    "facts": ("违法事实", 5000),
    "legal_basis": ("法律依据", 2000),
    "education": ("对当事人进行教育的情况", 2000),
    "discretion_reasons": ("裁量理由", 2000),
    "no_fault_evidence": ("证明当事人没有主观过错的证据", 5000),
    "guardian_discipline": ("责令监护人加以管教的情况", 2000),
    "not_established_reasons": ("违法事实不能成立的理由", 5000),
    "receiving_organ": ("接收移送的司法机关", 100),
    "suspected_crime": ("涉嫌犯罪的事实和理由", 5000),
}


def conclude_without_penalty(
    user: User, case: Case | int, step: StepInput, data: OutcomeInput
) -> CaseStep:
    """Record a no-penalty outcome or a transfer to the judiciary (``step.step`` names which).

    Refused for a step code that is not such an outcome, out of stage order, after another
    outcome or penalty decision, when the contents of ``rules.check_outcome`` are missing,
    and for a transfer when the party was under 14 on the violation date (Art. 30).
    """
    require(user, Capability.MANAGE_CASES)
    if step.step not in stages.NO_PENALTY_OUTCOMES:
        raise ValidationFailed(f"“{step.step}”不是不予行政处罚或移送的决定。", field="step")
    label = "移送日期" if step.step == "transfer_to_judiciary" else "决定日期"
    decided_on = required_date(data.decided_on, "decided_on", label)
    texts = {name: (getattr(data, name) or "").strip() for name in _TEXT_FIELDS}
    for name, (field_label, limit) in _TEXT_FIELDS.items():
        if len(texts[name]) > limit:
            raise ValidationFailed(f"“{field_label}”不能超过{limit}个字。", field=name)

    with transaction.atomic():
        locked = lock_case(user, case)
        placement = stages.place_step(
            locked.kind, locked.stage, step.step, locked.steps.values_list("step", flat=True)
        )
        if not placement.allowed:
            raise InvalidTransition(placement.reason, field="step")
        if decided_on < locked.opened_on:
            raise ValidationFailed(
                f"“{label}”{decided_on.isoformat()}早于立案日期{locked.opened_on.isoformat()}。",
                field="decided_on",
            )
        facts = rules.OutcomeFacts(
            code=step.step,
            age_at_violation=party_age_at_violation(locked),
            corrected=data.corrected,
            no_harm=data.no_harm,
            first_violation=data.first_violation,
            **texts,
        )
        raise_if_refused(rules.check_outcome(facts), "decision")
        details = {name: value for name, value in texts.items() if value}
        details["decided_on"] = decided_on.isoformat()
        if step.step == "no_penalty_minor":
            details.update(corrected=True, no_harm=True)
        if step.step == "no_penalty_first_violation":
            details.update(corrected=True, first_violation=True)
        if step.step == "transfer_to_judiciary":
            details["transferred_on"] = decided_on.isoformat()
        row = append_step(
            user,
            locked,
            dataclasses.replace(step, details={**step.details, **details}),
            audit_action="case_concluded_without_penalty",
        )
    logger.info("case %s concluded by %s in step %s", locked.pk, step.step, row.pk)
    return row
