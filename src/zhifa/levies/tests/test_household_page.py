"""The page that adds a household to a registered expropriation project."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.cases.models import PartyKind
from zhifa.cases.tests.steps_support import make_uscc
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.levies.actions.projects import add_household
from zhifa.levies.models import ExpropriationProject
from zhifa.levies.tests import support

pytestmark = pytest.mark.django_db

# The ID number of owner 8 with its last character changed, so only the check digit is wrong.
_VALID_ID = support.owner(8).id_number
WRONG_CHECK_DIGIT = _VALID_ID[:17] + ("1" if _VALID_ID[17] != "1" else "2")


def client_for(user: User, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


@pytest.fixture
def project(gov: support.Bureau) -> ExpropriationProject:
    return support.new_project(gov, support.housing_bureau(), households=1)


def url(project: ExpropriationProject) -> str:
    return reverse("levies:household_create", args=[project.pk])


def household_post(index: int, **overrides: str) -> dict[str, str]:
    owner = support.owner(index)
    values = {
        "number": f"{index:03d}",
        "name": owner.name,
        "id_number": owner.id_number,
        "address": f"朱家角镇西湖街{index}号",
        "floor_area": "72.30",
    }
    values.update(overrides)
    return values


def test_add_household_page(gov: support.Bureau, project: ExpropriationProject) -> None:
    client = client_for(gov.user)
    detail = client.get(reverse("levies:project_detail", args=[project.pk])).content.decode()
    assert url(project) in detail
    assert client.get(url(project)).status_code == 200

    response = client.post(url(project), household_post(7))
    assert response.status_code == 302
    added = project.households.get(number="007")
    assert added.owner.name == "业主07"
    assert str(added.floor_area) == "72.30"
    assert project.case.parties.filter(pk=added.owner.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"number": "001"}, "户号“001”已登记"),
        ({"floor_area": "0"}, "“建筑面积”“0”无效"),
        ({"floor_area": "-5"}, "“建筑面积”“-5”无效"),
        ({"floor_area": "六十"}, "「建筑面积（平方米）」输入一个数字"),
        ({"address": ""}, "「房屋坐落」这个字段是必填项"),
        ({"id_number": "12345"}, "统一社会信用代码无效"),
        ({"id_number": WRONG_CHECK_DIGIT}, "身份证号无效：校验码错误"),
    ],
)
def test_add_household_invalid_input(
    gov: support.Bureau, project: ExpropriationProject, overrides: dict[str, str], message: str
) -> None:
    response = client_for(gov.user).post(url(project), household_post(8, **overrides))
    text = response.content.decode()
    assert response.status_code == 400
    assert text.count(message) == 1
    assert "金额" not in text
    assert project.households.count() == 1


def test_wrong_id_check_digit_not_uscc(gov: support.Bureau, project: ExpropriationProject) -> None:
    response = client_for(gov.user).post(
        url(project), household_post(8, id_number=WRONG_CHECK_DIGIT)
    )
    errors = re.findall(r'<ul class="errorlist">(.*?)</ul>', response.content.decode())
    assert len(errors) == 1
    assert "身份证号无效" in errors[0]
    assert "统一社会信用代码" not in errors[0]


def test_legal_person_owner(gov: support.Bureau, project: ExpropriationProject) -> None:
    uscc = make_uscc()
    response = client_for(gov.user).post(url(project), household_post(8, id_number=uscc))
    assert response.status_code == 302
    owner = project.households.get(number="008").owner
    assert owner.kind == PartyKind.LEGAL_PERSON
    assert owner.uscc == uscc


@pytest.mark.parametrize(
    ("area", "accepted"),
    [
        (Decimal("0.01"), True),
        (Decimal("99999999.99"), True),
        (Decimal("0"), False),
        (Decimal("-1"), False),
        (Decimal("60.505"), False),
        (Decimal("100000000"), False),
        (Decimal("1E+40"), False),
        (Decimal("NaN"), False),
    ],
)
def test_floor_area_limits(
    gov: support.Bureau, project: ExpropriationProject, area: Decimal, accepted: bool
) -> None:
    data = support.household(13)
    data.floor_area = area
    if accepted:
        assert add_household(gov.user, project, data).floor_area == area
        return
    with pytest.raises(ValidationFailed, match="“建筑面积”") as refused:
        add_household(gov.user, project, data)
    assert refused.value.field == "floor_area"
    assert "金额" not in refused.value.message
    assert "平方米" in refused.value.message


def test_add_household_needs_csrf(gov: support.Bureau, project: ExpropriationProject) -> None:
    response = client_for(gov.user, csrf=True).post(url(project), household_post(9))
    assert response.status_code == 403
    assert project.households.count() == 1


def test_add_household_needs_manage_cases(
    gov: support.Bureau, project: ExpropriationProject
) -> None:
    archivist = User.objects.create_user(
        username="qp-gov-archive", password=None, agency=gov.agency, full_name="区政府档案员"
    )
    archivist.groups.add(Group.objects.get(name=Role.ARCHIVIST))
    client = client_for(archivist)
    assert client.get(url(project)).status_code == 403
    assert client.post(url(project), household_post(10)).status_code == 403
    assert project.households.count() == 1
    detail = client.get(reverse("levies:project_detail", args=[project.pk]))
    assert detail.status_code == 200
    assert url(project) not in detail.content.decode()


def test_other_agency_gets_not_found(gov: support.Bureau, project: ExpropriationProject) -> None:
    other = support.make_bureau("上海市青浦区水务局", "区水务局", "district_department", "qp-sw")
    client = client_for(other.user)
    assert client.get(url(project)).status_code == 404
    assert client.post(url(project), household_post(11)).status_code == 404
    assert project.households.count() == 1


def test_action_needs_government(gov: support.Bureau, project: ExpropriationProject) -> None:
    other = support.make_bureau("上海市青浦区水务局", "区水务局", "district_department", "qp-sw")
    with pytest.raises(NotPermitted, match="区人民政府的账号登记被征收户"):
        add_household(other.user, project, support.household(12))
    assert project.households.count() == 1
