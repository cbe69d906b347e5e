"""The force of the decision enforced after reconsideration or litigation on it.

A decision of this platform that a reconsideration or lawsuit revoked, confirmed void or
confirmed illegal is not enforced: the basis is refused, and so is every later enforcement
step when the outcome arrives after the basis was recorded. A changed (变更) decision is
enforced only as changed, so the officer records the changed amount and what was changed,
either with the basis or afterwards in the step ``basis_changed``.
"""

from decimal import Decimal

from zhifa.cases.actions._common import steps_of
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.rules.common import show
from zhifa.core.errors import ValidationFailed
from zhifa.remedies.models import CORRECTION_OUTCOMES, Remedy, RemedyOutcome, RemedyStatus

# Outcomes after which nothing of the decision is left to enforce.
VOIDING_OUTCOMES = frozenset(
    {RemedyOutcome.REVOKED, RemedyOutcome.CONFIRMED_VOID, RemedyOutcome.CONFIRMED_ILLEGAL}
)
CHANGE_LABEL = "执行依据变更"
TERMINATION_HINT = "请记录“终结执行”（法定情形：据以执行的行政决定被撤销）。"


def correcting_remedies(basis_case_id: int | None) -> list[Remedy]:
    """Return the concluded remedies that corrected the basis case's decision, oldest first."""
    if not basis_case_id:
        return []
    return list(
        Remedy.objects.filter(
            case_id=basis_case_id,
            status=RemedyStatus.CONCLUDED,
            outcome__in=CORRECTION_OUTCOMES,
        ).order_by("concluded_on", "pk")
    )


def describe(remedy: Remedy) -> str:
    concluded = show(remedy.concluded_on) if remedy.concluded_on else ""
    return (
        f"{remedy.get_kind_display()}（{remedy.reference}）于{concluded}"
        f"作出“{remedy.get_outcome_display()}”的结果"
    )


def reject_voided(remedies: list[Remedy], field: str, consequence: str) -> None:
    """Reject when a remedy revoked the decision, confirmed it void or confirmed it illegal."""
    for remedy in remedies:
        if remedy.outcome in VOIDING_OUTCOMES:
            raise ValidationFailed(
                f"据以执行的决定经{describe(remedy)}，{consequence}", field=field
            )


def changes(remedies: list[Remedy]) -> list[Remedy]:
    return [remedy for remedy in remedies if remedy.outcome == RemedyOutcome.CHANGED]


def original_amount(remedy: Remedy) -> Decimal | None:
    """Return the fine of the decision the remedy changed, when that decision stores one."""
    fine = (remedy.decision_step.details or {}).get("penalty", {}).get("fine")
    return Decimal(fine) if fine else None


def check_change_note(
    remedies: list[Remedy], principal: Decimal, obligation: str, note: str
) -> None:
    """Require the changed amount and a note of the change after a changing remedy."""
    changed = changes(remedies)
    if not changed:
        return
    latest = changed[-1]
    original = original_amount(latest)
    if obligation == "money" and original is not None and principal > original:
        check_changed_amount(principal, original, latest)
    if obligation == "money" and original is not None and principal == original and not note:
        raise ValidationFailed(
            f"据以执行的决定经{describe(latest)}，“金钱给付义务数额”{principal}元仍是原决定的"
            "数额；请填写变更后的数额，并在“变更情况”中写明变更决定的内容。",
            field="principal",
        )
    if not note:
        raise ValidationFailed(
            f"据以执行的决定经{describe(latest)}，应当按变更后的决定执行；请在“变更情况”中"
            "写明变更决定的文号和内容，金钱给付义务请填写变更后的数额。",
            field="change_note",
        )


def unrecorded_changes(case: Case, basis: CaseStep, changed: list[Remedy]) -> list[Remedy]:
    """Return the changing remedies not yet taken in, rejecting a change recorded twice."""
    known = acknowledged_changes(case, basis)
    pending = [remedy for remedy in changed if remedy.pk not in known]
    if not pending:
        raise ValidationFailed(
            f"{describe(changed[-1])}的变更已经记录，不能重复记录“{CHANGE_LABEL}”；"
            "记录有误的，请使用更正功能。",
            field="step",
        )
    return pending


def check_changed_amount(amount: Decimal, previous: Decimal, remedy: Remedy) -> None:
    """Reject a changed amount that is not lower than the amount enforced before the change.

    A reconsideration body may not change a decision to the applicant's detriment (行政复议法
    2023 Art. 63), nor may a court's changing judgment add to the plaintiff's obligation
    (行政诉讼法 Art. 77), so a changed fine is lower. An unchanged amount means the change
    was not recorded.
    NOTE: both articles allow a less favourable change when a third party (Art. 63) or
    another plaintiff (Art. 77) asked for the opposite; the platform does not record that
    situation, so such an increase is rejected here and needs the correction flow.
    """
    if amount <= 0:
        raise ValidationFailed("请填写“变更后的金钱给付义务数额”。", field="principal")
    if amount == previous:
        raise ValidationFailed(
            f"“变更后的金钱给付义务数额”{amount}元与变更前的数额相同；请填写{describe(remedy)}"
            "确定的变更后数额。",
            field="principal",
        )
    if amount > previous:
        raise ValidationFailed(
            f"“变更后的金钱给付义务数额”{amount}元高于变更前的{previous}元；行政复议变更决定"
            "不得对申请人更为不利，判决变更不得加重原告的义务，请核对变更决定的数额。",
            field="principal",
        )


def acknowledged_changes(case: Case, basis: CaseStep) -> set[int]:
    """Return the ids of the changing remedies the basis or a later change step took in."""
    ids = set(basis.details.get("changed_by_remedy_ids", []))
    for row in steps_of(case, "basis_changed"):
        ids.update(row.details.get("changed_by_remedy_ids", []))
    return ids


def check_basis_stands(case: Case, basis: CaseStep, label: str) -> None:
    """Reject the enforcement step ``label`` when the decision enforced is no longer in force.

    A changing remedy not yet taken in also rejects the step until the change is recorded.
    """
    remedies = correcting_remedies(basis.details.get("basis_case_id"))
    reject_voided(remedies, "step", f"不能再记录“{label}”；{TERMINATION_HINT}")
    known = acknowledged_changes(case, basis)
    pending = [remedy for remedy in changes(remedies) if remedy.pk not in known]
    if pending:
        raise ValidationFailed(
            f"据以执行的决定经{describe(pending[-1])}，请先记录“{CHANGE_LABEL}”（变更后的"
            f"金钱给付义务数额和变更情况），再记录“{label}”。",
            field="step",
        )


def principal_of(case: Case, basis: CaseStep) -> Decimal:
    """Return the principal enforced: the latest changed amount, or the basis's own."""
    changes_recorded = steps_of(case, "basis_changed")
    if changes_recorded:
        return Decimal(changes_recorded[-1].details["principal"])
    return Decimal(basis.details["principal"])
