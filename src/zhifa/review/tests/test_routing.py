"""Routing a review request: the agency's review body, a town's judicial office, never the
handling department."""

import pytest

from zhifa.agencies.models import Agency, AgencyKind, Department, JudicialOffice
from zhifa.cases.models import Case, CaseKind
from zhifa.core.errors import InvalidTransition
from zhifa.review.routing import route
from zhifa.review.tests.support import ReviewWorld, review_world, town_review_world

__all__ = ["review_world", "town_review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def test_district_department_goes_to_review_body(review_world: ReviewWorld) -> None:
    found = route(review_world.case)

    assert found.department is not None
    assert found.department.name == "法制科"
    assert found.judicial_office is None
    assert found.label == "区市场监管局法制科"


def test_town_goes_to_judicial_office(
    town_review_world: ReviewWorld, judicial_office: JudicialOffice
) -> None:
    found = route(town_review_world.case)

    assert found.judicial_office == judicial_office
    assert found.department is None


def test_town_ignores_own_legal_department(
    town_review_world: ReviewWorld, judicial_office: JudicialOffice
) -> None:
    case = town_review_world.case
    case.agency.review_body = Department.objects.get(agency=case.agency, name="法制办")
    case.agency.save(update_fields=["review_body"])

    assert route(case).judicial_office == judicial_office


def test_town_without_judicial_office(
    town_review_world: ReviewWorld, judicial_office: JudicialOffice
) -> None:
    judicial_office.covers.clear()

    with pytest.raises(InvalidTransition) as refused:
        route(town_review_world.case)

    assert "尚未设置负责的司法所" in refused.value.message
    assert refused.value.field == "review_body"


def test_missing_review_body_names_setting(review_world: ReviewWorld) -> None:
    agency = review_world.case.agency
    Agency.objects.filter(pk=agency.pk).update(review_body=None)
    review_world.case.agency.refresh_from_db()

    with pytest.raises(InvalidTransition) as refused:
        route(review_world.case)

    assert "尚未指定法制审核机构" in refused.value.message
    assert "设置法制审核机构" in refused.value.message


def test_never_the_handling_department(review_world: ReviewWorld) -> None:
    case = review_world.case
    # An older configuration the review-body rule would no longer accept.
    Agency.objects.filter(pk=case.agency_id).update(review_body=case.department)
    case.agency.refresh_from_db()

    with pytest.raises(InvalidTransition) as refused:
        route(case)

    assert "是本案的承办部门" in refused.value.message
    assert "另行指定法制审核机构" in refused.value.message


def test_expropriation_goes_to_government_review_body(db: None) -> None:
    government = Agency.objects.create(
        name="上海市青浦区人民政府", short_name="区政府", kind=AgencyKind.DISTRICT_GOVERNMENT
    )
    handling = Department.objects.create(agency=government, name="区征收事务所")
    legal = Department.objects.create(agency=government, name="区司法局", is_legal_department=True)
    government.review_body = legal
    government.save(update_fields=["review_body"])
    case = Case(agency=government, department=handling, kind=CaseKind.HOUSING_EXPROPRIATION)

    found = route(case)

    assert found.department == legal
    assert found.label == "区政府区司法局"


def test_expropriation_without_body_names_government(db: None) -> None:
    government = Agency.objects.create(
        name="上海市青浦区人民政府", short_name="区政府", kind=AgencyKind.DISTRICT_GOVERNMENT
    )
    handling = Department.objects.create(agency=government, name="区征收事务所")
    case = Case(agency=government, department=handling, kind=CaseKind.HOUSING_EXPROPRIATION)

    with pytest.raises(InvalidTransition) as refused:
        route(case)

    assert "区人民政府（区法制机构）尚未指定法制审核机构" in refused.value.message
