"""Officer, evidence, service and execution rules, as tables of passing and refused cases."""

import datetime
from decimal import Decimal

import pytest

from zhifa.cases.rules import evidence, execution, officers, service
from zhifa.cases.rules.common import add_months
from zhifa.cases.tests.steps_support import WeekdayCalendar

CAL = WeekdayCalendar()
D = datetime.date
DAY = D(2026, 11, 2)
CITY = {1: "城市管理"}


def officer(
    name: str, *, valid: bool = True, domains: frozenset[int] = frozenset({1})
) -> officers.OfficerFacts:
    return officers.OfficerFacts(name, "31000001" if valid else "", valid, domains)


EXCEPTION = officers.ExceptionFacts("sampling", 1, "抽样", "某法第十条")


@pytest.mark.parametrize(
    ("present", "domains", "exception", "allowed", "reason"),
    [
        ([officer("甲"), officer("乙")], CITY, None, True, ""),
        ([officer("甲")], CITY, None, False, "不少于2名"),
        ([officer("甲")], CITY, EXCEPTION, True, ""),
        ([], CITY, EXCEPTION, False, "只登记了0名"),
        ([officer("甲"), officer("乙", valid=False)], CITY, None, False, "执法人员乙"),
        (
            [officer("甲"), officer("乙", domains=frozenset({2}))],
            CITY,
            None,
            False,
            "不含本案执法领域“城市管理”",
        ),
        ([officer("甲"), officer("乙", domains=frozenset({2}))], {}, None, True, ""),
    ],
)
def test_on_site_officers(
    present: list[officers.OfficerFacts],
    domains: dict[int, str],
    exception: officers.ExceptionFacts | None,
    allowed: bool,
    reason: str,
) -> None:
    outcome = officers.check_on_site_officers(present, DAY, domains, exception)
    assert outcome.allowed is allowed
    assert reason in outcome.reason


@pytest.mark.parametrize(
    ("rows", "step", "domains", "found"),
    [
        ([EXCEPTION], "sampling", [1], True),
        ([EXCEPTION], "inquiry_record", [1], False),
        ([EXCEPTION], "sampling", [2], False),
        ([officers.ExceptionFacts("", None, "所有", "某法")], "inquiry_record", [], True),
    ],
)
def test_applicable_exception(
    rows: list[officers.ExceptionFacts], step: str, domains: list[int], found: bool
) -> None:
    assert (officers.applicable_exception(rows, step, domains) is not None) is found


@pytest.mark.parametrize(
    ("approved_by", "reason", "allowed"),
    [("王局长", "可能灭失", True), ("", "可能灭失", False), ("王局长", "", False)],
)
def test_preservation_needs_approval_and_ground(
    approved_by: str, reason: str, allowed: bool
) -> None:
    assert evidence.check_preservation(approved_by=approved_by, reason=reason).allowed is allowed


@pytest.mark.parametrize(
    ("decided_on", "allowed"),
    [(D(2026, 11, 11), True), (D(2026, 11, 12), False), (D(2026, 11, 1), False)],
)
def test_preservation_decision_period(decided_on: datetime.date, allowed: bool) -> None:
    # Preserved Monday 2 November; the 7th working day is Wednesday 11 November.
    assert evidence.check_preservation_decision(DAY, decided_on, CAL).allowed is allowed


def serve(**overrides: object) -> bool:
    values: dict[str, object] = {
        "method": "direct",
        "decided_on": DAY,
        "served_on": D(2026, 11, 11),
        "on_the_spot": False,
        "consent_signed": False,
        "witnesses_or_recording": "",
        "announcement_reason": "",
        "calendar": CAL,
    }
    values.update(overrides)
    return service.check_service(**values).allowed  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "allowed"),
    [
        ({}, True),
        ({"served_on": D(2026, 11, 12)}, False),
        ({"served_on": D(2026, 11, 30), "on_the_spot": True}, True),
        ({"method": "post", "on_the_spot": True}, False),
        ({"method": "electronic"}, False),
        ({"method": "electronic", "consent_signed": True}, True),
        ({"method": "leaving"}, False),
        ({"method": "leaving", "witnesses_or_recording": "村委会主任见证并录像"}, True),
        ({"method": "announcement"}, False),
        ({"method": "announcement", "announcement_reason": "下落不明"}, True),
        ({"method": "fax"}, False),
        ({"served_on": D(2026, 11, 1)}, False),
    ],
)
def test_service(overrides: dict[str, object], allowed: bool) -> None:
    assert serve(**overrides) is allowed


def test_announcement_deemed_served_after_thirty_days() -> None:
    assert service.deemed_served_on("announcement", D(2026, 11, 2)) == D(2026, 12, 2)
    assert service.deemed_served_on("post", D(2026, 11, 2)) == D(2026, 11, 2)


def test_payment_deadline_fifteen_days() -> None:
    assert execution.payment_deadline(D(2026, 11, 6), CAL) == D(2026, 11, 23)  # 21st is Saturday


@pytest.mark.parametrize(
    ("applied_on", "approver", "until", "instalments", "allowed"),
    [
        (DAY, "王局长", D(2026, 12, 31), [], True),
        (None, "王局长", D(2026, 12, 31), [], False),
        (DAY, "", D(2026, 12, 31), [], False),
        (DAY, "王局长", None, [], False),
        (DAY, "王局长", D(2026, 11, 20), [], False),
        (DAY, "王局长", None, [execution.Instalment(D(2026, 12, 1), Decimal(1000))] * 2, True),
        (DAY, "王局长", None, [execution.Instalment(D(2026, 12, 1), Decimal(1000))], False),
    ],
)
def test_deferral(
    applied_on: datetime.date | None,
    approver: str,
    until: datetime.date | None,
    instalments: list[execution.Instalment],
    allowed: bool,
) -> None:
    outcome = execution.check_deferral(
        fine=Decimal(2000),
        applied_on=applied_on,
        approver=approver,
        deferred_until=until,
        instalments=instalments,
        original_due=D(2026, 11, 23),
    )
    assert outcome.allowed is allowed, outcome.reason


@pytest.mark.parametrize(
    ("as_of", "pauses", "amount", "days"),
    [
        (D(2026, 11, 23), [], "0.00", 0),
        (D(2026, 11, 24), [], "60.00", 1),
        (D(2026, 12, 3), [], "600.00", 10),
        (D(2027, 3, 1), [], "2000", 98),
        (D(2026, 12, 3), [execution.Pause(D(2026, 11, 26), D(2026, 11, 30))], "300.00", 5),
        (D(2026, 12, 3), [execution.Pause(D(2026, 11, 26), None)], "120.00", 2),
    ],
)
def test_additional_fine(
    as_of: datetime.date, pauses: list[execution.Pause], amount: str, days: int
) -> None:
    result = execution.additional_fine(
        fine=Decimal(2000), due_on=D(2026, 11, 23), paid_or_as_of=as_of, pauses=pauses
    )
    assert result == (Decimal(amount), days)


def test_court_window_after_remedy_periods() -> None:
    assert execution.court_application_window(D(2026, 11, 6)) == (D(2027, 5, 7), D(2027, 8, 6))
    deferred = execution.court_application_window(D(2026, 11, 6), D(2027, 6, 30))
    assert deferred == (D(2027, 7, 1), D(2027, 9, 30))


@pytest.mark.parametrize(
    ("applied_on", "demand", "pending", "allowed", "reason"),
    [
        (D(2027, 6, 1), D(2027, 5, 10), False, True, ""),
        (D(2027, 5, 6), D(2027, 4, 1), False, False, "最早为2027年5月7日"),
        (D(2027, 8, 7), D(2027, 5, 10), False, False, "已超过期限"),
        (D(2027, 6, 1), None, False, False, "催告"),
        (D(2027, 5, 21), D(2027, 5, 10), False, False, "十个工作日"),
        (D(2027, 5, 24), D(2027, 5, 10), False, True, ""),
        (D(2027, 6, 1), D(2027, 5, 10), True, False, "尚未结束"),
    ],
)
def test_court_application(
    applied_on: datetime.date,
    demand: datetime.date | None,
    pending: bool,
    allowed: bool,
    reason: str,
) -> None:
    outcome = execution.check_court_application(
        served_on=D(2026, 11, 6),
        applied_on=applied_on,
        demand_served_on=demand,
        performance_end=None,
        remedy_pending=pending,
        calendar=CAL,
    )
    assert outcome.allowed is allowed, outcome.reason
    assert reason in outcome.reason


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 11, 6), 3, D(2027, 2, 6)),
        (D(2027, 12, 15), 1, D(2028, 1, 15)),
    ],
)
def test_add_months(start: datetime.date, months: int, expected: datetime.date) -> None:
    assert add_months(start, months) == expected
