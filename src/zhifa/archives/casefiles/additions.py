"""Opening case files when cases close, and additions (补充归档) when archived cases change.

There is no closing hook that runs after the case's status is saved (step listeners run
before ``close_case`` sets it), so a ``post_save`` receiver on ``Case`` opens the file when a
save writes the status of a closed case. Imported closed cases are opened by the daily job.

Anything new on a case whose file is archived opens, or extends, the file's one open
addition: a step or correction (remedies are steps too), a final document version, a scanned
original, an AV record linked to the case, and a new publication version. The archived items
never change; the archivist archives the addition.
"""

import logging
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save

from zhifa.archives.casefiles import assembly
from zhifa.archives.casefiles.models import (
    CaseFile,
    CaseFileAddition,
    CaseFileItem,
    CaseFileStatus,
)
from zhifa.cases.models import (
    Case,
    CaseStatus,
    CaseStep,
    Document,
    DocumentOriginal,
    DocumentStatus,
)
from zhifa.evidence.models import AvRecord
from zhifa.publicity.models import PublicationVersion

logger = logging.getLogger(__name__)

REASON_MAX = 300


def open_addition(case_file: CaseFile, reason: str, cause_ref: str) -> CaseFileAddition:
    """Return the file's open addition with ``reason`` noted, creating it when there is none.

    All changes before the archivist archives the addition go into the same one; a reason
    already noted is not repeated.
    """
    with transaction.atomic():
        CaseFile.objects.select_for_update().filter(pk=case_file.pk).first()
        addition = case_file.additions.filter(archived_at__isnull=True).first()
        if addition is None:
            last = case_file.additions.aggregate(last=Max("sequence"))["last"] or 0
            addition = CaseFileAddition.objects.create(
                case_file=case_file,
                sequence=last + 1,
                reason=reason[:REASON_MAX],
                cause_ref=cause_ref,
            )
            logger.info(
                "addition %s opened on case file %s by %s", addition.pk, case_file.pk, cause_ref
            )
            return addition
        if reason not in addition.reason:
            addition.reason = f"{addition.reason}；{reason}"[:REASON_MAX]
            addition.save(update_fields=["reason"])
    return addition


def archived_file_of(case_id: int | None) -> CaseFile | None:
    if case_id is None:
        return None
    return CaseFile.objects.filter(case_id=case_id, status=CaseFileStatus.ARCHIVED).first()


def _already_filed(case_file: CaseFile, source_ref: str) -> bool:
    return CaseFileItem.objects.filter(case_file=case_file, source_ref=source_ref).exists()


def case_saved(sender: Any, instance: Case, created: bool, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields") or ()
    if kwargs.get("raw") or created or "status" not in update_fields:
        return
    if instance.status == CaseStatus.CLOSED and instance.closed_on is not None:
        assembly.open_case_file(instance)


def step_saved(sender: Any, instance: CaseStep, created: bool, **kwargs: Any) -> None:
    # Steps of an open case need no query: only closed cases have archived files.
    if kwargs.get("raw") or not created or instance.case.status != CaseStatus.CLOSED:
        return
    case_file = archived_file_of(instance.case_id)
    if case_file is None:
        return
    verb = "更正" if instance.corrects_id else "新增"
    open_addition(case_file, f"{verb}办案环节记录“{instance.step}”", f"case_step:{instance.pk}")


def document_saved(sender: Any, instance: Document, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.status != DocumentStatus.FINAL:
        return
    case_file = archived_file_of(instance.case_id)
    ref = f"document:{instance.pk}"
    if case_file is None or _already_filed(case_file, ref):
        return
    open_addition(case_file, f"新增定稿文书“{instance.title}”第{instance.version}版", ref)


def original_saved(sender: Any, instance: DocumentOriginal, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw") or not created:
        return
    case_id = (
        Document.objects.filter(pk=instance.document_id).values_list("case_id", flat=True).first()
    )
    case_file = archived_file_of(case_id)
    if case_file is not None:
        open_addition(
            case_file,
            f"新增文书原件扫描件“{instance.original_name}”",
            f"document_original:{instance.pk}",
        )


def av_record_saved(sender: Any, instance: AvRecord, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    case_file = archived_file_of(instance.case_id)
    ref = f"av_record:{instance.pk}"
    if case_file is None or _already_filed(case_file, ref):
        return
    open_addition(case_file, f"新关联音像记录“{instance.filename}”", ref)


def publication_version_saved(
    sender: Any, instance: PublicationVersion, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw") or not created:
        return
    case_id = instance.publication.case_id
    case_file = archived_file_of(case_id)
    if case_file is not None:
        label = instance.get_change_display()
        open_addition(
            case_file, f"公示{label}（第{instance.number}版）", f"publication_version:{instance.pk}"
        )


def connect() -> None:
    """Connect the receivers; called once from the app's ``ready``."""
    post_save.connect(case_saved, sender=Case, dispatch_uid="archives_case_closed")
    post_save.connect(step_saved, sender=CaseStep, dispatch_uid="archives_step_addition")
    post_save.connect(document_saved, sender=Document, dispatch_uid="archives_document_addition")
    post_save.connect(
        original_saved, sender=DocumentOriginal, dispatch_uid="archives_original_addition"
    )
    post_save.connect(av_record_saved, sender=AvRecord, dispatch_uid="archives_av_addition")
    post_save.connect(
        publication_version_saved,
        sender=PublicationVersion,
        dispatch_uid="archives_publication_addition",
    )
