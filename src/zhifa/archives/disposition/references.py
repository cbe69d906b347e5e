"""Whether any live record still needs stored content, by digest.

Destruction removes a file only when no record that is still kept refers to the same bytes.
Such live records are the items of case files not destroyed, AV records no destruction covered,
and the documents and scanned originals of cases whose file is not destroyed. An AV record is
covered when it was destroyed as routine AV or when its case's file was destroyed.
"""

from collections.abc import Collection
from typing import Any

from django.db.models import Q, QuerySet

from zhifa.archives.casefiles.models import CaseFile, CaseFileItem, CaseFileStatus
from zhifa.archives.disposition.models import AppraisalEntry
from zhifa.cases.models import Document, DocumentOriginal
from zhifa.evidence.models import AvRecord


def _destroyed_cases() -> QuerySet[CaseFile, Any]:
    return CaseFile.objects.filter(status=CaseFileStatus.DESTROYED).values("case_id")


def live_digests(digests: Collection[str]) -> set[str]:
    """Return the digests among ``digests`` that a live record refers to (five queries)."""
    if not digests:
        return set()
    requested = list(digests)
    destroyed_cases = _destroyed_cases()
    destroyed_records = AppraisalEntry.objects.filter(
        av_record__isnull=False, destroyed_at__isnull=False
    ).values("av_record_id")

    live: set[str] = set(
        CaseFileItem.objects.filter(digest__in=requested)
        .exclude(case_file__status=CaseFileStatus.DESTROYED)
        .values_list("digest", flat=True)
    )
    live |= set(
        AvRecord.objects.filter(content_id__in=requested)
        .exclude(case_id__in=destroyed_cases)
        .exclude(pk__in=destroyed_records)
        .values_list("content_id", flat=True)
    )
    documents = Document.objects.filter(
        Q(docx_digest__in=requested) | Q(pdf_digest__in=requested)
    ).exclude(case_id__in=destroyed_cases)
    for docx_digest, pdf_digest in documents.values_list("docx_digest", "pdf_digest"):
        live |= {docx_digest, pdf_digest} & set(requested)
    live |= set(
        DocumentOriginal.objects.filter(digest__in=requested)
        .exclude(document__case_id__in=destroyed_cases)
        .values_list("digest", flat=True)
    )
    return live
