"""Project pages: the checklist, households and publications, and the scope of the viewer."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import AgencyKind
from zhifa.levies.models import ExpropriationProject
from zhifa.levies.tests import support

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_project_page_lists_missing_preconditions(gov: support.Bureau) -> None:
    project = support.new_project(gov, support.housing_bureau())
    support.record_preconditions(gov.user, project.case, skip=frozenset({"funds_deposited"}))
    page = client_for(gov.user).get(reverse("levies:project_detail", args=[project.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "征收补偿费用足额到位、专户存储" in text
    assert "被征收户（3户）" in text
    assert "业主01" in text
    assert "补偿方案公布征求意见" in text


def test_project_page_after_announcement(
    gov: support.Bureau, announced: ExpropriationProject
) -> None:
    page = client_for(gov.user).get(reverse("levies:project_detail", args=[announced.pk]))
    text = page.content.decode()
    assert "已作出房屋征收决定" in text
    assert "房屋征收决定公告" in text
    assert "3000000.00" in text


def test_other_agency_gets_not_found(gov: support.Bureau) -> None:
    project = support.new_project(gov, support.housing_bureau())
    other = support.make_bureau("上海市青浦区水务局", "区水务局", "district_department", "qp-sw")
    client = client_for(other.user)
    assert client.get(reverse("levies:project_detail", args=[project.pk])).status_code == 404
    listing = client.get(reverse("levies:project_list")).content.decode()
    assert project.name not in listing


def test_pages_need_login(gov: support.Bureau) -> None:
    project = support.new_project(gov, support.housing_bureau())
    response = Client().get(reverse("levies:project_detail", args=[project.pk]))
    assert response.status_code == 302


def post_consultation(client: Client, case_id: int, closes_on: str) -> object:
    return client.post(
        reverse("cases:step_record", args=[case_id]),
        {
            "step": "compensation_plan_consultation",
            "occurred_at": "2026-01-15T10:00",
            "summary": "公布征收补偿方案",
            "published_on": "2026-01-15",
            "closes_on": closes_on,
            "plan_summary": "货币补偿或产权调换",
        },
        follow=True,
    )


def test_case_page_records_plugin_step(gov: support.Bureau) -> None:
    project = support.new_project(gov, support.housing_bureau())
    support.record_preconditions(
        gov.user,
        project.case,
        skip=frozenset({"compensation_plan_consultation", "consultation_results_published"}),
    )
    client = client_for(gov.user)
    refused = post_consultation(client, project.case.pk, "2026-02-13")
    assert "少于《国有土地上房屋征收与补偿条例》第十条规定的三十日" in refused.content.decode()  # type: ignore[attr-defined]
    assert not project.case.steps.filter(step="compensation_plan_consultation").exists()
    post_consultation(client, project.case.pk, "2026-02-14")
    row = project.case.steps.get(step="compensation_plan_consultation")
    assert row.details["comment_days"] == 30
    page = client.get(reverse("cases:case_detail", args=[project.case.pk])).content.decode()
    assert "补偿方案征求意见不少于三十日（第十条）" in page
    assert "征收前准备" in page


def project_post(gov: support.Bureau, department: str, households: str) -> dict[str, object]:
    return {
        "name": "盈浦街道北门路旧区改建项目",
        "area_description": "北门路以南地块",
        "expropriation_department": department,
        "budgeted_compensation": "5000000.00",
        "department": gov.department.pk,
        "opened_on": "2026-02-02",
        "officers": [officer.pk for officer in gov.officers],
        "households": households,
    }


def test_project_create_page(gov: support.Bureau) -> None:
    department = support.housing_bureau()
    client = client_for(gov.user)
    assert client.get(reverse("levies:project_create")).status_code == 200
    owner = support.owner(31)
    lines = f"BM-001，{owner.name}，{owner.id_number}，盈浦街道北门路1号，45.5\n"
    bad = client.post(
        reverse("levies:project_create"), project_post(gov, "区房管局", "BM-001，张三")
    )
    assert bad.status_code == 400
    assert "第1行应有5项" in bad.content.decode()
    response = client.post(reverse("levies:project_create"), project_post(gov, "区房管局", lines))
    project = ExpropriationProject.objects.get(name="盈浦街道北门路旧区改建项目")
    assert response.status_code == 302
    assert project.households.get().owner.name == owner.name
    assert project.expropriation_department == department


def test_project_create_needs_government(gov: support.Bureau) -> None:
    other = support.make_bureau("上海市青浦区水务局", "区水务局", "district_department", "qp-sw")
    owner = support.owner(32)
    lines = f"BM-001，{owner.name}，{owner.id_number}，盈浦街道北门路1号，45.5"
    data = project_post(other, "区政府", lines)
    client = client_for(other.user)
    assert client.get(reverse("levies:project_create")).status_code == 403
    assert client.post(reverse("levies:project_create"), data).status_code == 403
    assert not ExpropriationProject.objects.exists()


def town_officer() -> User:
    town = support.make_bureau(
        "上海市青浦区朱家角镇人民政府", "朱家角镇", AgencyKind.TOWN, "qp-zjj"
    )
    officer = User.objects.create_user(
        username="qp-zjj-officer", password=None, agency=town.agency, full_name="朱家角镇执法人员"
    )
    officer.groups.add(Group.objects.get(name=Role.OFFICER))
    return officer


def test_create_link_only_for_government(gov: support.Bureau) -> None:
    link = reverse("levies:project_create")
    listing = client_for(gov.user).get(reverse("levies:project_list")).content.decode()
    assert link in listing

    town_head = support.make_bureau(
        "上海市青浦区白鹤镇人民政府", "白鹤镇", AgencyKind.TOWN, "qp-bh"
    )
    for user in (town_officer(), town_head.user):
        client = client_for(user)
        response = client.get(reverse("levies:project_list"))
        assert response.status_code == 200
        assert link not in response.content.decode()
        assert client.get(link).status_code == 403


def test_duplicate_household_lines(gov: support.Bureau) -> None:
    support.housing_bureau()
    first, second = support.owner(33), support.owner(34)
    lines = (
        f"BM-001，{first.name}，{first.id_number}，盈浦街道北门路1号，45.5\n"
        f"BM-001，{second.name}，{second.id_number}，盈浦街道北门路2号，50\n"
    )
    data = project_post(gov, "区房管局", lines)
    response = client_for(gov.user).post(reverse("levies:project_create"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert text.count("第2行的户号“BM-001”与第1行重复") == 1
    assert not ExpropriationProject.objects.exists()
