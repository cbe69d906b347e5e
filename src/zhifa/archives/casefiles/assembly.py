"""Assembling a case file (立卷): opening it when the case closes and planning its items.

The table of contents (卷内目录) is generated as XML, and the case file page shows it as an
HTML table. It is not a PDF because the only PDF renderer here is LibreOffice
(``cases.documents.rendering``), which starts one process per file and may be absent
(``soffice_command()`` returns None). A missing or failed conversion would then block
archiving. The TOC is derived from the item rows, so XML loses nothing, and XML is on the
accepted format list.
"""

import datetime
import logging

from django.db import IntegrityError, transaction

from zhifa.archives.casefiles import generated, sources
from zhifa.archives.casefiles.models import CaseFile, ItemSource
from zhifa.archives.casefiles.sources import PlannedItem
from zhifa.cases.models import Case, CaseStatus
from zhifa.core.rules import parameter

logger = logging.getLogger(__name__)

DUE_DAYS_PARAMETER = "archiving_due_days"


def due_on(closed_on: datetime.date) -> datetime.date:
    """Return the day archiving is due: ``archiving_due_days`` calendar days after closing."""
    return closed_on + datetime.timedelta(days=int(parameter(DUE_DAYS_PARAMETER)))


def open_case_file(case: Case) -> CaseFile:
    """Return the case file of a closed case, opening it (待归档) if it does not exist yet.

    Idempotent: a second call, or a race with another opener, returns the existing row.
    Raises ``ValueError`` for a case that is not closed, which is a caller bug.
    """
    if case.status != CaseStatus.CLOSED or case.closed_on is None:
        raise ValueError(f"case {case.pk} is not closed; only closed cases get a case file")
    existing = CaseFile.objects.filter(case=case).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            case_file = CaseFile.objects.create(
                case=case,
                agency_id=case.agency_id,
                title=f"{case.number} {case.title}"[:300],
                closed_on=case.closed_on,
                due_on=due_on(case.closed_on),
            )
    except IntegrityError:
        return CaseFile.objects.get(case=case)
    logger.info("case file %s opened for case %s", case_file.pk, case.pk)
    return case_file


def open_missing_case_files() -> int:
    """Open the file of every closed case without one, e.g. an imported case; return the count."""
    missing = Case.objects.filter(
        status=CaseStatus.CLOSED, closed_on__isnull=False, case_file__isnull=True
    ).order_by("pk")
    opened = 0
    for case in missing.iterator(chunk_size=500):
        open_case_file(case)
        opened += 1
    return opened


def daily_open_missing(today: datetime.date) -> str:
    """Open missing case files (the daily job) and return the line for the sweep output."""
    return f"新立卷{open_missing_case_files()}件。"


def plan(case: Case) -> list[PlannedItem]:
    """Return the items of the case's file in the standard order, the table of contents first.

    Order: contents, final documents by step, scanned originals, the step record (with AV
    interruptions and exemptions), AV records, legal review opinions, the publication
    history, reconsideration and litigation records.
    """
    reviews, review_documents = sources.review_items(case)
    documents = [
        document
        for document in sources.latest_final_documents(case)
        if document.pk not in review_documents
    ]
    records = sources.av_records(case)

    items: list[PlannedItem] = []
    for document in documents:
        item = sources.document_item(document)
        if item is not None:
            items.append(item)
    items += sources.original_items(documents)
    items.append(sources.step_record_item(case, records))
    items += sources.av_items(case, records)
    items += reviews
    publication = sources.publication_item(case)
    if publication is not None:
        items.append(publication)
    items += sources.remedy_items(case)
    return [contents_item(case, items, first_sequence=1), *items]


def contents_item(case: Case, items: list[PlannedItem], first_sequence: int) -> PlannedItem:
    """Plan the table of contents of ``items``, which it precedes as number ``first_sequence``."""
    title = "卷内目录" if first_sequence == 1 else "补充归档卷内目录"
    rows = [{"sequence": first_sequence, "title": title, "responsible": case.agency.name}] + [
        toc_row(sequence, item) for sequence, item in enumerate(items, start=first_sequence + 1)
    ]
    return sources.generated_item(
        ItemSource.CONTENTS,
        "",
        title,
        generated.table_of_contents(case, rows),
        responsible=case.agency.name,
    )


def toc_row(sequence: int, item: PlannedItem) -> dict[str, object]:
    return {
        "sequence": sequence,
        "responsible": item.responsible,
        "document_number": item.document_number,
        "title": item.title,
        "dated": item.dated,
        "pages": item.pages,
        "note": item.note,
    }
