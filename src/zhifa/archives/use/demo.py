"""Demo data of the use app, loaded by ``zhifa demo load`` after the case files are archived.

The demo officer of 区市场监管局 requests to borrow one archived case file, which the demo
archivist approves, and to consult another, still pending. Loading twice adds nothing,
because an existing request of the officer skips the whole part.
"""

import datetime
import logging

from zhifa.accounts.models import User
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.use import requests as use_requests
from zhifa.archives.use.models import UseRequest

logger = logging.getLogger(__name__)


def load(today: datetime.date) -> dict[str, int]:
    """Add one approved and one pending request once; return counts and ``skipped``."""
    counts = {"use_requests": 0, "skipped": 0}
    officer = User.objects.filter(username="officer").first()
    archivist = User.objects.filter(username="archivist").first()
    if officer is None or archivist is None or officer.agency_id is None:
        logger.warning("use demo skipped: the demo officer or archivist account is missing")
        return counts
    if UseRequest.objects.filter(requester=officer).exists():
        counts["skipped"] += 1
        return counts
    case_files = list(
        CaseFile.objects.filter(
            agency_id=officer.agency_id, status=CaseFileStatus.ARCHIVED
        ).order_by("closed_on", "pk")[:2]
    )
    if len(case_files) < 2:
        logger.warning("use demo skipped: fewer than two archived case files of the agency")
        return counts
    borrowed = use_requests.request_use(
        officer, case_files[0], "borrow", "准备行政诉讼答辩材料（演示）", 14
    )
    use_requests.approve(archivist, borrowed, "同意借阅，用毕归还。")
    use_requests.request_use(officer, case_files[1], "consult", "查阅同类案件裁量情况（演示）", 3)
    counts["use_requests"] += 2
    return counts
