"""Demo appraisal: an expired case file of the market regulator awaiting the head's approval.

Runs after the case file demo, which archives the demo archivist's files through
``archiving.archive``. The demo cases closed recently, so no real period has ended yet: the earliest
archived file is given a 10-year period that ended last month, and its retention basis records that
this is demo data. The archivist then opens an appraisal, proposes destruction and submits it, so
the due list, the appraisal and the head's approval page all have something to show. A second load
finds the appraisal and skips.
"""

import datetime
import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.archives import periods
from zhifa.archives.casefiles import archiving
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.disposition.actions import appraisals
from zhifa.archives.disposition.models import Appraisal, AppraisalKind, Verdict
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

ARCHIVIST = "archivist"
GROUP = "档案管理员（演示）、法制机构审核人员、承办部门负责人"
REASON = "10年保管期限已满，处罚决定已执行完毕，未提起复议或诉讼，无继续保存价值"
REPORT = (
    "鉴定小组逐卷核对了保管期限届满的案卷。所列案卷处罚决定已执行完毕，当事人未申请行政复议、"
    "未提起行政诉讼，案卷无冻结，经审查无继续保存价值，建议销毁。"
)


def _expired_case_file(archivist: User, agency_id: int, today: datetime.date) -> CaseFile | None:
    """Return the agency's earliest archived file with a period that has ended by ``today``."""
    files = CaseFile.objects.filter(agency_id=agency_id).order_by("closed_on", "pk")
    case_file = files.filter(status=CaseFileStatus.ARCHIVED).first()
    if case_file is None:
        pending = files.filter(status=CaseFileStatus.PENDING).first()
        if pending is None:
            return None
        case_file = archiving.archive(archivist, pending)
    ended = periods.add_months(today.replace(day=1), -1) - datetime.timedelta(days=1)
    case_file.retention_months = periods.YEARS_10
    case_file.retention_ends_on = ended
    case_file.retention_basis = "演示数据：按10年保管期限设为已届满，用于展示到期鉴定"
    case_file.save(update_fields=["retention_months", "retention_ends_on", "retention_basis"])
    return case_file


def load(today: datetime.date) -> dict[str, int]:
    """Add the demo appraisal once; return counts, ``skipped`` when it exists already."""
    counts = {"appraisals": 0, "skipped": 0}
    archivist = User.objects.filter(username=ARCHIVIST).first()
    if archivist is None or archivist.agency_id is None:
        logger.warning("disposition demo skipped: the demo archivist account is missing")
        return counts
    if Appraisal.objects.filter(agency_id=archivist.agency_id).exists():
        counts["skipped"] = 1
        return counts
    try:
        with transaction.atomic():
            case_file = _expired_case_file(archivist, archivist.agency_id, today)
            if case_file is None:
                logger.warning("disposition demo skipped: no case file to appraise")
                return counts
            appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, GROUP)
            [entry] = appraisals.add_entries(archivist, appraisal.pk, [case_file.pk], today)
            appraisals.record_verdicts(
                archivist, appraisal.pk, [entry.pk], Verdict.DESTROY, REASON, today=today
            )
            appraisals.update_appraisal(archivist, appraisal.pk, GROUP, REPORT)
            appraisals.submit_appraisal(archivist, appraisal.pk)
    except ZhifaError as error:
        logger.warning("disposition demo not loaded: %s", error.message)
        return counts
    counts["appraisals"] = 1
    return counts
