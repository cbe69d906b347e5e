"""Collecting the items of a case file from the case's records, one function per source.

Each collector returns ``PlannedItem`` values in procedure order. Existing files (document
PDFs, scanned originals, AV content, remedy outcome documents) are named by storage and
digest. Generated files carry their bytes in ``content`` until archiving stores them.
"""

import datetime
import io
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from zhifa.archives.casefiles import generated
from zhifa.archives.casefiles.models import ItemSource, ItemStorage
from zhifa.cases.models import Case, Document, DocumentStatus
from zhifa.core import digests
from zhifa.core.workdays import shanghai_date
from zhifa.evidence import contentstore
from zhifa.evidence.models import AvRecord, Interruption, SceneExemption
from zhifa.publicity.models import Publication
from zhifa.remedies.models import Remedy
from zhifa.review.models import ReviewOpinion

logger = logging.getLogger(__name__)

XML_MIME = "application/xml"


@dataclass
class PlannedItem:
    """One item a case file will hold, before it is numbered and written."""

    source: str
    source_ref: str
    title: str
    file_format: str
    mime_type: str
    size: int
    digest: str
    storage: str
    storage_name: str
    responsible: str = ""
    document_number: str = ""
    dated: datetime.date | None = None
    pages: int | None = None
    note: str = ""
    by_reference: bool = False
    # Bytes of a generated file, stored in the evidence store when the file is archived.
    content: bytes | None = None

    @property
    def source_label(self) -> str:
        return str(ItemSource(self.source).label)


def generated_item(
    source: str, source_ref: str, title: str, content: bytes, **extra: object
) -> PlannedItem:
    digest = digests.of_bytes(content)
    return PlannedItem(
        source=source,
        source_ref=source_ref,
        title=title,
        file_format="xml",
        mime_type=XML_MIME,
        size=len(content),
        digest=digest,
        storage=ItemStorage.EVIDENCE,
        storage_name=contentstore.storage_name(digest),
        content=content,
        **extra,  # type: ignore[arg-type]
    )


def _format_of(name: str) -> str:
    return PurePosixPath(name).suffix.lstrip(".").lower() or "bin"


def _mime_of(name: str, fallback: str = "application/octet-stream") -> str:
    return mimetypes.guess_type(name)[0] or fallback


def pdf_pages(name: str) -> int | None:
    """Return the page count of a stored PDF, or None when it cannot be read as a PDF."""
    try:
        with default_storage.open(name, "rb") as handle:
            return len(PdfReader(io.BytesIO(handle.read())).pages)
    except (OSError, PdfReadError, ValueError) as error:
        logger.warning("cannot count pages of %s: %s", name, error)
        return None


def latest_final_documents(case: Case) -> list[Document]:
    """Return the latest final version of each document, in the order of the case's steps.

    A version is superseded only by a final correction; a draft correction leaves it current.
    Documents without a step follow, in the order they were finalised.
    """
    finals = list(
        Document.objects.filter(case=case, status=DocumentStatus.FINAL)
        .select_related("step")
        .prefetch_related("originals")
    )
    superseded = {document.previous_id for document in finals if document.previous_id}
    latest = [document for document in finals if document.pk not in superseded]
    return sorted(latest, key=_procedure_order)


def _procedure_order(document: Document) -> tuple[int, object, int]:
    step_sequence = document.step.sequence if document.step is not None else 1_000_000
    return (step_sequence, document.finalised_at, document.pk)


def document_item(document: Document, source: str = ItemSource.DOCUMENT) -> PlannedItem | None:
    """Plan a document version as its PDF, or its Word file when it has no PDF."""
    if document.pdf_file.name:
        name, digest, file_format = document.pdf_file.name, document.pdf_digest, "pdf"
        pages = pdf_pages(name)
    elif document.docx_file.name:
        name, digest, file_format = document.docx_file.name, document.docx_digest, "docx"
        pages = None
    else:
        logger.warning("final document %s has no file; left out of the case file", document.pk)
        return None
    return PlannedItem(
        source=source,
        source_ref=f"document:{document.pk}",
        title=document.title,
        file_format=file_format,
        mime_type=_mime_of(name),
        size=default_storage.size(name),
        digest=digest,
        storage=ItemStorage.DEFAULT,
        storage_name=name,
        responsible=document.case.agency.name,
        document_number=document.number,
        dated=shanghai_date(document.finalised_at) if document.finalised_at else None,
        pages=pages,
        note=f"第{document.version}版（更正）" if document.previous_id else "",
    )


def original_items(documents: list[Document]) -> list[PlannedItem]:
    items = []
    for document in documents:
        for original in document.originals.all():
            name = original.file.name
            items.append(
                PlannedItem(
                    source=ItemSource.DOCUMENT_ORIGINAL,
                    source_ref=f"document_original:{original.pk}",
                    title=f"{document.title}（签字盖章原件扫描件）",
                    file_format=_format_of(original.original_name or name),
                    mime_type=original.content_type or _mime_of(name),
                    size=original.size,
                    digest=original.digest,
                    storage=ItemStorage.DEFAULT,
                    storage_name=name,
                    responsible=document.case.agency.name,
                    document_number=document.number,
                    dated=shanghai_date(original.uploaded_at),
                )
            )
    return items


def av_records(case: Case) -> list[AvRecord]:
    return list(
        AvRecord.objects.filter(case=case).select_related("content").order_by("started_at", "pk")
    )


def av_items(case: Case, records: list[AvRecord]) -> list[PlannedItem]:
    """Plan the AV records; one larger than the inline limit is kept by reference."""
    limit = settings.ZHIFA_ARCHIVE_INLINE_AV_MAX_BYTES
    items = []
    for record in records:
        by_reference = record.content.size > limit
        items.append(
            PlannedItem(
                source=ItemSource.AV_RECORD,
                source_ref=f"av_record:{record.pk}",
                title=f"{record.get_media_kind_display()}：{record.place}"[:300],
                file_format=_format_of(record.filename),
                mime_type=record.mime_type,
                size=record.content.size,
                digest=record.content.digest,
                storage=ItemStorage.EVIDENCE,
                storage_name=record.content.storage_name,
                responsible=case.agency.name,
                dated=shanghai_date(record.started_at),
                note="移交时只附摘要值" if by_reference else "",
                by_reference=by_reference,
            )
        )
    return items


def step_record_item(case: Case, records: list[AvRecord]) -> PlannedItem:
    steps = case.steps.order_by("sequence")
    interruptions = Interruption.objects.filter(resumed_record__case=case).order_by(
        "gap_started_at", "pk"
    )
    exemptions = (
        SceneExemption.objects.filter(case=case)
        .select_related("scene")
        .order_by("recorded_at", "pk")
    )
    content = generated.step_record(case, steps, records, interruptions, exemptions)
    last = case.steps.order_by("-sequence").values_list("pk", flat=True).first()
    return generated_item(
        ItemSource.STEP_RECORDS,
        f"case_step:{last}" if last else "",
        "办案过程记录",
        content,
        responsible=case.agency.name,
        dated=case.closed_on,
    )


def review_items(case: Case) -> tuple[list[PlannedItem], set[int]]:
    """Plan the legal review opinions; return them and the documents they cover."""
    opinions = ReviewOpinion.objects.filter(request__case=case).select_related(
        "request", "reviewer", "document__case__agency"
    )
    items, covered = [], set()
    for opinion in opinions.order_by("request__round_number"):
        document = opinion.document
        if document is not None and document.status == DocumentStatus.FINAL:
            item = document_item(document, ItemSource.REVIEW_OPINION)
            if item is not None:
                covered.add(document.pk)
                items.append(item)
                continue
        items.append(
            generated_item(
                ItemSource.REVIEW_OPINION,
                f"review_opinion:{opinion.pk}",
                f"法制审核意见（第{opinion.request.round_number}轮）",
                generated.review_opinion(opinion),
                responsible=str(opinion.reviewer),
                dated=shanghai_date(opinion.issued_at),
            )
        )
    return items, covered


def publication_item(case: Case) -> PlannedItem | None:
    publications = list(
        Publication.objects.filter(case=case).prefetch_related("versions").order_by("pk")
    )
    if not publications:
        return None
    return generated_item(
        ItemSource.PUBLICATION,
        f"publication:{publications[-1].pk}",
        "行政执法公示记录",
        generated.publication_history(case, publications),
        responsible=case.agency.name,
    )


def remedy_items(case: Case) -> list[PlannedItem]:
    items = []
    for remedy in Remedy.objects.filter(case=case).order_by("filed_on", "pk"):
        items.append(
            generated_item(
                ItemSource.REMEDY,
                f"remedy:{remedy.pk}",
                f"{remedy.get_kind_display()}记录（{remedy.reference}）"[:300],
                generated.remedy_record(remedy),
                responsible=remedy.body,
                document_number=remedy.reference,
                dated=remedy.concluded_on or remedy.filed_on,
            )
        )
        if remedy.outcome_file.name and remedy.outcome_digest:
            name = remedy.outcome_file.name
            items.append(
                PlannedItem(
                    source=ItemSource.REMEDY,
                    source_ref=f"remedy:{remedy.pk}",
                    title=f"{remedy.get_kind_display()}决定书或裁判文书"[:300],
                    file_format=_format_of(remedy.outcome_original_name or name),
                    mime_type=remedy.outcome_content_type or _mime_of(name),
                    size=remedy.outcome_size or default_storage.size(name),
                    digest=remedy.outcome_digest,
                    storage=ItemStorage.DEFAULT,
                    storage_name=name,
                    responsible=remedy.body,
                    document_number=remedy.reference,
                    dated=remedy.concluded_on,
                )
            )
    return items
