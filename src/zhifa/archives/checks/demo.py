"""Demo data of this app: one scheduled check over the demo archives, so the pages have a report.

``zhifa demo load`` calls ``load`` after the case files are archived.
"""

import datetime

from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.checks.models import CheckRun, Trigger
from zhifa.archives.checks.runner import run_check


def load(today: datetime.date) -> dict[str, int]:
    """Check every archived demo case file once; return the files checked and those that failed.

    A second load finds the scheduled run of the first and adds nothing.
    """
    if CheckRun.objects.filter(trigger=Trigger.SCHEDULED).exists():
        return {"case_files": 0, "failed": 0, "skipped": 1}
    archived = CaseFile.objects.filter(status=CaseFileStatus.ARCHIVED)
    run = run_check(archived, Trigger.SCHEDULED)
    return {"case_files": run.case_files, "failed": run.failed_case_files}
