"""Actions on enforcement documents: drafts, finalising, corrections, originals and templates.

A final version never changes. The actions refuse it, and the database refuses UPDATE and
DELETE of a final ``Document`` row too. A correction is a new draft version that points at
the final one.
"""

import datetime
import logging
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.cases import stages
from zhifa.cases.actions.links import doc_types_for_kind, step_to_link_on_finalise
from zhifa.cases.documents import filling, rendering, rules, storage, templates
from zhifa.cases.documents.registry import DOC_TYPES, DocTypeSpec
from zhifa.cases.models import (
    Case,
    CaseStatus,
    Document,
    DocumentOriginal,
    DocumentStatus,
    DocumentTemplate,
)
from zhifa.cases.numbering import take_number
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.core.workdays import shanghai_date

logger = logging.getLogger(__name__)

MAX_ORIGINAL_BYTES = 50 * 1024 * 1024
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_GUIDANCE_CHARS = 4000
# First bytes of the scan formats accepted, and the extension each is stored under.
SCAN_SIGNATURES = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
DOCUMENT_FOLDER = "cases/documents/"
TEMPLATE_FOLDER = "documents/templates/"


def _random_suffix() -> str:
    return uuid.uuid4().hex[:12]


def _stored_name(case_id: int, stem: str) -> str:
    """Return a storage name (without extension) under the case's document folder."""
    return f"{DOCUMENT_FOLDER}{case_id}/{stem}-{_random_suffix()}"


# --- Checks ------------------------------------------------------------------------------------


def _require(user: User, capability: str) -> None:
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")


def _case_in_scope(user: User, case: Case) -> Case:
    found = restrict(Case.objects.filter(pk=case.pk), user).select_related("agency").first()
    if found is None:
        raise NotFound("案件不存在或不在您的管理范围内。")
    return found


def _lock_document(user: User, document: Document) -> Document:
    if not restrict(Document.objects.filter(pk=document.pk), user).exists():
        raise NotFound("文书不存在或不在您的管理范围内。")
    return (
        Document.objects.select_for_update(of=("self",))
        .select_related("case", "case__agency", "previous")
        .get(pk=document.pk)
    )


def _spec(doc_type: str) -> DocTypeSpec:
    spec = DOC_TYPES.get(doc_type)
    if spec is None:
        raise ValidationFailed(f"不认识的文书种类“{doc_type}”，请从列表中选择。", field="doc_type")
    return spec


def _clean_data(spec: DocTypeSpec, case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Return the filled fields as stripped strings; reject unknown or over-long ones."""
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name == "party_id":
            if value in (None, ""):
                continue
            party_id = int(value) if str(value).isdigit() else 0
            if not case.party_links.filter(party_id=party_id).exists():
                raise ValidationFailed("所选当事人不是本案当事人，请重新选择。", field="party_id")
            cleaned[name] = party_id
            continue
        field = spec.field(name)
        if field is None:
            raise ValidationFailed(f"“{spec.title}”没有“{name}”这一栏。", field=name)
        text = "" if value is None else str(value).strip()
        if len(text) > field.max_length:
            raise ValidationFailed(f"“{field.label}”不能超过{field.max_length}个字。", field=name)
        if text:
            cleaned[name] = text
    return cleaned


def _require_draft(document: Document) -> None:
    if document.status != DocumentStatus.DRAFT:
        raise InvalidTransition("文书已定稿，不能修改；如需更正，请制作更正版本。", field="status")


# --- Drafts ------------------------------------------------------------------------------------


def create_draft(
    user: User,
    case: Case,
    doc_type: str,
    data: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Document:
    """Start a draft document of ``doc_type`` for the case; fields may still be incomplete."""
    _require(user, Capability.MANAGE_CASES)
    spec = _spec(doc_type)
    with transaction.atomic():
        case = _case_in_scope(user, case)
        if case.status == CaseStatus.CLOSED:
            raise InvalidTransition("案件已结案，不能再制作文书。", field="case")
        if spec.code not in dict(doc_types_for_kind(case.kind)):
            raise ValidationFailed(
                f"“{case.get_kind_display()}”案件不使用“{spec.title}”，请从列表中选择文书种类。",
                field="doc_type",
            )
        document = Document.objects.create(
            case=case,
            doc_type=spec.code,
            title=spec.title,
            data=_clean_data(spec, case, data),
            created_by=user,
        )
        audit.record(
            "document_drafted",
            actor=user,
            target=document,
            agency_id=case.agency_id,
            request=request,
            detail={"doc_type": spec.code},
        )
    logger.info("document %s drafted for case %s", document.pk, case.pk)
    return document


def update_draft(
    user: User, document: Document, data: dict[str, Any], *, request: HttpRequest | None = None
) -> Document:
    """Replace the filled fields of a draft."""
    _require(user, Capability.MANAGE_CASES)
    with transaction.atomic():
        document = _lock_document(user, document)
        _require_draft(document)
        document.data = _clean_data(DOC_TYPES[document.doc_type], document.case, data)
        document.save(update_fields=["data"])
        audit.record(
            "document_draft_updated",
            actor=user,
            target=document,
            agency_id=document.case.agency_id,
            request=request,
        )
    return document


# --- Finalising --------------------------------------------------------------------------------


def _check_complete(
    spec: DocTypeSpec, document: Document, context: dict[str, Any], day: datetime.date
) -> None:
    if spec.code == "penalty_decision":
        # 行政处罚法 (2021) Art. 59: a penalty decision must state every listed item.
        missing = rules.missing_penalty_decision_items(
            filling.penalty_decision_values(context, day)
        )
        if missing:
            raise ValidationFailed(
                "行政处罚决定书缺少《中华人民共和国行政处罚法》第五十九条规定的事项："
                + "、".join(missing)
                + "。请补充后再定稿。",
                field="data",
            )

    # 行政处罚法 Art. 30: the decision on a child under 14 orders the guardians to discipline it.
    guardian_order = str((document.data or {}).get("guardian_order", "")).strip()
    if spec.code == "no_penalty_decision" and not guardian_order and _decided_under_age(document):
        raise ValidationFailed(
            "当事人不满十四周岁，不予行政处罚决定书须写明“责令监护人加以管教”的内容后再定稿。",
            field="data",
        )

    if not context["party"] and "party.name" in spec.required_placeholders():
        raise ValidationFailed("本案尚未登记当事人，请先登记当事人再定稿。", field="party_id")

    required = {field.name: field.label for field in spec.fields if field.required}
    missing_fields = rules.missing_required_fields(required, document.data)
    if missing_fields:
        raise ValidationFailed(
            f"请先填写以下栏目再定稿：{'、'.join(missing_fields)}。", field="data"
        )


def _decided_under_age(document: Document) -> bool:
    """Return whether the case's current no-penalty outcome is the under-14 one."""
    outcomes = document.case.steps.filter(step__in=stages.NO_PENALTY_OUTCOMES)
    corrected = outcomes.exclude(corrects=None).values_list("corrects_id", flat=True)
    latest = outcomes.exclude(pk__in=list(corrected)).order_by("-sequence").first()
    return latest is not None and latest.step == "no_penalty_under_age"


def _document_number(spec: DocTypeSpec, document: Document, year: int) -> str:
    """Take a new number for a first version; a corrected version keeps the number it replaces."""
    if not spec.numbered:
        return ""
    if document.previous is not None and document.previous.number:
        return document.previous.number
    taken = take_number(
        document.case.agency, f"document:{spec.code}", year, document_label=spec.number_label
    )
    return taken.text


def finalise(user: User, document: Document, *, request: HttpRequest | None = None) -> Document:
    """Number the document, render its .docx and PDF, store both with digests, and freeze it."""
    _require(user, Capability.MANAGE_CASES)
    stored: list[str] = []
    try:
        with transaction.atomic():
            document = _lock_document(user, document)
            _require_draft(document)
            spec = DOC_TYPES[document.doc_type]
            now = timezone.now()
            day = shanghai_date(now)

            _check_complete(
                spec, document, filling.build_context(document, number="", day=day), day
            )
            number = _document_number(spec, document, day.year)
            context = filling.build_context(document, number=number, day=day)
            template = templates.resolve_template(document.case.agency, spec.code)
            # NOTE: LibreOffice runs inside the transaction (the number must be in the file), so
            # the counter row stays locked for the few seconds the conversion takes.
            docx_content = rendering.render_docx(template.content, context)
            pdf_content = rendering.convert_to_pdf(docx_content, base_name=spec.code)

            base = _stored_name(document.case_id, f"{spec.code}-v{document.version}")
            docx_file = storage.store_bytes(docx_content, f"{base}.docx")
            stored.append(docx_file.name)
            pdf_file = storage.store_bytes(pdf_content, f"{base}.pdf")
            stored.append(pdf_file.name)

            document.number = number
            document.template = template.row
            document.template_digest = template.digest
            document.docx_file.name = docx_file.name
            document.docx_digest = docx_file.digest
            document.pdf_file.name = pdf_file.name
            document.pdf_digest = pdf_file.digest
            document.status = DocumentStatus.FINAL
            document.finalised_at = now
            document.finalised_by = user
            document.step = step_to_link_on_finalise(document) or document.step
            document.save(
                update_fields=[
                    "step",
                    "number",
                    "template",
                    "template_digest",
                    "docx_file",
                    "docx_digest",
                    "pdf_file",
                    "pdf_digest",
                    "status",
                    "finalised_at",
                    "finalised_by",
                ]
            )
            audit.record(
                "document_finalised",
                actor=user,
                target=document,
                agency_id=document.case.agency_id,
                request=request,
                detail={
                    "number": number,
                    "docx_digest": docx_file.digest,
                    "pdf_digest": pdf_file.digest,
                    "template": template.source_label,
                },
            )
    except Exception:
        storage.delete_quietly(stored)
        raise
    logger.info("document %s finalised as %s", document.pk, document.number or "(no number)")
    return document


# --- Corrections and originals -----------------------------------------------------------------


def correct_document(
    user: User,
    document: Document,
    reason: str,
    data: dict[str, Any] | None = None,
    *,
    request: HttpRequest | None = None,
) -> Document:
    """Start a new draft version that replaces a final one; the final version stays as it was."""
    _require(user, Capability.MANAGE_CASES)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请填写更正理由。", field="reason")
    if len(reason) > 300:
        raise ValidationFailed("“更正理由”不能超过300个字。", field="reason")

    with transaction.atomic():
        original = _lock_document(user, document)
        if original.status != DocumentStatus.FINAL:
            raise InvalidTransition(
                "草稿可以直接修改，只有已定稿的文书需要制作更正版本。", field="status"
            )
        successor = original.corrections.first()
        if successor is not None:
            raise InvalidTransition(
                f"该版本已有更正版本（第{successor.version}版），请更正最新版本。", field="status"
            )
        spec = DOC_TYPES[original.doc_type]
        filled = original.data if data is None else _clean_data(spec, original.case, data)
        correction = Document.objects.create(
            case=original.case,
            doc_type=original.doc_type,
            title=original.title,
            version=original.version + 1,
            previous=original,
            correction_reason=reason,
            data=dict(filled),
            created_by=user,
        )
        audit.record(
            "document_corrected",
            actor=user,
            target=correction,
            agency_id=original.case.agency_id,
            request=request,
            detail={"replaces": original.pk, "reason": reason},
        )
    return correction


def _scan_type(head: bytes) -> tuple[str, str]:
    for signature, extension, content_type in SCAN_SIGNATURES:
        if head.startswith(signature):
            return extension, content_type
    raise ValidationFailed(
        "扫描件只能是 PDF、JPEG 或 PNG 文件，请转换格式后重新上传。", field="file"
    )


def attach_scanned_original(
    user: User, document: Document, upload: UploadedFile, *, request: HttpRequest | None = None
) -> DocumentOriginal:
    """Store a scan of the signed and sealed original of a final version, with its digest."""
    _require(user, Capability.MANAGE_CASES)
    if not restrict(Document.objects.filter(pk=document.pk), user).exists():
        raise NotFound("文书不存在或不在您的管理范围内。")
    if not Document.objects.filter(pk=document.pk, status=DocumentStatus.FINAL).exists():
        raise InvalidTransition("只能为已定稿的文书上传原件扫描件。", field="status")

    # Hash and check the upload before any transaction starts, so a large file holds no lock.
    with storage.spool(upload.chunks(), max_bytes=MAX_ORIGINAL_BYTES, label="扫描件") as spooled:
        if spooled.size == 0:
            raise ValidationFailed("上传的扫描件是空文件，请重新选择。", field="file")
        extension, content_type = _scan_type(spooled.head)
        name = _stored_name(document.case_id, f"originals/{document.pk}") + f".{extension}"
        stored = storage.save_spooled(spooled, name)

    try:
        with transaction.atomic():
            locked = _lock_document(user, document)
            original = DocumentOriginal.objects.create(
                document=locked,
                file=stored.name,
                digest=stored.digest,
                size=stored.size,
                content_type=content_type,
                original_name=(upload.name or f"扫描件.{extension}")[-200:],
                uploaded_by=user,
            )
            audit.record(
                "document_original_attached",
                actor=user,
                target=locked,
                agency_id=locked.case.agency_id,
                request=request,
                detail={"digest": stored.digest, "size": stored.size},
            )
    except Exception:
        storage.delete_quietly([stored.name])
        raise
    return original


# --- Templates ---------------------------------------------------------------------------------


def upload_agency_template(
    user: User,
    agency: Agency,
    doc_type: str,
    upload: UploadedFile,
    guidance: str = "",
    *,
    request: HttpRequest | None = None,
) -> DocumentTemplate:
    """Store an agency's own Word template for ``doc_type``; it overrides the district default."""
    _require(user, Capability.MANAGE_CASES)
    if not restrict(Agency.objects.filter(pk=agency.pk), user).exists():
        raise NotFound("执法主体不存在或不在您的管理范围内。")
    spec = _spec(doc_type)
    guidance = (guidance or "").strip()
    if len(guidance) > MAX_GUIDANCE_CHARS:
        raise ValidationFailed(
            f"“文书制作指引”不能超过{MAX_GUIDANCE_CHARS}个字。", field="guidance"
        )

    with storage.spool(upload.chunks(), max_bytes=MAX_TEMPLATE_BYTES, label="模板文件") as spooled:
        content = spooled.file.read()
        templates.check_template(spec, content)
        # A trial fill proves the template renders, not only that it parses.
        rendering.render_docx(content, filling.sample_context(spec))

        stored_name = ""
        try:
            with transaction.atomic():
                Agency.objects.select_for_update().get(pk=agency.pk)
                latest = (
                    DocumentTemplate.objects.filter(doc_type=spec.code, agency=agency)
                    .order_by("-version")
                    .values_list("version", flat=True)
                    .first()
                )
                version = (latest or 0) + 1
                name = (
                    f"{TEMPLATE_FOLDER}{agency.pk}/{spec.code}-v{version}-{_random_suffix()}.docx"
                )
                stored = storage.save_spooled(spooled, name)
                stored_name = stored.name
                template = DocumentTemplate.objects.create(
                    doc_type=spec.code,
                    title=spec.title,
                    agency=agency,
                    file=stored.name,
                    digest=stored.digest,
                    guidance=guidance,
                    version=version,
                    uploaded_by=user,
                )
                audit.record(
                    "document_template_uploaded",
                    actor=user,
                    target=template,
                    agency_id=agency.pk,
                    request=request,
                    detail={"doc_type": spec.code, "version": version, "digest": stored.digest},
                )
        except Exception:
            if stored_name:
                storage.delete_quietly([stored_name])
            raise
    return template
