"""Double-random spot checks (双随机一公开): the entity lists and the recorded draws.

A draw takes its candidates in primary-key order, seeds ``random.Random`` with 128 bits from
``secrets`` and picks with ``_sample``, which uses only ``Random.random()``. Python promises
that ``random()`` gives the same sequence for the same seed in later versions, while the
other sampling methods may change, so a stored draw stays reproducible after an upgrade.
"""

import datetime
import logging
import random
import secrets
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import CredentialStatus, Officer
from zhifa.cases.actions.opening import CaseInput, open_case
from zhifa.cases.exchange.parties import (
    PartyIdentity,
    find_or_register_party,
    kind_for_uscc,
    normalized_id_number,
    normalized_uscc,
)
from zhifa.cases.models import (
    Case,
    CaseKind,
    PartyKind,
    SpotCheckAssignment,
    SpotCheckDraw,
    SpotCheckEntity,
    SpotCheckList,
    SpotCheckTeamMember,
)
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)

ALGORITHM = "random-v1"
SEED_BITS = 128
# Every on-site enforcement act is done by at least two officers (行政处罚法 Art. 42 for
# penalties, 行政强制法 Art. 18 for coercive measures); a spot-check team follows the same rule.
MIN_OFFICERS_PER_ENTITY = 2
MIN_YEAR = 2000
MAX_YEAR = 2100

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class Reproduction:
    """The outcome of rerunning a draw from its seed and pools."""

    matches: bool
    expected: list[tuple[int, list[int]]]
    stored: list[tuple[int, list[int]]]


# --- Checks ------------------------------------------------------------------------------------


def _require(user: User) -> None:
    if not user.can(Capability.MANAGE_SPOT_CHECKS):
        raise NotPermitted(f"您的角色没有“{Capability.MANAGE_SPOT_CHECKS.label}”权限。")


def _list_in_scope(user: User, spot_check_list: SpotCheckList) -> SpotCheckList:
    found = restrict(SpotCheckList.objects.filter(pk=spot_check_list.pk), user).first()
    if found is None:
        raise NotFound("随机抽查对象名录不存在或不在您的管理范围内。")
    return found


def _text(value: str, field: str, label: str, max_length: int, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写“{label}”。", field=field)
    if len(text) > max_length:
        raise ValidationFailed(f"“{label}”不能超过{max_length}个字。", field=field)
    return text


# --- Lists and entities ------------------------------------------------------------------------


def create_spot_check_list(
    user: User, name: str, year: int, *, request: HttpRequest | None = None
) -> SpotCheckList:
    """Create a spot-check list of entities for the user's own agency."""
    _require(user)
    if user.agency is None:
        raise NotPermitted("您的账号不属于任何执法主体，不能建立随机抽查对象名录。")
    name = _text(name, "name", "名录名称", 100, required=True)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(f"年度“{year}”无效，请填写四位年份。", field="year")

    with transaction.atomic():
        if SpotCheckList.objects.filter(agency=user.agency, name=name, year=year).exists():
            raise ValidationFailed(f"{year}年已有名为“{name}”的名录。", field="name")
        spot_check_list = SpotCheckList.objects.create(
            agency=user.agency, name=name, year=year, created_by=user
        )
        audit.record(
            "spot_check_list_created",
            actor=user,
            target=spot_check_list,
            agency_id=user.agency.pk,
            request=request,
            detail={"name": name, "year": year},
        )
    logger.info("spot-check list %s created for agency %s", spot_check_list.pk, user.agency.pk)
    return spot_check_list


def _entity_identity(name: str, number: str, address: str) -> PartyIdentity:
    """Read ``number`` as a USCC or a resident ID number and return the party identity."""
    text = (number or "").strip()
    if not text:
        raise ValidationFailed("请填写统一社会信用代码或身份证号。", field="number")
    uscc = normalized_uscc(text)
    if uscc is not None:
        return PartyIdentity(kind_for_uscc(uscc), name, uscc=uscc, address=address)
    id_number = normalized_id_number(text)
    if id_number is not None:
        return PartyIdentity(PartyKind.NATURAL_PERSON, name, id_number=id_number, address=address)
    raise ValidationFailed(
        f"“{text}”既不是有效的统一社会信用代码，也不是有效的身份证号，请核对后重新填写。",
        field="number",
    )


def add_spot_check_entity(
    user: User,
    spot_check_list: SpotCheckList,
    name: str,
    number: str,
    address: str = "",
    *,
    request: HttpRequest | None = None,
) -> SpotCheckEntity:
    """Add an entity to a list, finding or registering its party by USCC or ID number."""
    _require(user)
    spot_check_list = _list_in_scope(user, spot_check_list)
    name = _text(name, "name", "名称", 200, required=True)
    address = _text(address, "address", "地址", 200, required=False)
    identity = _entity_identity(name, number, address)

    with transaction.atomic():
        party, registered = find_or_register_party(identity)
        if SpotCheckEntity.objects.filter(spot_check_list=spot_check_list, party=party).exists():
            raise ValidationFailed(f"“{party.name}”已在名录“{spot_check_list}”中。", field="number")
        entity = SpotCheckEntity.objects.create(
            spot_check_list=spot_check_list,
            party=party,
            name=name,
            id_number=identity.id_number,
            uscc=identity.uscc,
            address=address,
        )
        audit.record(
            "spot_check_entity_added",
            actor=user,
            target=entity,
            agency_id=spot_check_list.agency_id,
            request=request,
            detail={"list": spot_check_list.pk, "party": party.pk, "party_registered": registered},
        )
    return entity


def withdraw_spot_check_entity(
    user: User, entity: SpotCheckEntity, *, request: HttpRequest | None = None
) -> SpotCheckEntity:
    """Take an entity out of future draws; earlier draws keep referring to it."""
    _require(user)
    with transaction.atomic():
        found = restrict(SpotCheckEntity.objects.filter(pk=entity.pk), user).first()
        if found is None:
            raise NotFound("随机抽查对象不存在或不在您的管理范围内。")
        entity = SpotCheckEntity.objects.select_for_update().get(pk=found.pk)
        if not entity.is_active:
            return entity
        entity.is_active = False
        entity.save(update_fields=["is_active"])
        audit.record(
            "spot_check_entity_withdrawn",
            actor=user,
            target=entity,
            agency_id=entity.spot_check_list.agency_id,
            request=request,
        )
    return entity


# --- Drawing -----------------------------------------------------------------------------------


def _sample(rng: random.Random, items: list[ItemT], count: int) -> list[ItemT]:
    """Pick ``count`` distinct items in draw order by a partial Fisher-Yates shuffle."""
    pool = list(items)
    picked: list[ItemT] = []
    for _ in range(count):
        index = int(rng.random() * len(pool))
        pool[index], pool[-1] = pool[-1], pool[index]
        picked.append(pool.pop())
    return picked


def compute_assignments(
    seed: int, entity_pool: list[int], officer_pool: list[int], entity_count: int, team_size: int
) -> list[tuple[int, list[int]]]:
    """Return (entity id, officer ids) pairs; the same arguments always give the same result.

    Each entity gets its own team drawn from the whole officer pool, so one officer may be
    drawn for several entities.
    """
    rng = random.Random(seed)  # noqa: S311 - the seed comes from secrets; replays need this PRNG
    entities = _sample(rng, sorted(entity_pool), entity_count)
    officers = sorted(officer_pool)
    return [(entity, _sample(rng, officers, team_size)) for entity in entities]


def eligible_officers(power_item: PowerItem, day: datetime.date) -> tuple[list[int], str]:
    """Return the ids of the officers who may inspect for ``power_item`` on ``day``.

    An officer qualifies when in post, of the item's agency, and holding a credential that is
    active, valid on the day and lists the item's enforcement domain. The second value is the
    domain's name, for messages.
    """
    version = power_item.version_on(day)
    if version is None:
        raise ValidationFailed(
            f"执法事项“{power_item.code}”在{day.isoformat()}不在有效期内。", field="power_item"
        )
    if version.category != PowerCategory.INSPECTION:
        raise ValidationFailed(
            f"执法事项“{version.name}”的类别是“{version.get_category_display()}”，"
            "双随机抽查只能选择“行政检查”类事项。",
            field="power_item",
        )
    if version.domain is None:
        raise ValidationFailed(
            f"执法事项“{version.name}”没有设置执法领域，无法确定哪些执法人员有资格检查，"
            "请先在权责清单中补充执法领域。",
            field="power_item",
        )
    officers = Officer.objects.filter(
        agency_id=power_item.agency_id,
        is_active=True,
        credentials__status=CredentialStatus.ACTIVE,
        credentials__valid_from__lte=day,
        credentials__valid_until__gte=day,
        credentials__domains=version.domain,
    )
    ids = sorted(set(officers.values_list("pk", flat=True)))
    return ids, version.domain.name


def _check_counts(entity_count: int, officers_per_entity: int) -> None:
    if entity_count < 1:
        raise ValidationFailed("抽取对象数至少为1。", field="entity_count")
    if officers_per_entity < MIN_OFFICERS_PER_ENTITY:
        raise ValidationFailed(
            f"每个抽查对象至少须派{MIN_OFFICERS_PER_ENTITY}名执法人员。",
            field="officers_per_entity",
        )


def _check_seed(seed: int | None) -> int:
    if seed is None:
        return secrets.randbits(SEED_BITS)
    if not 0 <= seed < 2**SEED_BITS:
        raise ValueError(f"seed must be a {SEED_BITS}-bit non-negative integer")
    return seed


def draw(
    user: User,
    spot_check_list: SpotCheckList,
    power_item: PowerItem,
    entity_count: int,
    officers_per_entity: int = MIN_OFFICERS_PER_ENTITY,
    seed: int | None = None,
    *,
    request: HttpRequest | None = None,
) -> SpotCheckDraw:
    """Draw entities from the list and a team of eligible officers for each, and store it.

    ``seed`` is for tests and replays; by default 128 bits come from ``secrets``.
    """
    _require(user)
    spot_check_list = _list_in_scope(user, spot_check_list)
    _check_counts(entity_count, officers_per_entity)
    if power_item.agency_id != spot_check_list.agency_id:
        raise ValidationFailed("所选执法事项不属于该名录的执法主体。", field="power_item")
    seed_value = _check_seed(seed)
    day = timezone.localdate()

    with transaction.atomic():
        entity_pool = sorted(
            spot_check_list.entities.filter(is_active=True).values_list("pk", flat=True)
        )
        if len(entity_pool) < entity_count:
            raise ValidationFailed(
                f"名录“{spot_check_list}”中只有{len(entity_pool)}个抽查对象，"
                f"少于要抽取的{entity_count}个。请减少抽取数量或补充名录。",
                field="entity_count",
            )
        officer_pool, domain_name = eligible_officers(power_item, day)
        if len(officer_pool) < officers_per_entity:
            raise ValidationFailed(
                f"符合条件的执法人员只有{len(officer_pool)}名，少于每个对象所需的"
                f"{officers_per_entity}名。须在岗，并持有{day.isoformat()}有效、"
                f"执法领域包含“{domain_name}”的执法证件。",
                field="officers_per_entity",
            )

        result = compute_assignments(
            seed_value, entity_pool, officer_pool, entity_count, officers_per_entity
        )
        record = SpotCheckDraw.objects.create(
            agency_id=spot_check_list.agency_id,
            spot_check_list=spot_check_list,
            power_item=power_item,
            entity_count=entity_count,
            officers_per_entity=officers_per_entity,
            seed=f"{seed_value:032x}",
            algorithm=ALGORITHM,
            drawn_on=day,
            entity_pool=entity_pool,
            officer_pool=officer_pool,
            drawn_by=user,
        )
        _store_assignments(record, result)
        audit.record(
            "spot_check_drawn",
            actor=user,
            target=record,
            agency_id=spot_check_list.agency_id,
            request=request,
            detail={
                "list": spot_check_list.pk,
                "power_item": power_item.code,
                "seed": record.seed,
                "assignments": [[entity, officers] for entity, officers in result],
            },
        )
    logger.info(
        "spot-check draw %s: %s entities from list %s",
        record.pk,
        entity_count,
        spot_check_list.pk,
    )
    return record


def _store_assignments(record: SpotCheckDraw, result: list[tuple[int, list[int]]]) -> None:
    for position, (entity_id, officer_ids) in enumerate(result, start=1):
        assignment = SpotCheckAssignment.objects.create(
            draw=record, position=position, entity_id=entity_id
        )
        SpotCheckTeamMember.objects.bulk_create(
            SpotCheckTeamMember(assignment=assignment, position=index, officer_id=officer_id)
            for index, officer_id in enumerate(officer_ids, start=1)
        )


def stored_assignments(record: SpotCheckDraw) -> list[tuple[int, list[int]]]:
    return [
        (assignment.entity_id, [officer.pk for officer in assignment.officers()])
        for assignment in record.assignments()
    ]


def reproduce(record: SpotCheckDraw) -> Reproduction:
    """Rerun a stored draw from its seed and pools and compare with what was stored."""
    if record.algorithm != ALGORITHM:
        raise ValueError(f"draw {record.pk} used unknown algorithm {record.algorithm!r}")
    expected = compute_assignments(
        int(record.seed, 16),
        list(record.entity_pool),
        list(record.officer_pool),
        record.entity_count,
        record.officers_per_entity,
    )
    stored = stored_assignments(record)
    return Reproduction(expected == stored, expected, stored)


# --- Opening inspection cases from a draw ------------------------------------------------------


def open_inspection_cases(
    user: User,
    record: SpotCheckDraw,
    department_id: int | None,
    opened_on: datetime.date | None = None,
    *,
    request: HttpRequest | None = None,
) -> list[Case]:
    """Open one inspection case per drawn entity that has none yet, and return the new cases.

    Each case goes through ``open_case`` with the draw's power item, the entity's party and the
    entity's drawn team as handling officers. ``Case.spot_check_assignment`` is unique, so a
    second call opens nothing. All cases open in one transaction: one failure opens none.
    """
    _require(user)
    found = restrict(SpotCheckDraw.objects.filter(pk=record.pk), user).first()
    if found is None:
        raise NotFound("双随机抽取记录不存在或不在您的管理范围内。")
    record = found
    if user.agency_id != record.agency_id:
        raise NotPermitted("只有抽取记录所属执法主体的人员才能为抽中的对象立案。")
    day = opened_on or timezone.localdate()

    opened: list[Case] = []
    with transaction.atomic():
        done = set(
            Case.objects.filter(spot_check_assignment__draw=record).values_list(
                "spot_check_assignment_id", flat=True
            )
        )
        for assignment in record.assignments():
            if assignment.pk in done:
                continue
            entity = assignment.entity
            case = open_case(
                user,
                CaseInput(
                    kind=CaseKind.INSPECTION,
                    title=f"双随机抽查：{entity.name}",
                    department_id=department_id,
                    opened_on=day,
                    party_ids=[entity.party_id],
                    officer_ids=[officer.pk for officer in assignment.officers()],
                    power_item_ids=[record.power_item_id],
                ),
            )
            case.spot_check_assignment = assignment
            case.save(update_fields=["spot_check_assignment"])
            opened.append(case)
        if opened:
            audit.record(
                "spot_check_cases_opened",
                actor=user,
                target=record,
                agency_id=record.agency_id,
                request=request,
                detail={"cases": [case.pk for case in opened]},
            )
    logger.info("spot-check draw %s: %s inspection cases opened", record.pk, len(opened))
    return opened


def cases_by_assignment(record: SpotCheckDraw) -> dict[int, Case]:
    """Return the cases opened for a draw, keyed by assignment id."""
    cases = Case.objects.filter(spot_check_assignment__draw=record)
    return {case.spot_check_assignment_id: case for case in cases if case.spot_check_assignment_id}
