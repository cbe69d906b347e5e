"""Invented coercion cases for the demo: coercive measures and compulsory enforcement.

Sealing by 区市场监管局 and seizure by 区城管执法局 (both empowered by the laws they enforce),
and compulsory enforcement by 区城管执法局, including an immediate clearing of a road and an
application to the court. Freezing is left out: only agencies a law names may freeze
deposits (行政强制法 Art. 29), and none of the district agencies in the demo is one.

Every case goes through the real actions. Each title carries a marker such as
"（演示强制-12-M1）", and a case whose marker exists is skipped, so a second load changes
nothing. Dates count back from ``today`` in working days, so enforcement never falls at night
or on a rest day.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, CredentialStatus, Department, Officer
from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case, CaseKind
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.coercion import actions
from zhifa.coercion.models import CoerciveMeasure
from zhifa.core.errors import ZhifaError
from zhifa.core.workdays import is_working_day
from zhifa.demo.cases_demo import demo_party
from zhifa.evidence import demo as evidence_demo
from zhifa.review import demo as review_demo

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARKET = "区市场监管局"
CITY = "区城管执法局"


@dataclass
class Cast:
    agency: Agency
    department: Department
    handler: User
    head: User
    officers: list[Officer]
    items: list[PowerItem]


def _user(username: str, full_name: str, agency: Agency, role: str, department: Department) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=None,
            full_name=full_name,
            agency=agency,
            department=department,
        )
        user.groups.add(Group.objects.get(name=role))
    return user


def _officers(agency: Agency, since: datetime.date) -> list[Officer]:
    """Return two active officers whose credentials were valid from ``since`` until now."""
    found = []
    for officer in Officer.objects.filter(agency=agency, is_active=True).order_by("pk"):
        credential = officer.current_credential()
        if (
            credential is not None
            and credential.status == CredentialStatus.ACTIVE
            and credential.valid_from is not None
            and credential.valid_from <= since
        ):
            found.append(officer)
        if len(found) == 2:
            break
    return found


def _cast(short_name: str, since: datetime.date) -> Cast | None:
    agency = Agency.objects.filter(short_name=short_name).first()
    department = Department.objects.filter(agency=agency, handles_penalty=True).first()
    officers = _officers(agency, since) if agency else []
    if agency is None or department is None or len(officers) < 2:
        logger.info("agency %s has too few officers for coercion demo cases", short_name)
        return None
    handler = _user(
        f"demo-coercion-{agency.pk}",
        f"{short_name}强制办案人员（演示）",
        agency,
        Role.OFFICER,
        department,
    )
    head = _user(
        f"demo-coercion-{agency.pk}-head",
        f"{short_name}负责人（演示）",
        agency,
        # Approving a coercive measure is for the agency head (行政强制法 Art. 18).
        Role.AGENCY_HEAD,
        department,
    )
    items = list(PowerItem.objects.filter(agency=agency).order_by("code"))
    compulsion = [
        item
        for item in items
        if (v := item.version_on(since)) and v.category == PowerCategory.COMPULSION
    ]
    return Cast(agency, department, handler, head, officers, compulsion[:1])


def workday(today: datetime.date, days_back: int) -> datetime.date:
    """Return the working day on or before ``days_back`` days before ``today``."""
    day = today - datetime.timedelta(days=days_back)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


class Builder:
    """Opens and advances one demo case of a cast."""

    def __init__(self, cast: Cast, today: datetime.date, key: str, party_index: int) -> None:
        self.cast = cast
        self.today = today
        self.marker = f"（演示强制-{cast.agency.pk}-{key}）"
        self.party_index = party_index

    def day(self, days_back: int) -> datetime.date:
        return workday(self.today, days_back)

    def open(self, kind: str, title: str, days_back: int) -> Case:
        party = case_actions.find_or_register_party(
            self.cast.handler, demo_party(self.party_index)
        ).party
        return case_actions.open_case(
            self.cast.handler,
            case_actions.CaseInput(
                kind=kind,
                title=f"{title}{self.marker}",
                department_id=self.cast.department.pk,
                opened_on=self.day(days_back),
                party_ids=[party.pk],
                officer_ids=[officer.pk for officer in self.cast.officers],
                power_item_ids=[item.pk for item in self.cast.items],
            ),
        )

    def office(
        self, code: str, days_back: int, summary: str, hour: int = 10
    ) -> case_actions.StepInput:
        return case_actions.StepInput(
            step=code,
            occurred_at=at(self.day(days_back), hour),
            summary=summary,
            officer_ids=[officer.pk for officer in self.cast.officers],
        )

    def on_site(
        self, code: str, days_back: int, summary: str, place: str, hour: int = 10
    ) -> case_actions.StepInput:
        step = self.office(code, days_back, summary, hour)
        step.place = place
        step.credential_shown = True
        step.uniform_worn = True
        step.grounds_told = True
        step.basis_told = True
        step.rights_told = True
        return step

    def close(self, case: Case, days_back: int) -> None:
        day = self.day(days_back)
        evidence_demo.record_missing_scenes(case)
        case_actions.close_case(
            self.cast.head,
            case,
            closed_on=day,
            summary="处理完毕，予以结案",
            occurred_at=at(day, 16),
        )


# --- Coercive measures -------------------------------------------------------------------------


def _measure_input(
    kind: str, number: str, items: list[actions.ItemInput], emergency: str = ""
) -> actions.MeasureInput:
    return actions.MeasureInput(
        kind=kind,
        decision_number=number,
        reason="涉嫌违法的物品可能灭失或者被转移",
        legal_basis="《中华人民共和国行政强制法》第九条、第二十二条及相关单行法律",
        items=items,
        decision_handed_over=True,
        statement_heard=True,
        signature="party_signed",
        party_statement="当事人称货物系代他人保管",
        emergency_reason=emergency,
    )


def _measure_id(step_id: int) -> int:
    return CoerciveMeasure.objects.get(imposed_step_id=step_id).pk


FOOD = [
    actions.ItemInput("过期预包装食品", "120箱", "500克/袋×20袋", "外包装完好"),
    actions.ItemInput("无标签散装食用油", "15桶", "20升/桶", "已开封2桶"),
]
GOODS = [
    actions.ItemInput("占道经营的摊位推车", "2辆", "铁质", "可正常使用"),
    actions.ItemInput("遮阳棚", "1套"),
]


def _market_cases(cast: Cast, today: datetime.date) -> dict[str, Callable[[Builder], Case]]:
    def m1(b: Builder) -> Case:
        case = b.open(CaseKind.COERCIVE_MEASURE, "查封超过保质期的食品", 12)
        case_actions.record_step(cast.head, case, b.office("measure_approval", 10, "同意查封", 9))
        actions.impose_measure(
            cast.handler,
            case,
            b.on_site("measure_imposed", 10, "查封仓库内过期食品", "当事人仓库"),
            _measure_input("sealing", "青市监查〔演示〕1号", FOOD),
        )
        return case

    def m2(b: Builder) -> Case:
        case = b.open(CaseKind.COERCIVE_MEASURE, "查封无标签食用油", 70)
        case_actions.record_step(cast.head, case, b.office("measure_approval", 68, "同意查封", 9))
        actions.impose_measure(
            cast.handler,
            case,
            b.on_site("measure_imposed", 68, "查封无标签食用油", "当事人门店"),
            _measure_input("sealing", "青市监查〔演示〕2号", FOOD[1:]),
        )
        measure_id = _measure_id(case.steps.get(step="measure_imposed").pk)
        actions.record_testing_period(
            cast.handler,
            case,
            b.office("testing_period", 55, "送检结果已出"),
            measure_id=measure_id,
            data=actions.TestingInput("testing", b.day(66), b.day(55), b.day(66)),
        )
        actions.extend_measure(
            cast.head,
            case,
            b.office("measure_extended", 45, "案情复杂延长"),
            measure_id=measure_id,
            days=20,
            reason="需核查进货来源",
            notified_on=b.day(45),
        )
        actions.end_measure(
            cast.handler,
            case,
            b.office("measure_confiscated", 30, "依处罚决定没收"),
            measure_id=measure_id,
            data=actions.EndInput("measure_confiscated", penalty_decision="青市监罚决〔演示〕12号"),
        )
        b.close(case, 28)
        return case

    def m3(b: Builder) -> Case:
        case = b.open(CaseKind.COERCIVE_MEASURE, "拟查封无证生产场所", 2)
        case_actions.record_step(cast.head, case, b.office("measure_approval", 1, "同意查封", 9))
        return case

    def m4(b: Builder) -> Case:
        case = b.open(CaseKind.COERCIVE_MEASURE, "查封涉嫌假冒商品", 48)
        case_actions.record_step(cast.head, case, b.office("measure_approval", 46, "同意查封", 9))
        actions.impose_measure(
            cast.handler,
            case,
            b.on_site("measure_imposed", 46, "查封涉嫌假冒的运动鞋", "当事人仓库"),
            _measure_input(
                "sealing",
                "青市监查〔演示〕4号",
                [actions.ItemInput("运动鞋", "300双", "各尺码", "全新")],
            ),
        )
        return case

    return {"M1": m1, "M2": m2, "M3": m3, "M4": m4}


def _city_measures(cast: Cast, today: datetime.date) -> dict[str, Callable[[Builder], Case]]:
    def emergency(b: Builder, title: str, approved: bool, number: int) -> Case:
        case = b.open(CaseKind.COERCIVE_MEASURE, title, 9)
        data = _measure_input(
            "seizure",
            f"青城管扣〔演示〕{number}号",
            GOODS,
            "当事人正将物品装车转移，来不及事先报批",
        )
        row = actions.impose_measure(
            cast.handler,
            case,
            b.on_site("measure_imposed", 8, "当场扣押占道经营工具", "华青路与崧泽大道路口", 15),
            data,
        )
        measure_id = _measure_id(row.pk)
        actions.report_emergency(
            cast.handler,
            case,
            b.office("emergency_report", 8, "电话报告分管负责人", 17),
            measure_id=measure_id,
            reported_to="分管副局长",
        )
        opinion = "同意扣押" if approved else "证据不足，不同意扣押"
        actions.decide_emergency(
            cast.head,
            case,
            b.office("emergency_approval", 8, opinion, 18),
            measure_id=measure_id,
            approved=approved,
            opinion=opinion,
        )
        return case

    return {
        "S1": lambda b: emergency(b, "当场扣押占道经营工具", True, 1),
        "S2": lambda b: emergency(b, "当场扣押流动摊贩推车", False, 2),
    }


def _basis(b: Builder, case: Case, served_back: int, recorded_back: int, **fields: object) -> None:
    obligation = str(fields.get("obligation", "act"))
    # A fine is due 15 days after service (行政处罚法 Art. 67).
    deadline = b.day(served_back - 15) if obligation == "money" else None
    data = actions.BasisInput(
        decision_number=str(fields.get("number", "青城管罚决〔演示〕1号")),
        issuing_agency=case.agency.name,
        decided_on=b.day(served_back + 5),
        served_on=b.day(served_back),
        obligation=obligation,
        power=str(fields.get("power", "agency")),
        performance_deadline=deadline,
        principal=fields.get("principal"),  # type: ignore[arg-type]
        power_basis=str(
            fields.get(
                "power_basis",
                "《中华人民共和国城乡规划法》第六十八条；《上海市城市管理行政执法条例》",
            )
        ),
        content=str(fields.get("content", "责令限期拆除违法搭建的彩钢板房")),
    )
    actions.record_basis(
        b.cast.handler, case, b.office("enforcement_basis", recorded_back, "登记执行依据"), data
    )


def _demand(b: Builder, case: Case, days_back: int, deadline_back: int) -> None:
    actions.serve_demand(
        b.cast.handler,
        case,
        b.office("demand_served", days_back, "直接送达催告书"),
        actions.DemandInput(
            b.day(days_back), b.day(deadline_back), "自行拆除违法搭建并恢复原状", True
        ),
    )


def _city_enforcement(cast: Cast, today: datetime.date) -> dict[str, Callable[[Builder], Case]]:
    def e1(b: Builder) -> Case:
        case = b.open(CaseKind.COMPULSORY_ENFORCEMENT, "立即清除道路遗洒渣土", 6)
        actions.perform_immediate_substitute(
            cast.handler,
            case,
            b.on_site(
                "immediate_substitute",
                5,
                "渣土车遗洒影响通行，当事人不在场，立即组织清除",
                "沪青平公路华新段",
                14,
            ),
            actions.ImmediateInput(
                "road",
                "渣土车遗洒的渣土约3立方米",
                "absent",
                "区市容环卫作业单位",
                at(b.day(5), 16),
                "1800",
            ),
        )
        actions.notify_immediate_substitute(
            cast.handler,
            case,
            b.office("immediate_substitute_notice", 5, "电话通知车辆所属公司并送达事后通知书", 17),
            method="电话通知并直接送达通知书",
        )
        b.close(case, 3)
        return case

    def e2(b: Builder) -> Case:
        case = b.open(CaseKind.COMPULSORY_ENFORCEMENT, "申请法院强制执行罚款", 45)
        _basis(
            b,
            case,
            200,
            45,
            obligation="money",
            power="court",
            principal=Decimal("5000"),
            power_basis="",
            number="青城管罚决〔演示〕7号",
            content="罚款人民币五千元",
        )
        actions.serve_demand(
            cast.handler,
            case,
            b.office("demand_served", 40, "直接送达催告书"),
            actions.DemandInput(b.day(40), b.day(30), "到指定银行缴纳罚款", True, Decimal("5000")),
        )
        actions.apply_to_court(
            cast.handler,
            case,
            b.office("court_application", 10, "向法院提交强制执行申请"),
            applied_on=b.day(10),
            court="上海市青浦区人民法院",
        )
        return case

    def e3(b: Builder) -> Case:
        case = b.open(CaseKind.COMPULSORY_ENFORCEMENT, "代履行拆除违法搭建", 40)
        _basis(b, case, 60, 40)
        _demand(b, case, 38, 28)
        review_demo.pass_review(case, "substitute_decision", cast.handler)
        actions.decide_substitute(
            cast.handler,
            case,
            b.office("substitute_decision", 25, "作出代履行决定"),
            actions.SubstituteDecisionInput(
                "青城管代〔演示〕1号",
                "上海某拆除工程有限公司",
                "人工配合机械拆除",
                "违法搭建的彩钢板房约40平方米",
                b.day(15),
                "12000",
            ),
        )
        actions.serve_substitute_demand(
            cast.handler,
            case,
            b.office("substitute_demand", 20, "代履行前催告"),
            served_on=b.day(20),
        )
        actions.perform_substitute(
            cast.handler,
            case,
            b.on_site(
                "substitute_performed",
                15,
                "代履行拆除，执法人员到场监督",
                "朱家角镇新风路违法搭建现场",
                9,
            ),
            actions.PerformanceInput(at(b.day(15), 15), "11500", "执法人员、代履行人、当事人"),
        )
        return case

    def e4(b: Builder) -> Case:
        case = b.open(CaseKind.COMPULSORY_ENFORCEMENT, "催告拆除违法搭建", 15)
        _basis(b, case, 30, 15)
        _demand(b, case, 10, 0)
        case_actions.record_step(
            cast.handler, case, b.office("demand_statement", 8, "当事人称搭建系临时仓储需要")
        )
        case_actions.record_step(
            cast.handler, case, b.office("demand_statement_review", 6, "经复核，陈述理由不成立")
        )
        return case

    def e5(b: Builder) -> Case:
        case = b.open(CaseKind.COMPULSORY_ENFORCEMENT, "强制拆除违法广告牌", 3)
        _basis(b, case, 2, 2, content="责令限期拆除违法设置的户外广告牌")
        return case

    def e6(b: Builder) -> Case:
        case = b.open(CaseKind.COMPULSORY_ENFORCEMENT, "强制拆除违法搭建（执行协议）", 50)
        _basis(b, case, 70, 50)
        _demand(b, case, 45, 35)
        review_demo.pass_review(case, "enforcement_decision", cast.handler)
        actions.decide_enforcement(
            cast.handler,
            case,
            b.office("enforcement_decision", 30, "作出强制执行决定"),
            actions.EnforcementDecisionInput("青城管强执〔演示〕1号", "强制拆除违法搭建"),
        )
        actions.make_agreement(
            cast.handler,
            case,
            b.office("enforcement_agreement", 25, "达成执行协议"),
            actions.AgreementInput("当事人承诺在三十日内分两阶段自行拆除并恢复原状"),
        )
        return case

    return {"E1": e1, "E2": e2, "E3": e3, "E4": e4, "E5": e5, "E6": e6}


def _run(
    cast: Cast,
    today: datetime.date,
    plans: dict[str, Callable[[Builder], Case]],
    counts: dict[str, int],
    first_party: int,
) -> None:
    for offset, (key, build) in enumerate(plans.items()):
        builder = Builder(cast, today, key, first_party + offset)
        if Case.objects.filter(title__endswith=builder.marker).exists():
            continue
        try:
            with transaction.atomic():
                build(builder)
        except ZhifaError as error:
            logger.warning("coercion demo case %s skipped: %s", builder.marker, error.message)
            counts["skipped"] += 1
            continue
        counts["cases"] += 1


def load(today: datetime.date) -> dict[str, int]:
    """Add the coercion demo cases that are missing; return how many were added and skipped."""
    counts = {"cases": 0, "skipped": 0}
    since = today - datetime.timedelta(days=120)
    market = _cast(MARKET, since)
    if market is not None:
        _run(market, today, _market_cases(market, today), counts, 700)
    city = _cast(CITY, since)
    if city is not None:
        _run(
            city,
            today,
            {**_city_measures(city, today), **_city_enforcement(city, today)},
            counts,
            720,
        )
    logger.info("coercion demo cases loaded: %s", counts)
    return counts
