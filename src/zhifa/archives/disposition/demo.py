"""Demo appraisal: an expired case file of the market regulator awaiting the head's approval.

Runs after the case file demo. The demo cases closed recently, so none of their periods can
have ended: a period counts from 1 January of the year after archiving. The demo therefore
adds an inspection case closed eleven years before ``today``, archives it as of that year
(``archiving.archive`` with ``archived_at``) and gives it a 10-year period, which ended on
31 December of last year. Its retention basis marks it as demo data. The archivist then
opens an appraisal, proposes destruction and submits it, so the due list, the appraisal and
the head's approval page all have something to show. A second load finds the appraisal and
skips.
"""

import datetime
import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Department
from zhifa.archives import periods
from zhifa.archives.casefiles import archiving, assembly
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.disposition.actions import appraisals
from zhifa.archives.disposition.models import Appraisal, AppraisalKind, Verdict
from zhifa.cases import numbering
from zhifa.cases.models import Case, CaseKind, CaseStatus
from zhifa.core.chinese_dates import SHANGHAI, chinese_date
from zhifa.core.errors import ValidationFailed, ZhifaError

logger = logging.getLogger(__name__)

ARCHIVIST = "archivist"
GROUP = "档案管理员（演示）、法制机构审核人员、承办部门负责人"
REASON = "10年保管期限已满，检查已办结，未提起复议或诉讼，无继续保存价值"
REPORT = (
    "鉴定小组逐卷核对了保管期限届满的案卷。所列检查案卷已办结，当事人未申请行政复议、"
    "未提起行政诉讼，案卷无冻结，经审查无继续保存价值，建议销毁。"
)
TITLE = "超市食品安全日常监督检查"
YEARS_AGO = 11


def _old_case(archivist: User, agency: Agency, today: datetime.date) -> Case:
    """Create an inspection case of ``agency`` closed ``YEARS_AGO`` years before ``today``."""
    year = today.year - YEARS_AGO
    department = Department.objects.filter(agency=agency).order_by("pk").first()
    if department is None:
        raise ValidationFailed(f"{agency.name}没有执法部门，无法生成演示案件。", field="agency")
    number = numbering.take_number(agency, CaseKind.INSPECTION, year)
    return Case.objects.create(
        agency=agency,
        department=department,
        kind=CaseKind.INSPECTION,
        number=number.text,
        number_year=number.year,
        number_sequence=number.sequence,
        title=TITLE,
        opened_on=datetime.date(year, 3, 2),
        closed_on=datetime.date(year, 4, 28),
        status=CaseStatus.CLOSED,
        created_by=archivist,
    )


def _expired_case_file(archivist: User, agency: Agency, today: datetime.date) -> CaseFile:
    """Archive an old case as of its closing year with a 10-year period that has ended."""
    case = _old_case(archivist, agency, today)
    year = today.year - YEARS_AGO
    archived_at = datetime.datetime(year, 5, 20, 10, tzinfo=SHANGHAI)
    case_file = archiving.archive(archivist, assembly.open_case_file(case), archived_at=archived_at)
    ended = periods.add_months(periods.counting_start(archived_at.date()), periods.YEARS_10)
    ended -= datetime.timedelta(days=1)
    case_file.retention_months = periods.YEARS_10
    case_file.retention_ends_on = ended
    case_file.retention_basis = (
        f"演示数据：按10年保管期限，自归档次年1月1日起算，已于{chinese_date(ended)}届满"
    )
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
            agency = Agency.objects.get(pk=archivist.agency_id)
            case_file = _expired_case_file(archivist, agency, today)
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
