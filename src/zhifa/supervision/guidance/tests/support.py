"""Helpers of the guidance tests: closed cases made through the real case actions."""

import datetime

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import World, at, build_world, cover_next_year, office
from zhifa.remedies.tests.support import served_case
from zhifa.supervision.guidance.actions.guiding_cases import GuidingCaseInput

# The party that ``build_world`` registers, as the texts below name it.
PARTY_NAME = "张三"
PARTY_ADDRESS = "上海市青浦区朱家角镇新风路1号"


def make_world(agency: Agency, head: User, officer: User, prefix: str = "") -> World:
    cover_next_year()
    return build_world(agency, head, officer, prefix)


def closed_case(world: World) -> Case:
    """Return a penalty case decided, served, paid and closed on 12 November 2026."""
    case = served_case(world)
    payment = actions.PaymentInput(
        amount="2000", paid_on=datetime.date(2026, 11, 10), channel="bank", receipt_number="NO1"
    )
    actions.record_payment(world.officer_user, case, office("", at(11, 10)), payment)
    return actions.close_case(
        world.head,
        case,
        closed_on=datetime.date(2026, 11, 12),
        summary="结案",
        occurred_at=at(11, 12),
    )


def guiding_input(world: World, **overrides: object) -> GuidingCaseInput:
    """Return texts that name the party, its ID number and address, and a witness."""
    id_number = world.party.id_number
    data = GuidingCaseInput(
        kind="guiding",
        title=f"{PARTY_NAME}擅自占用道路堆放物料案",
        summary=f"当事人{PARTY_NAME}（身份证号{id_number}）在{PARTY_ADDRESS}门前堆放物料。",
        facts=(
            f"2026年10月10日，执法人员发现{PARTY_NAME}在{PARTY_ADDRESS}门前道路上堆放建筑材料，"
            f"证人李明华作证。{PARTY_NAME}联系电话13812345678。"
        ),
        reasoning="依据《上海市市容环境卫生管理条例》第四十九条，处罚款2000元。",
        key_points="占用道路堆放物料的，应当先责令改正，再依据裁量基准决定罚款数额。",
        issue_tags="责令改正、裁量基准",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data
