"""Demo handover: one package of the demo archivist's first archived case file.

The package needs a signed tree head that covers the archiving entries. When today's head is
missing, it is signed here. When it exists but was signed before archiving, the demo writes no
package, because the platform itself rejects the export until the next daily signature.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import OuterRef, Subquery

from zhifa.accounts.models import User
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.checks.models import CheckResult
from zhifa.archives.handover import package
from zhifa.archives.handover.models import Handover
from zhifa.core.errors import ZhifaError
from zhifa.evidence.ledger import heads, signing
from zhifa.evidence.models import LedgerEntry, TreeHead

logger = logging.getLogger(__name__)

ARCHIVIST = "archivist"


def _sign_if_unsigned(today: datetime.date) -> None:
    if TreeHead.objects.filter(signed_on=today).exists():
        return
    if not signing.key_path().exists():
        content, _public = signing.generate_key(signing.configured_algorithm())
        signing.write_key_file(signing.key_path(), content)
    if LedgerEntry.objects.exists():
        heads.sign_tree_head(today)


def _exportable_case_file(agency_id: int) -> CaseFile | None:
    """Return the agency's oldest archived case file whose latest check passed.

    The export rejects a file that fails, and the demo cases of some kinds carry no decision
    document, which the integrity check reports.
    """
    passed = CheckResult.objects.filter(case_file=OuterRef("pk")).order_by("-pk").values("passed")
    return (
        CaseFile.objects.filter(agency_id=agency_id, status=CaseFileStatus.ARCHIVED)
        .annotate(latest_passed=Subquery(passed[:1]))
        .filter(latest_passed=True)
        .order_by("closed_on", "pk")
        .first()
    )


def load(today: datetime.date) -> dict[str, int]:
    """Write one demo package unless one exists; return how many were written and skipped."""
    counts = {"written": 0, "skipped": 0}
    archivist = User.objects.filter(username=ARCHIVIST).first()
    if archivist is None or archivist.agency_id is None or Handover.objects.exists():
        counts["skipped"] = 1
        return counts

    case_file = _exportable_case_file(archivist.agency_id)
    if case_file is None:
        logger.warning("no archived demo case file passed its check; no handover package written")
        counts["skipped"] = 1
        return counts

    _sign_if_unsigned(today)
    try:
        package.write_package(
            [case_file], settings.ZHIFA_ARCHIVE_EXPORT_DIR, user=archivist, as_zip=True
        )
    except ZhifaError as error:
        logger.warning("demo handover package not written: %s", error.message)
        counts["skipped"] = 1
        return counts
    counts["written"] = 1
    return counts
