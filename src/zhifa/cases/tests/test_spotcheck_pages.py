"""Spot-check pages: lists and entities, the draw form, replay check and opening cases."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import Agency, CredentialEventKind, Department, EnforcementDomain
from zhifa.cases import spotcheck
from zhifa.cases.models import Case, CaseKind, SpotCheckDraw, SpotCheckEntity, SpotCheckList
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import NotPermitted
from zhifa.core.identifiers import id_check_char, org_code_check_char, uscc_check_char

SEED = 0x0123456789ABCDEF0123456789ABCDEF


def make_id_number(sequence: int) -> str:
    first17 = f"31011819800101{sequence % 1000:03d}"
    return first17 + id_check_char(first17)


def make_uscc(sequence: int) -> str:
    organization = f"{sequence:08d}"
    first17 = f"91310118{organization}{org_code_check_char(organization)}"
    return first17 + uscc_check_char(first17)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_inspection_item(agency: Agency, code: str, domain: EnforcementDomain) -> PowerItem:
    content = PowerItemContent(
        f"检查事项{code}", PowerCategory.INSPECTION, "《示例条例》第十条", domain
    )
    return create_power_item(None, agency, code, content, effective_from=datetime.date(2020, 1, 1))


def make_officers(head: User, agency: Agency, domain: EnforcementDomain, first: int) -> None:
    """Create four officers of ``agency`` holding a credential for ``domain``."""
    today = timezone.localdate()
    issued_on = today - datetime.timedelta(days=400)
    for sequence in range(first, first + 4):
        officer = agency_actions.create_officer(
            head,
            agency,
            agency_actions.OfficerInput(
                full_name=f"检查员{sequence}",
                gender="male",
                id_number=make_id_number(sequence * 2 + 1),
            ),
        )
        for kind in (CredentialEventKind.APPLIED, CredentialEventKind.EXAM_PASSED):
            agency_actions.record_credential_event(
                head,
                officer,
                agency_actions.CredentialEventInput(
                    kind=kind, occurred_on=issued_on, domain_ids=[domain.pk]
                ),
            )
        agency_actions.record_credential_event(
            head,
            officer,
            agency_actions.CredentialEventInput(
                kind=CredentialEventKind.ISSUED,
                occurred_on=issued_on,
                number=f"31{sequence:08d}",
                valid_until=today + datetime.timedelta(days=700),
            ),
        )


@pytest.fixture
def market(db: None) -> EnforcementDomain:
    return EnforcementDomain.objects.create(code="market", name="市场监管")


@pytest.fixture
def inspection_item(
    agency_a: Agency, agency_head_user: User, market: EnforcementDomain
) -> PowerItem:
    make_officers(agency_head_user, agency_a, market, 1)
    return make_inspection_item(agency_a, "JC-001", market)


@pytest.fixture
def spot_list(agency_head_user: User) -> SpotCheckList:
    spot_check_list = spotcheck.create_spot_check_list(agency_head_user, "食品经营者", 2026)
    for sequence in range(1, 5):
        spotcheck.add_spot_check_entity(
            agency_head_user, spot_check_list, f"青浦示例商店{sequence}号", make_uscc(sequence)
        )
    return spot_check_list


@pytest.fixture
def drawn(
    agency_head_user: User, spot_list: SpotCheckList, inspection_item: PowerItem
) -> SpotCheckDraw:
    return spotcheck.draw(agency_head_user, spot_list, inspection_item, 2, 2, seed=SEED)


@pytest.fixture
def list_b(other_agency_user: User) -> SpotCheckList:
    spot_check_list = spotcheck.create_spot_check_list(other_agency_user, "乙方名录", 2026)
    spotcheck.add_spot_check_entity(other_agency_user, spot_check_list, "乙方商店", make_uscc(90))
    return spot_check_list


@pytest.fixture
def draw_b(
    other_agency_user: User, agency_b: Agency, list_b: SpotCheckList, market: EnforcementDomain
) -> SpotCheckDraw:
    make_officers(other_agency_user, agency_b, market, 50)
    item = make_inspection_item(agency_b, "JC-B01", market)
    return spotcheck.draw(other_agency_user, list_b, item, 1, 2, seed=SEED)


def department_of(agency: Agency) -> Department:
    return Department.objects.get(agency=agency, handles_penalty=True)


# --- Lists and entities ------------------------------------------------------------------------


def test_list_page_shows_own_lists_only(
    agency_head_user: User, spot_list: SpotCheckList, list_b: SpotCheckList
) -> None:
    response = client_for(agency_head_user).get(reverse("cases:spotcheck_list"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "食品经营者" in body
    assert "乙方名录" not in body


def test_list_page_menu_entry(officer_user: User) -> None:
    response = client_for(officer_user).get(reverse("cases:spotcheck_list"))

    assert response.status_code == 200
    assert "双随机抽查" in response.content.decode()
    assert "数据交换" not in response.content.decode()


def test_create_list_from_page(agency_head_user: User) -> None:
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_create"), {"name": "餐饮单位", "year": 2026}
    )

    created = SpotCheckList.objects.get(name="餐饮单位")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:spotcheck_detail", kwargs={"pk": created.pk})


def test_create_list_duplicate_shows_error(
    agency_head_user: User, spot_list: SpotCheckList
) -> None:
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_create"), {"name": "食品经营者", "year": 2026}
    )

    assert response.status_code == 400
    assert "2026年已有名为“食品经营者”的名录" in response.content.decode()


def test_officer_cannot_manage_lists(officer_user: User, spot_list: SpotCheckList) -> None:
    client = client_for(officer_user)

    assert (
        client.get(reverse("cases:spotcheck_detail", kwargs={"pk": spot_list.pk})).status_code
        == 200
    )
    create = client.post(reverse("cases:spotcheck_create"), {"name": "x", "year": 2026})
    add = client.post(
        reverse("cases:spotcheck_entity_add", kwargs={"pk": spot_list.pk}),
        {"name": "某店", "number": make_uscc(30)},
    )
    assert create.status_code == 403
    assert add.status_code == 403
    assert spot_list.entities.count() == 4


def test_add_entity_by_uscc(agency_head_user: User, spot_list: SpotCheckList) -> None:
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_entity_add", kwargs={"pk": spot_list.pk}),
        {"name": "青浦新店", "number": make_uscc(20), "address": "青浦区新路1号"},
    )

    assert response.status_code == 302
    entity = spot_list.entities.get(name="青浦新店")
    assert entity.uscc == make_uscc(20)
    assert entity.party.uscc == make_uscc(20)


def test_add_entity_by_id_number(agency_head_user: User, spot_list: SpotCheckList) -> None:
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_entity_add", kwargs={"pk": spot_list.pk}),
        {"name": "张三", "number": make_id_number(300)},
    )

    assert response.status_code == 302
    assert spot_list.entities.get(name="张三").id_number == make_id_number(300)


def test_add_entity_invalid_number_shown(agency_head_user: User, spot_list: SpotCheckList) -> None:
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_entity_add", kwargs={"pk": spot_list.pk}),
        {"name": "某店", "number": "12345"},
    )

    assert response.status_code == 400
    assert "既不是有效的统一社会信用代码，也不是有效的身份证号" in response.content.decode()


def test_withdraw_entity(agency_head_user: User, spot_list: SpotCheckList) -> None:
    entity = spot_list.entities.first()
    assert entity is not None

    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_entity_withdraw", kwargs={"pk": entity.pk})
    )

    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.is_active is False


def test_other_agency_list_not_found(
    agency_head_user: User, list_b: SpotCheckList, draw_b: SpotCheckDraw
) -> None:
    client = client_for(agency_head_user)
    entity_b = list_b.entities.get()

    for name, pk in (
        ("cases:spotcheck_detail", list_b.pk),
        ("cases:spotcheck_draw_detail", draw_b.pk),
    ):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
    for name, pk in (
        ("cases:spotcheck_entity_add", list_b.pk),
        ("cases:spotcheck_entity_withdraw", entity_b.pk),
        ("cases:spotcheck_draw", list_b.pk),
        ("cases:spotcheck_reproduce", draw_b.pk),
        ("cases:spotcheck_open_cases", draw_b.pk),
    ):
        assert client.post(reverse(name, kwargs={"pk": pk}), {}).status_code == 404, name
    assert SpotCheckEntity.objects.get(pk=entity_b.pk).is_active is True


def test_pages_refused_without_backoffice(
    make_user: Any, agency_a: Agency, spot_list: SpotCheckList, drawn: SpotCheckDraw
) -> None:
    client = client_for(make_user("auditor_pages", Role.AUDIT_ADMIN, agency=agency_a))

    assert client.get(reverse("cases:spotcheck_list")).status_code == 403
    assert (
        client.get(reverse("cases:spotcheck_detail", kwargs={"pk": spot_list.pk})).status_code
        == 403
    )
    assert (
        client.get(reverse("cases:spotcheck_draw_detail", kwargs={"pk": drawn.pk})).status_code
        == 403
    )


# --- Draws -------------------------------------------------------------------------------------


def test_draw_form_lists_inspection_items_only(
    agency_head_user: User, agency_a: Agency, spot_list: SpotCheckList, inspection_item: PowerItem
) -> None:
    content = PowerItemContent("处罚事项", PowerCategory.PENALTY, "《示例条例》第二十条", None)
    create_power_item(None, agency_a, "CF-001", content, effective_from=datetime.date(2020, 1, 1))

    body = (
        client_for(agency_head_user)
        .get(reverse("cases:spotcheck_detail", kwargs={"pk": spot_list.pk}))
        .content.decode()
    )

    assert "JC-001 检查事项JC-001" in body
    assert "CF-001" not in body


def test_draw_from_page_shows_seed_and_teams(
    agency_head_user: User, spot_list: SpotCheckList, inspection_item: PowerItem
) -> None:
    client = client_for(agency_head_user)

    response = client.post(
        reverse("cases:spotcheck_draw", kwargs={"pk": spot_list.pk}),
        {"power_item": inspection_item.pk, "entity_count": 3, "officers_per_entity": 2},
    )

    record = SpotCheckDraw.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:spotcheck_draw_detail", kwargs={"pk": record.pk})
    body = client.get(response["Location"]).content.decode()
    assert record.seed in body
    for assignment in record.assignments():
        assert assignment.entity.name in body
        for officer in assignment.officers():
            assert officer.full_name in body


def test_draw_too_many_entities_shows_error(
    agency_head_user: User, spot_list: SpotCheckList, inspection_item: PowerItem
) -> None:
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_draw", kwargs={"pk": spot_list.pk}),
        {"power_item": inspection_item.pk, "entity_count": 9, "officers_per_entity": 2},
    )

    assert response.status_code == 400
    assert "少于要抽取的9个" in response.content.decode()
    assert not SpotCheckDraw.objects.exists()


def test_draw_one_officer_rejected_by_form(
    agency_head_user: User, spot_list: SpotCheckList, inspection_item: PowerItem
) -> None:
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_draw", kwargs={"pk": spot_list.pk}),
        {"power_item": inspection_item.pk, "entity_count": 1, "officers_per_entity": 1},
    )

    assert response.status_code == 400
    assert not SpotCheckDraw.objects.exists()


def test_reproduce_button_reports_match(officer_user: User, drawn: SpotCheckDraw) -> None:
    response = client_for(officer_user).post(
        reverse("cases:spotcheck_reproduce", kwargs={"pk": drawn.pk})
    )

    assert response.status_code == 200
    assert "复现核对一致" in response.content.decode()


def test_reproduce_button_reports_mismatch(
    officer_user: User, drawn: SpotCheckDraw, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stored rows cannot be altered, so a faked replay result represents a tampered record.
    monkeypatch.setattr(spotcheck, "compute_assignments", lambda *args: [])

    response = client_for(officer_user).post(
        reverse("cases:spotcheck_reproduce", kwargs={"pk": drawn.pk})
    )

    assert response.status_code == 200
    assert "复现核对不一致" in response.content.decode()


# --- Opening inspection cases ------------------------------------------------------------------


def test_open_cases_from_draw_page(
    agency_head_user: User, agency_a: Agency, drawn: SpotCheckDraw
) -> None:
    client = client_for(agency_head_user)
    url = reverse("cases:spotcheck_open_cases", kwargs={"pk": drawn.pk})

    response = client.post(url, {"department": department_of(agency_a).pk})

    assert response.status_code == 302
    cases = list(Case.objects.order_by("pk"))
    assert len(cases) == 2
    for case, assignment in zip(cases, drawn.assignments(), strict=True):
        assert case.kind == CaseKind.INSPECTION
        assert case.spot_check_assignment_id == assignment.pk
        assert list(case.parties.all()) == [assignment.entity.party]
        assert [item.pk for item in case.power_items.all()] == [drawn.power_item_id]
        assert set(case.officers.all()) == set(assignment.officers())
    body = client.get(response["Location"]).content.decode()
    assert cases[0].number in body
    case_page = client.get(reverse("cases:case_detail", kwargs={"pk": cases[0].pk}))
    assert case_page.status_code == 200
    assert AuditEntry.objects.filter(action="spot_check_cases_opened").count() == 1


def test_open_cases_twice_opens_nothing(
    agency_head_user: User, agency_a: Agency, drawn: SpotCheckDraw
) -> None:
    department = department_of(agency_a)
    first = spotcheck.open_inspection_cases(agency_head_user, drawn, department.pk)

    second = spotcheck.open_inspection_cases(agency_head_user, drawn, department.pk)
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_open_cases", kwargs={"pk": drawn.pk}),
        {"department": department.pk},
    )

    assert len(first) == 2
    assert second == []
    assert response.status_code == 302
    assert Case.objects.count() == 2
    assert AuditEntry.objects.filter(action="spot_check_cases_opened").count() == 1


def test_open_cases_needs_own_agency(
    make_user: Any, agency_a: Agency, agency_b: Agency, drawn: SpotCheckDraw
) -> None:
    # A supervisor can view every agency, but as agency B's head cannot open A's cases.
    user = make_user("supervising_head", Role.SUPERVISOR, Role.AGENCY_HEAD, agency=agency_b)

    with pytest.raises(NotPermitted):
        spotcheck.open_inspection_cases(user, drawn, department_of(agency_a).pk)
    assert not Case.objects.exists()


def test_open_cases_refused_for_officer(
    officer_user: User, agency_a: Agency, drawn: SpotCheckDraw
) -> None:
    response = client_for(officer_user).post(
        reverse("cases:spotcheck_open_cases", kwargs={"pk": drawn.pk}),
        {"department": department_of(agency_a).pk},
    )

    assert response.status_code == 403
    assert not Case.objects.exists()


def test_open_cases_without_department_shows_error(
    agency_head_user: User, drawn: SpotCheckDraw
) -> None:
    response = client_for(agency_head_user).post(
        reverse("cases:spotcheck_open_cases", kwargs={"pk": drawn.pk}), {}
    )

    assert response.status_code == 400
    assert not Case.objects.exists()
