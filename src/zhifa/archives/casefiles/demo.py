"""Demo case files: one per closed demo case, most of the market regulator's archived.

The demo archivist (``archivist``) belongs to 区市场监管局, so only that agency's files are
archived. The other agencies' files stay pending, as they would without an archivist. Of the
market regulator's files the two closed first stay pending, so the demo shows late files.
"""

import datetime
import logging

from zhifa.accounts.models import User
from zhifa.archives.casefiles import archiving
from zhifa.archives.casefiles.assembly import open_missing_case_files
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

ARCHIVIST = "archivist"
LEFT_PENDING = 2


def load(today: datetime.date) -> dict[str, int]:
    """Open the missing case files and archive the demo archivist's; return the counts."""
    counts = {"opened": open_missing_case_files(), "archived": 0, "skipped": 0}
    archivist = User.objects.filter(username=ARCHIVIST).first()
    if archivist is None or archivist.agency_id is None:
        logger.warning("demo archivist %s is missing; no case file archived", ARCHIVIST)
        return counts
    pending = list(
        CaseFile.objects.filter(
            agency_id=archivist.agency_id, status=CaseFileStatus.PENDING
        ).order_by("closed_on", "pk")
    )
    if CaseFile.objects.filter(
        agency_id=archivist.agency_id, status=CaseFileStatus.ARCHIVED
    ).exists():
        # A second load keeps the pending files of the first as they are.
        counts["skipped"] = len(pending)
        return counts
    for case_file in pending[LEFT_PENDING:]:
        try:
            archiving.archive(archivist, case_file)
        except ZhifaError as error:
            logger.warning("demo case file %s not archived: %s", case_file.pk, error.message)
            counts["skipped"] += 1
            continue
        counts["archived"] += 1
    logger.info("demo case files loaded: %s", counts)
    return counts
