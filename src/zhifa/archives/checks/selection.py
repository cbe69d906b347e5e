"""The case files a manual check from the pages covers, and the agencies a user may choose.

A user of one agency checks one case file or all archived case files of the agency. A
district-wide user without an agency (the archives bureau) chooses an agency that has archived
case files, or all agencies.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.backoffice.mixins import scoped_get
from zhifa.core.errors import ValidationFailed

# The value of the agency choice that selects the archived case files of every agency.
ALL_AGENCIES = "all"


def agency_choices(user: Any) -> QuerySet[Agency] | None:
    """Return the agencies a district-wide user without an agency may check, else None."""
    if getattr(user, "agency_id", None) or not scope_for(user).all_agencies:
        return None
    archived = CaseFile.objects.filter(status=CaseFileStatus.ARCHIVED)
    with_files = archived.values("agency_id")
    return restrict(Agency.objects.filter(pk__in=with_files), user).order_by("sort_order", "pk")


def selection(request: HttpRequest) -> tuple[Any, Agency | None]:
    """Return the case files the request names and their agency (None for all agencies).

    Raises 404 for a case file outside the user's scope, and ValidationFailed for an invalid
    or empty selection, so a check never runs over nothing.
    """
    case_file_id = request.POST.get("case_file", "").strip()
    if case_file_id:
        return _one_case_file(request, case_file_id)

    user = request.user
    agency = getattr(user, "agency", None)
    if agency is None:
        agency = _chosen_agency(user, request.POST.get("agency", "").strip())
    archived = CaseFile.objects.filter(status=CaseFileStatus.ARCHIVED)
    if agency is None:
        return archived, None

    selected = archived.filter(agency=agency)
    if not selected.exists():
        raise ValidationFailed(f"{agency}没有已归档案卷，无需检测。", field="agency")
    return selected, agency


def _one_case_file(request: HttpRequest, case_file_id: str) -> tuple[list[CaseFile], Agency]:
    if not case_file_id.isdigit():
        raise ValidationFailed("案卷编号无效，请从案卷页面发起检测。", field="case_file")
    queryset = CaseFile.objects.select_related("case", "agency")
    case_file = scoped_get(queryset, request.user, pk=int(case_file_id))
    return [case_file], case_file.agency


def _chosen_agency(user: Any, value: str) -> Agency | None:
    """Return the agency chosen on the run list page; None when all agencies are chosen."""
    choices = agency_choices(user)
    if choices is None:
        raise ValidationFailed(
            "您的账号不属于某个立档单位，请在命令行用 zhifa archives check 检测全区档案。",
            field="agency",
        )
    if not value:
        raise ValidationFailed("请选择要检测的立档单位，或选择“全部单位”。", field="agency")
    if value == ALL_AGENCIES:
        if not choices.exists():
            raise ValidationFailed("全区没有已归档案卷，无需检测。", field="agency")
        return None
    agency = choices.filter(pk=int(value)).first() if value.isdigit() else None
    if agency is None:
        raise ValidationFailed("所选立档单位无效或没有已归档案卷，请重新选择。", field="agency")
    return agency
