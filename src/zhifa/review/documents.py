"""The legal review opinion (法制审核意见书) as a case document, produced when it is issued.

The type is registered with the case documents, so an agency may upload its own template
for it. The reviewer never drafts it by hand: ``produce`` renders the issued opinion and
stores it as a final document of the case.
"""

import datetime
import logging
import uuid
from pathlib import Path
from typing import Any

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.documents import filling, rendering, storage, templates
from zhifa.cases.documents.actions import DOCUMENT_FOLDER
from zhifa.cases.documents.registry import DocTypeSpec, FieldSpec, register_doc_type
from zhifa.cases.models import CaseStep, Document, DocumentStatus
from zhifa.cases.rules.penalty import FINE, PENALTY_LABELS
from zhifa.core.workdays import shanghai_date
from zhifa.review.models import DecisionKind, ReviewOpinion, ReviewRequest

logger = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).resolve().parent / "document_templates"
DOC_TYPE = "review_opinion"
RESULT_LABELS = {"pass": "符合", "fail": "不符合", "na": "不适用"}


def _f(name: str, label: str, required: bool = True) -> FieldSpec:
    return FieldSpec(name, label, required)


# ``steps`` stays empty so the type is not offered for hand drafting on any case kind.
SPEC = DocTypeSpec(
    DOC_TYPE,
    "法制审核意见书",
    (
        _f("review_body", "审核机构"),
        _f("issuing_body", "出具机构"),
        _f("round", "送审轮次"),
        _f("decision", "拟作出的决定"),
        _f("major_reasons", "属于重大执法决定的情形"),
        _f("checklist", "审核要点"),
        _f("legality", "合法性审核意见"),
        _f("reasonableness", "合理性审核意见"),
        _f("conclusion", "审核结论"),
        _f("corrections", "修改意见", required=False),
        _f("reviewer", "审核人员"),
        _f("participants", "参与审核人员", required=False),
    ),
    extra_placeholders=("agency.name", "case.number", "date"),
    guidance="写明审核要点的审核情况、合法性和合理性审核意见及审核结论；结论为建议修改或不同意的，"
    "写明修改意见。",
    template_dir=TEMPLATE_DIR,
)


def register() -> None:
    """Register the opinion's document type; registering it again has no effect."""
    register_doc_type(SPEC)


def _amount(proposal: dict[str, Any], key: str) -> str:
    amount = proposal.get(key)
    return "" if not amount or amount in ("0", "0.00") else str(amount)


def decision_text(proposal: dict[str, Any]) -> str:
    """Return the proposed decision in words: its kind, every penalty type and the amounts."""
    parts = [DecisionKind(proposal["kind"]).label] if proposal.get("kind") else []
    fine = _amount(proposal, "fine")
    types = proposal.get("penalty_types") or []
    labels = []
    for code in types:
        label = PENALTY_LABELS.get(code, code)
        labels.append(f"{label}{fine}元" if code == FINE and fine else label)
    if labels:
        parts.append("、".join(labels))
    if fine and FINE not in types:
        parts.append(f"罚款{fine}元")
    confiscation = _amount(proposal, "confiscation")
    if confiscation:
        parts.append(f"没收{confiscation}元")
    return "，".join(parts)


def _checklist_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for index, row in enumerate(rows, start=1):
        note = f"（{row['note']}）" if row.get("note") else ""
        lines.append(f"{index}. {row['label']}：{RESULT_LABELS[row['result']]}{note}")
    return "；".join(lines)


def issuing_body(request: ReviewRequest) -> str:
    """Return the full name of the body that issues the opinion: the judicial office, or the
    agency followed by its review department."""
    if request.judicial_office is not None:
        return request.judicial_office.name
    department = request.review_department
    if department is None:  # the model's check constraint keeps one body set
        return request.body_name
    return f"{department.agency.name}{department.name}"


def field_values(opinion: ReviewOpinion) -> dict[str, str]:
    """Return the document fields of an issued opinion."""
    request = opinion.request
    matches = request.assessment.get("matches") or []
    participants = [reviewer.full_name for reviewer in opinion.participants.order_by("pk")]
    if opinion.participant_note:
        participants.append(opinion.participant_note)
    return {
        "review_body": request.body_name,
        "issuing_body": issuing_body(request),
        "round": str(request.round_number),
        "decision": decision_text(request.proposal),
        "major_reasons": "；".join(str(match.get("reason", "")) for match in matches)
        or "承办部门申请审核",
        "checklist": _checklist_text(opinion.checklist),
        "legality": opinion.legality,
        "reasonableness": opinion.reasonableness,
        "conclusion": opinion.get_conclusion_display(),
        "corrections": opinion.corrections,
        "reviewer": opinion.reviewer.full_name,
        "participants": "、".join(participants),
    }


def _stored_name(case_id: int, round_number: int) -> str:
    return f"{DOCUMENT_FOLDER}{case_id}/{DOC_TYPE}-r{round_number}-{uuid.uuid4().hex[:12]}"


def _pdf(docx_content: bytes) -> bytes | None:
    """Convert to PDF, or return None when LibreOffice is not installed on this server."""
    if rendering.soffice_command() is None:
        # NOTE: the opinion is then archived as Word only; a failing conversion still raises.
        logger.warning("soffice is not installed; review opinion stored without a PDF")
        return None
    return rendering.convert_to_pdf(docx_content, base_name=DOC_TYPE)


def produce(user: User, opinion: ReviewOpinion, step: CaseStep | None) -> Document:
    """Render the issued opinion to Word and PDF and store it as a final case document.

    Call inside the transaction that issues the opinion; stored files are deleted again if
    anything fails here.
    """
    register()
    case = opinion.request.case
    now = timezone.now()
    day: datetime.date = shanghai_date(now)
    draft = Document(case=case, doc_type=DOC_TYPE, title=SPEC.title, data=field_values(opinion))
    context = filling.build_context(draft, number="", day=day)
    template = templates.resolve_template(case.agency, DOC_TYPE)
    docx_content = rendering.render_docx(template.content, context)
    pdf_content = _pdf(docx_content)

    round_number = opinion.request.round_number
    base = _stored_name(case.pk, round_number)
    stored: list[str] = []
    try:
        docx_file = storage.store_bytes(docx_content, f"{base}.docx")
        stored.append(docx_file.name)
        pdf_file = storage.store_bytes(pdf_content, f"{base}.pdf") if pdf_content else None
        if pdf_file is not None:
            stored.append(pdf_file.name)
        return Document.objects.create(
            case=case,
            doc_type=DOC_TYPE,
            title=SPEC.title,
            # NOTE: the opinion has no 文号 of its own; the case number and round stand in, so
            # the download reads 法制审核意见书（<案号> 第N轮）.
            number=f"{case.number} 第{round_number}轮",
            step=step,
            status=DocumentStatus.FINAL,
            data=draft.data,
            template=template.row,
            template_digest=template.digest,
            docx_file=docx_file.name,
            docx_digest=docx_file.digest,
            pdf_file=pdf_file.name if pdf_file else "",
            pdf_digest=pdf_file.digest if pdf_file else "",
            finalised_at=now,
            finalised_by=user,
            created_by=user,
        )
    except Exception:
        storage.delete_quietly(stored)
        raise
