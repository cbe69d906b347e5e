"""Demo case files: one per closed demo case, the market regulator's complete ones archived.

The demo archivist (``archivist``) belongs to 区市场监管局, so only that agency's files are
archived. The other agencies' files stay pending, as they would without an archivist. Of the
market regulator's files the two closed first stay pending, so the demo shows late files.

Many older demo cases carry no decision document, so their files lack an item the case kind
requires. Those stay pending, except the first, which is archived with the archivist's
confirmation so that the demo shows the integrity alert and a failed check report.
"""

import datetime
import logging

from zhifa.accounts.models import User
from zhifa.archives.casefiles import archiving, assembly
from zhifa.archives.casefiles.assembly import open_missing_case_files
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

ARCHIVIST = "archivist"
LEFT_PENDING = 2


def load(today: datetime.date) -> dict[str, int]:
    """Open the missing case files and archive the demo archivist's; return the counts.

    ``incomplete`` counts the files left pending because they lack a required item.
    """
    counts = {"opened": open_missing_case_files(), "archived": 0, "skipped": 0, "incomplete": 0}
    archivist = User.objects.filter(username=ARCHIVIST).first()
    if archivist is None or archivist.agency_id is None:
        logger.warning("demo archivist %s is missing; no case file archived", ARCHIVIST)
        return counts
    pending = list(
        CaseFile.objects.filter(agency_id=archivist.agency_id, status=CaseFileStatus.PENDING)
        .select_related("case__agency")
        .order_by("closed_on", "pk")
    )
    if CaseFile.objects.filter(
        agency_id=archivist.agency_id, status=CaseFileStatus.ARCHIVED
    ).exists():
        # A second load keeps the pending files of the first as they are.
        counts["skipped"] = len(pending)
        return counts
    incomplete_archived = False
    for case_file in pending[LEFT_PENDING:]:
        missing = archiving.missing_required(case_file.case, assembly.plan(case_file.case))
        if missing and incomplete_archived:
            counts["incomplete"] += 1
            continue
        try:
            archiving.archive(archivist, case_file, accept_incomplete=bool(missing))
        except ZhifaError as error:
            logger.warning("demo case file %s not archived: %s", case_file.pk, error.message)
            counts["skipped"] += 1
            continue
        incomplete_archived = incomplete_archived or bool(missing)
        counts["archived"] += 1
    logger.info("demo case files loaded: %s", counts)
    return counts
