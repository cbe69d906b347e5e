"""Invented cases for the demo (演示案件): penalties, inspections, a spot check and an exchange.

Every case is made through the real case actions, so the stage rules, the officer and
disclosure checks and the audit log run as they would for an officer. Dates count back from
the day of loading. Each case carries a marker such as "（演示12-07）" in its title (agency id
and case index), and a case whose marker exists is skipped, so a second load adds nothing and
changes no existing row. Each case and party has its own seeded random generator, so skipping
one never changes the others.
"""

import datetime
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, CredentialStatus, Department, Officer
from zhifa.cases import actions
from zhifa.cases.documents import actions as document_actions
from zhifa.cases.documents import rendering
from zhifa.cases.exchange import create_exchange_source, import_records
from zhifa.cases.models import Case, CaseKind, ExchangeSource, Party, PartyKind, SpotCheckList
from zhifa.cases.spotcheck import add_spot_check_entity, create_spot_check_list, draw
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import ZhifaError
from zhifa.core.identifiers import id_check_char, org_code_check_char, uscc_check_char
from zhifa.demo.people import GIVEN_CHARACTERS, QINGPU_AREA_CODE, SURNAMES
from zhifa.review import demo as review_demo

logger = logging.getLogger(__name__)

SEED = 20261205
SHANGHAI = ZoneInfo("Asia/Shanghai")

# District bureaus with the most officers, and three towns, get demo cases.
CASE_AGENCIES = (
    "区市场监管局",
    "区城管执法局",
    "区生态环境局",
    "区交通委",
    "区卫健委",
    "区应急局",
    "区消防救援支队",
    "区文旅局",
    "朱家角镇",
    "练塘镇",
    "金泽镇",
)

# (kind, where the case stops) for each case index of an agency; the list repeats.
PLAN: tuple[tuple[str, str], ...] = (
    (CaseKind.PENALTY_ORDINARY, "closed"),
    (CaseKind.PENALTY_SUMMARY, "closed"),
    (CaseKind.INSPECTION, "closed"),
    (CaseKind.PENALTY_ORDINARY, "initiation"),
    (CaseKind.PENALTY_ORDINARY, "investigation"),
    (CaseKind.PENALTY_ORDINARY, "review"),
    (CaseKind.PENALTY_ORDINARY, "decision"),
    (CaseKind.PENALTY_ORDINARY, "service"),
    (CaseKind.PENALTY_ORDINARY, "execution"),
    (CaseKind.PENALTY_SUMMARY, "execution"),
    (CaseKind.INSPECTION, "initiation"),
    (CaseKind.INSPECTION, "investigation"),
    (CaseKind.INSPECTION, "decision"),
    (CaseKind.PENALTY_ORDINARY, "closed"),
    (CaseKind.INSPECTION, "closed"),
    (CaseKind.PENALTY_SUMMARY, "closed"),
    (CaseKind.PENALTY_ORDINARY, "closed"),
    (CaseKind.PENALTY_ORDINARY, "investigation"),
    (CaseKind.INSPECTION, "closed"),
    (CaseKind.PENALTY_ORDINARY, "closed"),
)
CASES_PER_AGENCY = {
    "区市场监管局": 40,
    "区城管执法局": 40,
    "朱家角镇": 20,
    "练塘镇": 10,
    "金泽镇": 10,
}
DEFAULT_CASES_PER_AGENCY = 20
# Finalising renders a PDF with LibreOffice (a few seconds each), so only a few cases get one.
FINALISED_DOCUMENTS = 3

COMPANY_WORDS = "青浦朱家角淀山湖西岑华新赵巷徐泾重固白鹤金泽练塘香花夏阳盈浦"
COMPANY_TRADES = (
    "餐饮管理",
    "食品销售",
    "建筑工程",
    "物流",
    "环保科技",
    "汽车修理",
    "化工贸易",
    "文化传播",
    "酒店管理",
    "五金制品",
    "服装加工",
    "建材",
)
STREETS = ("城中东路", "公园路", "华青路", "崧泽大道", "沪青平公路", "漕盈路", "新府中路")
USCC_BODY_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

SUMMARY_FINES: dict[str, tuple[int, ...]] = {
    PartyKind.NATURAL_PERSON: (50, 100, 200),
    PartyKind.LEGAL_PERSON: (500, 1000, 2000),
}
ORDINARY_FINES = (2000, 3000, 5000, 8000, 10000, 20000)


class NoTeam(Exception):
    """Fewer than two officers of the agency held a credential on the day the case opens."""


@dataclass
class AgencyCast:
    """The people who handle the demo cases of one agency."""

    agency: Agency
    department: Department
    handler: User
    approver: User
    officers: list[Officer]
    penalty_items: list[PowerItem]
    inspection_items: list[PowerItem]


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


# --- Parties -----------------------------------------------------------------------------------


def _uscc(generator: random.Random) -> str:
    body = "MA1" + "".join(generator.choice(USCC_BODY_CHARS) for _ in range(5))
    first17 = f"91{QINGPU_AREA_CODE}{body}{org_code_check_char(body)}"
    return first17 + uscc_check_char(first17)


def _person_name(generator: random.Random) -> str:
    given = "".join(generator.choice(GIVEN_CHARACTERS) for _ in range(generator.choice([1, 2])))
    return generator.choice(SURNAMES) + given


def demo_party(index: int) -> actions.PartyInput:
    """Return the index-th invented party. Even indexes are companies and odd ones persons."""
    generator = random.Random(f"{SEED}-party-{index}")
    address = f"上海市青浦区{generator.choice(STREETS)}{generator.randrange(1, 999)}号"
    if index % 2 == 0:
        name = (
            f"上海{''.join(generator.sample(COMPANY_WORDS, 2))}"
            f"{generator.choice(COMPANY_TRADES)}有限公司"
        )
        return actions.PartyInput(
            kind=PartyKind.LEGAL_PERSON,
            name=name,
            uscc=_uscc(generator),
            legal_representative=_person_name(generator),
            address=address,
        )
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=generator.randrange(0, 14000))
    first17 = f"{QINGPU_AREA_CODE}{born:%Y%m%d}{generator.randrange(0, 1000):03d}"
    return actions.PartyInput(
        kind=PartyKind.NATURAL_PERSON,
        name=_person_name(generator),
        id_number=first17 + id_check_char(first17),
        address=address,
        phone=f"139{generator.randrange(10**7, 10**8)}",
    )


# --- People of each agency ---------------------------------------------------------------------


def _demo_user(username: str, full_name: str, agency: Agency, role: str, **extra: Any) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, password=None, full_name=full_name, agency=agency, **extra
        )
        user.groups.add(Group.objects.get(name=role))
    return user


def _eligible_officers(agency: Agency, today: datetime.date) -> list[Officer]:
    """Return active officers whose credential is active and valid through today."""
    officers = []
    for officer in Officer.objects.filter(agency=agency, is_active=True).order_by("pk"):
        credential = officer.current_credential()
        if (
            credential is not None
            and credential.status == CredentialStatus.ACTIVE
            and credential.valid_from is not None
            and credential.valid_until is not None
            and credential.valid_until >= today
        ):
            officers.append(officer)
    return officers


def _cast(agency: Agency, today: datetime.date) -> AgencyCast | None:
    officers = _eligible_officers(agency, today)
    department = Department.objects.filter(agency=agency, handles_penalty=True).first()
    items = list(PowerItem.objects.filter(agency=agency).order_by("code"))
    penalty = [item for item in items if _category(item, today) == PowerCategory.PENALTY]
    inspection = [item for item in items if _category(item, today) == PowerCategory.INSPECTION]
    if len(officers) < 3 or department is None or not penalty:
        logger.info("agency %s has too few officers or items for demo cases", agency.pk)
        return None

    handler = _demo_user(
        f"demo-cases-{agency.pk}",
        f"{agency.short_name}办案人员（演示）",
        agency,
        Role.OFFICER,
        department=department,
    )
    approver = _demo_user(
        f"demo-cases-{agency.pk}-head",
        f"{agency.short_name}承办部门负责人（演示）",
        agency,
        Role.DEPARTMENT_HEAD,
        department=department,
    )
    return AgencyCast(
        agency, department, handler, approver, officers, penalty, inspection or penalty
    )


def _category(item: PowerItem, day: datetime.date) -> str:
    version = item.version_on(day)
    return version.category if version is not None else ""


def _item_title(item: PowerItem, day: datetime.date) -> str:
    version = item.version_on(day)
    name = version.name if version is not None else "违法行为"
    return name.removeprefix("对").removesuffix("的行政处罚").removesuffix("的行政检查")


# --- One case ----------------------------------------------------------------------------------


class CaseBuilder:
    """Builder of one demo case, made through the actions step by step up to its planned stop."""

    def __init__(self, cast: AgencyCast, index: int, today: datetime.date) -> None:
        self.cast = cast
        self.index = index
        self.today = today
        self.generator = random.Random(f"{SEED}-{cast.agency.name}-{index}")
        self.kind, self.stop = PLAN[index % len(PLAN)]
        self.team: list[Officer] = []
        self.marker = f"（演示{cast.agency.pk}-{index:02d}）"

    # Days before today on which the case opens; finished cases are older.
    def _opened_on(self) -> datetime.date:
        ranges = {
            "closed": (130, 330),
            "execution": (120, 160),
            "service": (95, 120),
            "decision": (40, 60),
            "review": (20, 35),
            "investigation": (5, 30),
            "initiation": (1, 5),
        }
        low, high = ranges[self.stop]
        return self.today - datetime.timedelta(days=self.generator.randrange(low, high))

    def on_site(self, code: str, day: datetime.date, summary: str, place: str) -> actions.StepInput:
        return actions.StepInput(
            step=code,
            occurred_at=at(day),
            summary=summary,
            place=place,
            officer_ids=[officer.pk for officer in self.team],
            credential_shown=True,
            uniform_worn=True,
            grounds_told=True,
            basis_told=True,
            rights_told=True,
        )

    def build(self, party: Party) -> Case:
        if self.kind == CaseKind.INSPECTION:
            item = self.generator.choice(self.cast.inspection_items)
        else:
            item = self.generator.choice(self.cast.penalty_items)
        opened_on = self._opened_on()
        # Officers whose credential was already valid when the case opened.
        candidates = [
            officer
            for officer in self.cast.officers
            if (credential := officer.current_credential()) is not None
            and credential.valid_from is not None
            and credential.valid_from <= opened_on
        ]
        if len(candidates) < 2:
            raise NoTeam(self.marker)
        self.team = self.generator.sample(candidates, 2)
        title = _item_title(item, opened_on)
        if self.kind == CaseKind.INSPECTION:
            title = f"{party.name}{title}"
        elif not title.endswith("案"):
            title += "案"
        case = actions.open_case(
            self.cast.handler,
            actions.CaseInput(
                kind=self.kind,
                title=f"{title}{self.marker}"[:300],
                department_id=self.cast.department.pk,
                opened_on=opened_on,
                party_ids=[party.pk],
                officer_ids=[officer.pk for officer in self.team],
                power_item_ids=[item.pk],
                violation_date=opened_on - datetime.timedelta(days=self.generator.randrange(0, 4)),
            ),
        )
        steps: dict[str, Callable[[Case, Party, datetime.date], None]] = {
            CaseKind.PENALTY_ORDINARY: self._ordinary,
            CaseKind.PENALTY_SUMMARY: self._summary,
            CaseKind.INSPECTION: self._inspection,
        }
        steps[self.kind](case, party, opened_on)
        return case

    def _close(self, case: Case, day: datetime.date, summary: str) -> None:
        user = self.cast.approver if self.kind == CaseKind.PENALTY_ORDINARY else self.cast.handler
        actions.close_case(user, case, closed_on=day, summary=summary, occurred_at=at(day, 16))

    def _inspection(self, case: Case, party: Party, opened_on: datetime.date) -> None:
        if self.stop == "initiation":
            return
        place = party.address or "当事人经营场所"
        actions.record_step(
            self.cast.handler,
            case,
            self.on_site(
                "inspection_record", opened_on, "按检查计划进行现场检查并制作检查记录", place
            ),
        )
        if self.stop == "investigation":
            return
        finding = self.generator.choice(["未发现违法行为", "发现问题，已责令限期整改"])
        day = opened_on + datetime.timedelta(days=2)
        actions.record_step(
            self.cast.handler,
            case,
            actions.StepInput(step="inspection_result", occurred_at=at(day), summary=finding),
        )
        if self.stop == "decision":
            return
        self._close(case, day + datetime.timedelta(days=1), "检查结果已告知当事人，结案")

    def _summary(self, case: Case, party: Party, opened_on: datetime.date) -> None:
        place = party.address or "执法现场"
        fine = self.generator.choice(SUMMARY_FINES.get(party.kind, (200,)))
        actions.issue_summary_decision(
            self.cast.handler,
            case,
            self.on_site("on_the_spot_decision", opened_on, "当场作出行政处罚决定", place),
            actions.SummaryDecisionInput(
                penalty=actions.PenaltyInput(types=["fine"], fine=fine),
                facts="执法人员现场检查发现当事人违法行为，事实清楚、证据确凿",
                legal_basis="《中华人民共和国行政处罚法》第五十一条",
                remedy_channels="可于六十日内向上海市青浦区人民政府申请行政复议，或于六个月内向人民法院提起行政诉讼",
            ),
        )
        actions.serve_document(
            self.cast.handler,
            case,
            self.on_site("on_the_spot_service", opened_on, "当场交付行政处罚决定书", place),
            actions.ServiceInput(
                method="direct",
                served_on=opened_on,
                party_id=party.pk,
                recipient=party.name,
                on_the_spot=True,
            ),
        )
        if self.stop == "execution":
            self._remind(case, opened_on + datetime.timedelta(days=1))
            return
        paid_on = opened_on + datetime.timedelta(days=self.generator.randrange(1, 10))
        self._pay(case, fine, paid_on)
        self._close(case, paid_on + datetime.timedelta(days=1), "罚款已缴纳，结案")

    def _remind(self, case: Case, day: datetime.date) -> None:
        """Record a performance note, which moves a served case into execution."""
        actions.record_step(
            self.cast.handler,
            case,
            actions.StepInput(
                step="performance_record",
                occurred_at=at(day),
                summary="决定书已送达，当事人尚未缴纳罚款，已电话提醒其按期缴纳",
            ),
        )

    def _pay(self, case: Case, fine: int, paid_on: datetime.date) -> None:
        actions.record_payment(
            self.cast.handler,
            case,
            actions.StepInput(
                step="fine_payment", occurred_at=at(paid_on), summary="当事人缴纳罚款"
            ),
            actions.PaymentInput(
                amount=fine,
                paid_on=paid_on,
                channel=self.generator.choice(["bank", "electronic"]),
                receipt_number=f"31{paid_on:%Y%m%d}{self.generator.randrange(10**6, 10**7)}",
            ),
        )

    def _ordinary(self, case: Case, party: Party, opened_on: datetime.date) -> None:
        handler, approver = self.cast.handler, self.cast.approver
        place = party.address or "当事人经营场所"
        if self.stop == "initiation":
            return
        actions.record_step(
            approver,
            case,
            actions.StepInput(
                step="filing_approval", occurred_at=at(opened_on, 15), summary="同意立案"
            ),
        )
        first = opened_on + datetime.timedelta(days=1)
        actions.record_step(
            handler,
            case,
            self.on_site("inspection_record", first, "现场检查，拍摄照片并制作现场检查笔录", place),
        )
        actions.record_step(
            handler,
            case,
            self.on_site("inquiry_record", first, "询问当事人并制作询问笔录", place),
        )
        if self.stop == "investigation":
            return
        report_on = opened_on + datetime.timedelta(days=10)
        actions.record_step(
            handler,
            case,
            actions.StepInput(
                step="investigation_report",
                occurred_at=at(report_on),
                summary="调查终结，事实清楚，证据确凿",
            ),
        )
        if self.stop == "review":
            return
        self._decide(case, party, opened_on)

    def _decide(self, case: Case, party: Party, opened_on: datetime.date) -> None:
        handler, approver = self.cast.handler, self.cast.approver
        fine = self.generator.choice(ORDINARY_FINES)
        penalty = actions.PenaltyInput(types=["warning", "fine"], fine=fine)
        facts = f"{party.name}实施了{case.title.split('（演示')[0].removesuffix('案')}的违法行为"
        basis = "依据权责清单所列法律、法规的相应条款"
        notice_on = opened_on + datetime.timedelta(days=14)
        actions.give_prior_notice(
            handler,
            case,
            actions.StepInput(
                step="prior_notice", occurred_at=at(notice_on), summary="直接送达行政处罚事先告知书"
            ),
            actions.PriorNoticeInput(
                facts=facts,
                grounds="当事人的行为违反了相关法律规定",
                legal_basis=basis,
                penalty=penalty,
                served_on=notice_on,
                hearing_right_told=True,
            ),
        )
        waived_on = notice_on + datetime.timedelta(days=2)
        actions.record_rights_waiver(
            handler,
            case,
            actions.StepInput(
                step="rights_waived",
                occurred_at=at(waived_on),
                summary="当事人书面放弃陈述、申辩和听证权利",
            ),
            signed_on=waived_on,
        )
        if self.stop == "decision":
            return
        decided_on = notice_on + datetime.timedelta(days=21)
        review_demo.pass_review(case, "penalty_decision", handler)
        actions.issue_decision(
            approver,
            case,
            actions.StepInput(
                step="penalty_decision", occurred_at=at(decided_on), summary="作出行政处罚决定"
            ),
            actions.DecisionInput(
                decided_on=decided_on,
                facts_and_evidence=f"{facts}，有现场检查笔录、询问笔录和现场照片为证",
                penalty=penalty,
                penalty_basis=basis,
                performance_manner="自收到本决定书之日起十五日内到指定银行或通过电子支付缴纳罚款",
                performance_deadline=decided_on + datetime.timedelta(days=20),
                remedy_channels="向上海市青浦区人民政府申请行政复议，或向上海市青浦区人民法院提起行政诉讼",
                remedy_deadlines="收到本决定书之日起六十日内申请行政复议，或六个月内提起行政诉讼",
            ),
        )
        served_on = decided_on + datetime.timedelta(days=1)
        actions.serve_document(
            handler,
            case,
            actions.StepInput(
                step="document_service", occurred_at=at(served_on), summary="直接送达行政处罚决定书"
            ),
            actions.ServiceInput(
                method="direct", served_on=served_on, party_id=party.pk, recipient=party.name
            ),
        )
        if self.stop == "service":
            return
        if self.stop == "execution":
            self._remind(case, served_on + datetime.timedelta(days=3))
            return
        paid_on = served_on + datetime.timedelta(days=self.generator.randrange(2, 12))
        self._pay(case, fine, paid_on)
        self._close(case, paid_on + datetime.timedelta(days=2), "处罚决定已执行完毕，同意结案")


# --- Loading -----------------------------------------------------------------------------------


def _case_exists(marker: str) -> bool:
    return Case.objects.filter(title__endswith=marker).exists()


def _load_agency_cases(cast: AgencyCast, today: datetime.date, counts: dict[str, int]) -> None:
    total = CASES_PER_AGENCY.get(cast.agency.short_name, DEFAULT_CASES_PER_AGENCY)
    for index in range(total):
        builder = CaseBuilder(cast, index, today)
        if _case_exists(builder.marker):
            continue
        party_index = builder.generator.randrange(0, 400)
        try:
            with transaction.atomic():
                party = actions.find_or_register_party(cast.handler, demo_party(party_index)).party
                case = builder.build(party)
        except NoTeam:
            # Small towns have few officers whose credentials go back far enough.
            counts["skipped"] += 1
            continue
        except ZhifaError as error:
            # A rule refused a step (for example a date in a year the calendar lacks).
            logger.warning("demo case %s skipped: %s", builder.marker, error.message)
            counts["skipped"] += 1
            continue
        counts["cases"] += 1
        if counts["documents"] < FINALISED_DOCUMENTS and builder.stop == "investigation":
            counts["documents"] += _finalise_approval(cast, case)


def _finalise_approval(cast: AgencyCast, case: Case) -> int:
    """Finalise the case's filing approval form when LibreOffice is installed; return 1 if done."""
    if rendering.soffice_command() is None:
        return 0
    data = {
        "source": "日常巡查发现",
        "summary": f"{case.title.split('（演示')[0]}，经初步核实，涉嫌违法",
        "handler_opinion": "建议立案调查",
        "department_opinion": "同意立案",
    }
    try:
        draft = document_actions.create_draft(cast.handler, case, "case_approval", data)
        document_actions.finalise(cast.handler, draft)
    except ZhifaError as error:
        logger.warning("demo document of case %s not finalised: %s", case.pk, error.message)
        return 0
    return 1


def _load_spot_check(cast: AgencyCast, today: datetime.date) -> int:
    """Create the market bureau's spot-check list and one draw with a fixed seed."""
    name = "食品经营者双随机抽查对象名录（演示）"
    if SpotCheckList.objects.filter(agency=cast.agency, name=name, year=today.year).exists():
        return 0
    try:
        with transaction.atomic():
            spot_check_list = create_spot_check_list(cast.approver, name, today.year)
            for index in range(12):
                party = demo_party(1000 + index * 2)
                add_spot_check_entity(
                    cast.approver, spot_check_list, party.name, party.uscc, party.address
                )
            draw(cast.approver, spot_check_list, cast.inspection_items[0], 4, seed=SEED)
    except ZhifaError as error:
        logger.warning("demo spot check not created: %s", error.message)
        return 0
    return 1


EXCHANGE_SOURCE = ("sh_unified", "上海市统一综合执法系统")
EXCHANGE_TOWNS = ("赵巷镇", "徐泾镇", "华新镇", "重固镇", "白鹤镇", "香花桥街道", "夏阳街道")


def exchange_records(today: datetime.date) -> list[dict[str, Any]]:
    """Return the invented batch that the city's unified system sends, one case per town."""
    records = []
    for index, short_name in enumerate(EXCHANGE_TOWNS):
        agency = Agency.objects.filter(short_name=short_name).first()
        item = PowerItem.objects.filter(agency=agency).order_by("code").first()
        if agency is None or item is None:
            continue
        generator = random.Random(f"{SEED}-exchange-{index}")
        opened_on = today - datetime.timedelta(days=generator.randrange(60, 200))
        decided_on = opened_on + datetime.timedelta(days=30)
        party = demo_party(2000 + index * 2)
        closed = index % 2 == 0
        record: dict[str, Any] = {
            "source_id": f"SHZF-{today.year}-{index + 1:05d}",
            "agency": short_name,
            "department": "综合行政执法队",
            "kind": "penalty_ordinary",
            "number": f"沪青{short_name[:2]}综执罚立〔{opened_on.year}〕{index + 1}号",
            "title": "擅自占用道路堆物、经营案",
            "opened_on": opened_on.isoformat(),
            "stage": "closing" if closed else "service",
            "status": "closed" if closed else "open",
            "parties": [{"type": "legal_person", "name": party.name, "uscc": party.uscc}],
            "power_items": [item.code],
            "decision": {
                "decided_on": decided_on.isoformat(),
                "penalty_types": ["fine"],
                "fine_amount": f"{generator.choice([500, 1000, 2000])}.00",
                "document_number": (
                    f"沪青{short_name[:2]}综执罚决〔{decided_on.year}〕{index + 1}号"
                ),
            },
        }
        if closed:
            record["closed_on"] = (decided_on + datetime.timedelta(days=25)).isoformat()
        records.append(record)
    return records


def _load_exchange(today: datetime.date) -> int:
    code, name = EXCHANGE_SOURCE
    source = ExchangeSource.objects.filter(code=code).first()
    if source is None:
        source = create_exchange_source(None, code, name)
    if source.batches.exists():
        return 0
    report = import_records(None, code, exchange_records(today))
    if not report.ok:
        logger.warning("demo exchange batch rejected: %s", [str(e) for e in report.errors])
        return 0
    return report.created


def load_cases(today: datetime.date) -> dict[str, int]:
    """Add the demo cases, spot check and exchanged batch that are missing; return the counts."""
    counts = {"cases": 0, "skipped": 0, "documents": 0, "spot_checks": 0, "exchanged": 0}
    casts = []
    for short_name in CASE_AGENCIES:
        agency = Agency.objects.filter(short_name=short_name).first()
        if agency is None:
            continue
        with transaction.atomic():
            cast = _cast(agency, today)
        if cast is None:
            continue
        casts.append(cast)
        _load_agency_cases(cast, today, counts)

    market = next((cast for cast in casts if cast.agency.short_name == "区市场监管局"), None)
    if market is not None:
        counts["spot_checks"] = _load_spot_check(market, today)
    counts["exchanged"] = _load_exchange(today)
    logger.info("demo cases loaded: %s", counts)
    return counts
