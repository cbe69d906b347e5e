"""Penalty procedure rules of the 行政处罚法, as tables of passing and refused cases."""

import datetime
from decimal import Decimal

import pytest

from zhifa.cases.rules import penalty as rules
from zhifa.cases.tests.steps_support import WeekdayCalendar

CAL = WeekdayCalendar()
D = datetime.date


def p(*types: str, fine: str = "0", confiscation: str = "0") -> rules.ProposedPenalty:
    return rules.ProposedPenalty(frozenset(types), Decimal(fine), Decimal(confiscation))


@pytest.mark.parametrize(
    ("party_kind", "types", "fine", "allowed"),
    [
        ("natural_person", ["fine"], "200", True),
        ("natural_person", ["fine"], "200.01", False),
        ("individual_business", ["fine"], "201", False),
        ("legal_person", ["fine"], "3000", True),
        ("other_organization", ["fine"], "3001", False),
        ("natural_person", ["warning"], "0", True),
        ("legal_person", ["warning", "fine"], "1000", True),
        ("natural_person", ["illegal_gains_confiscated"], "0", False),
        ("natural_person", ["fine"], "0", False),
        ("natural_person", [], "0", False),
    ],
)
def test_summary_procedure_limits(
    party_kind: str, types: list[str], fine: str, allowed: bool
) -> None:
    outcome = rules.check_summary_procedure(
        party_kind=party_kind,
        penalty_types=types,
        fine=Decimal(fine),
        facts_certain=True,
        legal_basis="某条例第十条",
    )
    assert outcome.allowed is allowed, outcome.reason


def test_summary_procedure_needs_basis() -> None:
    outcome = rules.check_summary_procedure(
        party_kind="natural_person",
        penalty_types=["warning"],
        fine=Decimal(0),
        facts_certain=True,
        legal_basis="",
    )
    assert not outcome.allowed
    assert "法律依据" in outcome.reason


@pytest.mark.parametrize(
    ("fine", "reason", "allowed"),
    [("100", "", True), ("100.01", "", False), ("150", "当事人在外地无固定住所", True)],
)
def test_on_the_spot_collection(fine: str, reason: str, allowed: bool) -> None:
    outcome = rules.check_on_the_spot_collection(Decimal(fine), hard_to_collect_reason=reason)
    assert outcome.allowed is allowed


def notice(**overrides: object) -> rules.PriorNoticeContents:
    values: dict[str, object] = {
        "facts": "占道堆物",
        "grounds": "违反规定",
        "legal_basis": "某条例第二十条",
        "penalty": p("fine", fine="2000"),
        "statement_right_told": True,
        "recusal_right_told": True,
        "hearing_right_told": False,
    }
    values.update(overrides)
    return rules.PriorNoticeContents(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "eligible", "missing"),
    [
        ({}, False, ""),
        ({"facts": ""}, False, "违法事实"),
        ({"legal_basis": " "}, False, "处罚依据"),
        ({"statement_right_told": False}, False, "陈述、申辩权利"),
        ({"recusal_right_told": False}, False, "申请回避权利"),
        ({}, True, "要求听证权利"),
        ({"hearing_right_told": True}, True, ""),
    ],
)
def test_prior_notice_contents(overrides: dict[str, object], eligible: bool, missing: str) -> None:
    outcome = rules.check_prior_notice(notice(**overrides), hearing_eligible=eligible)
    assert outcome.allowed is (missing == "")
    assert missing in outcome.reason


@pytest.mark.parametrize(
    ("statements", "reviews", "allowed"), [(0, 0, True), (2, 2, True), (2, 1, False)]
)
def test_statements_reviewed(statements: int, reviews: int, allowed: bool) -> None:
    assert rules.check_statements_reviewed(statements, reviews).allowed is allowed


@pytest.mark.parametrize(
    ("decided", "notified", "allowed"),
    [
        (p("fine", fine="2000"), p("fine", fine="2000"), True),
        (p("fine", fine="1500"), p("fine", fine="2000"), True),
        (p("fine", fine="2500"), p("fine", fine="2000"), False),
        (p("fine", "business_suspension", fine="2000"), p("fine", fine="2000"), False),
        (p("warning"), p("fine", "warning", fine="2000"), True),
    ],
)
def test_not_heavier_than_notice(
    decided: rules.ProposedPenalty, notified: rules.ProposedPenalty, allowed: bool
) -> None:
    assert rules.check_not_heavier_than_notice(decided, notified).allowed is allowed


THRESHOLDS = rules.HearingThresholds(Decimal(5000), Decimal(50000), Decimal(5000), Decimal(50000))


@pytest.mark.parametrize(
    ("party_kind", "penalty", "eligible"),
    [
        ("natural_person", p("fine", fine="4999.99"), False),
        ("natural_person", p("fine", fine="5000"), True),
        ("legal_person", p("fine", fine="49999"), False),
        ("legal_person", p("fine", fine="50000"), True),
        ("natural_person", p("illegal_gains_confiscated", confiscation="5000"), True),
        ("legal_person", p("illegal_property_confiscated", confiscation="6000"), False),
        ("legal_person", p("license_revocation"), True),
        ("legal_person", p("qualification_downgrade"), True),
        ("legal_person", p("business_suspension"), True),
        ("legal_person", p("closure_order"), True),
        ("natural_person", p("practice_restriction"), True),
        ("natural_person", p("warning"), False),
    ],
)
def test_hearing_eligibility(
    party_kind: str, penalty: rules.ProposedPenalty, eligible: bool
) -> None:
    assert bool(rules.hearing_grounds(party_kind, penalty, THRESHOLDS)) is eligible


@pytest.mark.parametrize(
    ("eligible", "requested_on", "allowed"),
    [
        (True, D(2026, 11, 9), True),  # notice Monday 2 November; 5th working day is 9 November
        (True, D(2026, 11, 10), False),
        (True, D(2026, 11, 1), False),
        (False, D(2026, 11, 3), False),
    ],
)
def test_hearing_request_window(eligible: bool, requested_on: datetime.date, allowed: bool) -> None:
    outcome = rules.check_hearing_request(
        eligible=eligible, notice_served_on=D(2026, 11, 2), requested_on=requested_on, calendar=CAL
    )
    assert outcome.allowed is allowed, outcome.reason


@pytest.mark.parametrize(
    ("hearing_on", "presiding", "allowed"),
    [
        (D(2026, 11, 11), 9, True),  # notified Monday 2 November; 7th working day is 11 November
        (D(2026, 11, 10), 9, False),
        (D(2026, 11, 20), 1, False),
    ],
)
def test_hearing_schedule(hearing_on: datetime.date, presiding: int, allowed: bool) -> None:
    outcome = rules.check_hearing_schedule(
        notified_on=D(2026, 11, 2),
        hearing_on=hearing_on,
        presiding_officer_id=presiding,
        investigator_ids=[1, 2],
        calendar=CAL,
    )
    assert outcome.allowed is allowed, outcome.reason


@pytest.mark.parametrize(
    ("decided_on", "told", "requested", "held", "waived", "allowed"),
    [
        (D(2026, 11, 10), True, False, False, False, True),
        (D(2026, 11, 9), True, False, False, False, False),
        (D(2026, 11, 3), True, False, False, True, True),
        (D(2026, 11, 3), False, False, False, False, True),
        (D(2026, 11, 20), True, True, False, False, False),
        (D(2026, 11, 20), True, True, True, False, True),
        (D(2026, 11, 1), False, False, False, False, False),
    ],
)
def test_decision_after_notice(
    decided_on: datetime.date, told: bool, requested: bool, held: bool, waived: bool, allowed: bool
) -> None:
    outcome = rules.check_decision_after_notice(
        notice_served_on=D(2026, 11, 2),
        decided_on=decided_on,
        hearing_right_told=told,
        hearing_requested=requested,
        hearing_held=held,
        rights_waived=waived,
        calendar=CAL,
    )
    assert outcome.allowed is allowed, outcome.reason


@pytest.mark.parametrize(
    ("decided_on", "extensions", "allowed"),
    [
        (D(2026, 6, 1), [], True),  # opened 2 March; day 90 is 31 May (Sunday), so 1 June
        (D(2026, 6, 2), [], False),
        (D(2026, 6, 30), [rules.Extension(30, "王局长", "案情复杂")], True),
        (D(2026, 7, 1), [rules.Extension(30, "王局长", "案情复杂")], False),
    ],
)
def test_decision_deadline(
    decided_on: datetime.date, extensions: list[rules.Extension], allowed: bool
) -> None:
    outcome = rules.check_decision_deadline(D(2026, 3, 2), decided_on, extensions, CAL)
    assert outcome.allowed is allowed, outcome.reason


@pytest.mark.parametrize(
    ("extension", "allowed"),
    [
        (rules.Extension(30, "王局长", "案情复杂"), True),
        (rules.Extension(0, "王局长", "案情复杂"), False),
        (rules.Extension(30, "", "案情复杂"), False),
        (rules.Extension(30, "王局长", ""), False),
    ],
)
def test_extension_records_length_and_approver(extension: rules.Extension, allowed: bool) -> None:
    assert rules.check_extension(extension).allowed is allowed


TRIGGERS = {"complex": "情节复杂", "serious": "重大违法行为"}


@pytest.mark.parametrize(
    ("flags", "fine", "required"),
    [
        ([], "2000", False),
        (["complex"], "0", True),
        (["major_public_interest"], "0", False),
        ([], "50000", True),
        ([], "49999.99", False),
    ],
)
def test_collective_discussion_triggers(flags: list[str], fine: str, required: bool) -> None:
    reasons = rules.collective_discussion_reasons(
        flags=flags, fine=Decimal(fine), trigger_flags=TRIGGERS, fine_threshold=Decimal(50000)
    )
    assert bool(reasons) is required
    assert rules.check_collective_discussion(reasons, discussed=False).allowed is not required
    assert rules.check_collective_discussion(reasons, discussed=True).allowed


def contents(**overrides: object) -> rules.DecisionContents:
    values: dict[str, object] = {
        "party_names": ["张三"],
        "party_addresses": ["青浦区"],
        "facts_and_evidence": "占道堆物，有笔录为证",
        "penalty": p("fine", fine="2000"),
        "penalty_basis": "某条例第四十九条",
        "performance_manner": "银行缴纳",
        "performance_deadline": D(2026, 12, 1),
        "remedy_channels": "复议或诉讼",
        "remedy_deadlines": "六十日、六个月",
        "agency_name": "某镇人民政府",
        "decided_on": D(2026, 11, 5),
    }
    values.update(overrides)
    return rules.DecisionContents(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({}, []),
        ({"party_names": []}, ["当事人姓名或者名称"]),
        ({"party_addresses": [""]}, ["当事人地址"]),
        ({"facts_and_evidence": ""}, ["违法事实和证据"]),
        ({"penalty": p()}, ["行政处罚的种类"]),
        ({"penalty": p("fine")}, ["罚款金额"]),
        ({"penalty_basis": "", "performance_deadline": None}, ["处罚依据", "履行期限"]),
        ({"remedy_channels": ""}, ["申请行政复议、提起行政诉讼的途径"]),
        ({"agency_name": "", "decided_on": None}, ["作出决定的行政机关名称", "作出决定的日期"]),
    ],
)
def test_decision_contents(overrides: dict[str, object], missing: list[str]) -> None:
    assert rules.missing_decision_contents(contents(**overrides)) == missing


@pytest.mark.parametrize(
    ("age", "allowed", "warning"),
    [
        (None, True, ""),
        (13, False, "不满十四周岁"),
        (14, True, "应当从轻或者减轻"),
        (17, True, "应当从轻或者减轻"),
        (18, True, ""),
    ],
)
def test_minors(age: int | None, allowed: bool, warning: str) -> None:
    assert rules.check_minor(age).allowed is allowed
    assert warning in rules.minor_warning(age)
    assert bool(rules.minor_warning(age)) is bool(warning)


@pytest.mark.django_db
def test_deadline_before_uncovered_year() -> None:
    from zhifa.cases.actions._common import CALENDAR
    from zhifa.core.models import CalendarYear
    from zhifa.core.workdays import CalendarNotCovered

    CalendarYear.objects.filter(year=2027).delete()
    opened = datetime.date(2026, 11, 2)  # the 90th day falls in 2027

    in_time = rules.check_decision_deadline(opened, datetime.date(2026, 12, 5), [], CALENDAR)

    assert in_time.allowed
    with pytest.raises(CalendarNotCovered, match="2027"):
        rules.check_decision_deadline(opened, datetime.date(2027, 2, 1), [], CALENDAR)
