"""Double-random spot checks: lists, eligible officers, reproducible draws and refusals."""

import datetime
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import Agency, CredentialEventKind, EnforcementDomain, Officer
from zhifa.cases import spotcheck
from zhifa.cases.models import Party, PartyKind, SpotCheckDraw, SpotCheckList
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.identifiers import id_check_char, org_code_check_char, uscc_check_char

SEED = 0x0123456789ABCDEF0123456789ABCDEF


def make_id_number(sequence: int, born: str = "19800101") -> str:
    first17 = f"310118{born}{sequence % 1000:03d}"
    return first17 + id_check_char(first17)


def make_uscc(sequence: int, prefix: str = "91") -> str:
    organization = f"{sequence:08d}"
    first17 = f"{prefix}310118{organization}{org_code_check_char(organization)}"
    return first17 + uscc_check_char(first17)


@pytest.fixture
def market(db: None) -> EnforcementDomain:
    return EnforcementDomain.objects.create(code="market", name="市场监管")


@pytest.fixture
def city(db: None) -> EnforcementDomain:
    return EnforcementDomain.objects.create(code="city", name="城市管理")


def _item(agency: Agency, code: str, category: str, domain: EnforcementDomain | None) -> PowerItem:
    content = PowerItemContent(f"事项{code}", category, "《示例条例》第十条", domain)
    return create_power_item(None, agency, code, content, effective_from=datetime.date(2020, 1, 1))


@pytest.fixture
def inspection_item(agency_a: Agency, market: EnforcementDomain) -> PowerItem:
    return _item(agency_a, "JC-001", PowerCategory.INSPECTION, market)


@pytest.fixture
def make_officer(agency_head_user: User, agency_a: Agency) -> Callable[..., Officer]:
    """Create an officer of agency A, with a credential for ``domains`` unless it is empty."""
    counter = iter(range(1, 500))

    def make(
        name: str,
        domains: list[EnforcementDomain],
        *,
        valid_until: datetime.date | None = None,
        suspended: bool = False,
    ) -> Officer:
        sequence = next(counter)
        officer = agency_actions.create_officer(
            agency_head_user,
            agency_a,
            agency_actions.OfficerInput(
                full_name=name, gender="male", id_number=make_id_number(sequence * 2 + 1)
            ),
        )
        if not domains:
            return officer
        today = timezone.localdate()
        issued_on = today - datetime.timedelta(days=400)
        ids = [domain.pk for domain in domains]
        for kind in (CredentialEventKind.APPLIED, CredentialEventKind.EXAM_PASSED):
            agency_actions.record_credential_event(
                agency_head_user,
                officer,
                agency_actions.CredentialEventInput(
                    kind=kind, occurred_on=issued_on, domain_ids=ids
                ),
            )
        agency_actions.record_credential_event(
            agency_head_user,
            officer,
            agency_actions.CredentialEventInput(
                kind=CredentialEventKind.ISSUED,
                occurred_on=issued_on,
                number=f"31{sequence:08d}",
                valid_until=valid_until or today + datetime.timedelta(days=700),
            ),
        )
        if suspended:
            agency_actions.record_credential_event(
                agency_head_user,
                officer,
                agency_actions.CredentialEventInput(
                    kind=CredentialEventKind.SUSPENDED, occurred_on=today, reason="违纪调查"
                ),
            )
        return officer

    return make


@pytest.fixture
def eligible(make_officer: Callable[..., Officer], market: EnforcementDomain) -> list[Officer]:
    return [make_officer(name, [market]) for name in ("甲", "乙", "丙", "丁")]


@pytest.fixture
def spot_list(agency_head_user: User) -> SpotCheckList:
    spot_check_list = spotcheck.create_spot_check_list(agency_head_user, "食品经营者", 2026)
    for sequence in range(1, 7):
        spotcheck.add_spot_check_entity(
            agency_head_user,
            spot_check_list,
            f"青浦示例商店{sequence}号",
            make_uscc(sequence),
            f"青浦区示例路{sequence}号",
        )
    return spot_check_list


def _pairs(record: SpotCheckDraw) -> list[tuple[int, list[int]]]:
    return spotcheck.stored_assignments(record)


# --- Reproducibility ---------------------------------------------------------------------------


def test_compute_assignments_same_for_same_seed() -> None:
    first = spotcheck.compute_assignments(SEED, [5, 3, 9, 1, 7], [4, 2, 8], 3, 2)
    again = spotcheck.compute_assignments(SEED, [1, 3, 5, 7, 9], [2, 4, 8], 3, 2)
    assert first == again
    assert len(first) == 3
    assert len({entity for entity, _ in first}) == 3
    for _, officers in first:
        assert len(set(officers)) == 2


def test_compute_assignments_differs_by_seed() -> None:
    pool = list(range(1, 101))
    first = spotcheck.compute_assignments(SEED, pool, pool, 10, 2)
    other = spotcheck.compute_assignments(SEED + 1, pool, pool, 10, 2)
    assert first != other


def test_draw_reproduces(
    agency_head_user: User,
    spot_list: SpotCheckList,
    inspection_item: PowerItem,
    eligible: list[Officer],
) -> None:
    record = spotcheck.draw(agency_head_user, spot_list, inspection_item, 3)

    result = spotcheck.reproduce(record)
    assert result.matches
    assert result.expected == result.stored
    assert len(record.assignments()) == 3
    assert [row.position for row in record.assignments()] == [1, 2, 3]
    for assignment in record.assignments():
        assert len(assignment.officers()) == 2
    assert len(record.seed) == 32
    assert record.officer_pool == sorted(officer.pk for officer in eligible)


def test_draw_with_given_seed_repeats(
    agency_head_user: User,
    spot_list: SpotCheckList,
    inspection_item: PowerItem,
    eligible: list[Officer],
) -> None:
    first = spotcheck.draw(agency_head_user, spot_list, inspection_item, 4, 3, seed=SEED)
    second = spotcheck.draw(agency_head_user, spot_list, inspection_item, 4, 3, seed=SEED)
    assert _pairs(first) == _pairs(second)
    assert first.seed == f"{SEED:032x}"


def test_reproduce_detects_other_seed(
    agency_head_user: User,
    spot_list: SpotCheckList,
    inspection_item: PowerItem,
    eligible: list[Officer],
) -> None:
    record = spotcheck.draw(agency_head_user, spot_list, inspection_item, 5, seed=SEED)
    record.seed = f"{SEED + 1:032x}"
    assert not spotcheck.reproduce(record).matches


def test_draw_rows_reject_update(
    agency_head_user: User,
    spot_list: SpotCheckList,
    inspection_item: PowerItem,
    eligible: list[Officer],
) -> None:
    record = spotcheck.draw(agency_head_user, spot_list, inspection_item, 2)
    with pytest.raises(DatabaseError), transaction.atomic():
        SpotCheckDraw.objects.filter(pk=record.pk).update(seed="0" * 32)


def test_draw_recorded_in_audit(
    agency_head_user: User,
    spot_list: SpotCheckList,
    inspection_item: PowerItem,
    eligible: list[Officer],
) -> None:
    record = spotcheck.draw(agency_head_user, spot_list, inspection_item, 2)
    entry = AuditEntry.objects.get(action="spot_check_drawn")
    assert entry.target_id == str(record.pk)
    assert entry.detail["seed"] == record.seed
    assert entry.agency_id == spot_list.agency_id


# --- Eligible officers -------------------------------------------------------------------------


def test_eligibility_excludes_invalid_credentials(
    agency_head_user: User,
    make_officer: Callable[..., Officer],
    market: EnforcementDomain,
    city: EnforcementDomain,
    inspection_item: PowerItem,
    spot_list: SpotCheckList,
) -> None:
    today = timezone.localdate()
    good = [make_officer("有效甲", [market]), make_officer("有效乙", [market, city])]
    make_officer("过期", [market], valid_until=today - datetime.timedelta(days=1))
    make_officer("暂扣", [market], suspended=True)
    make_officer("城管", [city])
    make_officer("无证", [])
    retired = make_officer("离岗", [market])
    agency_actions.update_officer(
        agency_head_user,
        retired,
        agency_actions.OfficerInput(
            full_name="离岗",
            gender="male",
            id_number=retired.id_number,
            is_active=False,
        ),
    )

    ids, domain_name = spotcheck.eligible_officers(inspection_item, today)
    assert ids == sorted(officer.pk for officer in good)
    assert domain_name == "市场监管"

    record = spotcheck.draw(agency_head_user, spot_list, inspection_item, 6)
    drawn = {pk for _, officers in _pairs(record) for pk in officers}
    assert drawn == {officer.pk for officer in good}


def test_other_agency_officers_not_eligible(
    other_agency_user: User,
    agency_b: Agency,
    market: EnforcementDomain,
    inspection_item: PowerItem,
    eligible: list[Officer],
) -> None:
    outsider = agency_actions.create_officer(
        other_agency_user,
        agency_b,
        agency_actions.OfficerInput(
            full_name="外单位", gender="male", id_number=make_id_number(901)
        ),
    )
    ids, _ = spotcheck.eligible_officers(inspection_item, timezone.localdate())
    assert outsider.pk not in ids
    assert len(ids) == 4


# --- Refusals ----------------------------------------------------------------------------------


def test_draw_rejects_too_many_entities(
    agency_head_user: User, spot_list: SpotCheckList, inspection_item: PowerItem, eligible: list
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        spotcheck.draw(agency_head_user, spot_list, inspection_item, 7)
    assert raised.value.field == "entity_count"
    assert "只有6个" in raised.value.message
    assert not SpotCheckDraw.objects.exists()


def test_draw_rejects_too_few_officers(
    agency_head_user: User,
    spot_list: SpotCheckList,
    inspection_item: PowerItem,
    make_officer: Callable[..., Officer],
    market: EnforcementDomain,
) -> None:
    make_officer("独一", [market])
    with pytest.raises(ValidationFailed) as raised:
        spotcheck.draw(agency_head_user, spot_list, inspection_item, 1)
    assert raised.value.field == "officers_per_entity"
    assert "只有1名" in raised.value.message
    assert "市场监管" in raised.value.message


def test_draw_rejects_single_officer_team(
    agency_head_user: User, spot_list: SpotCheckList, inspection_item: PowerItem, eligible: list
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        spotcheck.draw(agency_head_user, spot_list, inspection_item, 1, officers_per_entity=1)
    assert raised.value.field == "officers_per_entity"


def test_draw_rejects_zero_entities(
    agency_head_user: User, spot_list: SpotCheckList, inspection_item: PowerItem, eligible: list
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        spotcheck.draw(agency_head_user, spot_list, inspection_item, 0)
    assert raised.value.field == "entity_count"


def test_draw_rejects_penalty_item(
    agency_head_user: User,
    agency_a: Agency,
    spot_list: SpotCheckList,
    market: EnforcementDomain,
    eligible: list,
) -> None:
    penalty = _item(agency_a, "CF-001", PowerCategory.PENALTY, market)
    with pytest.raises(ValidationFailed) as raised:
        spotcheck.draw(agency_head_user, spot_list, penalty, 1)
    assert raised.value.field == "power_item"
    assert "行政检查" in raised.value.message


def test_draw_rejects_item_without_domain(
    agency_head_user: User, agency_a: Agency, spot_list: SpotCheckList, eligible: list
) -> None:
    item = _item(agency_a, "JC-002", PowerCategory.INSPECTION, None)
    with pytest.raises(ValidationFailed) as raised:
        spotcheck.draw(agency_head_user, spot_list, item, 1)
    assert "执法领域" in raised.value.message


def test_draw_rejects_other_agency_item(
    agency_head_user: User,
    agency_b: Agency,
    spot_list: SpotCheckList,
    market: EnforcementDomain,
    eligible: list,
) -> None:
    item = _item(agency_b, "JC-B01", PowerCategory.INSPECTION, market)
    with pytest.raises(ValidationFailed) as raised:
        spotcheck.draw(agency_head_user, spot_list, item, 1)
    assert raised.value.field == "power_item"


def test_draw_rejected_without_capability(
    officer_user: User, spot_list: SpotCheckList, inspection_item: PowerItem
) -> None:
    with pytest.raises(NotPermitted):
        spotcheck.draw(officer_user, spot_list, inspection_item, 1)


def test_draw_on_other_agency_list_not_found(
    other_agency_user: User, spot_list: SpotCheckList, inspection_item: PowerItem
) -> None:
    with pytest.raises(NotFound):
        spotcheck.draw(other_agency_user, spot_list, inspection_item, 1)


# --- Lists and entities ------------------------------------------------------------------------


def test_entity_party_shared_across_agencies(
    agency_head_user: User, other_agency_user: User, spot_list: SpotCheckList
) -> None:
    other_list = spotcheck.create_spot_check_list(other_agency_user, "特种设备使用单位", 2026)
    entity = spotcheck.add_spot_check_entity(
        other_agency_user, other_list, "青浦示例商店1号（分店名）", make_uscc(1).lower()
    )
    assert entity.party == spot_list.entities.get(uscc=make_uscc(1)).party
    assert Party.objects.filter(uscc=make_uscc(1)).count() == 1
    assert entity.uscc == make_uscc(1)


def test_entity_kind_from_number(agency_head_user: User, spot_list: SpotCheckList) -> None:
    person = spotcheck.add_spot_check_entity(
        agency_head_user, spot_list, "张三", make_id_number(77)
    )
    shop = spotcheck.add_spot_check_entity(
        agency_head_user, spot_list, "张三小吃店", make_uscc(88, prefix="92")
    )
    assert person.party.kind == PartyKind.NATURAL_PERSON
    assert person.id_number == make_id_number(77)
    assert shop.party.kind == PartyKind.INDIVIDUAL_BUSINESS


def test_entity_invalid_number_refused(agency_head_user: User, spot_list: SpotCheckList) -> None:
    with pytest.raises(ValidationFailed) as raised:
        spotcheck.add_spot_check_entity(agency_head_user, spot_list, "某公司", "91310118ABC")
    assert raised.value.field == "number"


def test_entity_added_twice_refused(agency_head_user: User, spot_list: SpotCheckList) -> None:
    with pytest.raises(ValidationFailed):
        spotcheck.add_spot_check_entity(agency_head_user, spot_list, "重复", make_uscc(2))


def test_withdrawn_entity_not_drawn(
    agency_head_user: User,
    spot_list: SpotCheckList,
    inspection_item: PowerItem,
    eligible: list[Officer],
) -> None:
    withdrawn = spot_list.entities.order_by("pk").first()
    assert withdrawn is not None
    spotcheck.withdraw_spot_check_entity(agency_head_user, withdrawn)

    record = spotcheck.draw(agency_head_user, spot_list, inspection_item, 5)
    assert withdrawn.pk not in record.entity_pool
    assert withdrawn.pk not in {entity for entity, _ in _pairs(record)}


def test_list_creation_rejected_without_capability(officer_user: User) -> None:
    with pytest.raises(NotPermitted):
        spotcheck.create_spot_check_list(officer_user, "名录", 2026)


def test_entity_on_other_agency_list_not_found(
    other_agency_user: User, spot_list: SpotCheckList
) -> None:
    with pytest.raises(NotFound):
        spotcheck.add_spot_check_entity(other_agency_user, spot_list, "某店", make_uscc(50))


# --- Command -----------------------------------------------------------------------------------


def test_reproduce_command_reports_match(
    agency_head_user: User,
    spot_list: SpotCheckList,
    inspection_item: PowerItem,
    eligible: list[Officer],
) -> None:
    record = spotcheck.draw(agency_head_user, spot_list, inspection_item, 2)
    output = StringIO()
    call_command("spotcheck", "reproduce", str(record.pk), stdout=output)
    text = output.getvalue()
    assert "复核结果：一致" in text
    assert record.seed in text
    first = record.assignments()[0]
    assert first.entity.name in text


def test_reproduce_command_unknown_draw(db: None) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("spotcheck", "reproduce", "999")
    assert "999" in str(raised.value)
