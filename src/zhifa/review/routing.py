"""The choice of the body that reviews a case's major decision (法制审核机构).

A town or street office sends its requests to the judicial office (司法所) that covers it.
Every other agency, the district government included, uses the review body it configured
(``Agency.review_body``). The body is never the department that handles the case, because
review and handling must be separate.
"""

from dataclasses import dataclass

from zhifa.agencies.models import AgencyKind, Department, JudicialOffice
from zhifa.cases.models import Case, CaseKind
from zhifa.core.errors import InvalidTransition

TOWN_KINDS = frozenset({AgencyKind.TOWN, AgencyKind.STREET_OFFICE})


@dataclass(frozen=True)
class Route:
    """The body a review request goes to; exactly one of the two is set."""

    department: Department | None
    judicial_office: JudicialOffice | None
    label: str


def route(case: Case) -> Route:
    """Return the review body of ``case``, or raise ``InvalidTransition`` naming what to set."""
    agency = case.agency
    if agency.kind in TOWN_KINDS:
        return _judicial_office_route(case)

    # A housing expropriation is decided by the district government (国有土地上房屋征收与补偿
    # 条例 Art. 4 and 8), whose case is the government's own. Its review body is the district's
    # legal body, which the government configures as its review body like any other agency.
    if case.kind == CaseKind.HOUSING_EXPROPRIATION:
        return _department_route(case, decided_by_government=True)
    return _department_route(case, decided_by_government=False)


def _judicial_office_route(case: Case) -> Route:
    offices = list(JudicialOffice.objects.filter(covers=case.agency).order_by("pk"))
    if not offices:
        raise InvalidTransition(
            f"{case.agency.name}尚未设置负责的司法所，无法送审；"
            "请系统管理员在“司法所”页面为该街镇指定司法所。",
            field="review_body",
        )
    if len(offices) > 1:
        names = "、".join(office.name for office in offices)
        raise InvalidTransition(
            f"{case.agency.name}同时由{names}负责，无法确定审核司法所；"
            "请系统管理员只保留一个负责的司法所。",
            field="review_body",
        )
    office = offices[0]
    return Route(None, office, office.name)


def _department_route(case: Case, *, decided_by_government: bool) -> Route:
    agency = case.agency
    body = agency.review_body
    if body is None:
        who = "区人民政府（区法制机构）" if decided_by_government else agency.name
        raise InvalidTransition(
            f"{who}尚未指定法制审核机构，无法送审；请在“执法主体”页面设置法制审核机构。",
            field="review_body",
        )
    if body.pk == case.department_id:
        raise InvalidTransition(
            f"本单位的法制审核机构“{body.name}”是本案的承办部门，审核与承办应当分离；"
            "请在“执法主体”页面另行指定法制审核机构。",
            field="review_body",
        )
    return Route(body, None, f"{agency.short_name}{body.name}")
