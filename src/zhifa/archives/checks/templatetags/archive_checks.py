"""Template helpers of the check pages and of the case file panel."""

import datetime
from typing import Any

from django import template

from zhifa.accounts.roles import Capability
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.checks.models import CheckResult
from zhifa.core.chinese_dates import chinese_datetime

register = template.Library()


@register.simple_tag
def latest_check_result(case_file: CaseFile) -> CheckResult | None:
    return (
        CheckResult.objects.filter(case_file=case_file)
        .select_related("run")
        .order_by("-pk")
        .first()
    )


@register.filter
def can_run_checks(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.can(Capability.RUN_ARCHIVE_CHECKS)
    )


@register.filter
def check_time(value: datetime.datetime | None) -> str:
    return chinese_datetime(value) if value is not None else ""
