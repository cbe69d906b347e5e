"""Compliance panel: each item as a table of situations, then whole cases through the actions."""

import dataclasses
import datetime
from typing import Any

import pytest
from django.urls import reverse

from zhifa.cases import compliance
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.compliance import MET, MISSING, NOT_APPLICABLE, CaseFacts, DocumentFacts, StepFacts
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests import documents_support, pages_support
from zhifa.cases.tests.pages_support import DECISION_DOCUMENT_DATA, client_for, complete_case
from zhifa.cases.tests.steps_support import (
    WeekdayCalendar,
    World,
    advance_to_decision,
    open_ordinary,
)

world = pages_support.world
fake_pdf = documents_support.fake_pdf

CALENDAR_WITHOUT_HOLIDAYS = WeekdayCalendar()
DAY = datetime.date(2026, 10, 12)
PENALTY = {"types": ["fine"], "fine": "2000", "confiscation": "0"}
DECISION_DETAILS = {
    "decided_on": "2026-11-05",
    "facts_and_evidence": "现场检查笔录证明占道堆物",
    "penalty": PENALTY,
    "penalty_basis": "第四十九条",
    "performance_manner": "银行缴纳",
    "performance_deadline": "2026-11-25",
    "remedy_channels": "行政复议或行政诉讼",
    "remedy_deadlines": "六十日或六个月",
    "agency_name": "朱家角镇人民政府",
}


def step(
    sequence: int, code: str, stage: str, day: datetime.date = DAY, **fields: Any
) -> StepFacts:
    values: dict[str, Any] = {
        "pk": sequence,
        "sequence": sequence,
        "stage": stage,
        "step": code,
        "label": code,
        "occurred_on": day,
        "on_site": False,
        "officer_count": 2,
        "details": {},
    }
    values.update(fields)
    return StepFacts(**values)


def on_site(sequence: int, **fields: Any) -> StepFacts:
    told = {
        "credential_shown": True,
        "uniform_worn": True,
        "grounds_told": True,
        "basis_told": True,
        "rights_told": True,
    }
    return step(sequence, "inspection_record", "investigation", on_site=True, **{**told, **fields})


def complete_steps() -> list[StepFacts]:
    return [
        step(1, "case_opened", "initiation"),
        step(2, "filing_approval", "initiation"),
        on_site(3),
        step(4, "investigation_report", "review", datetime.date(2026, 10, 26)),
        step(
            5,
            "prior_notice",
            "decision",
            datetime.date(2026, 10, 28),
            details={"served_on": "2026-10-28", "penalty": PENALTY},
        ),
        step(
            6, "penalty_decision", "decision", datetime.date(2026, 11, 5), details=DECISION_DETAILS
        ),
        step(
            7,
            "document_service",
            "service",
            datetime.date(2026, 11, 6),
            details={"served_on": "2026-11-06", "method_label": "直接送达"},
        ),
        step(8, "fine_payment", "execution", datetime.date(2026, 11, 10)),
        step(9, "closing_approval", "closing", datetime.date(2026, 11, 12)),
    ]


def facts(**overrides: Any) -> CaseFacts:
    base = CaseFacts(
        kind=CaseKind.PENALTY_ORDINARY,
        opened_on=DAY,
        closed=True,
        agency_name="朱家角镇人民政府",
        party_names=["张三"],
        party_addresses=["上海市青浦区朱家角镇新风路1号"],
        steps=complete_steps(),
        documents=[DocumentFacts("penalty_decision", "final", dict(DECISION_DOCUMENT_DATA))],
        legal_review_state="not_required",
    )
    return dataclasses.replace(base, **overrides)


def without(code: str) -> list[StepFacts]:
    return [row for row in complete_steps() if row.step != code]


def statuses(case_facts: CaseFacts) -> dict[str, str]:
    return {
        item.label: item.status
        for item in compliance.evaluate(case_facts, CALENDAR_WITHOUT_HOLIDAYS)
    }


# --- Items as tables ---------------------------------------------------------------------------


def test_complete_facts_have_nothing_missing() -> None:
    items = compliance.evaluate(facts(), CALENDAR_WITHOUT_HOLIDAYS)
    assert compliance.missing_items(items) == []


@pytest.mark.parametrize(
    ("label", "case_facts", "expected"),
    [
        ("作出决定前事先告知", facts(steps=without("prior_notice")), MISSING),
        ("作出决定前事先告知", facts(kind=CaseKind.PENALTY_SUMMARY), NOT_APPLICABLE),
        (
            "现场执法不少于两名执法人员",
            facts(steps=[*without("inspection_record"), on_site(3, officer_count=1)]),
            MISSING,
        ),
        (
            "现场执法不少于两名执法人员",
            facts(
                steps=[
                    on_site(3, officer_count=1, details={"single_officer_exception": "规章允许"})
                ]
            ),
            MET,
        ),
        ("现场执法不少于两名执法人员", facts(steps=without("inspection_record")), NOT_APPLICABLE),
        ("现场执法告知义务", facts(steps=[on_site(3, rights_told=False)]), MISSING),
        (
            "现场执法告知义务",
            facts(
                steps=[on_site(3, uniform_worn=None, details={"uniform_exemption": "便衣执法依据"})]
            ),
            MET,
        ),
        ("法定期限内送达处罚决定书", facts(steps=without("document_service")), MISSING),
        (
            "法定期限内送达处罚决定书",
            facts(
                steps=[
                    *without("document_service"),
                    step(7, "document_service", "service", details={"served_on": "2026-11-17"}),
                ]
            ),
            MISSING,  # 7 working days after 5 November is 16 November
        ),
        ("结案前缴纳罚款或申请人民法院强制执行", facts(steps=without("fine_payment")), MISSING),
        (
            "结案前缴纳罚款或申请人民法院强制执行",
            facts(steps=[*without("fine_payment"), step(8, "court_enforcement", "execution")]),
            MET,
        ),
        ("处罚决定书定稿并载明第五十九条事项", facts(documents=[]), MISSING),
        (
            "处罚决定书定稿并载明第五十九条事项",
            facts(documents=[DocumentFacts("penalty_decision", "draft", DECISION_DOCUMENT_DATA)]),
            MISSING,
        ),
        ("处罚决定书定稿并载明第五十九条事项", facts(party_addresses=[""]), MISSING),
        ("法制审核", facts(legal_review_blocker="本案须经法制审核"), MISSING),
        ("法制审核", facts(kind=CaseKind.INSPECTION), NOT_APPLICABLE),
    ],
)
def test_item_outcomes(label: str, case_facts: CaseFacts, expected: str) -> None:
    assert statuses(case_facts)[label] == expected


def test_decision_deadline_and_extension() -> None:
    late = dict(DECISION_DETAILS, decided_on="2027-01-20")
    steps = [
        *without("penalty_decision"),
        step(6, "penalty_decision", "decision", datetime.date(2027, 1, 20), details=late),
    ]
    label = "九十日内作出处罚决定（或经批准延长）"
    assert statuses(facts(steps=steps))[label] == MISSING

    extension = step(
        10,
        "deadline_extension",
        "investigation",
        details={"days": 30, "approved_by": "负责人", "reason": "案情复杂"},
    )
    assert statuses(facts(steps=[*steps, extension]))[label] == MET


def test_follow_ups() -> None:
    preservation = step(3, "evidence_preservation", "investigation", datetime.date(2026, 10, 13))
    decided_late = step(
        4,
        "preservation_decision",
        "investigation",
        datetime.date(2026, 10, 23),
        details={"preservation_step_id": 3},
    )
    decided = dataclasses.replace(decided_late, occurred_on=datetime.date(2026, 10, 22))
    label = "先行登记保存证据七个工作日内作出处理决定"
    assert statuses(facts(steps=[preservation]))[label] == MISSING
    assert statuses(facts(steps=[preservation, decided_late]))[label] == MISSING
    assert statuses(facts(steps=[preservation, decided]))[label] == MET

    statement = step(6, "statement_and_defense", "decision")
    review = step(7, "statement_review", "decision")
    assert statuses(facts(steps=[statement]))["陈述申辩复核"] == MISSING
    assert statuses(facts(steps=[statement, review]))["陈述申辩复核"] == MET

    request = step(6, "hearing_request", "decision")
    notice = step(7, "hearing_notice", "decision")
    record = step(8, "hearing_record", "decision")
    label = "听证通知和听证笔录"
    assert statuses(facts(steps=[request]))[label] == MISSING
    assert statuses(facts(steps=[request, notice]))[label] == MISSING
    assert statuses(facts(steps=[request, notice, record]))[label] == MET


def test_stage_order() -> None:
    skipped = [
        step(1, "case_opened", "initiation"),
        step(2, "penalty_decision", "decision", details=DECISION_DETAILS),
    ]
    back_for_investigation = [
        step(1, "investigation_report", "review"),
        on_site(2),
        step(3, "investigation_report", "review"),
    ]
    assert statuses(facts(steps=skipped))["办案阶段顺序"] == MISSING
    assert statuses(facts(steps=back_for_investigation))["办案阶段顺序"] == MET


def test_corrected_step_is_replaced_by_correction() -> None:
    wrong = on_site(3, rights_told=False)
    fixed = on_site(4, corrects_id=3)
    assert statuses(facts(steps=[wrong, fixed]))["现场执法告知义务"] == MET


def test_deadlines_list_decision_and_hearing() -> None:
    notice = step(
        5,
        "prior_notice",
        "decision",
        details={"served_on": "2026-10-28", "hearing_right_told": True},
    )
    found = compliance.deadlines(facts(steps=[notice]), CALENDAR_WITHOUT_HOLIDAYS)
    by_label = {deadline.label: deadline.due_on for deadline in found}

    assert by_label["作出处罚决定期限（行政处罚法第六十条，立案之日起九十日）"] == datetime.date(
        2027, 1, 11
    )
    assert by_label["当事人要求听证的期限（第六十四条，告知后五个工作日）"] == datetime.date(
        2026, 11, 4
    )


# --- Whole cases through the actions -----------------------------------------------------------


@pytest.mark.usefixtures("fake_pdf")
def test_complete_case_panel_has_no_missing_items(world: World) -> None:
    case = complete_case(world, open_ordinary(world))
    items = compliance.evaluate(compliance.facts_for(case), CALENDAR)
    assert compliance.missing_items(items) == []

    response = client_for(world.officer_user).get(reverse("cases:case_detail", args=[case.pk]))
    body = response.content.decode()
    assert response.context["missing_count"] == 0
    assert "无缺失" in body
    assert "compliance-missing" not in body


def test_case_without_prior_notice_shows_it_missing(world: World) -> None:
    case: Case = open_ordinary(world)
    advance_to_decision(world, case)

    response = client_for(world.officer_user).get(reverse("cases:case_detail", args=[case.pk]))
    missing = {
        item.label: item.detail
        for item in response.context["compliance_items"]
        if item.status == MISSING
    }

    assert missing["作出决定前事先告知"] == "尚未记录“行政处罚事先告知”。"
    assert "作出决定前事先告知" in response.content.decode()
