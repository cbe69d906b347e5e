"""Reading the content of a decision from a case step, its document and its case.

The text comes from the final decision document when one records the step (its fields joined
with their labels, in the document type's order). A step recorded before its document is
finalised has only its details, so ``content_of_step`` falls back to those, and the draft is
read again when the approver opens it (``drafts.refresh``).
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from zhifa.cases.actions.links import steps_recorded_by
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.models import Case, CaseStep, Document, DocumentStatus
from zhifa.cases.stages import NO_PENALTY_OUTCOMES, procedure_for
from zhifa.core.workdays import shanghai_date
from zhifa.levies.models import CompensationMethod
from zhifa.publicity.drafting.content import DecisionContent, labelled_text, penalty_text
from zhifa.publicity.drafting.kinds import decision_step
from zhifa.publicity.drafting.parties import case_parties
from zhifa.publicity.models import PublicationKind

# Step details that carry text worth publishing, with their labels, in reading order.
# Coded detail values shown by their Chinese label.
VALUE_LABELS = {"method": dict(CompensationMethod.choices)}
DETAIL_LABELS = (
    ("outcome_label", "决定"),
    ("disposal_label", "决定类型"),
    ("kind_label", "措施种类"),
    ("facts_and_evidence", "违法事实和证据"),
    ("facts", "违法事实"),
    ("grounds", "事实和理由"),
    ("reason", "理由"),
    ("reasons", "理由"),
    ("emergency", "事由"),
    ("obstruction", "清除的障碍物"),
    ("scope", "范围"),
    ("content", "内容"),
    ("changed_content", "变更内容"),
    ("method", "方式"),
    ("target", "标的"),
    ("legal_basis", "依据"),
    ("penalty_basis", "处罚依据"),
    ("amount", "金额（元）"),
    ("performance_manner", "履行方式"),
    ("performance_deadline", "履行期限"),
    ("due_on", "缴纳期限"),
    ("remedy_channels", "救济途径"),
    ("remedy_deadlines", "救济期限"),
)


def decided_on_of(step: CaseStep) -> datetime.date:
    for key in ("decided_on", "issued_on"):
        value = step.details.get(key)
        if value:
            return datetime.date.fromisoformat(str(value)[:10])
    return shanghai_date(step.occurred_at)


def decision_document(step: CaseStep) -> Document | None:
    """Return the final document recording ``step``: linked to it, or the case's newest of a type
    that records this step and is linked to no other step."""
    linked = (
        Document.objects.filter(step=step, status=DocumentStatus.FINAL).order_by("-version").first()
    )
    if linked is not None:
        return linked
    types = [code for code in DOC_TYPES if step.step in steps_recorded_by(code)]
    return (
        Document.objects.filter(
            case_id=step.case_id, doc_type__in=types, status=DocumentStatus.FINAL, step__isnull=True
        )
        .order_by("-finalised_at", "-version")
        .first()
    )


def document_text(document: Document, party_names: str) -> str:
    spec = DOC_TYPES.get(document.doc_type)
    lines = [("文号", document.number), ("当事人", party_names)]
    if spec is not None:
        lines += [(field.label, str(document.data.get(field.name, ""))) for field in spec.fields]
    return labelled_text(document.title, lines)


def details_text(step: CaseStep, label: str, party_names: str, extra: list[tuple[str, str]]) -> str:
    lines = [("当事人", party_names), ("内容", step.summary), *extra]
    for key, key_label in DETAIL_LABELS:
        value = step.details.get(key)
        if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
            lines.append((key_label, VALUE_LABELS.get(key, {}).get(str(value), str(value))))
    return labelled_text(label, lines)


def _addressed_parties(step: CaseStep, parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the parties a decision is addressed to: one household's owner, or all of them.

    A compensation decision of a housing expropriation names the household's owner in its
    details; the other owners of the project are not parties to it.
    """
    owner = step.details.get("owner")
    if not isinstance(owner, str) or not owner:
        return parties
    addressed = [row for row in parties if row.get("name") == owner]
    return addressed or parties


def domain_codes(case: Case, day: datetime.date) -> list[str]:
    codes = []
    for item in case.power_items.all():
        version = item.version_on(day)
        if version is not None and version.domain is not None:
            codes.append(version.domain.code)
    return codes


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount > 0 else None


def _penalty(content: DecisionContent, step: CaseStep) -> None:
    penalty = step.details.get("penalty") or {}
    content.penalty_types = list(penalty.get("types", []))
    content.fine = _amount(penalty.get("fine"))
    content.confiscation = _amount(penalty.get("confiscation"))
    content.content = penalty_text(content.penalty_types, content.fine, content.confiscation)
    content.outcome = content.content
    content.facts_text = str(
        step.details.get("facts_and_evidence") or step.details.get("facts") or ""
    )
    content.legal_basis = str(
        step.details.get("penalty_basis") or step.details.get("legal_basis") or ""
    )


def _no_penalty(content: DecisionContent, step: CaseStep) -> None:
    content.no_penalty = True
    content.outcome = NO_PENALTY_OUTCOMES[step.step]
    content.content = content.outcome
    content.facts_text = step.summary


def _license(content: DecisionContent, step: CaseStep) -> None:
    details = step.details
    content.result = str(details.get("outcome") or details.get("disposal_kind") or "")
    content.outcome = str(details.get("outcome_label") or details.get("disposal_label") or "")
    content.content = str(details.get("content") or details.get("grounds") or content.outcome)
    content.legal_basis = str(details.get("legal_basis", ""))
    if step.step == "disposal_decision":
        content.licence["state"] = "无效"


def _other(content: DecisionContent, step: CaseStep, label: str) -> None:
    details = step.details
    detail = details.get("outcome_label") or details.get("kind_label") or step.summary
    content.outcome = f"{label}：{detail}" if detail else label
    content.content = content.outcome
    content.legal_basis = str(details.get("legal_basis", ""))
    content.result = str(details.get("outcome", ""))


def content_of_step(step: CaseStep) -> DecisionContent | None:
    """Return the content of the decision ``step`` records, or None if it is not a decision."""
    published_as = decision_step(step.step)
    if published_as is None:
        return None
    case = step.case
    spec = procedure_for(case.kind).step(step.step)
    label = spec.label if spec is not None else step.step
    decided_on = decided_on_of(step)
    parties = _addressed_parties(step, case_parties(case))
    content = DecisionContent(
        kind=published_as.kind,
        agency=case.agency,
        title=f"{case.agency.short_name}{label}",
        decided_on=decided_on,
        parties=parties,
        violation=case.title,
        procedure=published_as.procedure,
        domain_codes=domain_codes(case, decided_on),
        ban_months=_ban_months(step.details),
        spot_check=case.spot_check_assignment_id is not None,
        state_secret=bool(step.details.get("state_secret")) or "state_secret" in case.flags,
    )

    if step.step in NO_PENALTY_OUTCOMES:
        _no_penalty(content, step)
    elif published_as.kind == PublicationKind.PENALTY:
        _penalty(content, step)
    elif published_as.kind == PublicationKind.LICENSE:
        _license(content, step)
    else:
        _other(content, step, label)

    _fill_document(content, step, label)
    return content


def _ban_months(details: dict[str, Any]) -> int | None:
    value = details.get("ban_months")
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def _fill_document(content: DecisionContent, step: CaseStep, label: str) -> None:
    names = "、".join(row["name"] for row in content.parties if row.get("role") == "party")
    document = decision_document(step)
    content.document_number = str(step.details.get("decision_number", ""))
    content.document_title = label
    if document is None:
        content.text = details_text(step, label, names, [("决定内容", content.content)])
        return
    content.document_number = document.number or content.document_number
    content.document_title = document.title
    content.text = document_text(document, names)
