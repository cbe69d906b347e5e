"""Demo data of levies, requisitions and housing expropriation (演示数据).

``load(today)`` adds one housing expropriation of the district government, levies of the
district construction commission and requisitions of the district emergency bureau, each
stopped at a different stage, all through the real actions. Each case's title carries a
marker such as "（演示征用03）"; a case whose marker exists is skipped, so a second load
changes nothing.
"""

import datetime
import functools
import logging
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case, CaseKind, PartyKind
from zhifa.core.errors import ZhifaError
from zhifa.core.identifiers import org_code_check_char, uscc_check_char
from zhifa.demo.people import QINGPU_AREA_CODE
from zhifa.levies import demo_expropriation
from zhifa.levies.actions import levy, requisition
from zhifa.levies.demo_expropriation import at, step
from zhifa.levies.demo_people import Team, team_for

logger = logging.getLogger(__name__)

# The stage each demo case stops at, one per case; "closed" runs every step and closes it.
LEVY_STOPS = ("initiation", "investigation", "decision", "service", "execution", "closed")
REQUISITION_STOPS = ("initiation", "decision", "service", "execution", "closed", "closed")
LEVY_AGENCY = "区建管委"
REQUISITION_AGENCY = "区应急局"
COMPANIES = (
    "上海淀山湖仓储有限公司",
    "上海青西物流有限公司",
    "上海华新建材贸易有限公司",
    "上海赵巷冷链物流有限公司",
    "上海练塘农产品有限公司",
    "上海重固市政工程有限公司",
)


def _company(index: int) -> case_actions.PartyInput:
    body = f"MA1L{index:02d}X{index % 10}"
    first17 = f"91{QINGPU_AREA_CODE}{body}{org_code_check_char(body)}"
    return case_actions.PartyInput(
        kind=PartyKind.LEGAL_PERSON,
        name=COMPANIES[index % len(COMPANIES)],
        uscc=first17 + uscc_check_char(first17),
        legal_representative="王建国",
        address=f"上海市青浦区华新镇华腾路{100 + index}号",
    )


def _open(team: Team, kind: str, title: str, index: int, opened_on: datetime.date) -> Case:
    party = case_actions.find_or_register_party(team.user, _company(index)).party
    return case_actions.open_case(
        team.user,
        case_actions.CaseInput(
            kind=kind,
            title=title,
            department_id=team.department.pk,
            opened_on=opened_on,
            party_ids=[party.pk],
            officer_ids=[officer.pk for officer in team.officers],
        ),
    )


def _levy(team: Team, index: int, stop: str, today: datetime.date, marker: str) -> None:
    start = today - datetime.timedelta(days=20 + 12 * index)

    def day(offset: int) -> datetime.date:
        return start + datetime.timedelta(days=offset)

    case = _open(team, CaseKind.LEVY, f"城市道路挖掘修复费征收{marker}", 10 + index, start)
    if stop == "initiation":
        return
    area = Decimal(40 + 15 * index)
    levy.assess_levy(
        team.user,
        case,
        step("levy_assessment", day(1), f"核定道路挖掘修复费，挖掘面积{area}平方米"),
        legal_basis="《城市道路管理条例》第三十三条（演示，收费标准以现行规定为准）",
        base_description=f"经批准挖掘城市道路面积{area}平方米，按每平方米修复单价计征",
        base=area,
        rate=Decimal("600"),
        fixed_amount=None,
        late_fee_basis="",
        late_fee_daily_rate=None,
    )
    if stop == "investigation":
        return
    levy.issue_levy_notice(
        team.user,
        case,
        step("levy_notice", day(2), "制发征收缴款通知书"),
        issued_on=day(2),
        due_on=day(17),
        payment_method="通过上海市非税收入缴款系统缴纳",
        remedy_channels="自收到通知之日起六十日内向青浦区人民政府申请行政复议，或六个月内提起行政诉讼",
    )
    if stop == "decision":
        return
    levy.serve_levy_notice(
        team.user,
        case,
        step("levy_service", day(3), "直接送达缴款通知书"),
        served_on=day(3),
        method="直接送达",
    )
    if stop == "service":
        return
    owed = levy.levy_balance(case)["owed"]
    first = (owed / 2).quantize(Decimal("0.01"))
    levy.record_levy_payment(
        team.user, case, step("levy_payment", day(8), "缴纳部分款项"), paid_on=day(8), amount=first
    )
    if stop == "execution":
        return
    levy.record_levy_payment(
        team.user,
        case,
        step("levy_payment", day(12), "缴清剩余款项"),
        paid_on=day(12),
        amount=owed - first,
    )
    case_actions.close_case(
        team.user, case, closed_on=day(14), summary="已足额缴纳，同意结案", occurred_at=at(day(14))
    )


def _requisition(team: Team, index: int, stop: str, today: datetime.date, marker: str) -> None:
    start = today - datetime.timedelta(days=25 + 15 * index)

    def day(offset: int) -> datetime.date:
        return start + datetime.timedelta(days=offset)

    warehouse = f"华新镇华腾路{100 + index}号{index + 1}号仓库"
    items = [warehouse, "叉车1台"]
    case = _open(team, CaseKind.REQUISITION, f"防汛应急征用仓库{marker}", 20 + index, start)
    if stop == "initiation":
        return
    requisition.decide_requisition(
        team.user,
        case,
        step("requisition_decision", day(0), "防汛防台应急响应期间征用仓库存放防汛物资"),
        decided_on=day(0),
        legal_basis="《中华人民共和国突发事件应对法》第十二条",
        emergency="台风暴雨影响青浦区，区防汛指挥部启动防汛防台应急响应，需临时存放防汛物资",
        items="\n".join(items),
        period="自交付之日起至应急响应结束",
    )
    if stop == "decision":
        return
    requisition.record_handover(
        team.user,
        case,
        step("requisition_handover", day(1), "双方清点交接"),
        handed_over_on=day(1),
        items="\n".join(items),
        condition="仓库空置、门窗完好；叉车可正常使用",
    )
    if stop == "service":
        return
    damaged = index % 2 == 0
    returned = f"{warehouse}：完好\n叉车1台：{'毁损' if damaged else '完好'}"
    requisition.record_return(
        team.user,
        case,
        step("requisition_return", day(12), "应急响应结束，返还征用物品"),
        returned_on=day(12),
        items=returned,
    )
    requisition.decide_compensation(
        team.user,
        case,
        step("requisition_compensation", day(15), "作出征用补偿决定"),
        decided_on=day(15),
        amount=Decimal("18600") if damaged else Decimal("9600"),
        legal_basis="《中华人民共和国突发事件应对法》第十二条",
        explanation="仓库按同地段租金标准补偿征用期间使用费"
        + ("，叉车毁损按维修费用补偿" if damaged else ""),
    )
    if stop == "execution":
        return
    case_actions.close_case(
        team.user,
        case,
        closed_on=day(20),
        summary="物品已返还，补偿已支付，同意结案",
        occurred_at=at(day(20)),
    )


def _run(counts: dict[str, int], key: str, marker: str, build: Callable[[str], None]) -> None:
    if Case.objects.filter(title__endswith=marker).exists():
        return
    try:
        with transaction.atomic():
            build(marker)
    except ZhifaError as error:
        logger.warning("levies demo case %s skipped: %s", marker, error.message)
        counts["skipped"] += 1
        return
    counts[key] += 1


def load(today: datetime.date) -> dict[str, int]:
    """Add the missing demo cases of the three kinds; return how many of each were added."""
    counts = {"expropriations": 0, "levies": 0, "requisitions": 0, "skipped": 0}
    recent = today - datetime.timedelta(days=120)

    levy_team = team_for(LEVY_AGENCY, recent, today)
    if levy_team is not None:
        for index, stop in enumerate(LEVY_STOPS):
            build = functools.partial(_levy, levy_team, index, stop, today)
            _run(counts, "levies", f"（演示征收{index + 1:02d}）", build)

    requisition_team = team_for(REQUISITION_AGENCY, recent, today)
    if requisition_team is not None:
        for index, stop in enumerate(REQUISITION_STOPS):
            build = functools.partial(_requisition, requisition_team, index, stop, today)
            _run(counts, "requisitions", f"（演示征用{index + 1:02d}）", build)

    if not demo_expropriation.project_exists():
        start = today - datetime.timedelta(days=330)
        try:
            with transaction.atomic():
                team = team_for("区政府", start, today, create=True)
                if team is not None:
                    demo_expropriation.load_project(team, today)
                    counts["expropriations"] += 1
        except ZhifaError as error:
            logger.warning("levies demo expropriation skipped: %s", error.message)
            counts["skipped"] += 1
    logger.info("levies demo loaded: %s", counts)
    return counts
